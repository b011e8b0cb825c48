/**
 * The local Polytomic-compatible server, as the in-host suite sees it: its public API (called with
 * the demo key, to learn what the tree should show) and its control endpoints (to change what it
 * serves). The runner passes the address and key through the extension host's environment.
 */
import * as assert from 'node:assert/strict';

function required(name: string): string {
  const value = process.env[name];
  assert.ok(value, `${name} is not set: run this suite through scripts/runIntegration.ts or scripts/runDesktop.ts`);
  return value;
}

export const serverUrl = (): string => required('POLYTOMIC_TEST_SERVER_URL');
export const demoKey = (): string => required('POLYTOMIC_TEST_API_KEY');

async function call(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<unknown> {
  const response = await fetch(serverUrl() + path, {
    method,
    headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  assert.ok(response.ok, `${method} ${path} answered ${response.status}: ${text.slice(0, 300)}`);
  return text ? JSON.parse(text) : undefined;
}

/** Control endpoints (no auth): faults, levers. */
export const control = {
  setFaults: (faults: Record<string, unknown>) => call('PUT', '/__control/faults', faults),
  clearFaults: () => call('DELETE', '/__control/faults'),
  failSync: (id: string, body: { schemas?: string[]; message?: string } = {}) =>
    call('POST', `/__control/syncs/${encodeURIComponent(id)}/fail`, body),
  setSchemaStatus: (id: string, schema: string, status: string, message?: string) =>
    call('POST', `/__control/syncs/${encodeURIComponent(id)}/schemas/${encodeURIComponent(schema)}/status`, { status, message }),
  renameSync: (id: string, name: string) => call('POST', `/__control/syncs/${encodeURIComponent(id)}/rename`, { name }),
};

export interface ServerSchema {
  schema: string;
  status?: string;
  status_message?: string;
}
export interface ServerSyncStatus {
  sync_id: string;
  status?: string;
  schemas?: ServerSchema[];
}
export interface ServerSync {
  id: string;
  name?: string;
  active?: boolean;
}

/** What the public API serves right now, read the way any client would. */
export async function serverView(): Promise<{ syncs: ServerSync[]; statuses: ServerSyncStatus[] }> {
  const headers = { authorization: `Bearer ${demoKey()}`, 'x-polytomic-version': '2024-02-08' };
  const syncs = ((await call('GET', '/api/bulk/syncs', undefined, headers)) as { data: ServerSync[] }).data;
  const statuses = ((await call('GET', '/api/bulk/syncs/status?all=true', undefined, headers)) as { data: ServerSyncStatus[] | null }).data ?? [];
  return { syncs, statuses };
}

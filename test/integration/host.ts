/**
 * What every in-host test file needs from the extension host: the extension's test API and a
 * way to wait for the state it reaches asynchronously (refreshes, secrets events).
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ViewState } from '../../src/core/api/contract';
import type { PolytomicApi } from '../../src/vscode/testApi';

export const EXTENSION_ID = 'polytomic-community.polytomic-bulk-syncs';

let activated: PolytomicApi | undefined;

export async function activateExtension(): Promise<PolytomicApi> {
  const extension = vscode.extensions.getExtension<PolytomicApi>(EXTENSION_ID);
  assert.ok(extension, `${EXTENSION_ID} is not installed in this extension host`);
  activated = await extension.activate();
  return activated;
}

/** Polls `probe` until it returns something truthy; a timeout names what was awaited and the state then. */
export async function waitFor<T>(what: string, probe: () => T | undefined | false, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}; state: ${stateSummary(activated?.getState())}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

function stateSummary(state: ViewState | undefined): string {
  if (!state) return 'none';
  return JSON.stringify({ auth: state.auth, loading: state.loading, syncs: state.snapshot?.syncs.length, lastError: state.lastError });
}

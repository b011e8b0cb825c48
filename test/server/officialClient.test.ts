/**
 * The local server as a stranger sees it: every bulk-sync call the extension makes, through
 * Polytomic's official TypeScript client (the `polytomic` npm package, generated from Polytomic's
 * API definition), on both API versions the extension supports. Each answer may hold only the
 * fields and enum values the SDK's types define, and each Start Run choice must run what it says.
 */
import assert from 'node:assert/strict';
import { Polytomic, PolytomicClient, PolytomicError } from 'polytomic';
import { fetcher } from 'polytomic/core';
import type { ApiVersion } from '../../src/core/api/contract';
import { runModes, startRequestBody, type StartRunChoice } from '../../src/core/actions/runModes';
import { DEMO_API_KEY, type RunningApiServer } from '../../server/index';
import { basicHeader, startManual } from './helpers';

/** The keys of an SDK type; the compiler checks the list is complete and has nothing else. */
const keysOf = <T>() => (keys: Record<keyof Required<T>, true>): Set<string> => new Set(Object.keys(keys));

const SYNC_KEYS = keysOf<Polytomic.BulkSyncResponse>()({
  active: true, automatically_add_new_fields: true, automatically_add_new_objects: true, concurrency_limit: true, created_at: true,
  created_by: true, data_cutoff_timestamp: true, destination_configuration: true, destination_connection_id: true,
  disable_record_timestamps: true, discover: true, id: true, mode: true, name: true, normalize_names: true, organization_id: true,
  policies: true, resync_concurrency_limit: true, schedule: true, source_configuration: true, source_connection_id: true,
  updated_at: true, updated_by: true,
});
const STATUS_KEYS = keysOf<Polytomic.BulkSyncExecutionStatus>()({ nextExecutionTime: true, schemas: true, status: true, sync_id: true });
const SCHEMA_STATUS_KEYS = keysOf<Polytomic.BulkSyncSchemaExecutionStatus>()({
  completed_at: true, error_count: true, execution_id: true, record_count: true, schema: true, started_at: true, status: true,
  status_message: true, warning_count: true,
});
const EXECUTION_KEYS = keysOf<Polytomic.BulkSyncExecution>()({
  completed_at: true, created_at: true, error_count: true, fetch_mode: true, id: true, is_partial: true, is_resync: true, is_test: true,
  output_disposition: true, record_count: true, schemas: true, started_at: true, status: true, status_message: true, type: true,
  updated_at: true, warning_count: true,
});
const EXECUTION_SCHEMA_KEYS = keysOf<Polytomic.BulkSyncSchemaExecution>()({
  completed_at: true, created_at: true, error_count: true, output_name: true, record_count: true, schema: true, started_at: true,
  status: true, status_message: true, updated_at: true, warning_count: true,
});
const IDENTITY_KEYS = keysOf<Polytomic.GetIdentityResponseSchema>()({
  email: true, id: true, is_organization: true, is_partner: true, is_system: true, is_user: true, organization_id: true,
  organization_name: true, role: true,
});
const LOGS_KEYS = keysOf<Polytomic.V4BulkSyncExecutionLogs>()({ Expires: true, URLs: true });

function onlyKeys(what: string, value: unknown, allowed: Set<string>): void {
  assert.ok(value !== null && typeof value === 'object', `${what} is an object`);
  const extra = Object.keys(value).filter((k) => !allowed.has(k));
  assert.deepEqual(extra, [], `${what}: fields the API definition does not have`);
}

function oneOf(what: string, value: unknown, allowed: Record<string, string>): void {
  assert.ok(Object.values(allowed).includes(value as string), `${what}: ${JSON.stringify(value)} is not one of ${Object.values(allowed).join(', ')}`);
}

function checkExecution(what: string, exec: Polytomic.BulkSyncExecution | undefined): Polytomic.BulkSyncExecution {
  assert.ok(exec, `${what}: an execution`);
  onlyKeys(what, exec, EXECUTION_KEYS);
  oneOf(`${what} status`, exec.status, Polytomic.BulkExecutionStatus);
  oneOf(`${what} fetch_mode`, exec.fetch_mode, Polytomic.BulkFetchMode);
  for (const s of exec.schemas ?? []) {
    onlyKeys(`${what} schema`, s, EXECUTION_SCHEMA_KEYS);
    oneOf(`${what} schema status`, s.status, Polytomic.BulkSchemaExecutionStatus);
  }
  return exec;
}

/** What Start Run's choice must make the server run. */
function expectedRun(choice: StartRunChoice): { is_resync: boolean; is_test: boolean; fetch_mode: string } {
  const fetch_mode = choice.mode === 'fetchFull' ? 'full' : choice.mode === 'fetchIncremental' ? 'incremental' : 'none';
  return { is_resync: ['refetch', 'resync', 'rebuild'].includes(choice.mode), is_test: choice.test === true, fetch_mode };
}

for (const version of ['2024-02-08', '2025-09-18'] as ApiVersion[]) {
  describe(`official polytomic client against the local server, API ${version}`, function () {
    this.timeout(30_000);
    let server: RunningApiServer;
    let sdk: PolytomicClient;
    const noRetry = { maxRetries: 0 };

    before(async () => {
      server = await startManual({ syncs: 60, schemas: 4, seed: 5 });
      sdk = new PolytomicClient({ environment: server.url, token: DEMO_API_KEY, version });
    });
    after(() => server.stop());

    /** An idle sync: cancel whatever runs and let the cancel finish. */
    async function idle(syncId: string): Promise<void> {
      await sdk.bulkSync.cancel(syncId, noRetry).catch(() => undefined);
      server.advance(15_000);
    }

    it('GET /api/me: who the caller is, in the fields the SDK defines, for an API key and a deployment key', async () => {
      const me = (await sdk.identity.get(noRetry)).data;
      onlyKeys('identity (API key)', me, IDENTITY_KEYS);
      assert.ok(me?.organization_id);
      const basic = await fetcher<Polytomic.GetIdentityResponseEnvelope>({
        url: `${server.url}/api/me`, method: 'GET', headers: { Authorization: basicHeader(), 'X-Polytomic-Version': version }, maxRetries: 0,
      });
      assert.ok(basic.ok, 'the deployment key is accepted');
      onlyKeys('identity (deployment key)', basic.body.data, IDENTITY_KEYS);
      assert.equal(basic.body.data?.is_organization, true);
    });

    it('GET /api/bulk/syncs: every sync named, following next_page_token where the server pages', async () => {
      const first = await sdk.bulkSync.list({}, noRetry);
      const all = [...(first.data ?? [])];
      // SDK 1.18.1's list() has no page_token parameter, so later pages go through its own fetcher.
      let token = (first as { pagination?: Polytomic.PaginationDetails }).pagination?.next_page_token;
      let pages = 1;
      while (token) {
        pages++;
        const page = await fetcher<Polytomic.BulkSyncListEnvelope & { pagination?: Polytomic.PaginationDetails }>({
          url: `${server.url}/api/bulk/syncs`, method: 'GET', queryParameters: { page_token: token },
          headers: { Authorization: `Bearer ${DEMO_API_KEY}`, 'X-Polytomic-Version': version }, maxRetries: 0,
        });
        assert.ok(page.ok);
        all.push(...(page.body.data ?? []));
        token = page.body.pagination?.next_page_token;
      }
      assert.deepEqual(all.map((s) => s.id), server.syncIds());
      assert.equal(pages, version === '2025-09-18' ? 2 : 1, '60 syncs: two pages of up to 50 on 2025-09-18, one array on 2024-02-08');
      // 2025-09-18 replaces `schedule` with `default_schedule` and `additional_schedules`.
      const allowed = version === '2025-09-18' ? new Set([...SYNC_KEYS, 'default_schedule', 'additional_schedules']) : SYNC_KEYS;
      for (const sync of all) {
        onlyKeys(`sync ${sync.id}`, sync, allowed);
        assert.ok(sync.name, 'named');
        assert.equal(typeof sync.active, 'boolean');
        oneOf('mode', sync.mode, Polytomic.BulkSyncMode);
        oneOf('automatically_add_new_objects', sync.automatically_add_new_objects, Polytomic.BulkDiscover);
        const schedule = version === '2025-09-18' ? (sync as { default_schedule?: Polytomic.BulkSchedule }).default_schedule : sync.schedule;
        oneOf('schedule frequency', schedule?.frequency, Polytomic.ScheduleFrequency);
      }
    });

    it('GET /api/bulk/syncs/status: all, active, and chosen syncs, in the SDK’s fields and statuses', async () => {
      const ids = server.syncIds();
      const all = (await sdk.bulkSync.executions.listStatus({ all: true }, noRetry)).data ?? [];
      assert.equal(all.length, ids.length);
      for (const entry of all) {
        onlyKeys('status entry', entry, STATUS_KEYS);
        oneOf('sync status', entry.status, Polytomic.BulkExecutionStatus);
        for (const s of entry.schemas ?? []) {
          onlyKeys('schema status', s, SCHEMA_STATUS_KEYS);
          oneOf('schema status', s.status, Polytomic.BulkSchemaExecutionStatus);
        }
      }
      const chosen = (await sdk.bulkSync.executions.listStatus({ sync_id: [ids[3], ids[1]] }, noRetry)).data ?? [];
      assert.deepEqual(chosen.map((e) => e.sync_id), [ids[3], ids[1]]);
      const active = (await sdk.bulkSync.executions.listStatus({ active: true }, noRetry)).data ?? [];
      assert.ok(active.length > 0 && active.length < ids.length, 'the organization has an inactive sync');
    });

    it('POST /api/bulk/syncs/{id}/executions: each Start Run choice runs what it says', async () => {
      const syncId = server.syncIds()[5];
      for (const info of runModes(version)) {
        const choices: StartRunChoice[] = [{ mode: info.mode }];
        if (!info.resync) choices.push({ mode: info.mode, test: true });
        for (const choice of choices) {
          await idle(syncId);
          const request: Polytomic.StartBulkSyncRequest = startRequestBody(choice, version);
          const exec = checkExecution(`start ${JSON.stringify(request)}`, (await sdk.bulkSync.start(syncId, request, noRetry)).data);
          const { is_resync, is_test, fetch_mode } = exec;
          assert.deepEqual({ is_resync, is_test, fetch_mode }, expectedRun(choice), `${version} ${info.label}${choice.test ? ' (test)' : ''}: ${JSON.stringify(request)}`);
        }
      }
      await assert.rejects(sdk.bulkSync.start(syncId, {}, noRetry), (e: unknown) => e instanceof Polytomic.ConflictError, 'a second run while one goes is a 409');
      const canceled = await sdk.bulkSync.cancel(syncId, noRetry);
      assert.ok(canceled.data?.message);
    });

    it('cancel one execution, activate and deactivate, history pages, one execution, its logs', async () => {
      const syncId = server.syncIds()[6];
      await idle(syncId);
      const started = checkExecution('start', (await sdk.bulkSync.start(syncId, {}, noRetry)).data);
      const cancel = await sdk.bulkSync.executions.cancel(syncId, started.id!, noRetry);
      assert.ok(cancel.data?.message);
      server.advance(15_000);

      const off = await sdk.bulkSync.activate(syncId, { active: false }, noRetry);
      assert.deepEqual(off.data, { id: syncId, active: false });
      const on = await sdk.bulkSync.activate(syncId, { active: true }, noRetry);
      assert.equal(on.data?.active, true);

      const seen: string[] = [];
      let pageToken: string | undefined;
      for (let i = 0; i < 3; i++) {
        const page = await sdk.bulkSync.executions.list(syncId, { limit: 2, ...(pageToken ? { page_token: pageToken } : {}) }, noRetry);
        for (const e of page.data ?? []) seen.push(checkExecution('history', e).id!);
        pageToken = page.pagination?.next_page_token;
        if (!pageToken) break;
      }
      assert.equal(seen[0], started.id, 'newest first');
      assert.equal(new Set(seen).size, seen.length, 'pages do not repeat');

      const one = checkExecution('get', (await sdk.bulkSync.executions.get(syncId, started.id!, noRetry)).data);
      assert.equal(one.status, 'canceled');
      const logs = (await sdk.bulkSync.executions.getLogs(syncId, started.id!, noRetry)).data;
      onlyKeys('logs', logs, LOGS_KEYS);
      assert.ok((logs?.URLs ?? []).length > 0 && logs?.Expires);
    });

    it('errors come as the SDK’s typed errors', async () => {
      await assert.rejects(sdk.bulkSync.executions.get('no-such-sync', 'x', noRetry), (e: unknown) => e instanceof PolytomicError && e.statusCode === 404);
      const revoked = new PolytomicClient({ environment: server.url, token: 'pt_not_a_key', version });
      await assert.rejects(revoked.bulkSync.executions.listStatus({ all: true }, noRetry), (e: unknown) => e instanceof Polytomic.UnauthorizedError);
    });
  });
}

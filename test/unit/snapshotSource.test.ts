import assert from 'node:assert/strict';
import type { BulkSyncSummary, Scope, SyncStatus } from '../../src/core/api/contract';
import { PolytomicClient } from '../../src/core/api/client';
import { Refresher } from '../../src/core/state/refresher';
import { SnapshotSource, createSnapshotSource, type StatusApi } from '../../src/core/state/snapshotSource';
import { DEMO_API_KEY, startApiServer, type RunningApiServer } from '../../server';
import { FakeClock, waitFor } from '../support/fakeClock';
import { MemoryLogger, secret } from './helpers/logger';
import { startRawServer } from './helpers/rawServer';

/** The real client, counting calls, optionally hiding some syncs from the list (as if created later). */
class CountingApi implements StatusApi {
  statusCalls = 0;
  listCalls = 0;
  hidden = new Set<string>();
  constructor(private readonly client: PolytomicClient) {}
  getStatuses(scope: Scope): Promise<SyncStatus[]> {
    this.statusCalls++;
    return this.client.getStatuses(scope);
  }
  async listSyncs(): Promise<BulkSyncSummary[]> {
    this.listCalls++;
    return (await this.client.listSyncs()).filter((s) => !this.hidden.has(s.id));
  }
}

describe('SnapshotSource and Refresher against the local API server', function () {
  this.timeout(20_000);
  let server: RunningApiServer;
  let logger: MemoryLogger;
  const makeClient = () => new PolytomicClient({ baseUrl: server.url, apiVersion: '2025-09-18', credentials: { kind: 'apiKey', apiKey: secret(DEMO_API_KEY) }, logger });

  beforeEach(async () => {
    logger = new MemoryLogger();
    server = await startApiServer({ port: 0, clock: 'manual', seed: 11, syncs: 6, schemas: 4 });
  });
  afterEach(async () => {
    await server.stop();
  });

  it('names come from the sync list, fetched once, again only on manual refresh or an unknown id', async () => {
    const api = new CountingApi(makeClient());
    const source = new SnapshotSource({ client: api, scope: { kind: 'all' }, logger });
    const first = await source.fetch(false);
    assert.equal(api.listCalls, 1);
    const names = new Map((await makeClient().listSyncs()).map((s) => [s.id, s.name]));
    for (const sync of first.syncs) assert.equal(sync.name, names.get(sync.id));

    const [id] = server.syncIds();
    server.renameSync(id, 'Renamed sync');
    await source.fetch(false);
    assert.equal(api.listCalls, 1, 'a timer refresh does not reload names');
    const manual = await source.fetch(true);
    assert.equal(api.listCalls, 2, 'a manual refresh does');
    assert.equal(manual.syncs.find((s) => s.id === id)?.name, 'Renamed sync');
    assert.equal(api.statusCalls, 3);
  });

  it('an id missing from the list shows as its id, triggers one reload, and not one per poll', async () => {
    const api = new CountingApi(makeClient());
    const source = new SnapshotSource({ client: api, scope: { kind: 'all' }, logger });
    const hiddenId = server.syncIds()[2];
    api.hidden.add(hiddenId);
    const first = await source.fetch(false);
    assert.equal(first.syncs.find((s) => s.id === hiddenId)?.name, hiddenId);
    await source.fetch(false);
    await source.fetch(false);
    assert.equal(api.listCalls, 1, 'a known-unlisted id does not reload every poll');
  });

  it('a listed sync the status response leaves out shows with no runs yet, in every scope that includes it', async () => {
    const listed = await makeClient().listSyncs();
    const active = listed.find((s) => s.active === true)!;
    const inactive = listed.find((s) => s.active === false);
    assert.ok(active && inactive, 'the server has an active and an inactive sync');
    const other = listed.find((s) => s.id !== active.id && s.id !== inactive.id)!;
    const rowIn = async (scope: Scope, id: string) => (await new SnapshotSource({ client: makeClient(), scope, logger }).fetch(false)).syncs.find((s) => s.id === id);

    server.setFaults({ omitFromStatus: { rate: 1, syncId: active.id } });
    for (const scope of [{ kind: 'all' }, { kind: 'active' }, { kind: 'selected', syncIds: [active.id, other.id] }] as Scope[]) {
      const row = await rowIn(scope, active.id);
      assert.ok(row, `shown in scope ${scope.kind}`);
      assert.equal(row.name, active.name);
      assert.equal(row.info.label, 'No runs yet');
      assert.equal(row.schemas.length, 0);
    }
    assert.equal(await rowIn({ kind: 'selected', syncIds: [other.id] }, active.id), undefined, 'not in a selection without it');

    server.setFaults({ omitFromStatus: { rate: 1, syncId: inactive.id } });
    assert.ok(await rowIn({ kind: 'all' }, inactive.id));
    assert.equal(await rowIn({ kind: 'active' }, inactive.id), undefined, 'an inactive sync is not in the active scope');
  });

  it('keeps showing ids when the list call fails, and tries again next time', async () => {
    const api = new CountingApi(makeClient());
    let failNextList = true;
    const flaky: StatusApi = {
      getStatuses: (scope) => api.getStatuses(scope),
      listSyncs: () => {
        // the list request itself hits a real 500 from the server
        if (failNextList) server.setFaults({ serverError: { count: 1 } });
        failNextList = false;
        return api.listSyncs();
      },
    };
    const source = new SnapshotSource({ client: flaky, scope: { kind: 'all' }, logger });
    const snap = await source.fetch(false);
    assert.ok(snap.syncs.length > 0 && snap.syncs.every((s) => s.name === s.id));
    assert.ok(logger.lines.some((l) => /Could not load sync names .*server error \(500\)/.test(l)));
    const again = await source.fetch(false);
    assert.ok(again.syncs.every((s) => s.name !== s.id), 'names arrive on the next poll');
    assert.equal(api.listCalls, 2);
  });

  it('end to end: poll, failure alert, outage keeps stale data, 401 stops polling', async () => {
    const clock = new FakeClock();
    const source = createSnapshotSource({ baseUrl: server.url, apiVersion: '2024-02-08', credentials: { kind: 'apiKey', apiKey: DEMO_API_KEY }, scope: { kind: 'all' }, logger });
    const refresher = new Refresher({ clock, logger, intervalMs: 30_000, source, random: () => 0.5 });
    const failures: Array<{ syncId: string; schema?: string; status: string }> = [];
    refresher.onDidChange((_state, diff) => failures.push(...(diff?.newFailures ?? [])));
    refresher.start();
    await waitFor(() => refresher.state.snapshot !== undefined);
    assert.equal(failures.length, 0, 'no alerts for what was already there');

    const victim = server.syncIds().find((id) => refresher.state.snapshot?.syncs.find((s) => s.id === id)?.info.category !== 'failure');
    assert.ok(victim);
    server.failSync(victim, { message: 'Warehouse credentials expired' });
    await clock.advance(30_000);
    await waitFor(() => failures.some((f) => f.syncId === victim));
    const failedSync = refresher.state.snapshot?.syncs.find((s) => s.id === victim);
    assert.equal(failedSync?.info.status, 'failed');
    assert.ok(failedSync?.schemas.some((s) => s.statusMessage === 'Warehouse credentials expired'));

    const good = refresher.state.snapshot;
    server.setFaults({ serverError: { rate: 1 } });
    await clock.advance(30_000);
    await waitFor(() => refresher.state.lastError !== undefined);
    assert.equal(refresher.state.snapshot, good, 'stale data kept');
    assert.equal(refresher.state.lastError?.kind, 'server');
    assert.equal(refresher.state.nextRefreshInMs, 30_000);
    await clock.advance(30_000);
    await waitFor(() => refresher.consecutiveFailures === 2);
    assert.equal(refresher.state.nextRefreshInMs, 60_000, 'backing off');
    assert.equal(refresher.state.snapshot, good);

    server.setFaults({ unauthorized: true });
    await clock.advance(60_000);
    await waitFor(() => refresher.state.auth === 'unauthorized');
    assert.deepEqual(clock.pending(), [], 'polling stopped');
    refresher.dispose();
  });
});

describe('SnapshotSource: rows of the whole-scope poll reused by their status object', () => {
  it('a sync a followed poll changed reads as the next whole-scope body says, even when that body\'s entry is byte for byte the one before', async () => {
    const running = { sync_id: 'a', status: 'running', schemas: [{ schema: 'orders', status: 'running' }] };
    const done = { sync_id: 'a', status: 'completed', schemas: [{ schema: 'orders', status: 'completed', record_count: 12 }] };
    const quiet = { sync_id: 'b', status: 'completed', schemas: [{ schema: 'users', status: 'completed' }] };
    const server = await startRawServer((req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      const url = req.url ?? '';
      if (url.startsWith('/api/bulk/syncs/status?all=true')) res.end(JSON.stringify({ data: [running, quiet] }));
      else if (url.startsWith('/api/bulk/syncs/status?sync_id=a')) res.end(JSON.stringify({ data: [done] }));
      else if (url.startsWith('/api/bulk/syncs?') || url === '/api/bulk/syncs') res.end(JSON.stringify({ data: [{ id: 'a', name: 'A' }, { id: 'b', name: 'B' }] }));
      else res.end('{}');
    });
    try {
      const client = new PolytomicClient({ baseUrl: server.url, apiVersion: '2024-02-08', credentials: { kind: 'apiKey', apiKey: secret(DEMO_API_KEY) } });
      const source = new SnapshotSource({ client, scope: { kind: 'all' } });
      const whole = await source.fetch(false);
      assert.deepEqual(whole.syncs.map((s) => s.status), ['running', 'completed']);
      const followed = await source.fetch(false, { reason: 'timer' });
      assert.equal(server.requests.at(-1)?.url, '/api/bulk/syncs/status?sync_id=a', 'a followed poll');
      assert.deepEqual(followed.syncs.map((s) => s.status), ['completed', 'completed']);
      // the whole scope again: entry a is the same bytes as the first time (its status the same
      // object), but the row the snapshot has for it is the followed poll's
      const again = await source.fetch(false, { reason: 'focus' });
      assert.equal(server.requests.at(-1)?.url, '/api/bulk/syncs/status?all=true');
      assert.deepEqual(again.syncs.map((s) => [s.status, s.schemas[0].status]), [['running', 'running'], ['completed', 'completed']]);
      assert.equal(again.syncs[1], whole.syncs[1], 'the sync nothing changed is the same row');
    } finally {
      await server.stop();
    }
  });
});

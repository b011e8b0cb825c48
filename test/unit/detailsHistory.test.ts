/**
 * The sync details view's history over HTTP against the local server: loaded once per sync when
 * the view asks, shown as loading until then, a failure said and tried again, and extended from
 * the status poll without a request.
 */
import assert from 'node:assert/strict';
import { PolytomicClient } from '../../src/core/api/client';
import type { BulkSyncSummary } from '../../src/core/api/contract';
import { DetailsHistory } from '../../src/core/insights/detailsHistory';
import { recentRuns } from '../../src/core/insights/detailsModel';
import { buildSnapshot } from '../../src/core/state/snapshot';
import { DEMO_API_KEY, startApiServer, type RunningApiServer } from '../../server';
import { MemoryLogger, secret } from './helpers/logger';

const START = Date.parse('2025-03-10T09:00:00Z');
const HEADERS = { Authorization: `Bearer ${DEMO_API_KEY}`, 'X-Polytomic-Version': '2024-02-08' };

describe('sync details view: its history from the local server', function () {
  this.timeout(30_000);
  let server: RunningApiServer;
  let client: PolytomicClient;
  let syncIds: string[];
  let requests: number;
  let changes: number;
  let signedIn: boolean;

  const loader = () =>
    new DetailsHistory({
      logger: new MemoryLogger(),
      now: () => server.now(),
      onChange: () => changes++,
      fetcher: (syncId) =>
        signedIn
          ? (pageToken, limit) => {
              requests++;
              return client.listExecutions(syncId, { pageToken, limit });
            }
          : undefined,
    });

  /** Finished, non-test executions the server lists for the sync (what the chart should draw). */
  async function finishedOnServer(syncId: string): Promise<string[]> {
    const res = await fetch(`${server.url}/api/bulk/syncs/${syncId}/executions?limit=100`, { headers: HEADERS });
    const data = ((await res.json()) as { data: Array<{ id: string; completed_at?: string | null; is_test?: boolean }> }).data;
    return data.filter((e) => e.completed_at && !e.is_test).map((e) => e.id);
  }

  async function snapshotNow() {
    const statuses = await client.getStatuses({ kind: 'all' });
    const names: BulkSyncSummary[] = await client.listSyncs();
    return buildSnapshot(statuses, new Map(names.map((n) => [n.id, n])), server.now());
  }

  before(async () => {
    server = await startApiServer({ port: 0, clock: 'manual', startTime: START, seed: 11, syncs: 5, schemas: 3 });
    client = new PolytomicClient({ baseUrl: server.url, apiVersion: '2024-02-08', credentials: { kind: 'apiKey', apiKey: secret(DEMO_API_KEY) }, logger: new MemoryLogger() });
    syncIds = (await client.listSyncs()).map((s) => s.id);
  });
  after(() => server.stop());
  beforeEach(() => {
    requests = 0;
    changes = 0;
    signedIn = true;
    server.clearFaults();
  });

  it('is "loading" until asked, then holds every finished run the server lists, loaded with one request', async () => {
    const details = loader();
    const syncId = syncIds[0];
    assert.deepEqual(details.load(syncId), { state: 'loading' });
    // Two panels asking at once share one load.
    await Promise.all([details.ensureBackfilled(syncId), details.ensureBackfilled(syncId)]);
    assert.deepEqual(details.load(syncId), { state: 'ready' });
    assert.equal(requests, 1);
    const expected = await finishedOnServer(syncId);
    assert.ok(expected.length >= 3, `the server has history (${expected.length} runs)`);
    assert.deepEqual(recentRuns(details.history, syncId, 30).map((r) => r.executionId).sort(), [...expected].sort().slice(-30));
    assert.ok(changes >= 2, 'the view was told: loading, then loaded');
    await details.ensureBackfilled(syncId);
    assert.equal(requests, 1, 'loaded once: asking again sends nothing');
  });

  it('says why a load failed, and loads when asked again', async () => {
    const details = loader();
    const syncId = syncIds[1];
    server.setFaults({ serverError: { count: 1 } });
    await details.ensureBackfilled(syncId);
    const failed = details.load(syncId);
    assert.equal(failed.state, 'failed');
    assert.match(failed.state === 'failed' ? failed.message : '', /executions: server error \(500\)/);
    await details.ensureBackfilled(syncId);
    assert.deepEqual(details.load(syncId), { state: 'ready' });
    assert.ok(recentRuns(details.history, syncId, 30).length > 0);
  });

  it('signed out: fails with "not signed in" and sends nothing', async () => {
    signedIn = false;
    const details = loader();
    await details.ensureBackfilled(syncIds[2]);
    assert.deepEqual(details.load(syncIds[2]), { state: 'failed', message: 'not signed in' });
    assert.equal(requests, 0);
  });

  it('adds a run that finishes later from the status poll, without a request, for loaded syncs only', async () => {
    const details = loader();
    const loaded = syncIds[3];
    await details.ensureBackfilled(loaded);
    const before = recentRuns(details.history, loaded, 30).length;
    requests = 0;
    const res = await fetch(`${server.url}/api/bulk/syncs/${loaded}/executions`, { method: 'POST', headers: { ...HEADERS, 'content-type': 'application/json' }, body: '{}' });
    assert.equal(res.status, 200, 'started a run');
    for (let i = 0; i < 24; i++) server.advance(10 * 60_000);
    const added = details.mergeSnapshot(await snapshotNow());
    assert.ok(added > 0, 'the finished run was merged');
    assert.equal(recentRuns(details.history, loaded, 30).length, before + 1, 'one more run in the chart');
    assert.deepEqual(details.history.syncIds(), [loaded], 'syncs nobody looked at are not kept');
    assert.equal(requests, 0, 'no executions request');
  });
});

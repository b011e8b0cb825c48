import assert from 'node:assert/strict';
import { PolytomicClient } from '../../src/core/api/client';
import type { ApiError } from '../../src/core/api/errors';
import { backfill, type ExecutionPageFetcher } from '../../src/core/insights/backfill';
import { RunHistory } from '../../src/core/insights/history';
import { scheduleInterval } from '../../src/core/insights/staleness';
import { DEMO_API_KEY, startApiServer, type RunningApiServer } from '../../server';
import { MemoryLogger, secret } from './helpers/logger';
import { MINUTE } from './helpers/insights';

const START = Date.parse('2025-03-10T09:00:00Z');

describe('insights: backfill from the local server over HTTP', function () {
  this.timeout(30_000);
  let server: RunningApiServer;
  let client: PolytomicClient;
  let syncId: string; // the sync that runs every 15 minutes
  /** the client's listExecutions, counting requests */
  let requests: number;
  const fetcher =
    (id: string): ExecutionPageFetcher =>
    async (pageToken, limit) => {
      requests++;
      return client.listExecutions(id, { pageToken, limit });
    };

  before(async () => {
    server = await startApiServer({ port: 0, clock: 'manual', startTime: START, seed: 7, syncs: 6, schemas: 4, scheduleMix: 'typical' });
    client = new PolytomicClient({ baseUrl: server.url, apiVersion: '2024-02-08', credentials: { kind: 'apiKey', apiKey: secret(DEMO_API_KEY) }, logger: new MemoryLogger() });
    const res = await fetch(`${server.url}/api/bulk/syncs`, { headers: { Authorization: `Bearer ${DEMO_API_KEY}`, 'X-Polytomic-Version': '2024-02-08' } });
    const syncs = ((await res.json()) as { data: unknown[] }).data;
    const every15 = syncs.find((s) => JSON.stringify(scheduleInterval(s)) === JSON.stringify({ ms: 15 * MINUTE }));
    assert.ok(every15, 'the typical organization has a sync every 15 minutes');
    syncId = (every15 as { id: string }).id;
    // 12 simulated hours in 10-minute steps: about 48 more runs of that sync
    for (let i = 0; i < 72; i++) server.advance(10 * MINUTE);
  });
  after(() => server.stop());
  beforeEach(() => {
    requests = 0;
    server.clearFaults();
  });

  it('pages newest first until every schema has 30 runs, and keeps what the server says', async () => {
    const history = new RunHistory();
    const result = await backfill(history, syncId, fetcher(syncId), { pageSize: 10, now: server.now() });
    assert.equal(result.stoppedBecause, 'enough');
    assert.ok(result.pages >= 3 && result.pages === requests, `read ${result.pages} pages of 10`);
    assert.equal(history.backfilledAt(syncId), server.now());
    const schemas = server.schemaNames(syncId);
    assert.deepEqual(history.schemas(syncId).sort(), [...schemas].sort());
    for (const schema of schemas) {
      const runs = history.runs(syncId, schema);
      assert.equal(runs.length, 30, schema);
      assert.equal(new Set(runs.map((r) => r.executionId)).size, 30, 'no duplicates');
      for (let i = 1; i < runs.length; i++) assert.ok(runs[i - 1].startedAt <= runs[i].startedAt, 'oldest first');
    }
    // the newest kept run is what the server reports for that execution
    const newest = history.runs(syncId, schemas[0]).at(-1);
    assert.ok(newest);
    const exec = await client.getExecution(syncId, newest.executionId);
    const onServer = exec.schemas.find((s) => s.schema === schemas[0]);
    assert.equal(newest.records, onServer?.recordCount);
    assert.equal(newest.status, onServer?.status);
    assert.equal(newest.completedAt, Date.parse(onServer?.completedAt ?? ''));
  });

  it('a second backfill adds nothing, and stops as soon as it has enough', async () => {
    const history = new RunHistory();
    const first = await backfill(history, syncId, fetcher(syncId), { pageSize: 100, now: server.now() });
    assert.equal(first.pages, 1, 'one page of 100 holds 30 runs of every schema');
    const again = await backfill(history, syncId, fetcher(syncId), { pageSize: 100, now: server.now() });
    assert.equal(again.added, 0);
    assert.deepEqual(again.changed, []);
  });

  it('stops after maxPages, and at the end of a short history', async () => {
    const capped = await backfill(new RunHistory(), syncId, fetcher(syncId), { pageSize: 5, maxPages: 2, now: server.now() });
    assert.equal(capped.stoppedBecause, 'maxPages');
    assert.equal(requests, 2);
    // the daily syncs have fewer than 30 runs: their history ends
    const other = server.syncIds().find((id) => id !== syncId);
    assert.ok(other);
    const short = await backfill(new RunHistory(), other, fetcher(other), { pageSize: 100, now: server.now() });
    assert.equal(short.stoppedBecause, 'end');
  });

  it('a request that fails rejects with the API error; the pages already read are kept, not marked done', async () => {
    const history = new RunHistory();
    const failing: ExecutionPageFetcher = async (token, limit) => {
      if (token) server.setFaults({ unauthorized: true }); // the key is revoked before page 2
      return fetcher(syncId)(token, limit);
    };
    const err = (await backfill(history, syncId, failing, { pageSize: 10, now: server.now() }).then(
      () => assert.fail('should reject'),
      (e: unknown) => e,
    )) as ApiError;
    assert.equal(err.kind, 'unauthorized');
    server.clearFaults();
    const schema = server.schemaNames(syncId)[0];
    const page1 = await client.listExecutions(syncId, { limit: 10 });
    const finished = page1.executions.filter((e) => e.completedAt && e.schemas.some((s) => s.schema === schema && s.completedAt)).map((e) => e.id);
    assert.ok(finished.length >= 8);
    assert.deepEqual(history.runs(syncId, schema).map((r) => r.executionId).sort(), finished.sort(), 'page 1 is kept');
    assert.equal(history.backfilledAt(syncId), undefined);
  });
});

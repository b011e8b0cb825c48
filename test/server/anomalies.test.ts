import assert from 'node:assert/strict';
import type { RunningApiServer } from '../../server/index';
import { call, startManual, statusById } from './helpers';

/** The insights levers (server/anomalies.ts): what a client polling the public API then sees. */
describe('api server: anomaly levers', () => {
  let server: RunningApiServer;
  let idle: string[];
  before(async () => {
    server = await startManual();
    idle = [...(await statusById(server)).values()].filter((e) => e.status === 'completed').map((e) => e.sync_id);
    assert.ok(idle.length >= 2, 'two idle syncs');
  });
  after(() => server.stop());

  const lever = (id: string, body: unknown) => call(server, `/__control/syncs/${id}/anomaly`, { method: 'POST', body, auth: 'none' });

  it('volume: the status shows the schema at 0 records, the executions endpoint pages a steady baseline before it', async () => {
    const schema = server.schemaNames(idle[0])[0];
    const res = await lever(idle[0], { kind: 'volume', schema, baseline: 12 });
    assert.equal(res.status, 200);
    const status = (await statusById(server)).get(idle[0]);
    const row = status.schemas.find((s: { schema: string }) => s.schema === schema);
    assert.equal(row.status, 'completed');
    assert.equal(row.record_count, 0);
    assert.equal(row.execution_id, res.json.data.executionId);
    // two pages of 5, newest first, no execution twice
    const first = await call(server, `/api/bulk/syncs/${idle[0]}/executions?limit=5`);
    const second = await call(server, `/api/bulk/syncs/${idle[0]}/executions?limit=5&page_token=${encodeURIComponent(first.json.pagination.next_page_token)}`);
    const runs = [...first.json.data, ...second.json.data];
    assert.equal(new Set(runs.map((e: { id: string }) => e.id)).size, 10);
    assert.equal(runs[0].id, res.json.data.executionId);
    const counts = runs.slice(1).map((e: { schemas: Array<{ schema: string; record_count: number }> }) => e.schemas.find((s) => s.schema === schema)?.record_count ?? -1);
    assert.ok(counts.every((n: number) => n >= 500), `baseline runs moved data: ${counts.join(',')}`);
  });

  it('slow: the schema run took 10x its baseline', async () => {
    const schema = server.schemaNames(idle[1])[0];
    const res = await lever(idle[1], { kind: 'slow', schema });
    assert.equal(res.status, 200);
    const row = (await statusById(server)).get(idle[1]).schemas.find((s: { schema: string }) => s.schema === schema);
    const took = Date.parse(row.completed_at) - Date.parse(row.started_at);
    assert.ok(took >= 20 * 60_000, `took ${took} ms`);
  });

  it('stall: an active sync starts no more runs', async () => {
    const id = idle[2] ?? idle[0];
    const before = (await call(server, `/api/bulk/syncs/${id}/executions`)).json.data.length;
    assert.equal((await lever(id, { kind: 'stall' })).status, 200);
    server.advance(7 * 86_400_000);
    const after = (await call(server, `/api/bulk/syncs/${id}/executions`)).json.data.length;
    assert.equal(after, before);
  });

  it('rejects an unknown kind and an unknown schema', async () => {
    assert.equal((await lever(idle[0], { kind: 'sideways' })).status, 400);
    assert.equal((await lever(idle[0], { kind: 'volume', schema: 'no such schema' })).status, 404);
  });
});

import assert from 'node:assert/strict';
import { EXECUTION_STATUSES, SCHEMA_STATUSES, type RunningApiServer } from '../../server/index';
import { call, startManual, statusById } from './helpers';

describe('api server: GET /api/bulk/syncs/status', () => {
  let server: RunningApiServer;
  let ids: string[];
  before(async () => {
    server = await startManual();
    ids = server.syncIds();
  });
  after(() => server.stop());

  it('all=true gives one entry per sync, in a stable order, each with one entry per schema', async () => {
    const res = await call(server, '/api/bulk/syncs/status?all=true');
    assert.equal(res.status, 200);
    assert.deepEqual(res.json.data.map((e: { sync_id: string }) => e.sync_id), ids);
    for (const entry of res.json.data) {
      const names = entry.schemas.map((s: { schema: string }) => s.schema);
      assert.deepEqual(names, server.schemaNames(entry.sync_id));
      assert.equal(new Set(names).size, names.length, 'no schema twice');
    }
  });

  it('uses camelCase nextExecutionTime and the documented snake_case schema fields', async () => {
    const res = await call(server, '/api/bulk/syncs/status?all=true');
    const withNext = res.json.data.filter((e: Record<string, unknown>) => e.nextExecutionTime);
    assert.ok(withNext.length > 0);
    for (const entry of res.json.data) {
      assert.equal(entry.next_execution_time, undefined);
      if (entry.nextExecutionTime) assert.ok(Date.parse(entry.nextExecutionTime) > server.now());
      assert.ok((EXECUTION_STATUSES as readonly string[]).includes(entry.status), entry.status);
      for (const s of entry.schemas) {
        assert.deepEqual(Object.keys(s).sort(), [
          'completed_at', 'error_count', 'execution_id', 'record_count', 'schema', 'started_at', 'status', 'status_message', 'warning_count',
        ]);
        assert.ok((SCHEMA_STATUSES as readonly string[]).includes(s.status), s.status);
        assert.equal(typeof s.record_count, 'number');
        if (['completed', 'failed', 'canceled', 'interrupted'].includes(s.status)) assert.ok(s.completed_at);
        else assert.equal(s.completed_at, null, 'completed_at is null while in progress');
      }
    }
  });

  it('the default organization shows a varied demo right from the start', async () => {
    const entries = [...(await statusById(server)).values()];
    const statuses = entries.map((e) => e.status);
    assert.ok(statuses.includes('failed'), 'a failed sync');
    assert.ok(statuses.includes('errors'), 'a sync completed with errors');
    assert.ok(statuses.filter((s) => s === 'completed').length >= 2, 'a few completed');
    assert.ok(statuses.some((s) => ['running', 'exporting', 'processing'].includes(s)), 'a running sync');
    const list = await call(server, '/api/bulk/syncs');
    assert.ok(list.json.data.some((s: { active: boolean }) => !s.active), 'an inactive sync');
    const failed = entries.find((e) => e.status === 'failed');
    const failedSchema = failed.schemas.find((s: { status: string }) => s.status === 'failed');
    assert.match(failedSchema.status_message, /^[A-Z][A-Za-z]+: /, 'a message naming the failing system');
    for (const e of entries) assert.ok(e.schemas.length >= 3 && e.schemas.length <= 30);
    const names = list.json.data.map((s: { name: string }) => s.name);
    assert.ok(names.includes('Salesforce → Snowflake'));
  });

  it('active=true gives only the active syncs', async () => {
    const res = await call(server, '/api/bulk/syncs/status?active=true');
    const list = await call(server, '/api/bulk/syncs?active=true');
    const activeIds = list.json.data.map((s: { id: string }) => s.id);
    assert.ok(activeIds.length < ids.length);
    assert.deepEqual(res.json.data.map((e: { sync_id: string }) => e.sync_id), activeIds);
  });

  it('repeated sync_id selects exactly those syncs, in the order asked', async () => {
    const res = await call(server, `/api/bulk/syncs/status?sync_id=${ids[3]}&sync_id=${ids[1]}`);
    assert.equal(res.status, 200);
    assert.deepEqual(res.json.data.map((e: { sync_id: string }) => e.sync_id), [ids[3], ids[1]]);
  });

  it('all and active override sync_id', async () => {
    const all = await call(server, `/api/bulk/syncs/status?sync_id=${ids[0]}&all=true`);
    assert.equal(all.json.data.length, ids.length);
    const active = await call(server, `/api/bulk/syncs/status?active=true&sync_id=${ids[3]}`);
    const onlyActive = await call(server, '/api/bulk/syncs/status?active=true');
    assert.deepEqual(active.json.data.map((e: { sync_id: string }) => e.sync_id), onlyActive.json.data.map((e: { sync_id: string }) => e.sync_id));
    // an unknown id does not matter when all=true selects everything
    const ignored = await call(server, '/api/bulk/syncs/status?all=true&sync_id=00000000-0000-4000-8000-000000000000');
    assert.equal(ignored.status, 200);
  });

  it('an unknown sync_id is a 404; an invalid boolean a 400', async () => {
    const missing = await call(server, `/api/bulk/syncs/status?sync_id=${ids[0]}&sync_id=not-a-sync`);
    assert.equal(missing.status, 404);
    assert.match(missing.json.message, /not-a-sync/);
    const bad = await call(server, '/api/bulk/syncs/status?all=maybe');
    assert.equal(bad.status, 400);
  });

  it('a schema shows its running execution, not an older finished one', async () => {
    const id = ids[5];
    const before = (await statusById(server)).get(id);
    const oldExec = before.schemas[0].execution_id;
    const started = await call(server, `/api/bulk/syncs/${id}/executions`, { method: 'POST', body: { schemas: [before.schemas[0].schema] } });
    assert.equal(started.status, 200);
    server.advance(15_000);
    const after = (await statusById(server)).get(id);
    assert.equal(after.schemas[0].execution_id, started.json.data.id);
    assert.notEqual(after.schemas[0].execution_id, oldExec);
    assert.ok(['scheduled', 'running', 'exporting', 'processing'].includes(after.schemas[0].status), after.schemas[0].status);
    // the other schemas keep their last finished execution
    assert.equal(after.schemas[1].execution_id, before.schemas[1].execution_id);
    assert.ok(['created', 'scheduled', 'running', 'exporting', 'processing'].includes(after.status));
  });
});

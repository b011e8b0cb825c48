import assert from 'node:assert/strict';
import type { RunningApiServer } from '../../server/index';
import { call, control, START, startManual, statusById } from './helpers';

const IN_PROGRESS = ['created', 'scheduled', 'running', 'exporting', 'processing', 'canceling'];
const TERMINAL = ['completed', 'failed', 'canceled', 'errors', 'interrupted'];

describe('api server: status life cycle on a manual clock', () => {
  let server: RunningApiServer;
  before(async () => {
    server = await startManual({ syncs: 12, seed: 3 });
  });
  after(() => server.stop());

  it('time stands still on the manual clock until advanced', async () => {
    const a = await call(server, '/api/bulk/syncs/status?all=true');
    await new Promise((r) => setTimeout(r, 30));
    const b = await call(server, '/api/bulk/syncs/status?all=true');
    assert.equal(a.text, b.text);
    assert.equal(server.now(), START);
  });

  it('a started execution goes created → scheduled → running … → terminal, with counts that only grow', async () => {
    const idle = [...(await statusById(server)).values()].find((e) => TERMINAL.includes(e.status));
    const syncId = idle.sync_id;
    const exec = (await call(server, `/api/bulk/syncs/${syncId}/executions`, { method: 'POST', body: { fetch_mode: 'full' } })).json.data;
    const seen: string[] = [];
    const schemaSeen = new Set<string>();
    let lastRecords = 0;
    let lastSchemaRecords = new Map<string, number>();
    for (let step = 0; step < 2000; step++) {
      const view = (await call(server, `/api/bulk/syncs/${syncId}/executions/${exec.id}`)).json.data;
      if (seen[seen.length - 1] !== view.status) seen.push(view.status);
      assert.ok(view.record_count >= lastRecords, 'records never go down');
      lastRecords = view.record_count;
      const now = new Map<string, number>();
      for (const s of view.schemas) {
        schemaSeen.add(s.status);
        assert.ok(s.record_count >= (lastSchemaRecords.get(s.schema) ?? 0));
        now.set(s.schema, s.record_count);
        if (s.status === 'running') assert.match(s.status_message, /Reading from/);
      }
      lastSchemaRecords = now;
      if (TERMINAL.includes(view.status)) {
        assert.ok(view.completed_at);
        break;
      }
      assert.equal(view.completed_at, null);
      server.advance(step < 10 ? 1_000 : 5_000);
    }
    assert.deepEqual(seen.slice(0, 3), ['created', 'scheduled', 'running']);
    assert.ok(TERMINAL.includes(seen[seen.length - 1]), seen.join(' → '));
    for (const s of seen.slice(0, -1)) assert.ok(IN_PROGRESS.includes(s), s);
    for (const s of ['scheduled', 'running', 'exporting', 'processing']) assert.ok(schemaSeen.has(s), `schema status ${s} seen`);
    assert.ok(lastRecords > 0);
  });

  it('schedules start new executions at nextExecutionTime', async () => {
    const entries = [...(await statusById(server)).values()].filter((e) => e.nextExecutionTime && TERMINAL.includes(e.status));
    assert.ok(entries.length > 0);
    const target = entries.sort((a, b) => Date.parse(a.nextExecutionTime) - Date.parse(b.nextExecutionTime))[0];
    const due = Date.parse(target.nextExecutionTime);
    const before = target.schemas[0].execution_id;
    server.advance(due - server.now() - 1);
    assert.equal((await statusById(server)).get(target.sync_id).schemas[0].execution_id, before, 'not yet');
    server.advance(1);
    const after = (await statusById(server)).get(target.sync_id);
    assert.notEqual(after.schemas[0].execution_id, before);
    assert.equal(after.status, 'created');
    assert.ok(Date.parse(after.nextExecutionTime) > due, 'the next one moves on');
    const exec = (await call(server, `/api/bulk/syncs/${target.sync_id}/executions?limit=1`)).json.data[0];
    assert.equal(exec.type, 'scheduled');
    assert.equal(Date.parse(exec.created_at), due);
  });

  it('over a simulated day every status the API knows shows up, and nothing else', async () => {
    const syncStatuses = new Set<string>();
    const schemaStatuses = new Set<string>();
    for (let i = 0; i < 24 * 12; i++) {
      for (const e of (await statusById(server)).values()) {
        syncStatuses.add(e.status);
        for (const s of e.schemas) schemaStatuses.add(s.status);
      }
      server.advance(5 * 60_000 + 7_000);
    }
    for (const s of ['created', 'scheduled', 'running', 'completed', 'failed', 'errors']) assert.ok(syncStatuses.has(s), `sync ${s}`);
    for (const s of syncStatuses) assert.ok([...IN_PROGRESS, ...TERMINAL].includes(s), s);
    for (const s of schemaStatuses) assert.ok(['created', 'scheduled', 'running', 'exporting', 'processing', 'completed', 'failed', 'canceled', 'interrupted'].includes(s), s);
  });
});

describe('api server: determinism', () => {
  it('the same seed and advance() sequence give the same answers; another seed does not', async () => {
    const snapshots: string[] = [];
    for (const seed of [11, 11, 12]) {
      const server = await startManual({ seed, syncs: 10 });
      try {
        let text = '';
        for (const step of [0, 1_000, 30_000, 3_600_000, 86_400_000]) {
          server.advance(step);
          text += (await call(server, '/api/bulk/syncs/status?all=true')).text;
        }
        text += (await call(server, '/api/bulk/syncs')).text;
        snapshots.push(text);
      } finally {
        await server.stop();
      }
    }
    assert.equal(snapshots[0], snapshots[1]);
    assert.notEqual(snapshots[0], snapshots[2]);
  });

  it('--syncs, --schemas shape the organization', async () => {
    const server = await startManual({ syncs: 40, schemas: 5 });
    try {
      const status = await call(server, '/api/bulk/syncs/status?all=true');
      assert.equal(status.json.data.length, 40);
      for (const e of status.json.data) assert.ok(e.schemas.length >= 3 && e.schemas.length <= 5);
      const tiny = await startManual({ syncs: 2, schemas: 1 });
      try {
        for (const e of (await call(tiny, '/api/bulk/syncs/status?all=true')).json.data) assert.equal(e.schemas.length, 1);
      } finally {
        await tiny.stop();
      }
    } finally {
      await server.stop();
    }
  });
});

describe('api server: real clock', () => {
  it('--speed makes simulated time run faster than real time', async () => {
    const server = await startManual({ clock: 'real', speed: 1000, syncs: 3 });
    try {
      const t0 = server.now();
      await new Promise((r) => setTimeout(r, 60));
      assert.ok(server.now() - t0 >= 50_000, `moved ${server.now() - t0} ms`);
    } finally {
      await server.stop();
    }
  });
});

describe('api server: test levers', () => {
  let server: RunningApiServer;
  before(async () => {
    server = await startManual();
  });
  after(() => server.stop());

  it('failSync ends the running execution failed now, the named schemas failed', async () => {
    const running = [...(await statusById(server)).values()].find((e) => e.status === 'running');
    const schema = running.schemas.find((s: { status: string }) => s.status !== 'completed').schema;
    server.failSync(running.sync_id, { schemas: [schema], message: 'Snowflake: warehouse COMPUTE_WH suspended' });
    const entry = (await statusById(server)).get(running.sync_id);
    assert.equal(entry.status, 'failed');
    const row = entry.schemas.find((s: { schema: string }) => s.schema === schema);
    assert.equal(row.status, 'failed');
    assert.equal(row.status_message, 'Snowflake: warehouse COMPUTE_WH suspended');
    assert.ok(entry.schemas.every((s: { status: string }) => TERMINAL.includes(s.status)));
    assert.ok(!entry.schemas.some((s: { schema: string; status: string }) => s.schema !== schema && s.status === 'failed'));
  });

  it('failSync on an idle sync makes a new failed execution; all schemas fail by default', async () => {
    const idle = [...(await statusById(server)).values()].find((e) => e.status === 'completed');
    const res = await control(server, 'POST', `syncs/${idle.sync_id}/fail`, {});
    assert.equal(res.status, 200);
    const entry = (await statusById(server)).get(idle.sync_id);
    assert.equal(entry.status, 'failed');
    assert.ok(entry.schemas.every((s: { status: string; execution_id: string }) => s.status === 'failed' && s.execution_id === res.json.data.id));
    assert.equal((await control(server, 'POST', 'syncs/nope/fail', {})).status, 404);
    assert.equal((await control(server, 'POST', `syncs/${idle.sync_id}/fail`, { schemas: ['nope'] })).status, 404);
  });

  it('setSchemaStatus shows any value on one schema, also over HTTP', async () => {
    const id = server.syncIds()[5];
    const schema = server.schemaNames(id)[0];
    server.setSchemaStatus(id, schema, 'interrupted', 'Worker restarted');
    let row = (await statusById(server)).get(id).schemas[0];
    assert.equal(row.status, 'interrupted');
    assert.equal(row.status_message, 'Worker restarted');
    const res = await control(server, 'POST', `syncs/${id}/schemas/${encodeURIComponent(schema)}/status`, { status: 'reticulating' });
    assert.equal(res.status, 200);
    row = (await statusById(server)).get(id).schemas[0];
    assert.equal(row.status, 'reticulating');
    assert.equal((await control(server, 'POST', `syncs/${id}/schemas/nope/status`, { status: 'failed' })).status, 404);
    assert.equal((await control(server, 'POST', `syncs/${id}/schemas/${schema}/status`, {})).status, 400);
  });

  it('rename and state over HTTP', async () => {
    const id = server.syncIds()[1];
    const res = await control(server, 'POST', `syncs/${id}/rename`, { name: 'Postgres → Snowflake (v2)' });
    assert.equal(res.status, 200);
    assert.equal((await call(server, `/api/bulk/syncs/${id}`)).json.data.name, 'Postgres → Snowflake (v2)');
    const state = await control(server, 'GET', 'state');
    assert.equal(state.status, 200);
    assert.deepEqual(state.json.syncs.map((s: { id: string }) => s.id), server.syncIds());
    assert.equal(state.json.syncs[1].name, 'Postgres → Snowflake (v2)');
    assert.equal(state.json.now, server.now());
    assert.equal(state.json.requestCount, server.requestCount());
  });

  it('POST /__control/clock/advance moves simulated time', async () => {
    const before = server.now();
    const res = await control(server, 'POST', 'clock/advance', { ms: 60_000 });
    assert.equal(res.status, 200);
    assert.equal(res.json.now, before + 60_000);
    assert.equal(server.now(), before + 60_000);
    assert.equal((await control(server, 'POST', 'clock/advance', { ms: -5 })).status, 400);
  });
});

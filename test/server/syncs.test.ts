import assert from 'node:assert/strict';
import { DEMO_ORGANIZATION_ID, type RunningApiServer } from '../../server/index';
import { call, startManual, statusById } from './helpers';

describe('api server: bulk syncs', () => {
  let server: RunningApiServer;
  before(async () => {
    server = await startManual({ syncs: 23, seed: 7 });
  });
  after(() => server.stop());

  it('2024-02-08 lists every sync at once with a schedule, no pagination', async () => {
    const res = await call(server, '/api/bulk/syncs', { version: '2024-02-08' });
    assert.equal(res.status, 200);
    assert.deepEqual(res.json.data.map((s: { id: string }) => s.id), server.syncIds());
    assert.equal(res.json.pagination, undefined);
    for (const sync of res.json.data) {
      assert.equal(typeof sync.name, 'string');
      assert.equal(typeof sync.active, 'boolean');
      assert.equal(sync.organization_id, DEMO_ORGANIZATION_ID);
      assert.ok(['manual', 'continuous', 'hourly', 'daily', 'weekly', 'custom'].includes(sync.schedule.frequency));
      assert.equal(sync.default_schedule, undefined);
    }
    assert.equal(new Set(res.json.data.map((s: { name: string }) => s.name)).size, 23, 'names are unique');
    // limit and page_token mean nothing before 2025-09-18
    const limited = await call(server, '/api/bulk/syncs?limit=2', { version: '2024-02-08' });
    assert.equal(limited.json.data.length, 23);
  });

  it('2025-09-18 pages with limit and an opaque page_token, and uses default_schedule', async () => {
    const seen: string[] = [];
    let token: string | undefined;
    let pages = 0;
    do {
      const res = await call(server, `/api/bulk/syncs?limit=5${token ? `&page_token=${encodeURIComponent(token)}` : ''}`, { version: '2025-09-18' });
      assert.equal(res.status, 200);
      assert.ok(res.json.data.length <= 5);
      for (const sync of res.json.data) {
        assert.ok(sync.default_schedule.frequency);
        assert.deepEqual(sync.additional_schedules, []);
        assert.equal(sync.schedule, undefined);
        seen.push(sync.id);
      }
      token = res.json.pagination.next_page_token;
      pages++;
    } while (token);
    assert.equal(pages, 5);
    assert.deepEqual(seen, server.syncIds());
  });

  it('2025-09-18 defaults to pages of 50 and rejects limit > 50 and bad tokens', async () => {
    const big = await startManual({ syncs: 60, schemas: 3 });
    try {
      const first = await call(big, '/api/bulk/syncs', { version: '2025-09-18' });
      assert.equal(first.json.data.length, 50);
      assert.ok(first.json.pagination.next_page_token);
      const second = await call(big, `/api/bulk/syncs?page_token=${first.json.pagination.next_page_token}`, { version: '2025-09-18' });
      assert.equal(second.json.data.length, 10);
      assert.equal(second.json.pagination.next_page_token, undefined);
    } finally {
      await big.stop();
    }
    assert.equal((await call(server, '/api/bulk/syncs?limit=51', { version: '2025-09-18' })).status, 400);
    assert.equal((await call(server, '/api/bulk/syncs?limit=0', { version: '2025-09-18' })).status, 400);
    const bad = await call(server, '/api/bulk/syncs?page_token=garbage', { version: '2025-09-18' });
    assert.equal(bad.status, 400);
    assert.match(bad.json.message, /page_token/);
  });

  it('active=true lists only active syncs; active=false does not filter', async () => {
    const all = (await call(server, '/api/bulk/syncs')).json.data;
    const active = (await call(server, '/api/bulk/syncs?active=true')).json.data;
    assert.ok(active.length > 0 && active.length < all.length);
    assert.ok(active.every((s: { active: boolean }) => s.active));
    assert.equal((await call(server, '/api/bulk/syncs?active=false')).json.data.length, all.length);
  });

  it('GET /api/bulk/syncs/{id} returns one sync', async () => {
    const id = server.syncIds()[2];
    const res = await call(server, `/api/bulk/syncs/${id}?refresh_schemas=false`);
    assert.equal(res.status, 200);
    assert.equal(res.json.data.id, id);
    assert.ok(res.json.data.source_connection_id);
    assert.ok(Date.parse(res.json.data.created_at) < server.now());
  });

  it('GET /api/bulk/syncs/{id}/status gives current and last execution and the next time', async () => {
    const running = [...(await statusById(server)).values()].find((e) => e.status === 'running');
    const res = await call(server, `/api/bulk/syncs/${running.sync_id}/status`);
    assert.equal(res.status, 200);
    const { current_execution: current, last_execution: last, next_execution_time: next } = res.json.data;
    assert.equal(current.status, 'running');
    assert.equal(current.completed_at, null);
    assert.ok(last.completed_at);
    assert.ok(Date.parse(last.completed_at) <= server.now());
    assert.ok(next === null || Date.parse(next) > server.now());
    const idle = [...(await statusById(server)).values()].find((e) => e.status === 'completed');
    const idleStatus = await call(server, `/api/bulk/syncs/${idle.sync_id}/status`);
    assert.equal(idleStatus.json.data.current_execution, null);
    assert.equal(idleStatus.json.data.last_execution.status, 'completed');
  });

  it('renameSync shows the new name in the list', async () => {
    const id = server.syncIds()[4];
    server.renameSync(id, 'Renamed → Warehouse');
    const res = await call(server, `/api/bulk/syncs/${id}`);
    assert.equal(res.json.data.name, 'Renamed → Warehouse');
  });

  it('GET /api/me identifies the caller for both credential kinds', async () => {
    const user = await call(server, '/api/me');
    assert.equal(user.status, 200);
    assert.equal(user.json.data.organization_id, DEMO_ORGANIZATION_ID);
    assert.ok(user.json.data.organization_name);
    assert.ok(user.json.data.email);
    const deployment = await call(server, '/api/me', { auth: 'basic' });
    assert.equal(deployment.json.data.organization_id, DEMO_ORGANIZATION_ID);
    assert.equal(deployment.json.data.email, undefined);
  });
});

describe('api server: activate', () => {
  let server: RunningApiServer;
  before(async () => {
    server = await startManual();
  });
  after(() => server.stop());

  it('deactivating cancels the running execution and drops the next run; activating brings it back', async () => {
    const running = [...(await statusById(server)).values()].find((e) => e.status === 'running');
    const id = running.sync_id;
    const off = await call(server, `/api/bulk/syncs/${id}/activate`, { method: 'POST', body: { active: false } });
    assert.equal(off.status, 200);
    assert.deepEqual(off.json.data, { id, active: false });
    let entry = (await statusById(server)).get(id);
    assert.equal(entry.status, 'canceling');
    assert.equal(entry.nextExecutionTime, undefined);
    assert.equal((await call(server, `/api/bulk/syncs/${id}`)).json.data.active, false);
    server.advance(5_000);
    entry = (await statusById(server)).get(id);
    assert.equal(entry.status, 'canceled');
    // an inactive sync starts nothing on its own, however long we wait
    server.advance(3 * 3_600_000);
    assert.equal((await statusById(server)).get(id).status, 'canceled');
    const on = await call(server, `/api/bulk/syncs/${id}/activate`, { method: 'POST', body: { active: true } });
    assert.deepEqual(on.json.data, { id, active: true });
    entry = (await statusById(server)).get(id);
    assert.ok(Date.parse(entry.nextExecutionTime) > server.now());
  });

  it('needs a boolean active', async () => {
    const res = await call(server, `/api/bulk/syncs/${server.syncIds()[0]}/activate`, { method: 'POST', body: { active: 'yes' } });
    assert.equal(res.status, 400);
    const notJson = await call(server, `/api/bulk/syncs/${server.syncIds()[0]}/activate`, { method: 'POST', body: '{nope' });
    assert.equal(notJson.status, 400);
  });
});

import assert from 'node:assert/strict';
import type { RunningApiServer } from '../../server/index';
import { call, rawGet, startManual, statusById } from './helpers';

const TERMINAL = ['completed', 'failed', 'canceled', 'errors', 'interrupted'];

describe('api server: executions', () => {
  let server: RunningApiServer;
  let idle: string; // a sync with nothing running at the start
  before(async () => {
    server = await startManual();
    idle = [...(await statusById(server)).values()].find((e) => e.status === 'completed').sync_id;
  });
  after(() => server.stop());

  const start = (id: string, body: unknown = {}, headers: Record<string, string> = {}, version = '2024-02-08') =>
    call(server, `/api/bulk/syncs/${id}/executions`, { method: 'POST', body, headers, version });

  it('starts an execution, then 409 while it runs', async () => {
    const res = await start(idle);
    assert.equal(res.status, 200);
    const exec = res.json.data;
    assert.match(exec.id, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    assert.equal(exec.status, 'created');
    assert.equal(exec.completed_at, null);
    assert.equal(exec.is_test, false);
    assert.equal(exec.is_partial, false);
    assert.deepEqual(exec.schemas.map((s: { schema: string }) => s.schema), server.schemaNames(idle));
    const again = await start(idle);
    assert.equal(again.status, 409);
    assert.equal(again.json.status, 409);
    assert.ok(again.json.message);
    const got = await call(server, `/api/bulk/syncs/${idle}/executions/${exec.id}`);
    assert.equal(got.json.data.id, exec.id);
  });

  it('cancel is asynchronous: canceling, then canceled', async () => {
    const cancel = await call(server, `/api/bulk/syncs/${idle}/cancel`, { method: 'POST' });
    assert.equal(cancel.status, 200);
    assert.equal(typeof cancel.json.data.message, 'string');
    assert.equal((await statusById(server)).get(idle).status, 'canceling');
    assert.equal((await call(server, `/api/bulk/syncs/${idle}/cancel`, { method: 'POST' })).status, 200, 'cancel twice is fine');
    server.advance(5_000);
    const entry = (await statusById(server)).get(idle);
    assert.equal(entry.status, 'canceled');
    assert.ok(entry.schemas.every((s: { status: string }) => s.status === 'canceled'));
    const none = await call(server, `/api/bulk/syncs/${idle}/cancel`, { method: 'POST' });
    assert.equal(none.status, 409, 'nothing left to cancel');
  });

  it('cancels one execution by id', async () => {
    const exec = (await start(idle)).json.data;
    server.advance(20_000);
    const res = await call(server, `/api/bulk/syncs/${idle}/executions/${exec.id}/cancel`, { method: 'POST' });
    assert.equal(res.status, 200);
    assert.equal((await call(server, `/api/bulk/syncs/${idle}/executions/${exec.id}`)).json.data.status, 'canceling');
    server.advance(5_000);
    const done = (await call(server, `/api/bulk/syncs/${idle}/executions/${exec.id}`)).json.data;
    assert.equal(done.status, 'canceled');
    assert.ok(done.completed_at);
    const late = await call(server, `/api/bulk/syncs/${idle}/executions/${exec.id}/cancel`, { method: 'POST' });
    assert.equal(late.status, 409);
  });

  it('takes schemas, fetch_mode and test, and validates them', async () => {
    const names = server.schemaNames(idle);
    const res = await start(idle, { schemas: [names[1]], fetch_mode: 'full', test: true });
    assert.equal(res.status, 200);
    assert.equal(res.json.data.is_partial, true);
    assert.equal(res.json.data.is_test, true);
    assert.equal(res.json.data.fetch_mode, 'full');
    assert.deepEqual(res.json.data.schemas.map((s: { schema: string }) => s.schema), [names[1]]);
    await call(server, `/api/bulk/syncs/${idle}/cancel`, { method: 'POST' });
    server.advance(5_000);
    for (const [body, key, version] of [
      [{ test: true, resync_mode: 'rebuild' }, 'resync_mode', '2025-09-18'],
      [{ test: true, resync: true }, 'resync', '2024-02-08'],
      [{ test: true, resync: true }, 'resync', '2025-09-18'],
      [{ resync: 'yes' }, 'resync', '2024-02-08'],
      [{ schemas: ['no_such_table'] }, 'schemas', '2024-02-08'],
      [{ schemas: 'account' }, 'schemas', '2024-02-08'],
      [{ fetch_mode: 'sometimes' }, 'fetch_mode', '2024-02-08'],
      [{ resync_mode: 'everything' }, 'resync_mode', '2025-09-18'],
    ] as const) {
      const bad = await start(idle, body, {}, version);
      assert.equal(bad.status, 400, `${version} ${JSON.stringify(body)}`);
      assert.equal(bad.json.status, 400);
      assert.equal(bad.json.key, key);
    }
    const started = async (body: unknown, version: string) => {
      const res = await start(idle, body, {}, version);
      assert.equal(res.status, 200, res.text);
      await call(server, `/api/bulk/syncs/${idle}/cancel`, { method: 'POST' });
      server.advance(5_000);
      return res.json.data;
    };
    assert.equal((await started({ resync_mode: 'resync' }, '2025-09-18')).is_resync, true);
    assert.equal((await started({ resync: true }, '2024-02-08')).is_resync, true, 'the legacy flag is honoured on 2024-02-08');
    assert.equal((await started({ resync: true }, '2025-09-18')).is_resync, true, 'and, deprecated, on 2025-09-18');
    // 2024-02-08 has no resync_mode: like any unknown field it is dropped, and the run is a normal one.
    assert.equal((await started({ resync_mode: 'resync' }, '2024-02-08')).is_resync, false);
  });

  it('honours Idempotency-Key: a retry gets the same execution, not a 409', async () => {
    const key = 'retry-key-0001-abcdef';
    const first = await start(idle, {}, { 'Idempotency-Key': key });
    assert.equal(first.status, 200);
    const retry = await start(idle, {}, { 'Idempotency-Key': key });
    assert.equal(retry.status, 200);
    assert.equal(retry.json.data.id, first.json.data.id);
    assert.equal(retry.headers.get('idempotent-replayed'), 'true');
    const otherKey = await start(idle, {}, { 'Idempotency-Key': 'another-key-0002' });
    assert.equal(otherKey.status, 409, 'a new key really tries to start again');
    const invalid = await start(idle, {}, { 'Idempotency-Key': 'bad key!' });
    assert.equal(invalid.status, 400);
    await call(server, `/api/bulk/syncs/${idle}/cancel`, { method: 'POST' });
    server.advance(5_000);
  });

  it('answers 409 to a reused Idempotency-Key while the first request is in flight', async () => {
    server.setFaults({ latencyMs: 150 });
    try {
      const key = 'in-flight-key-0003';
      const firstPromise = start(idle, {}, { 'Idempotency-Key': key });
      await new Promise((r) => setTimeout(r, 30));
      const second = await start(idle, {}, { 'Idempotency-Key': key });
      const first = await firstPromise;
      assert.equal(first.status, 200);
      assert.equal(second.status, 409);
      assert.match(second.json.message, /in progress/);
    } finally {
      server.clearFaults();
    }
    await call(server, `/api/bulk/syncs/${idle}/cancel`, { method: 'POST' });
    server.advance(5_000);
  });

  it('lists executions newest first, paginated with limit <= 100', async () => {
    const all = await call(server, `/api/bulk/syncs/${idle}/executions?limit=100`);
    assert.equal(all.status, 200);
    const ids = all.json.data.map((e: { id: string }) => e.id);
    assert.ok(ids.length >= 6, `history plus the runs started above, got ${ids.length}`);
    const created = all.json.data.map((e: { created_at: string }) => Date.parse(e.created_at));
    assert.deepEqual(created, [...created].sort((a, b) => b - a));
    const paged: string[] = [];
    let token: string | undefined;
    do {
      const page = await call(server, `/api/bulk/syncs/${idle}/executions?limit=2${token ? `&page_token=${token}` : ''}`);
      assert.ok(page.json.data.length <= 2);
      paged.push(...page.json.data.map((e: { id: string }) => e.id));
      token = page.json.pagination.next_page_token;
    } while (token);
    assert.deepEqual(paged, ids);
    const ascending = await call(server, `/api/bulk/syncs/${idle}/executions?ascending=true&limit=100`);
    assert.deepEqual(ascending.json.data.map((e: { id: string }) => e.id), [...ids].reverse());
    assert.equal((await call(server, `/api/bulk/syncs/${idle}/executions?limit=101`)).status, 400);
    assert.equal((await call(server, `/api/bulk/syncs/${idle}/executions?page_token=%%%`)).status, 400);
  });

  it('only_terminal leaves out the running execution', async () => {
    const exec = (await start(idle)).json.data;
    const terminal = await call(server, `/api/bulk/syncs/${idle}/executions?only_terminal=true&limit=100`);
    assert.ok(!terminal.json.data.some((e: { id: string }) => e.id === exec.id));
    assert.ok(terminal.json.data.every((e: { status: string }) => TERMINAL.includes(e.status)));
    const everything = await call(server, `/api/bulk/syncs/${idle}/executions?limit=1`);
    assert.equal(everything.json.data[0].id, exec.id);
    await call(server, `/api/bulk/syncs/${idle}/cancel`, { method: 'POST' });
    server.advance(5_000);
  });

  it('an execution of another sync is a 404', async () => {
    const other = server.syncIds().find((id) => id !== idle)!;
    const exec = (await call(server, `/api/bulk/syncs/${idle}/executions?limit=1`)).json.data[0];
    const res = await call(server, `/api/bulk/syncs/${other}/executions/${exec.id}`);
    assert.equal(res.status, 404);
    assert.equal(res.json.status, 404);
  });
});

describe('api server: execution logs', () => {
  let server: RunningApiServer;
  let syncId: string;
  let execId: string;
  before(async () => {
    server = await startManual();
    const failed = [...(await statusById(server)).values()].find((e) => e.status === 'failed');
    syncId = failed.sync_id;
    execId = failed.schemas.find((s: { status: string }) => s.status === 'failed').execution_id;
  });
  after(() => server.stop());

  it('hands out signed URLs on this server that serve plain-text logs without auth', async () => {
    const res = await call(server, `/api/bulk/syncs/${syncId}/executions/${execId}/logs`);
    assert.equal(res.status, 200);
    const { URLs: urls, Expires: expires } = res.json.data;
    assert.ok(Array.isArray(urls) && urls.length >= 1);
    assert.ok(Date.parse(expires) > server.now());
    let text = '';
    for (const url of urls) {
      assert.ok(url.startsWith(`${server.url}/`), url);
      assert.match(url, /[?&]expires=\d+/);
      assert.match(url, /[?&]signature=[0-9a-f]{64}/);
      const file = await rawGet(url, {});
      assert.equal(file.status, 200);
      assert.match(String(file.headers['content-type']), /^text\/plain/);
      text += file.body;
    }
    const lines = text.trim().split('\n');
    assert.ok(lines.length > 10, `many lines, got ${lines.length}`);
    assert.match(lines[0], /^\d{4}-\d\d-\d\dT\S+Z (INFO|DEBUG) /);
    assert.match(text, /ERROR .*Snowflake: warehouse COMPUTE_WH suspended/);
    assert.match(text, /execution finished with status failed/);
    assert.ok(!text.includes('pt_demo_'), 'never a key');
  });

  it('refuses a tampered or expired URL with a 403 like S3', async () => {
    const { URLs: urls } = (await call(server, `/api/bulk/syncs/${syncId}/executions/${execId}/logs`)).json.data;
    const tampered = urls[0].replace(/signature=([0-9a-f])/, (_: string, c: string) => `signature=${c === '0' ? '1' : '0'}`);
    const bad = await rawGet(tampered, {});
    assert.equal(bad.status, 403);
    assert.match(bad.body, /<Code>SignatureDoesNotMatch<\/Code>/);
    const otherFile = urls[0].replace(/\/1\.log\?/, '/2.log?');
    assert.equal((await rawGet(otherFile, {})).status, 403, 'a signature covers one file only');
    assert.equal((await rawGet(urls[0].split('?')[0], {})).status, 403, 'no signature, no log');
    server.advance(16 * 60_000);
    const expired = await rawGet(urls[0], {});
    assert.equal(expired.status, 403);
    assert.match(expired.body, /expired/);
    const fresh = (await call(server, `/api/bulk/syncs/${syncId}/executions/${execId}/logs`)).json.data.URLs[0];
    assert.equal((await rawGet(fresh, {})).status, 200);
  });

  it('a running execution has a log up to now that grows', async () => {
    const running = [...(await statusById(server)).values()].find((e) => e.status === 'completed');
    const exec = (await call(server, `/api/bulk/syncs/${running.sync_id}/executions`, { method: 'POST', body: {} })).json.data;
    server.advance(30_000);
    const read = async () => {
      const { URLs: urls } = (await call(server, `/api/bulk/syncs/${running.sync_id}/executions/${exec.id}/logs`)).json.data;
      let text = '';
      for (const url of urls) text += (await rawGet(url, {})).body;
      return text;
    };
    const early = await read();
    assert.ok(!early.includes('execution finished'));
    server.advance(60 * 60_000);
    const late = await read();
    assert.ok(late.length > early.length);
    assert.match(late, /execution finished with status/);
  });
});

import assert from 'node:assert/strict';
import { DEMO_API_KEY, startApiServer, type RunningApiServer } from '../../server/index';
import { call, control, rawGet, startManual } from './helpers';

const STATUS = '/api/bulk/syncs/status?all=true';

describe('api server: faults', () => {
  let server: RunningApiServer;
  before(async () => {
    server = await startManual({ syncs: 4 });
  });
  afterEach(() => server.clearFaults());
  after(() => server.stop());

  it('latencyMs delays every /api response', async () => {
    server.setFaults({ latencyMs: 200 });
    const t0 = Date.now();
    const res = await call(server, STATUS);
    assert.equal(res.status, 200);
    assert.ok(Date.now() - t0 >= 190, `took ${Date.now() - t0} ms`);
  });

  it('serverError gives a 5xx JSON error body, the status configurable', async () => {
    server.setFaults({ serverError: { count: 1 } });
    const res = await call(server, STATUS);
    assert.equal(res.status, 500);
    assert.equal(res.json.status, 500);
    assert.ok(res.json.message);
    assert.equal(res.json.data, undefined);
    assert.equal((await call(server, STATUS)).status, 200, 'count: 1 means only the next request');
    server.setFaults({ serverError: { rate: 1, status: 502 } });
    assert.equal((await call(server, STATUS)).status, 502);
    assert.equal((await call(server, STATUS)).status, 502);
  });

  it('rateLimit gives 429 with Retry-After', async () => {
    server.setFaults({ rateLimit: { count: 2, retryAfterSeconds: 7 } });
    for (let i = 0; i < 2; i++) {
      const res = await call(server, STATUS);
      assert.equal(res.status, 429);
      assert.equal(res.headers.get('retry-after'), '7');
      assert.equal(res.json.status, 429);
    }
    assert.equal((await call(server, STATUS)).status, 200);
  });

  it('unavailable gives 503 with Retry-After', async () => {
    server.setFaults({ unavailable: { count: 1, retryAfterSeconds: 3 } });
    const res = await call(server, STATUS);
    assert.equal(res.status, 503);
    assert.equal(res.headers.get('retry-after'), '3');
  });

  it('unauthorized revokes the key: every /api request 401 with no data, until cleared', async () => {
    server.setFaults({ unauthorized: true });
    for (const path of [STATUS, '/api/me', '/api/bulk/syncs']) {
      const res = await call(server, path);
      assert.equal(res.status, 401);
      assert.equal(res.json.status, 'Unauthorized');
      assert.equal(res.json.data, undefined);
    }
    assert.equal((await call(server, '/api/me', { auth: 'basic' })).status, 401);
    server.clearFaults();
    assert.equal((await call(server, '/api/me')).status, 200);
  });

  it('truncatedBody gives a 200 with valid headers and half a JSON body', async () => {
    const full = await call(server, STATUS);
    server.setFaults({ truncatedBody: { count: 1 } });
    const res = await rawGet(`${server.url}${STATUS}`, { Authorization: `Bearer ${DEMO_API_KEY}`, 'X-Polytomic-Version': '2024-02-08' });
    assert.equal(res.status, 200);
    assert.match(String(res.headers['content-type']), /^application\/json/);
    assert.equal(Number(res.headers['content-length']), Buffer.byteLength(res.body));
    assert.throws(() => JSON.parse(res.body));
    assert.ok(full.text.startsWith(res.body));
    assert.ok(res.body.length >= full.text.length / 2 - 1 && res.body.length < full.text.length);
  });

  it('nonJsonBody gives an HTML page like a proxy: 502 by default, or 200', async () => {
    server.setFaults({ nonJsonBody: { count: 1 } });
    const res = await call(server, STATUS);
    assert.equal(res.status, 502);
    assert.match(res.headers.get('content-type') ?? '', /text\/html/);
    assert.match(res.text, /<html>/);
    assert.equal(res.json, undefined);
    server.setFaults({ nonJsonBody: { count: 1, status: 200 } });
    const sneaky = await call(server, STATUS);
    assert.equal(sneaky.status, 200);
    assert.match(sneaky.text, /<!DOCTYPE html>/);
  });

  it('connectionReset destroys the socket before any response', async () => {
    server.setFaults({ connectionReset: { count: 1 } });
    await assert.rejects(
      rawGet(`${server.url}${STATUS}`, { Authorization: `Bearer ${DEMO_API_KEY}` }),
      (err: NodeJS.ErrnoException) => err.code === 'ECONNRESET' || /socket hang up/.test(err.message),
    );
    assert.equal((await call(server, STATUS)).status, 200);
  });

  it('unknownStatus replaces status values in the data with one no client knows', async () => {
    server.setFaults({ unknownStatus: { count: 1 } });
    const res = await call(server, STATUS);
    assert.equal(res.status, 200);
    for (const e of res.json.data) {
      assert.equal(e.status, 'reticulating');
      for (const s of e.schemas) assert.equal(s.status, 'reticulating');
    }
    const normal = await call(server, STATUS);
    assert.notEqual(normal.json.data[0].status, 'reticulating');
  });

  it('unknownStatus waits for a response that has statuses', async () => {
    server.setFaults({ unknownStatus: { count: 1, value: 'frobnicating' } });
    assert.equal((await call(server, '/api/me')).status, 200);
    assert.equal(server.getFaults().unknownStatus?.count, 1, 'not used up by /api/me');
    const res = await call(server, `/api/bulk/syncs/${server.syncIds()[0]}/status`);
    assert.equal(res.json.data.last_execution.status, 'frobnicating');
  });

  it('malformedEntry breaks one schema entry of a status response and leaves the rest as it was', async () => {
    const before = await call(server, STATUS);
    const target = server.syncIds()[2];
    server.setFaults({ malformedEntry: { count: 1, syncId: target } });
    assert.equal((await call(server, '/api/bulk/syncs')).status, 200);
    assert.equal(server.getFaults().malformedEntry?.count, 1, 'not used up by another path');
    const res = await call(server, STATUS);
    const changed = res.json.data.findIndex((e: { sync_id: string }) => e.sync_id === target);
    assert.equal(res.json.data[changed].schemas[0].record_count, '12');
    res.json.data[changed].schemas[0].record_count = before.json.data[changed].schemas[0].record_count;
    assert.deepEqual(res.json, before.json, 'nothing else differs');
    assert.equal(typeof (await call(server, STATUS)).json.data[changed].schemas[0].record_count, 'number', 'count: 1 means one response');
  });

  it('omitFromStatus leaves one listed sync out of the status response only', async () => {
    const target = server.syncIds()[1];
    server.setFaults({ omitFromStatus: { rate: 1, syncId: target } });
    const ids = (await call(server, STATUS)).json.data.map((e: { sync_id: string }) => e.sync_id);
    assert.deepEqual(ids, server.syncIds().filter((id) => id !== target));
    assert.ok((await call(server, '/api/bulk/syncs')).json.data.some((s: { id: string }) => s.id === target), 'still listed');
    assert.throws(() => server.setFaults({ omitFromStatus: { rate: 1, syncId: 5 } } as never), /omitFromStatus\.syncId must be a sync id/);
  });

  it('a rate of 0.5 fails some requests and not others', async () => {
    server.setFaults({ serverError: { rate: 0.5 } });
    const statuses: number[] = [];
    for (let i = 0; i < 40; i++) statuses.push((await call(server, '/api/me')).status);
    const failures = statuses.filter((s) => s === 500).length;
    assert.ok(failures > 5 && failures < 35, `${failures} of 40`);
    assert.ok(statuses.every((s) => s === 200 || s === 500));
  });

  it('faults never touch the control endpoints; the request count covers /api only', async () => {
    server.setFaults({ serverError: { rate: 1 }, unauthorized: true });
    const before = server.requestCount();
    assert.equal((await control(server, 'GET', 'state')).status, 200);
    assert.equal(server.requestCount(), before);
    await call(server, '/api/me');
    assert.equal(server.requestCount(), before + 1);
  });

  it('GET/PUT/DELETE /__control/faults read, replace and clear the config', async () => {
    const put = await control(server, 'PUT', 'faults', { latencyMs: 5, rateLimit: { count: 2, retryAfterSeconds: 9 } });
    assert.equal(put.status, 200);
    assert.deepEqual(put.json, { latencyMs: 5, rateLimit: { count: 2, retryAfterSeconds: 9 } });
    assert.equal((await call(server, STATUS)).status, 429);
    assert.deepEqual((await control(server, 'GET', 'faults')).json, { latencyMs: 5, rateLimit: { count: 1, retryAfterSeconds: 9 } });
    await control(server, 'PUT', 'faults', { serverError: { count: 1 } });
    assert.equal((await call(server, STATUS)).status, 500, 'PUT replaced: rate limit gone, error set');
    await control(server, 'PUT', 'faults', { unauthorized: true });
    assert.equal((await control(server, 'DELETE', 'faults')).status, 200);
    assert.deepEqual((await control(server, 'GET', 'faults')).json, {});
    assert.equal((await call(server, STATUS)).status, 200);
  });

  it('rejects a malformed fault config with 400 and keeps the old one', async () => {
    server.setFaults({ latencyMs: 1 });
    for (const body of [{ serverError: { rate: 2 } }, { teapot: true }, { rateLimit: { count: -1 } }, { unauthorized: 'yes' }, [1]]) {
      const res = await control(server, 'PUT', 'faults', body);
      assert.equal(res.status, 400, JSON.stringify(body));
      assert.ok(res.json.message);
    }
    assert.deepEqual(server.getFaults(), { latencyMs: 1 });
    assert.throws(() => server.setFaults({ serverError: { rate: -1 } }));
  });

  it('faults can be set at start', async () => {
    const faulty = await startApiServer({ clock: 'manual', syncs: 1, faults: { unavailable: { rate: 1, retryAfterSeconds: 2 } } });
    try {
      const res = await call(faulty, '/api/me');
      assert.equal(res.status, 503);
      assert.equal(res.headers.get('retry-after'), '2');
    } finally {
      await faulty.stop();
    }
  });
});

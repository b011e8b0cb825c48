/**
 * The sync actions end to end against the local Polytomic-compatible server (manual clock):
 * start, cancel, activate, history, logs, with the plain-words messages the user would read.
 */
import assert from 'node:assert/strict';
import type { Credentials } from '../../src/core/api/contract';
import { PolytomicClient } from '../../src/core/api/client';
import { LogLinkError } from '../../src/core/api/logDownload';
import { describeActionError, newIdempotencyKey } from '../../src/core/actions/actions';
import { historyItems } from '../../src/core/actions/history';
import { startRequestBody } from '../../src/core/actions/runModes';
import { DEMO_API_KEY, startApiServer, type RunningApiServer } from '../../server';
import { apiError, MemoryLogger, rejection, secret } from './helpers/logger';
import { startRawServer, type RawServer } from './helpers/rawServer';

const apiKey: Credentials = { kind: 'apiKey', apiKey: secret(DEMO_API_KEY) };
const START = Date.parse('2025-03-10T09:00:00Z');

describe('sync actions against the local API server', function () {
  this.timeout(20_000);
  let server: RunningApiServer;
  let client: PolytomicClient;
  let logger: MemoryLogger;

  /** A sync with nothing in progress right now (so a start is accepted). */
  async function idleSync(exclude: string[] = []): Promise<string> {
    const statuses = await client.getStatuses({ kind: 'all' });
    const found = statuses.find((s) => !exclude.includes(s.syncId) && ['completed', 'failed', 'errors', 'canceled'].includes(s.status ?? ''));
    assert.ok(found, `a sync with nothing running: ${JSON.stringify(statuses.map((s) => s.status))}`);
    return found.syncId;
  }
  const statusOf = async (syncId: string) => (await client.getStatuses({ kind: 'selected', syncIds: [syncId] }))[0].status;

  beforeEach(async () => {
    server = await startApiServer({ port: 0, clock: 'manual', startTime: START, seed: 11, syncs: 6, schemas: 6 });
    logger = new MemoryLogger();
    client = new PolytomicClient({ baseUrl: server.url, apiVersion: '2024-02-08', credentials: apiKey, logger });
  });
  afterEach(() => server.stop());

  describe('start', function () {
    it('sends the chosen mode, test flag and schemas, and the sync shows the new run', async () => {
      const syncId = await idleSync();
      const names = server.schemaNames(syncId);
      const body = startRequestBody({ mode: 'fetchFull', test: true, schemas: [names[0], names[2]] }, '2024-02-08', names);
      const exec = await client.startExecution(syncId, body, newIdempotencyKey());
      assert.equal(exec.fetchMode, 'full');
      assert.equal(exec.isTest, true);
      assert.equal(exec.isPartial, true);
      assert.deepEqual(exec.schemas.map((s) => s.schema).sort(), [names[0], names[2]].sort());
      const status = await client.getStatuses({ kind: 'selected', syncIds: [syncId] });
      const started = status[0].schemas.filter((s) => s.executionId === exec.id).map((s) => s.schema).sort();
      assert.deepEqual(started, [names[0], names[2]].sort(), 'the status endpoint follows the new run');
    });

    it('a rebuild of every schema sends the legacy resync flag (2024-02-08) and no schema list', async () => {
      const syncId = await idleSync();
      const body = startRequestBody({ mode: 'rebuild', schemas: server.schemaNames(syncId) }, '2024-02-08', server.schemaNames(syncId));
      assert.deepEqual(body, { resync: true });
      const exec = await client.startExecution(syncId, body, newIdempotencyKey());
      assert.equal(exec.isResync, true);
      assert.equal(exec.isPartial, false);
    });

    it('the same Idempotency-Key gives the same run back, not a second one', async () => {
      const syncId = await idleSync();
      const key = newIdempotencyKey();
      const first = await client.startExecution(syncId, {}, key);
      const again = await client.startExecution(syncId, {}, key);
      assert.equal(again.id, first.id);
      const page = await client.listExecutions(syncId, { limit: 5 });
      assert.equal(page.executions.filter((e) => e.id === first.id).length, 1);
      assert.equal(page.executions[0].id, first.id, 'newest first');
    });

    it('409 while a run is going, said in plain words', async () => {
      const syncId = await idleSync();
      await client.startExecution(syncId, {}, newIdempotencyKey());
      const err = await apiError(client.startExecution(syncId, {}, newIdempotencyKey()));
      assert.equal(err.kind, 'conflict');
      assert.equal(err.status, 409);
      assert.equal(describeActionError('start', err, 'Orders'), 'A run of “Orders” is already going: wait for it to finish or cancel it first.');
    });

    it('a start the server refuses (400) says why', async () => {
      const syncId = await idleSync();
      const err = await apiError(client.startExecution(syncId, { schemas: ['no_such_table'] }, newIdempotencyKey()));
      assert.equal(err.kind, 'client');
      assert.match(describeActionError('start', err, 'Orders'), /^Polytomic refused to start a run of “Orders”: .*unknown schemas.*no_such_table/);
    });
  });

  describe('cancel', function () {
    it('a running sync is canceling at once, then canceled', async () => {
      const syncId = await idleSync();
      const exec = await client.startExecution(syncId, {}, newIdempotencyKey());
      server.advance(10_000);
      assert.equal(typeof (await client.cancelSync(syncId)), 'string');
      assert.equal(await statusOf(syncId), 'canceling');
      assert.equal((await client.getExecution(syncId, exec.id)).status, 'canceling');
      server.advance(3_500);
      assert.equal(await statusOf(syncId), 'canceled');
      const done = await client.getExecution(syncId, exec.id);
      assert.equal(done.status, 'canceled');
      assert.ok(done.completedAt);
    });

    it('one execution by id', async () => {
      const syncId = await idleSync();
      const exec = await client.startExecution(syncId, {}, newIdempotencyKey());
      await client.cancelExecution(syncId, exec.id);
      assert.equal((await client.getExecution(syncId, exec.id)).status, 'canceling');
      server.advance(3_500);
      assert.equal((await client.getExecution(syncId, exec.id)).status, 'canceled');
    });

    it('a finished run: nothing to cancel, said plainly', async () => {
      const syncId = await idleSync();
      const finished = (await client.listExecutions(syncId, { limit: 1 })).executions[0];
      assert.ok(['completed', 'failed', 'errors', 'canceled', 'interrupted'].includes(finished.status ?? ''), finished.status);
      const err = await apiError(client.cancelExecution(syncId, finished.id));
      assert.equal(err.kind, 'conflict');
      assert.equal(describeActionError('cancel', err, 'Orders'), 'Nothing to cancel: the run of “Orders” has already finished.');
      const whole = await apiError(client.cancelSync(syncId));
      assert.equal(describeActionError('cancel', whole, 'Orders'), 'Nothing to cancel: the run of “Orders” has already finished.');
    });
  });

  describe('activate', function () {
    it('deactivates and activates; deactivating cancels the run in progress', async () => {
      const syncId = await idleSync();
      await client.startExecution(syncId, {}, newIdempotencyKey());
      server.advance(10_000);
      assert.deepEqual(await client.activate(syncId, false), { id: syncId, active: false });
      assert.equal((await client.listSyncs()).find((s) => s.id === syncId)?.active, false);
      server.advance(3_500);
      assert.equal(await statusOf(syncId), 'canceled');
      assert.deepEqual(await client.activate(syncId, true), { id: syncId, active: true });
      assert.equal((await client.listSyncs()).find((s) => s.id === syncId)?.active, true);
    });

    it('an unknown sync is a plain 404 message', async () => {
      const err = await apiError(client.activate('no-such-sync', true));
      assert.equal(err.kind, 'notFound');
      assert.match(describeActionError('activate', err, 'no-such-sync'), /does not know it \(404\)/);
    });
  });

  describe('history', function () {
    it('pages through executions newest first without repeats', async () => {
      const syncId = await idleSync();
      for (let i = 0; i < 3; i++) {
        await client.startExecution(syncId, {}, newIdempotencyKey());
        server.advance(10_000);
        await client.cancelSync(syncId);
        server.advance(4_000);
      }
      const seen: string[] = [];
      let token: string | undefined;
      let pages = 0;
      do {
        const page = await client.listExecutions(syncId, { limit: 2, pageToken: token });
        assert.ok(page.executions.length <= 2);
        seen.push(...page.executions.map((e) => e.id));
        token = page.nextPageToken;
        pages++;
      } while (token && pages < 50);
      assert.ok(pages >= 2, 'more than one page');
      assert.equal(new Set(seen).size, seen.length, 'no execution twice');
      const all = (await client.listExecutions(syncId, { limit: 100 })).executions;
      assert.deepEqual(seen, all.map((e) => e.id));
      const items = historyItems(all, server.now());
      assert.deepEqual(items.map((i) => i.executionId), seen, 'newest first');
      assert.equal(items[0].label, 'Canceled');
      assert.match(items[0].description, /^started .+ · took \d+ s/);
    });
  });

  describe('logs', function () {
    it('fetches the log text of an execution', async () => {
      const syncId = await idleSync();
      const exec = (await client.listExecutions(syncId, { limit: 1 })).executions[0];
      const links = await client.getLogUrls(syncId, exec.id);
      assert.ok(links.urls.length >= 1);
      assert.ok(links.expires && Date.parse(links.expires) > server.now());
      const parts = await Promise.all(links.urls.map((url, i) => client.fetchLogText(url, { what: `log file ${i + 1}` })));
      const text = parts.map((p) => p.text).join('');
      assert.match(text, new RegExp(`execution ${exec.id} created`));
      assert.ok(parts.every((p) => !p.truncated));
      assert.ok(!logger.lines.some((l) => l.includes('signature=')), 'signed links never reach the log');
    });

    it('an expired link says so, and fresh links work', async () => {
      const syncId = await idleSync();
      const exec = (await client.listExecutions(syncId, { limit: 1 })).executions[0];
      const links = await client.getLogUrls(syncId, exec.id);
      server.advance(16 * 60_000);
      const err = await rejection(client.fetchLogText(links.urls[0], { what: 'log file 1' }));
      assert.ok(err instanceof LogLinkError);
      assert.equal(err.expired, true);
      assert.equal(err.message, 'The link for log file 1 has expired (403): log links are only valid for a short time.');
      assert.match(describeActionError('logs', err, 'Orders'), /expired .* Open the logs again to get fresh links\./);
      assert.doesNotMatch(err.message, /signature|https?:/);
      const fresh = await client.getLogUrls(syncId, exec.id);
      assert.match((await client.fetchLogText(fresh.urls[0])).text, /execution/);
    });

    it('a link with a wrong signature is refused, not "expired"', async () => {
      const syncId = await idleSync();
      const exec = (await client.listExecutions(syncId, { limit: 1 })).executions[0];
      const [url] = (await client.getLogUrls(syncId, exec.id)).urls;
      const err = await rejection(client.fetchLogText(url.replace(/signature=[0-9a-f]/, 'signature=z')));
      assert.ok(err instanceof LogLinkError);
      assert.equal(err.expired, false);
      assert.match(err.message, /refused \(403\): The request signature we calculated does not match/);
    });
  });
});

describe('log links are fetched without credentials', function () {
  let raw: RawServer;
  const client = new PolytomicClient({ baseUrl: 'http://127.0.0.1:9', apiVersion: '2024-02-08', credentials: apiKey, logger: new MemoryLogger() });
  before(async () => {
    raw = await startRawServer((req, res) => {
      if (req.url?.startsWith('/big')) {
        res.writeHead(200, { 'Content-Type': 'text/plain' });
        res.end('x'.repeat(300_000));
        return;
      }
      res.writeHead(200, { 'Content-Type': 'text/plain' });
      res.end('2025-03-10T09:00:00Z INFO hello\n');
    });
  });
  after(() => raw.stop());

  it('sends no Authorization and no API headers to the log host', async () => {
    const log = await client.fetchLogText(`${raw.url}/logs/1.log?X-Amz-Signature=abc&X-Amz-Expires=900`);
    assert.equal(log.text, '2025-03-10T09:00:00Z INFO hello\n');
    const seen = raw.requests.at(-1)!;
    assert.equal(seen.url, '/logs/1.log?X-Amz-Signature=abc&X-Amz-Expires=900');
    assert.equal(seen.headers.authorization, undefined);
    assert.equal(seen.headers['x-polytomic-version'], undefined);
    assert.ok(!JSON.stringify(seen.headers).includes(DEMO_API_KEY));
  });

  it('reads at most maxBytes of a large log and says it was cut', async () => {
    const log = await client.fetchLogText(`${raw.url}/big.log`, { maxBytes: 100_000 });
    assert.equal(log.truncated, true);
    assert.equal(log.bytes, 100_000);
    assert.equal(log.text.length, 100_000);
  });

  it('refuses a plain-http link to another host without sending anything', async () => {
    const before = raw.requests.length;
    const err = await apiError(client.fetchLogText('http://logs.example.com/1.log?sig=abc', { what: 'log file 1' }));
    assert.equal(err.kind, 'insecure');
    assert.equal(err.message, 'Refusing to fetch log file 1 over plain http from logs.example.com: its link must use https.');
    assert.equal(raw.requests.length, before);
  });
});

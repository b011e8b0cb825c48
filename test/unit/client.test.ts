import assert from 'node:assert/strict';
import { DEMO_ORGANIZATION_ID, startApiServer, type RunningApiServer } from '../../server';
import { client, deploymentKey, WRONG_KEY } from './helpers/client';
import { apiError, MemoryLogger } from './helpers/logger';

describe('PolytomicClient against the local API server', function () {
  this.timeout(20_000);
  let server: RunningApiServer;
  before(async () => {
    server = await startApiServer({ port: 0, clock: 'manual', seed: 7, syncs: 8, schemas: 5 });
  });
  after(async () => {
    await server.stop();
  });
  afterEach(() => server.clearFaults());

  it('reads every sync with an API key (Bearer)', async () => {
    const statuses = await client(server.url).getStatuses({ kind: 'all' });
    assert.deepEqual(statuses.map((s) => s.syncId).sort(), server.syncIds().slice().sort());
    for (const s of statuses) {
      assert.ok(s.schemas.length >= 1 && s.schemas.length <= 5);
      for (const schema of s.schemas) assert.ok(server.schemaNames(s.syncId).includes(schema.schema));
    }
  });

  it('reads with an on-premises deployment key (Basic org:key)', async () => {
    const statuses = await client(server.url, { credentials: deploymentKey }).getStatuses({ kind: 'all' });
    assert.equal(statuses.length, 8);
    const me = await client(server.url, { credentials: deploymentKey }).me();
    assert.equal(me.organizationId, DEMO_ORGANIZATION_ID);
  });

  it('GET /api/me names the organisation and user', async () => {
    const me = await client(server.url).me();
    assert.equal(me.organizationName, 'Acme Analytics (demo)');
    assert.equal(me.userEmail, 'demo.user@example.com');
  });

  it('rejected keys are "unauthorized" in both 401 body shapes', async () => {
    // 2024-02-08 answers { status: "Unauthorized", error }, 2025-09-18 { status: 401, message }
    for (const apiVersion of ['2024-02-08', '2025-09-18'] as const) {
      const err = await apiError(client(server.url, { apiVersion, credentials: { kind: 'apiKey', apiKey: WRONG_KEY } }).getStatuses({ kind: 'all' }));
      assert.equal(err.kind, 'unauthorized', apiVersion);
      assert.equal(err.status, 401);
      assert.equal(err.message, 'GET /api/bulk/syncs/status: the API key was rejected (401): missing or invalid credentials');
    }
    const wrongDeployment = await apiError(
      client(server.url, { credentials: { kind: 'deploymentKey', organizationId: DEMO_ORGANIZATION_ID, deploymentKey: WRONG_KEY } }).me(),
    );
    assert.equal(wrongDeployment.kind, 'unauthorized');
  });

  it('a revoked key (every request 401) is unauthorized', async () => {
    server.setFaults({ unauthorized: true });
    assert.equal((await apiError(client(server.url).getStatuses({ kind: 'all' }))).kind, 'unauthorized');
  });

  it('scopes: active only, and selected ids, each in exactly one request', async () => {
    const list = await client(server.url).listSyncs();
    const activeIds = list.filter((s) => s.active).map((s) => s.id).sort();
    assert.ok(activeIds.length > 0 && activeIds.length < 8, 'the seeded org has active and inactive syncs');
    let before = server.requestCount();
    const active = await client(server.url).getStatuses({ kind: 'active' });
    assert.equal(server.requestCount() - before, 1);
    assert.deepEqual(active.map((s) => s.syncId).sort(), activeIds);

    const [a, , c] = server.syncIds();
    before = server.requestCount();
    const selected = await client(server.url).getStatuses({ kind: 'selected', syncIds: [c, a, c] });
    assert.equal(server.requestCount() - before, 1);
    assert.deepEqual(selected.map((s) => s.syncId), [c, a]);
  });

  it('an empty selection is a settings problem, not a request', async () => {
    const before = server.requestCount();
    const err = await apiError(client(server.url).getStatuses({ kind: 'selected', syncIds: [' '] }));
    assert.equal(err.kind, 'config');
    assert.equal(server.requestCount(), before);
  });

  it('a selected id that does not exist: notFound naming it', async () => {
    const missing = '00000000-dead-beef-0000-000000000000';
    const err = await apiError(client(server.url).getStatuses({ kind: 'selected', syncIds: [server.syncIds()[0], missing] }));
    assert.equal(err.kind, 'notFound');
    assert.deepEqual(err.notFoundIds, [missing]);
    assert.match(err.message, new RegExp(`selected sync\\(s\\) not found: ${missing}`));
  });

  it('listSyncs follows pagination on 2025-09-18 (limit 50) and reads one page on 2024-02-08', async () => {
    const big = await startApiServer({ port: 0, clock: 'manual', seed: 3, syncs: 120, schemas: 3 });
    try {
      let before = big.requestCount();
      const paged = await client(big.url, { apiVersion: '2025-09-18' }).listSyncs();
      assert.equal(big.requestCount() - before, 3);
      assert.deepEqual(paged.map((s) => s.id).sort(), big.syncIds().slice().sort());
      assert.ok(paged.every((s) => typeof s.name === 'string' && s.name !== ''));
      before = big.requestCount();
      const whole = await client(big.url, { apiVersion: '2024-02-08' }).listSyncs();
      assert.equal(big.requestCount() - before, 1);
      assert.equal(whole.length, 120);
    } finally {
      await big.stop();
    }
  });

  it('logs method, path, status and duration, never headers', async () => {
    const logger = new MemoryLogger();
    await client(server.url, { logger }).getStatuses({ kind: 'all' });
    assert.equal(logger.lines.length, 1);
    assert.match(logger.lines[0], /^\[info\] GET \/api\/bulk\/syncs\/status\?all=true → 200 in \d+ ms$/);
  });

  it('keeps unknown status values from the server', async () => {
    server.setFaults({ unknownStatus: { count: 1, value: 'reticulating' } });
    const statuses = await client(server.url).getStatuses({ kind: 'all' });
    const values = new Set(statuses.flatMap((s) => [s.status, ...s.schemas.map((x) => x.status)]).filter(Boolean));
    assert.deepEqual([...values], ['reticulating']);
  });

  describe('faults', () => {
    it('500: server', async () => {
      server.setFaults({ serverError: { count: 1 } });
      const err = await apiError(client(server.url).getStatuses({ kind: 'all' }));
      assert.equal(err.kind, 'server');
      assert.equal(err.status, 500);
      assert.equal(err.message, 'GET /api/bulk/syncs/status: server error (500): internal server error');
    });

    it('429 with Retry-After: rateLimited with the wait', async () => {
      server.setFaults({ rateLimit: { count: 1, retryAfterSeconds: 7 } });
      const err = await apiError(client(server.url).getStatuses({ kind: 'all' }));
      assert.equal(err.kind, 'rateLimited');
      assert.equal(err.retryAfterMs, 7000);
      assert.match(err.message, /rate limited \(429\).*retry after 7 s/);
    });

    it('503 with Retry-After: unavailable with the wait', async () => {
      server.setFaults({ unavailable: { count: 1, retryAfterSeconds: 30 } });
      const err = await apiError(client(server.url).getStatuses({ kind: 'all' }));
      assert.equal(err.kind, 'unavailable');
      assert.equal(err.retryAfterMs, 30_000);
    });

    it('a body cut in half: malformed, not a crash', async () => {
      server.setFaults({ truncatedBody: { count: 1 } });
      const err = await apiError(client(server.url).getStatuses({ kind: 'all' }));
      assert.equal(err.kind, 'malformed');
      assert.match(err.message, /^Unexpected response from GET \/api\/bulk\/syncs\/status: the body is not JSON/);
    });

    it('a proxy HTML page with 200: malformed, says it is HTML', async () => {
      server.setFaults({ nonJsonBody: { count: 1, status: 200 } });
      const err = await apiError(client(server.url).getStatuses({ kind: 'all' }));
      assert.equal(err.kind, 'malformed');
      assert.match(err.message, /an HTML page/);
    });

    it('a gateway 502 HTML page: server error without the HTML', async () => {
      server.setFaults({ nonJsonBody: { count: 1 } });
      const err = await apiError(client(server.url).getStatuses({ kind: 'all' }));
      assert.equal(err.kind, 'server');
      assert.equal(err.status, 502);
      assert.ok(!err.message.includes('<'), err.message);
    });

    it('connection reset: network', async () => {
      server.setFaults({ connectionReset: { count: 1 } });
      const err = await apiError(client(server.url).getStatuses({ kind: 'all' }));
      assert.equal(err.kind, 'network');
      assert.match(err.message, /^GET \/api\/bulk\/syncs\/status: /);
    });

    it('slow server: timeout after timeoutMs', async () => {
      server.setFaults({ latencyMs: 2000 });
      const started = Date.now();
      const err = await apiError(client(server.url, { timeoutMs: 300 }).getStatuses({ kind: 'all' }));
      assert.equal(err.kind, 'timeout');
      assert.ok(Date.now() - started < 1900, 'gave up at the timeout');
      assert.equal(err.message, 'GET /api/bulk/syncs/status: no complete response within 0.3 s');
    });
  });

  it('plain http to localhost (loopback) is allowed', async () => {
    const url = server.url.replace('127.0.0.1', 'localhost');
    assert.equal((await client(url).getStatuses({ kind: 'all' })).length, 8);
  });
});

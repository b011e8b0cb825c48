import assert from 'node:assert/strict';
import type { ApiVersion, Credentials } from '../../src/core/api/contract';
import { PolytomicClient } from '../../src/core/api/client';
import { parseRetryAfter } from '../../src/core/api/httpErrors';
import { isLoopbackHost } from '../../src/core/api/transport';
import { DEMO_API_KEY, DEMO_DEPLOYMENT_KEY, DEMO_ORGANIZATION_ID, startApiServer, type RunningApiServer } from '../../server';
import { apiError, MemoryLogger, secret } from './helpers/logger';
import { reply, startRawServer, type RawServer } from './helpers/rawServer';

const apiKey: Credentials = { kind: 'apiKey', apiKey: secret(DEMO_API_KEY) };
const deploymentKey: Credentials = { kind: 'deploymentKey', organizationId: DEMO_ORGANIZATION_ID, deploymentKey: secret(DEMO_DEPLOYMENT_KEY) };
const BASIC_TOKEN = secret(Buffer.from(`${DEMO_ORGANIZATION_ID}:${DEMO_DEPLOYMENT_KEY}`).toString('base64'));
const WRONG_KEY = secret('pt_wrong_key_9f8e7d6c5b4a');

function client(baseUrl: string, opts: { credentials?: Credentials; apiVersion?: ApiVersion; timeoutMs?: number; logger?: MemoryLogger } = {}) {
  return new PolytomicClient({
    baseUrl,
    apiVersion: opts.apiVersion ?? '2024-02-08',
    credentials: opts.credentials ?? apiKey,
    timeoutMs: opts.timeoutMs,
    logger: opts.logger ?? new MemoryLogger(),
  });
}

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

describe('PolytomicClient: transport and security', () => {
  const servers: RawServer[] = [];
  const raw = async (handler: Parameters<typeof startRawServer>[0]) => {
    const s = await startRawServer(handler);
    servers.push(s);
    return s;
  };
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((s) => s.stop()));
  });

  it('sends the auth header, the version header and Accept json', async () => {
    const s = await raw(reply(200, '{"data":[]}'));
    await client(s.url, { apiVersion: '2025-09-18' }).getStatuses({ kind: 'active' });
    await client(s.url, { credentials: deploymentKey }).getStatuses({ kind: 'selected', syncIds: ['a', 'b'] });
    assert.equal(s.requests[0].url, '/api/bulk/syncs/status?active=true');
    assert.equal(s.requests[0].headers.authorization, `Bearer ${DEMO_API_KEY}`);
    assert.equal(s.requests[0].headers['x-polytomic-version'], '2025-09-18');
    assert.match(String(s.requests[0].headers.accept), /^application\/json/);
    assert.equal(s.requests[1].url, '/api/bulk/syncs/status?sync_id=a&sync_id=b');
    assert.equal(s.requests[1].headers.authorization, `Basic ${BASIC_TOKEN}`);
    assert.equal(s.requests[1].headers['x-polytomic-version'], '2024-02-08');
  });

  it('keeps a base URL path prefix (on-premises behind a path)', async () => {
    const s = await raw(reply(200, '{"data":null}'));
    assert.deepEqual(await client(`${s.url}/polytomic/`).getStatuses({ kind: 'all' }), []);
    assert.equal(s.requests[0].url, '/polytomic/api/bulk/syncs/status?all=true');
  });

  it('refuses plain http to a non-loopback host before sending anything', async () => {
    for (const url of ['http://app.polytomic.com', 'http://10.0.0.5:8080', 'http://[fe80::1]', 'http://127.example.com']) {
      const err = await apiError(client(url).getStatuses({ kind: 'all' }));
      assert.equal(err.kind, 'insecure', url);
      assert.match(err.message, /plain http/);
    }
  });

  it('bad base URLs are config errors', async () => {
    for (const url of ['not a url', 'ftp://host', 'https://user:pw@host.example', '']) {
      assert.equal((await apiError(client(url).getStatuses({ kind: 'all' }))).kind, 'config', url);
    }
  });

  it('does not follow redirects (credentials stay put) and says so', async () => {
    const target = await raw(reply(200, '{"data":[]}'));
    const s = await raw(reply(302, '', { Location: `${target.url}/elsewhere?token=abc` }));
    const err = await apiError(client(s.url).getStatuses({ kind: 'all' }));
    assert.equal(err.kind, 'config');
    assert.equal(err.status, 302);
    assert.match(err.message, /redirected \(302\) to http:\/\/127\.0\.0\.1:\d+\/elsewhere; credentials are not sent across redirects/);
    assert.ok(!err.message.includes('token=abc'));
    assert.equal(target.requests.length, 0, 'the redirect target never saw the key');
  });

  it('connection refused: network', async () => {
    const s = await raw(reply(200, '{}'));
    const url = s.url;
    await s.stop();
    servers.length = 0;
    const err = await apiError(client(url).getStatuses({ kind: 'all' }));
    assert.equal(err.kind, 'network');
    assert.equal(err.message, 'GET /api/bulk/syncs/status: connection refused (ECONNREFUSED)');
  });

  it('classifies 403, 404, 409, other 4xx and other 5xx', async () => {
    const cases: Array<[number, string]> = [
      [403, 'forbidden'],
      [404, 'notFound'],
      [409, 'conflict'],
      [418, 'client'],
      [422, 'client'],
      [502, 'server'],
      [504, 'server'],
    ];
    for (const [status, kind] of cases) {
      const s = await raw(reply(status, JSON.stringify({ status, message: `nope ${status}` })));
      const err = await apiError(client(s.url).me());
      assert.equal(err.kind, kind, String(status));
      assert.equal(err.status, status);
      assert.match(err.message, new RegExp(`^GET /api/me: .*\\(${status}\\): nope ${status}$`));
    }
  });

  it("server text in an error message cannot become a link in VS Code's notifications", async () => {
    const evil = 'Fix it [here](command:workbench.action.terminal.new) or [there] (https://evil.example)';
    const s = await raw(reply(500, JSON.stringify({ status: 500, message: evil })));
    const err = await apiError(client(s.url).me());
    // Notifications turn [label](command:…) into a clickable command; a space after ] breaks that.
    assert.doesNotMatch(err.message, /\]\(/);
    assert.match(err.message, /Fix it \[here\] \(command:workbench\.action\.terminal\.new\)/, 'the text itself is still shown');
  });

  it('Retry-After as an HTTP date', async () => {
    const when = new Date(Date.now() + 120_000).toUTCString();
    const s = await raw(reply(503, '{"status":503,"message":"maintenance"}', { 'Retry-After': when }));
    const err = await apiError(client(s.url).getStatuses({ kind: 'all' }));
    assert.equal(err.kind, 'unavailable');
    assert.ok(err.retryAfterMs !== undefined && err.retryAfterMs > 110_000 && err.retryAfterMs <= 120_000, String(err.retryAfterMs));
  });

  it('429 without Retry-After has no wait', async () => {
    const s = await raw(reply(429, ''));
    const err = await apiError(client(s.url).getStatuses({ kind: 'all' }));
    assert.equal(err.kind, 'rateLimited');
    assert.equal(err.retryAfterMs, undefined);
  });

  it('an empty 200 body and a wrongly shaped body are malformed, naming the place', async () => {
    let s = await raw(reply(200, ''));
    assert.match((await apiError(client(s.url).getStatuses({ kind: 'all' }))).message, /the body is empty/);
    s = await raw(reply(200, JSON.stringify({ data: { sync_id: 'a' } })));
    const err = await apiError(client(s.url).getStatuses({ kind: 'all' }));
    assert.equal(err.kind, 'malformed');
    assert.equal(err.message, 'Unexpected response from GET /api/bulk/syncs/status: data: expected an array, got an object');
  });

  it('a server that echoes the credentials back does not get them into our messages', async () => {
    const s = await raw((req, res) => {
      const auth = String(req.headers.authorization);
      const key = auth.startsWith('Bearer ') ? auth.slice(7) : Buffer.from(auth.slice(6), 'base64').toString().split(':')[1];
      res.writeHead(400, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ status: 400, message: `bad credentials: ${auth} (key ${key})` }));
    });
    const err = await apiError(client(s.url).me());
    assert.equal(err.message, 'GET /api/me: request refused (400): bad credentials: Bearer [redacted] (key [redacted])');
    const err2 = await apiError(client(s.url, { credentials: deploymentKey }).me());
    assert.equal(err2.message, 'GET /api/me: request refused (400): bad credentials: Basic [redacted] (key [redacted])');
  });

  it('a pagination loop is detected', async () => {
    const s = await raw(reply(200, JSON.stringify({ data: [{ id: 'a' }], pagination: { next_page_token: 'same' } })));
    const err = await apiError(client(s.url, { apiVersion: '2025-09-18' }).listSyncs());
    assert.equal(err.kind, 'malformed');
    assert.equal(s.requests.length, 2);
    assert.equal(s.requests[0].url, '/api/bulk/syncs?limit=50');
    assert.equal(s.requests[1].url, '/api/bulk/syncs?limit=50&page_token=same');
  });
});

describe('isLoopbackHost / parseRetryAfter', () => {
  it('knows loopback hosts', () => {
    for (const h of ['localhost', 'LOCALHOST', '127.0.0.1', '127.1.2.3', '::1', '[::1]']) assert.ok(isLoopbackHost(h), h);
    for (const h of ['example.com', '10.0.0.1', '128.0.0.1', '127.0.0.1.example.com', 'localhost.example.com', 'api.localhost', 'localhost.', '::2', '0.0.0.0']) assert.ok(!isLoopbackHost(h), h);
  });
  it('parses seconds and HTTP dates', () => {
    const now = Date.UTC(2024, 0, 15, 9, 0, 0);
    assert.equal(parseRetryAfter('120', now), 120_000);
    assert.equal(parseRetryAfter(' 0 ', now), 0);
    assert.equal(parseRetryAfter(new Date(now + 90_000).toUTCString(), now), 90_000);
    assert.equal(parseRetryAfter(new Date(now - 90_000).toUTCString(), now), 0);
    assert.equal(parseRetryAfter('soon', now), undefined);
    assert.equal(parseRetryAfter(undefined, now), undefined);
  });
});

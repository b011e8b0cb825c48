/** The client's transport: what it sends where, what it refuses to send, and how it reads what comes back. */
import assert from 'node:assert/strict';
import { parseRetryAfter } from '../../src/core/api/httpErrors';
import { isLoopbackHost } from '../../src/core/api/transport';
import { DEMO_API_KEY } from '../../server';
import { BASIC_TOKEN, client, deploymentKey } from './helpers/client';
import { apiError } from './helpers/logger';
import { reply, startRawServer, type RawServer } from './helpers/rawServer';

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

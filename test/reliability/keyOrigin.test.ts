/**
 * The key goes only where its owner sent it, over many generated cases, each counted in the
 * suite's closing line: no request to an origin other than the key's, no loopback request through
 * a proxy, no plain-http log link unless the API is on loopback, no id that changes the path, no
 * theme icon drawn from server text. Real HTTP to 127.0.0.1; the raw servers record what arrives.
 */
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { PolytomicClient } from '../../src/core/api/client';
import type { Credentials } from '../../src/core/api/contract';
import { ApiError } from '../../src/core/api/errors';
import { codeSpan, escapeMarkdown } from '../../src/core/view/markdown';
import { noThemeIcons } from '../../src/core/view/themeIcons';
import { DEMO_API_KEY, DEMO_DEPLOYMENT_KEY, DEMO_ORGANIZATION_ID } from '../../server/index';
import { md } from '../unit/helpers/markdown';
import { reply, startRawServer, type RawServer } from '../unit/helpers/rawServer';
import { collectingLogger, securityCases, seenTexts } from './counts';

const collect = collectingLogger;
const CREDENTIALS: Credentials[] = [
  { kind: 'apiKey', apiKey: DEMO_API_KEY },
  { kind: 'deploymentKey', organizationId: DEMO_ORGANIZATION_ID, deploymentKey: DEMO_DEPLOYMENT_KEY },
];

async function refusedWith(promise: Promise<unknown>, kind: ApiError['kind']): Promise<void> {
  try {
    await promise;
  } catch (err) {
    assert.ok(err instanceof ApiError, String(err));
    seenTexts.push(err.message);
    assert.equal(err.kind, kind, err.message);
    return;
  }
  assert.fail('expected a refusal');
}

describe('reliability: the key goes only where its owner sent it', function () {
  this.timeout(60_000);
  let server: RawServer;
  let proxy: RawServer;
  const PROXY_VARS = ['http_proxy', 'HTTP_PROXY', 'https_proxy', 'HTTPS_PROXY', 'no_proxy', 'NO_PROXY'];
  const saved: Record<string, string | undefined> = {};

  before(async () => {
    server = await startRawServer(reply(200, '{"data":[]}'));
    proxy = await startRawServer(reply(502, '{}'));
    for (const name of PROXY_VARS) saved[name] = process.env[name];
    // Every case runs with a proxy configured: whatever reaches it is a leak.
    process.env.http_proxy = process.env.HTTP_PROXY = process.env.https_proxy = process.env.HTTPS_PROXY = proxy.url;
    delete process.env.no_proxy;
    delete process.env.NO_PROXY;
  });
  after(async () => {
    for (const name of PROXY_VARS) {
      if (saved[name] === undefined) delete process.env[name];
      else process.env[name] = saved[name];
    }
    assert.deepEqual(proxy.requests.map((r) => r.url), [], 'the proxy never saw a request');
    await server.stop();
    await proxy.stop();
  });

  it('a key bound to one origin is never sent to another (scheme, host or port differs)', async () => {
    const port = Number(new URL(server.url).port);
    const otherOrigin = fc.oneof(
      fc.integer({ min: 1, max: 65535 }).filter((p) => p !== port).map((p) => `http://127.0.0.1:${p}`),
      fc.constant(`https://127.0.0.1:${port}`),
      fc.constant(`http://localhost:${port}`),
      fc.domain().map((d) => `https://${d}`),
    );
    await fc.assert(
      fc.asyncProperty(otherOrigin, fc.constantFrom(...CREDENTIALS), fc.constantFrom('status', 'list', 'me'), async (origin, credentials, call) => {
        const client = new PolytomicClient({ baseUrl: server.url, apiVersion: '2024-02-08', credentials, credentialsOrigin: origin, logger: collect });
        const before = server.requests.length;
        const run = call === 'status' ? client.getStatuses({ kind: 'all' }) : call === 'list' ? client.listSyncs() : client.me();
        await refusedWith(run, 'config');
        assert.equal(server.requests.length, before, 'nothing reached the server');
        securityCases.otherOrigin++;
      }),
      { numRuns: 200, seed: 10 },
    );
  });

  it('requests to loopback never go through a proxy, with either kind of key', async () => {
    for (const credentials of CREDENTIALS) {
      const client = new PolytomicClient({ baseUrl: server.url, apiVersion: '2024-02-08', credentials, credentialsOrigin: server.url, logger: collect });
      for (let i = 0; i < 25; i++) {
        const before = server.requests.length;
        await client.getStatuses({ kind: 'all' });
        assert.equal(server.requests.length, before + 1, 'the request went straight to the server');
        assert.equal(proxy.requests.length, 0, 'and not through the proxy');
        securityCases.proxyBypass++;
      }
    }
  });

  it('plain-http log links are fetched only when the API itself is on loopback', async () => {
    const remote = new PolytomicClient({ baseUrl: 'https://polytomic.example.com', apiVersion: '2024-02-08', credentials: CREDENTIALS[0], logger: collect });
    const local = new PolytomicClient({ baseUrl: server.url, apiVersion: '2024-02-08', credentials: CREDENTIALS[0], logger: collect });
    const port = new URL(server.url).port;
    await fc.assert(
      fc.asyncProperty(fc.constantFrom('127.0.0.1', 'localhost', '[::1]', '127.9.9.9'), fc.webPath(), async (host, webPath) => {
        const before = server.requests.length;
        await refusedWith(remote.fetchLogText(`http://${host}:${port}${webPath.startsWith('/') ? webPath : `/${webPath}`}`), 'insecure');
        assert.equal(server.requests.length, before, 'no GET to a service on this machine');
        securityCases.logLinks++;
      }),
      { numRuns: 100, seed: 11 },
    );
    const text = await local.fetchLogText(`${server.url}/log`);
    assert.equal(text.text, '{"data":[]}', 'a loopback API may hand out loopback links');
    securityCases.logLinks++;
  });

  it('ids that could change the path are refused before any request; others stay one path segment', async () => {
    const client = new PolytomicClient({ baseUrl: server.url, apiVersion: '2024-02-08', credentials: CREDENTIALS[0], logger: collect });
    const pathChanging = fc.oneof(
      fc.constantFrom('.', '..', '', ' ', '%2e%2e', '..%2f', 'a/../b'),
      fc.tuple(fc.string({ maxLength: 8 }), fc.constantFrom('/', '\\', '?', '#', '%', '\n', '\u0000'), fc.string({ maxLength: 8 })).map(([a, c, b]) => a + c + b),
    );
    await fc.assert(
      fc.asyncProperty(pathChanging, fc.constantFrom('cancel', 'start', 'executions', 'logs'), async (id, call) => {
        const before = server.requests.length;
        const run =
          call === 'cancel' ? client.cancelSync(id) : call === 'start' ? client.startExecution(id, {}, 'k') : call === 'executions' ? client.listExecutions(id) : client.getLogUrls('sync', id);
        await refusedWith(run, 'config');
        assert.equal(server.requests.length, before, `no request for ${JSON.stringify(id)}`);
        securityCases.pathIds++;
      }),
      { numRuns: 300, seed: 12 },
    );
    // eslint-disable-next-line no-control-regex
    const safe = fc.string({ minLength: 1, maxLength: 20 }).filter((id) => id.trim() === id && id !== '.' && id !== '..' && !/[/\\?#%\u0000-\u001f\u007f]/.test(id));
    await fc.assert(
      fc.asyncProperty(safe, async (id) => {
        await client.cancelSync(id).catch(() => undefined);
        const url = server.requests.at(-1)!.url;
        assert.deepEqual(url.split('/').length, '/api/bulk/syncs/x/cancel'.split('/').length, url);
        assert.equal(decodeURIComponent(url.split('/')[4]), id);
        securityCases.pathIds++;
      }),
      { numRuns: 100, seed: 13 },
    );
  });

  it('server text never draws a theme icon: in plain text, Markdown and code spans', () => {
    const withIcons = fc
      .array(fc.oneof(fc.string({ maxLength: 10 }), fc.constantFrom('$(error)', '$(pass-filled)', '$(sync~spin)', '\\$(x)', '$$(a)', '$(', '`$(x)`')), { minLength: 1, maxLength: 6 })
      .map((parts) => parts.join(''));
    fc.assert(
      fc.property(withIcons, (text) => {
        assert.doesNotMatch(noThemeIcons(text), /\$\(/);
        for (const rendered of [escapeMarkdown(text), codeSpan(text)]) {
          assert.doesNotMatch(rendered, /\$\\?\(/, rendered);
          assert.doesNotMatch(md.render(rendered), /\$\(/, 'after Markdown rendering');
        }
        securityCases.themeIcons++;
      }),
      { numRuns: 500, seed: 14 },
    );
  });
});

/**
 * The key goes only where its owner sent it: to the origin it was verified against, never through
 * a proxy to loopback, never on a path an id could change; log links over plain http only between
 * loopback ends; server text draws no theme icons. Real HTTP to 127.0.0.1 throughout.
 */
import assert from 'node:assert/strict';
import { PolytomicClient } from '../../src/core/api/client';
import type { Credentials } from '../../src/core/api/contract';
import { ApiError } from '../../src/core/api/errors';
import { mismatchPrompt, mismatchStatusBar, mismatchViewMessage, originMismatch } from '../../src/core/api/keyOrigin';
import { codeSpan, escapeMarkdown } from '../../src/core/view/markdown';
import { originOf, sameOrigin } from '../../src/core/api/origin';
import { noThemeIcons } from '../../src/core/view/themeIcons';
import { DEMO_API_KEY, startApiServer, type RunningApiServer } from '../../server';
import { reply, startRawServer, type RawServer } from './helpers/rawServer';

const credentials: Credentials = { kind: 'apiKey', apiKey: DEMO_API_KEY };
const client = (baseUrl: string, credentialsOrigin?: string) =>
  new PolytomicClient({ baseUrl, apiVersion: '2024-02-08', credentials, credentialsOrigin, timeoutMs: 3000 });

async function refused(promise: Promise<unknown>): Promise<ApiError> {
  try {
    await promise;
  } catch (err) {
    assert.ok(err instanceof ApiError, String(err));
    return err;
  }
  assert.fail('expected the call to be refused');
}

describe('the key goes only where its owner sent it', function () {
  this.timeout(15_000);
  let server: RunningApiServer;
  let proxy: RawServer;
  const saved: Record<string, string | undefined> = {};
  const PROXY_VARS = ['http_proxy', 'HTTP_PROXY', 'https_proxy', 'HTTPS_PROXY', 'no_proxy', 'NO_PROXY'];

  before(async () => {
    server = await startApiServer({ port: 0, clock: 'manual', syncs: 3, schemas: 2 });
    proxy = await startRawServer(reply(502, '{"message":"proxy"}'));
  });
  after(async () => {
    await server.stop();
    await proxy.stop();
  });
  beforeEach(() => {
    for (const name of PROXY_VARS) saved[name] = process.env[name];
  });
  afterEach(() => {
    for (const name of PROXY_VARS) {
      if (saved[name] === undefined) delete process.env[name];
      else process.env[name] = saved[name];
    }
  });

  it('origins: scheme, host and port; nothing else counts', () => {
    assert.equal(originOf('https://App.Polytomic.com/api/'), 'https://app.polytomic.com');
    assert.equal(originOf('https://app.polytomic.com:443'), 'https://app.polytomic.com');
    assert.equal(originOf('ftp://x'), undefined);
    assert.equal(originOf('not a url'), undefined);
    assert.ok(sameOrigin('http://127.0.0.1:5/a', 'http://127.0.0.1:5'));
    assert.ok(!sameOrigin('http://127.0.0.1:5', 'http://127.0.0.1:6'));
    assert.ok(!sameOrigin('http://127.0.0.1:5', 'https://127.0.0.1:5'));
  });

  it('a settings change to another origin is a mismatch the view, status bar and prompt explain', () => {
    assert.equal(originMismatch('https://app.polytomic.com', 'https://app.polytomic.com/'), undefined);
    assert.equal(originMismatch('https://app.polytomic.com', 'https://APP.polytomic.com:443/prefix'), undefined);
    const m = originMismatch('https://app.polytomic.com', 'https://collector.example', true);
    assert.deepEqual(m, { keyOrigin: 'https://app.polytomic.com', baseOrigin: 'https://collector.example', fromWorkspace: true });
    assert.equal(
      mismatchViewMessage(m!),
      "Nothing was sent: your key was verified with https://app.polytomic.com, but this workspace's polytomic.baseUrl points at https://collector.example. Sign in for https://collector.example, or keep using https://app.polytomic.com.",
    );
    assert.deepEqual([mismatchPrompt(m!).signIn, mismatchPrompt(m!).keep], ['Sign In to collector.example', 'Keep app.polytomic.com']);
    const bar = mismatchStatusBar(m!);
    assert.equal(bar.text, '$(shield) Polytomic: key not sent');
    assert.equal(bar.action, 'signIn');
    assert.ok(originMismatch('http://127.0.0.1:1', 'http://127.0.0.1:2', false), 'another port is another origin');
  });

  it('a client bound to one origin sends nothing to another', async () => {
    const before = server.requestCount();
    const err = await refused(client(server.url, 'https://app.polytomic.com').getStatuses({ kind: 'all' }));
    assert.equal(err.kind, 'config');
    assert.match(err.message, /verified with https:\/\/app\.polytomic\.com, not http:\/\/127\.0\.0\.1:\d+: nothing was sent/);
    assert.equal(server.requestCount(), before, 'the server received no request');
    // Bound to its own origin it works.
    assert.ok((await client(server.url, server.url).getStatuses({ kind: 'all' })).length > 0);
  });

  it('loopback requests never go through http_proxy', async () => {
    process.env.http_proxy = process.env.HTTP_PROXY = proxy.url;
    delete process.env.no_proxy;
    delete process.env.NO_PROXY;
    const statuses = await client(server.url).getStatuses({ kind: 'all' });
    assert.ok(statuses.length > 0, 'the request reached the server directly');
    assert.deepEqual(proxy.requests.map((r) => r.url), [], 'the proxy saw no request (and no key)');
  });

  it('log links: plain http only when the API itself is on loopback', async () => {
    const local = await startRawServer(reply(200, 'log line'));
    try {
      // A remote (https) API handing out a plain-http link to a service on this machine.
      const remote = client('https://polytomic.example.com');
      const err = await refused(remote.fetchLogText(`${local.url}/secret-admin?x=1`, { what: 'the log file' }));
      assert.equal(err.kind, 'insecure');
      assert.equal(local.requests.length, 0, 'no GET reached the local service');
      // A loopback API (the local server, a tunnel) may hand out loopback http links.
      const text = await client(server.url).fetchLogText(`${local.url}/log`);
      assert.equal(text.text, 'log line');
    } finally {
      await local.stop();
    }
  });

  it('ids that could change the path are refused with a clear message and no request', async () => {
    const c = client(server.url);
    const good = server.syncIds()[0];
    const bad = ['.', '..', 'a/b', '../status', 'a\\b', 'a?b', 'a#b', '%2e%2e', '', ' padded', 'a\nb'];
    const before = server.requestCount();
    for (const id of bad) {
      for (const call of [
        () => c.cancelSync(id),
        () => c.startExecution(id, {}, 'k'),
        () => c.activate(id, false),
        () => c.listExecutions(id),
        () => c.getExecution(good, id),
        () => c.cancelExecution(good, id),
        () => c.getLogUrls(good, id),
      ]) {
        const err = await refused(call());
        assert.equal(err.kind, 'config', `${JSON.stringify(id)}: ${err.message}`);
        assert.match(err.message, /^Refusing to use .* as a .*: .*\. Nothing was sent\.$/);
      }
    }
    assert.equal(server.requestCount(), before, 'no request reached the server');
  });

  it('server text draws no theme icons: plain text and Markdown', () => {
    assert.equal(noThemeIcons('$(error) failed $(x'), '\uFF04(error) failed \uFF04(x');
    assert.equal(noThemeIcons('costs $5 (approx)'), 'costs $5 (approx)');
    for (const rendered of [escapeMarkdown('$(pass-filled) ok'), codeSpan('$(pass-filled) ok')]) {
      // Neither `$(` nor its escaped form `\$\(` survives: nothing a renderer could turn into an icon.
      assert.doesNotMatch(rendered, /\$\\?\(/, rendered);
    }
  });
});

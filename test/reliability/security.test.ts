import assert from 'node:assert/strict';
import fc from 'fast-check';
import { PolytomicClient } from '../../src/core/api/client';
import type { Snapshot } from '../../src/core/api/contract';
import { ApiError } from '../../src/core/api/errors';
import { buildSnapshot } from '../../src/core/state/snapshot';
import { buildTreeModel } from '../../src/core/view/treeModel';
import { statusBarModel } from '../../src/core/view/statusBarModel';
import { tooltipMarkdown } from '../../src/core/view/treeNodes';
import { DEMO_API_KEY, DEMO_DEPLOYMENT_KEY, DEMO_ORGANIZATION_ID, startApiServer } from '../../server/index';
import { unsafeTags, md } from '../unit/helpers/markdown';
import { startRawServer, type RawServer } from '../unit/helpers/rawServer';
import { collectingLogger, seenTexts } from './counts';

const BASIC_TOKEN = Buffer.from(`${DEMO_ORGANIZATION_ID}:${DEMO_DEPLOYMENT_KEY}`).toString('base64');
const SECRETS = [DEMO_API_KEY, DEMO_DEPLOYMENT_KEY, BASIC_TOKEN];
const collect = collectingLogger;

async function failure(promise: Promise<unknown>): Promise<ApiError> {
  try {
    await promise;
  } catch (err) {
    assert.ok(err instanceof ApiError, String(err));
    seenTexts.push(err.message);
    return err;
  }
  throw new Error('expected a failure');
}

describe('reliability: security', function () {
  this.timeout(30_000);

  it('credentials travel only in the Authorization header: never in a URL, over every call and fault', async () => {
    const server = await startApiServer({ clock: 'manual', faults: { serverError: { rate: 0.2 }, truncatedBody: { rate: 0.2 } } });
    const seen: string[] = [];
    // A recording hop in front of the local server: every URL and header the client sends.
    const hop = await startRawServer((req, res) => {
      const relay = async () => {
        const upstream = await fetch(server.url + req.url, { method: req.method, headers: req.headers as Record<string, string> }).catch(() => undefined);
        res.writeHead(upstream?.status ?? 502, { 'Content-Type': 'application/json' });
        res.end(upstream ? await upstream.text() : '');
      };
      // A body cut off upstream (a fault the server injects) ends this connection too.
      relay().catch(() => res.destroy());
    });
    try {
      for (const credentials of [{ kind: 'apiKey' as const, apiKey: DEMO_API_KEY }, { kind: 'deploymentKey' as const, organizationId: DEMO_ORGANIZATION_ID, deploymentKey: DEMO_DEPLOYMENT_KEY }]) {
        const client = new PolytomicClient({ baseUrl: hop.url, apiVersion: '2024-02-08', credentials, logger: collect });
        for (let i = 0; i < 20; i++) {
          await client.getStatuses({ kind: 'all' }).catch((e: Error) => seenTexts.push(e.message));
          await client.listSyncs().catch((e: Error) => seenTexts.push(e.message));
          await client.me().catch((e: Error) => seenTexts.push(e.message));
        }
        const id = server.syncIds()[0];
        await client.listExecutions(id).catch((e: Error) => seenTexts.push(e.message));
        await client.getStatuses({ kind: 'selected', syncIds: [id, 'missing'] }).catch((e: Error) => seenTexts.push(e.message));
      }
      for (const r of hop.requests) {
        seen.push(r.url);
        for (const [name, value] of Object.entries(r.headers)) {
          if (name === 'authorization') continue;
          for (const s of SECRETS) assert.ok(!String(value).includes(s), `key in header ${name}`);
        }
      }
      assert.ok(hop.requests.length >= 120);
      for (const url of seen) for (const s of SECRETS) assert.ok(!url.includes(s), `key in URL ${url}`);
    } finally {
      await hop.stop();
      await server.stop();
    }
  });

  it('no credential goes over plain http to a non-loopback host: refused before any connection (a proxy would have seen it)', async () => {
    const proxy = await startRawServer((_req, res) => res.end('{}'));
    const saved = { HTTP_PROXY: process.env.HTTP_PROXY, http_proxy: process.env.http_proxy, NO_PROXY: process.env.NO_PROXY, no_proxy: process.env.no_proxy };
    process.env.HTTP_PROXY = process.env.http_proxy = proxy.url;
    delete process.env.NO_PROXY;
    delete process.env.no_proxy;
    try {
      for (const baseUrl of ['http://app.polytomic.com', 'http://10.0.0.5:8080', 'http://polytomic.internal.example/api-prefix', 'http://[2001:db8::1]']) {
        const client = new PolytomicClient({ baseUrl, apiVersion: '2024-02-08', credentials: { kind: 'apiKey', apiKey: DEMO_API_KEY }, logger: collect });
        const err = await failure(client.getStatuses({ kind: 'all' }));
        assert.equal(err.kind, 'insecure', err.message);
        assert.match(err.message, /plain http/);
        const logErr = await failure(client.fetchLogText('http://logs.example.com/x?X-Amz-Signature=abc'));
        assert.equal(logErr.kind, 'insecure');
        assert.ok(!logErr.message.includes('X-Amz-Signature'), 'a signed link is a secret too');
      }
      assert.equal(proxy.requests.length, 0, 'nothing was sent');
    } finally {
      for (const [k, v] of Object.entries(saved)) {
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
      }
      await proxy.stop();
    }
  });

  it('a redirect to another host is not followed: the key never reaches it', async () => {
    const other: RawServer = await startRawServer((_req, res) => res.end('{"data":[]}'));
    const otherHost = other.url.replace('127.0.0.1', 'localhost');
    const redirecting = await startRawServer((req, res) => {
      res.writeHead(307, { Location: `${otherHost}${req.url}` });
      res.end();
    });
    try {
      const client = new PolytomicClient({ baseUrl: redirecting.url, apiVersion: '2024-02-08', credentials: { kind: 'apiKey', apiKey: DEMO_API_KEY }, logger: collect });
      for (const call of [() => client.getStatuses({ kind: 'all' }), () => client.listSyncs(), () => client.me(), () => client.fetchLogText(`${redirecting.url}/log`)]) {
        const err = await failure(call());
        assert.match(err.message, /redirect/i);
      }
      assert.equal(other.requests.length, 0, 'the other host got nothing');
      assert.ok(redirecting.requests.length >= 4);
      assert.ok(!('authorization' in redirecting.requests[3].headers), 'log links are fetched without the key');
    } finally {
      await other.stop();
      await redirecting.stop();
    }
  });

  it('server text with Markdown links, command: URIs and HTML is inert in every tooltip', () => {
    const nasty = fc.oneof(
      fc.constantFrom(
        '[Fix it](command:polytomic.signOut)',
        '[x](command:workbench.action.terminal.sendSequence?%7B%22text%22%3A%22rm%22%7D)',
        '<img src=x onerror=alert(1)>',
        '<a href="https://evil.example">click</a>',
        '![p](https://evil.example/p.png)',
        'https://evil.example/path',
        'www.evil.example',
        'mail me: a@evil.example',
        '<script>alert(1)</script>',
        '`code` ``x``',
        '# heading\n- list\n> quote',
        '[ref]: https://evil.example\n[ref]',
        '<https://evil.example>',
        '&lt;img src=x&gt;',
        '\u202eevil\u200b',
      ),
      fc.string({ maxLength: 40 }),
    );
    const text = fc.array(nasty, { minLength: 1, maxLength: 3 }).map((parts) => parts.join(' '));
    fc.assert(
      fc.property(text, text, text, text, fc.constantFrom('failed', 'running', 'completed', 'reticulating'), (syncName, schemaName, message, errorMessage, status) => {
        const snapshot: Snapshot = buildSnapshot(
          [{ syncId: `id ${syncName}`, status, schemas: [{ schema: schemaName, status, statusMessage: message, executionId: message, recordCount: 1 }] }],
          new Map([[`id ${syncName}`, { id: `id ${syncName}`, name: syncName }]]),
          Date.UTC(2025, 0, 1),
        );
        const tips: string[] = [];
        for (const node of buildTreeModel(snapshot, Date.UTC(2025, 0, 1))) tips.push(tooltipMarkdown(node), ...node.children.map((c) => tooltipMarkdown(c)));
        tips.push(statusBarModel({ auth: 'signedIn', loading: false, snapshot, lastError: { kind: 'server', message: errorMessage, at: 0 } }, Date.UTC(2025, 0, 1), 30_000).tooltipMarkdown);
        for (const tip of tips) {
          assert.deepEqual(unsafeTags(tip), [], tip);
          const html = md.render(tip);
          assert.ok(!/<(a|img|script|iframe)\b|<[^>]*\b(href|src|on\w+)=/i.test(html), html);
        }
      }),
      { numRuns: 1500, seed: 5 },
    );
  });
});

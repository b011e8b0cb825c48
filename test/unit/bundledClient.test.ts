import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import * as os from 'node:os';
import * as path from 'node:path';
import { gzipSync } from 'node:zlib';
import * as esbuild from 'esbuild';
import type { Credentials } from '../../src/core/api/contract';
import type { PolytomicClient as Client, PolytomicClientOptions } from '../../src/core/api/client';
import type { ApiError } from '../../src/core/api/errors';
import type { HttpAdapter, HttpRequest } from '../../src/core/api/httpLoader';
import { DEMO_API_KEY, startApiServer, type RunningApiServer } from '../../server';
import { MemoryLogger, secret } from './helpers/logger';

// The other client tests run axios from node_modules; this one runs the API client as esbuild.js
// bundles it (axios's http adapter only, its unused parts replaced by stand-ins), so a stand-in
// that a request does need, or a proxy setting the adapter no longer honours, shows up here.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { bundlePlugins, define } = require('../../esbuild.js') as { bundlePlugins: esbuild.Plugin[]; define: Record<string, string> };
const root = path.resolve(__dirname, '../..');

interface Bundled {
  PolytomicClient: new (options: PolytomicClientOptions) => Client;
  loadHttp(): Promise<HttpAdapter>;
}

async function bundle(dir: string, contents: string, resolveDir = root): Promise<string> {
  const outfile = path.join(dir, 'bundle.js');
  await esbuild.build({
    stdin: { contents, resolveDir, loader: 'ts', sourcefile: 'entry.ts' },
    bundle: true,
    format: 'cjs',
    platform: 'node',
    target: 'node20',
    outfile,
    define,
    minify: true,
    logLevel: 'silent',
    plugins: bundlePlugins,
  });
  return outfile;
}

describe('The API client as bundled (esbuild.js stand-ins)', function () {
  this.timeout(60_000);
  let server: RunningApiServer;
  let dir: string;
  let bundled: Bundled;
  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'polytomic-bundle-test-'));
    const file = await bundle(dir, "export { PolytomicClient } from './src/core/api/client'; export { loadHttp } from './src/core/api/httpLoader';");
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    bundled = require(file) as Bundled;
    server = await startApiServer({ port: 0, clock: 'manual', seed: 7, syncs: 8, schemas: 5 });
  });
  after(async () => {
    await server?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('reads the organisation, its syncs and their statuses, and starts a run, over HTTP', async () => {
    const credentials: Credentials = { kind: 'apiKey', apiKey: secret(DEMO_API_KEY) };
    const client = new bundled.PolytomicClient({ baseUrl: server.url, apiVersion: '2024-02-08', credentials, logger: new MemoryLogger() });
    assert.equal((await client.me()).organizationName, 'Acme Analytics (demo)');
    assert.deepEqual((await client.listSyncs()).map((s) => s.id).sort(), server.syncIds().slice().sort());
    const statuses = await client.getStatuses({ kind: 'all' });
    assert.deepEqual(statuses.map((s) => s.syncId).sort(), server.syncIds().slice().sort());
    const idle = statuses.find((s) => ['completed', 'failed', 'errors', 'canceled'].includes(s.status ?? ''));
    assert.ok(idle, 'a sync with nothing running');
    const syncId = idle.syncId;
    const run = await client.startExecution(syncId, {}, 'bundled-client-test-1');
    assert.ok(run.id, 'the started execution has an id');
    assert.equal((await client.getExecution(syncId, run.id)).id, run.id);
  });

  it('refuses, with a clear error, what the stand-ins and the http adapter cuts replace (data: URLs, params, progress, HTTP/2, redirects, form bodies, lookup, Unix sockets, buffered bodies)', async () => {
    const request = await bundled.loadHttp();
    const base: HttpRequest = { url: `${server.url}/api/me`, method: 'GET', headers: {}, timeout: 5_000, signal: new AbortController().signal, maxRedirects: 0, proxy: false, responseType: 'stream', validateStatus: () => true, decompress: true };
    // options our requests never set (HttpRequest leaves them out), as a future caller might pass them
    const send = (extra: Record<string, unknown>) => request({ ...base, ...extra } as HttpRequest);
    await assert.rejects(send({ url: 'data:text/plain,hello' }), /axios data: URLs is not bundled/);
    await assert.rejects(send({ params: { a: 1 } }), /axios params serialisation .* is not bundled/);
    await assert.rejects(send({ onDownloadProgress: () => undefined }), /axios progress and maxRate support is not bundled/);
    await assert.rejects(send({ httpVersion: 2 }), /axios HTTP\/2 .* is not bundled/);
    await assert.rejects(send({ maxRedirects: 5 }), /axios redirects \(maxRedirects must be 0\) is not bundled/);
    await assert.rejects(send({ method: 'POST', data: new Blob(['a']) }), /axios FormData, Blob and File bodies is not bundled/);
    await assert.rejects(send({ lookup: () => undefined }), /axios a custom DNS lookup .* is not bundled/);
    await assert.rejects(send({ socketPath: '/tmp/polytomic.sock' }), /axios Unix sockets .* is not bundled/);
    await assert.rejects(send({ responseType: 'arraybuffer' }), /axios bodies not read as a stream .* is not bundled/);
    await assert.rejects(send({ maxContentLength: 1_000 }), /axios bodies not read as a stream .*maxContentLength is not bundled/);
    await assert.rejects(send({ method: 'POST', data: Readable.from(['{}']) }), /axios request bodies as streams is not bundled/);
    // without axios's request transforms, an object is not serialised for the caller
    await assert.rejects(send({ method: 'POST', data: { a: 1 } }), /Data after transformation must be a string/);
    const answered = await request<Readable>(base);
    answered.data.destroy();
    assert.equal(answered.status, 401, 'the same request as sent: answered');
  });

  it('decompresses a large gzip body whole, in chunks larger than zlib\'s 16 KB default (scripts/axiosStandIns.js says why)', async () => {
    const body = Buffer.from(JSON.stringify({ data: Array.from({ length: 20_000 }, (_, i) => ({ sync_id: `s-${i}`, status: i % 3 ? 'completed' : 'running' })) }));
    const gzipped = gzipSync(body);
    const zipServer = http.createServer((_req, res) => res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Encoding': 'gzip' }).end(gzipped));
    await new Promise<void>((resolve) => zipServer.listen(0, '127.0.0.1', resolve));
    try {
      const request = await bundled.loadHttp();
      const url = `http://127.0.0.1:${(zipServer.address() as AddressInfo).port}/`;
      const answered = await request<Readable>({ url, method: 'GET', headers: {}, timeout: 5_000, signal: new AbortController().signal, maxRedirects: 0, proxy: false, responseType: 'stream', validateStatus: () => true, decompress: true });
      const chunks: Buffer[] = [];
      for await (const chunk of answered.data) chunks.push(chunk as Buffer);
      assert.ok(Buffer.concat(chunks).equals(body), `the body as sent (${body.length} bytes, ${gzipped.length} gzipped)`);
      const largest = Math.max(...chunks.map((c) => c.length));
      assert.ok(largest > 16 * 1024, `largest decompressed chunk ${largest} bytes`);
    } finally {
      await new Promise<void>((resolve) => zipServer.close(() => resolve()));
    }
  });

  it('fails the build when a replaced axios file is not the one the stand-in was written for, or when axios itself is imported', async () => {
    const fake = path.join(dir, 'fake', 'axios', 'lib', 'helpers');
    fs.mkdirSync(fake, { recursive: true });
    fs.writeFileSync(path.join(fake, 'fromDataURI.js'), 'export default function fromDataURI() { return "a new version"; }\n');
    await assert.rejects(bundle(dir, "export { default } from './fake/axios/lib/helpers/fromDataURI.js';", dir), /fromDataURI\.js changed .* review its stand-in/);
    fs.mkdirSync(path.join(dir, 'fake', 'axios', 'lib', 'adapters'));
    fs.writeFileSync(path.join(dir, 'fake', 'axios', 'lib', 'adapters', 'http.js'), 'export default function http(config) { return config.maxRate; }\n');
    await assert.rejects(bundle(dir, "export { default } from './fake/axios/lib/adapters/http.js';", dir), /http\.js changed .* review the options src\/core\/api\/httpLoader\.ts passes it/);
    await assert.rejects(bundle(dir, "import axios from 'axios'; export const get = axios.get;"), /axios's main entry .* is not bundled; send requests through src\/core\/api\/httpLoader\.ts/);
  });

  it("cuts axios's utils to the helpers the bundled files use, and fails the build when a bundled file uses another or one is gone", async () => {
    const lib = path.join(dir, 'cut', 'axios', 'lib');
    fs.mkdirSync(path.join(lib, 'helpers'), { recursive: true });
    const utils = fs.readFileSync(path.join(root, 'node_modules', 'axios', 'lib', 'utils.js'), 'utf8');
    fs.writeFileSync(path.join(lib, 'utils.js'), utils);
    fs.copyFileSync(path.join(root, 'node_modules', 'axios', 'lib', 'helpers', 'bind.js'), path.join(lib, 'helpers', 'bind.js'));
    fs.writeFileSync(path.join(lib, 'helpers', 'uses.js'), "import utils from '../utils.js';\nexport default (value) => [utils.isString(value), utils.merge({}, { value })];\n");
    await assert.rejects(bundle(dir, "export { default } from './cut/axios/lib/helpers/uses.js';", dir), /helpers[\\/]uses\.js uses utils\.merge, which the bundle's cut utils\.js leaves out/);
    fs.writeFileSync(path.join(lib, 'helpers', 'uses.js'), "import utils from '../utils.js';\nexport default (value) => utils.isString(value);\n");
    const ok = await bundle(dir, "export { default } from './cut/axios/lib/helpers/uses.js';", dir);
    const text = fs.readFileSync(ok, 'utf8');
    assert.ok(!text.includes('toFlatObject') && !text.includes('isHTMLForm'), 'helpers no bundled file uses are not in the bundle');
    fs.writeFileSync(path.join(lib, 'utils.js'), utils.replace('\n  asap,\n', '\n'));
    await assert.rejects(bundle(dir, "export { default } from './cut/axios/lib/helpers/uses.js';", dir), /utils\.js no longer exports asap/);
  });

  describe('behind a proxy (https_proxy, http_proxy)', () => {
    const names = ['HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy', 'NO_PROXY', 'no_proxy'];
    let saved: Record<string, string | undefined>;
    let proxy: http.Server;
    let proxyUrl: string;
    const seen: Array<{ method: string; url: string; headers: http.IncomingHttpHeaders }> = [];
    beforeEach(async () => {
      saved = Object.fromEntries(names.map((n) => [n, process.env[n]]));
      for (const n of names) delete process.env[n];
      seen.length = 0;
      // A real proxy on 127.0.0.1 that records what reaches it and refuses to go further.
      proxy = http.createServer((req, res) => {
        seen.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers });
        res.writeHead(502).end();
      });
      proxy.on('connect', (req: http.IncomingMessage, socket: import('node:net').Socket) => {
        seen.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers });
        socket.end('HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\n\r\n');
      });
      await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
      proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
    });
    afterEach(async () => {
      for (const n of names) {
        if (saved[n] === undefined) delete process.env[n];
        else process.env[n] = saved[n];
      }
      proxy.closeAllConnections();
      await new Promise<void>((resolve) => proxy.close(() => resolve()));
    });

    it('an https API is reached through the proxy by a CONNECT tunnel: the proxy sees the host, never the key', async () => {
      process.env.HTTPS_PROXY = proxyUrl;
      const apiKey = secret(DEMO_API_KEY);
      const client = new bundled.PolytomicClient({ baseUrl: 'https://polytomic.proxied.example', apiVersion: '2024-02-08', credentials: { kind: 'apiKey', apiKey }, logger: new MemoryLogger() });
      const err = (await client.me().then(
        () => assert.fail('the proxy refused the tunnel'),
        (e: unknown) => e,
      )) as ApiError;
      assert.equal(err.name, 'ApiError', String(err));
      assert.deepEqual(
        seen.map((r) => `${r.method} ${r.url}`),
        ['CONNECT polytomic.proxied.example:443'],
      );
      assert.ok(!JSON.stringify(seen[0].headers).includes(apiKey), 'the CONNECT request carries no key');
    });

    it('a loopback API is reached directly, never through the proxy (a proxy would see its plain-http key)', async () => {
      process.env.HTTP_PROXY = process.env.HTTPS_PROXY = proxyUrl;
      const client = new bundled.PolytomicClient({ baseUrl: server.url, apiVersion: '2024-02-08', credentials: { kind: 'apiKey', apiKey: secret(DEMO_API_KEY) }, logger: new MemoryLogger() });
      assert.equal((await client.me()).organizationName, 'Acme Analytics (demo)');
      assert.deepEqual(seen, [], 'nothing reached the proxy');
    });
  });
});

import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as esbuild from 'esbuild';
import type { AxiosStatic } from 'axios';
import type { Credentials } from '../../src/core/api/contract';
import type { PolytomicClient as Client, PolytomicClientOptions } from '../../src/core/api/client';
import { DEMO_API_KEY, startApiServer, type RunningApiServer } from '../../server';
import { MemoryLogger, secret } from './helpers/logger';

// The other client tests run axios from node_modules; this one runs the API client as esbuild.js
// bundles it, with axios's unused parts replaced by stand-ins, so a stand-in that a request does
// need shows up here as a failed request.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { bundlePlugins, define } = require('../../esbuild.js') as { bundlePlugins: esbuild.Plugin[]; define: Record<string, string> };
const root = path.resolve(__dirname, '../..');

interface Bundled {
  PolytomicClient: new (options: PolytomicClientOptions) => Client;
  loadAxios(): Promise<AxiosStatic>;
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
    const file = await bundle(dir, "export { PolytomicClient } from './src/core/api/client'; export { loadAxios } from './src/core/api/httpLoader';");
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

  it('refuses, with a clear error, what the stand-ins replace (form data, data: URLs, params, progress, HttpStatusCode, CancelToken)', async () => {
    const axios = await bundled.loadAxios();
    assert.throws(() => axios.toFormData({ a: 1 }), /axios toFormData .* is not bundled/);
    assert.throws(() => axios.HttpStatusCode.Ok, /axios HttpStatusCode is not bundled/);
    assert.throws(() => axios.CancelToken.source(), /axios CancelToken .* is not bundled/);
    await assert.rejects(axios.get('data:text/plain,hello'), /axios fromDataURI .* is not bundled/);
    await assert.rejects(axios.get(`${server.url}/api/me`, { maxRedirects: 0, params: { a: 1 } }), /axios params serialisation .* is not bundled/);
    await assert.rejects(axios.get(`${server.url}/api/me`, { maxRedirects: 0, onDownloadProgress: () => undefined }), /axios progress and maxRate support is not bundled/);
  });

  it('fails the build when a replaced axios file is not the one the stand-in was written for', async () => {
    const fake = path.join(dir, 'fake', 'axios', 'lib', 'helpers');
    fs.mkdirSync(fake, { recursive: true });
    fs.writeFileSync(path.join(fake, 'fromDataURI.js'), 'export default function fromDataURI() { return "a new version"; }\n');
    await assert.rejects(bundle(dir, "export { default } from './fake/axios/lib/helpers/fromDataURI.js';", dir), /fromDataURI\.js changed .* review its stand-in/);
    fs.mkdirSync(path.join(dir, 'fake', 'axios', 'lib', 'adapters'));
    fs.writeFileSync(path.join(dir, 'fake', 'axios', 'lib', 'adapters', 'http.js'), 'export default function http(config) { return config.maxRate; }\n');
    await assert.rejects(bundle(dir, "export { default } from './fake/axios/lib/adapters/http.js';", dir), /http\.js: the maxRate line changed/);
  });
});

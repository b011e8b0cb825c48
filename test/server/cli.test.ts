import assert from 'node:assert/strict';
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import path from 'node:path';
import { DEMO_API_KEY, DEMO_DEPLOYMENT_KEY, DEMO_ORGANIZATION_ID } from '../../server/index';
import { call } from './helpers';

const ROOT = path.resolve(__dirname, '../..');
const TSX = path.join(ROOT, 'node_modules', '.bin', 'tsx');

interface Started {
  child: ChildProcessWithoutNullStreams;
  url: string;
  output: () => string;
}

function startCli(args: string[]): Promise<Started> {
  const child = spawn(TSX, ['server/cli.ts', ...args], { cwd: ROOT, stdio: ['pipe', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      // A server that started too slowly must not outlive the test (it would keep mocha running).
      child.kill('SIGKILL');
      reject(new Error(`no URL within 15 s: ${out} ${err}`));
    }, 15_000);
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString('utf8');
      const firstLine = out.split('\n')[0];
      const m = /(http:\/\/127\.0\.0\.1:\d+)/.exec(firstLine);
      if (m && out.includes('\n')) {
        clearTimeout(timer);
        resolve({ child, url: m[1], output: () => out });
      }
    });
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString('utf8')));
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`exited with ${code}: ${err}`));
    });
  });
}

function exitOf(child: ChildProcessWithoutNullStreams): Promise<number | null> {
  return new Promise((resolve) => child.on('exit', (code) => resolve(code)));
}

describe('api server: command line', function () {
  this.timeout(30_000);

  it('prints the URL first, then the demo keys, serves, and stops on SIGTERM', async () => {
    const { child, url, output } = await startCli(['--port', '0', '--syncs', '3', '--seed', '5', '--log-requests']);
    try {
      assert.match(output().split('\n')[0], /^Polytomic API server listening on http:\/\/127\.0\.0\.1:\d+$/);
      await new Promise((r) => setTimeout(r, 50));
      for (const key of [DEMO_API_KEY, DEMO_ORGANIZATION_ID, DEMO_DEPLOYMENT_KEY]) assert.ok(output().includes(key), key);
      const res = await call({ url }, '/api/bulk/syncs/status?all=true');
      assert.equal(res.status, 200);
      assert.equal(res.json.data.length, 3);
      await new Promise((r) => setTimeout(r, 100));
      assert.match(output(), /GET \/api\/bulk\/syncs\/status 200 \d+ms/, 'one line per request');
      assert.ok(!output().includes('all=true'), 'no query strings in the request log');
      assert.equal(output().split(DEMO_API_KEY).length, 2, 'the key is printed once at start, never per request');
    } finally {
      const exited = exitOf(child);
      child.kill('SIGTERM');
      assert.equal(await exited, 0);
    }
    await assert.rejects(fetch(`${url}/api/me`));
  });

  it('takes fault flags, keys and --legacy-list-pages, and stops on SIGINT', async () => {
    const { child, url } = await startCli(['--syncs=51', '--api-key', 'pt_cli_key', '--rate-limit-rate', '1', '--retry-after', '4', '--legacy-list-pages']);
    try {
      const res = await call({ url }, '/api/me', { auth: { header: 'Bearer pt_cli_key' } });
      assert.equal(res.status, 429);
      assert.equal(res.headers.get('retry-after'), '4');
      const state = await call({ url }, '/__control/faults', { auth: 'none', version: null });
      assert.deepEqual(state.json.rateLimit, { rate: 1, retryAfterSeconds: 4 });
      await call({ url }, '/__control/faults', { method: 'DELETE', auth: 'none', version: null });
      assert.equal((await call({ url }, '/api/me', { auth: { header: 'Bearer pt_cli_key' } })).status, 200);
      assert.equal((await call({ url }, '/api/me')).status, 401, 'the demo key is not accepted any more');
      const list = await call({ url }, '/api/bulk/syncs', { auth: { header: 'Bearer pt_cli_key' }, version: '2024-02-08' });
      assert.equal(list.json.data.length, 50, '2024-02-08 pages of 50 with --legacy-list-pages');
      assert.ok(list.json.pagination.next_page_token);
    } finally {
      const exited = exitOf(child);
      child.kill('SIGINT');
      assert.equal(await exited, 0);
    }
  });

  it('--parent-pid: exits when the named parent process is gone', async () => {
    const parent = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)']);
    const { child } = await startCli(['--syncs', '1', '--parent-pid', String(parent.pid)]);
    const exited = exitOf(child);
    parent.kill('SIGKILL');
    assert.equal(await exited, 0);
  });

  it('rejects an unknown flag with a message and exit code 2', async () => {
    const child = spawn(TSX, ['server/cli.ts', '--bogus'], { cwd: ROOT });
    let err = '';
    child.stderr.on('data', (c: Buffer) => (err += c.toString('utf8')));
    assert.equal(await exitOf(child as ChildProcessWithoutNullStreams), 2);
    assert.match(err, /unknown option --bogus/);
  });
});

/**
 * The local API server in a child process, so that process.cpuUsage() here counts the
 * extension's side only (producing and gzipping an 8 MB body is the server's work, not ours).
 * Manual clock, moved by POST /__control/clock/advance.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import * as path from 'node:path';
import { DEMO_API_KEY } from '../server/index';

export interface ChildServer {
  url: string;
  advance(ms: number): Promise<void>;
  /** GET a path with the key, uncompressed; the body as a string */
  get(pathAndQuery: string): Promise<string>;
  stop(): Promise<void>;
}

export async function startChildServer(options: { syncs: number; schemas: number; startTime: number; scheduleMix?: 'demo' | 'typical' }): Promise<ChildServer> {
  const cli = path.join(__dirname, '..', 'server', 'cli.ts');
  const args = ['--import', 'tsx', cli, '--port', '0', '--clock', 'manual', '--start-time', String(options.startTime), '--syncs', String(options.syncs), '--schemas', String(options.schemas), '--schedule-mix', options.scheduleMix ?? 'typical', '--parent-pid', String(process.pid)];
  const child: ChildProcess = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString('utf8');
      const m = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (m) resolve(m[1]);
    });
    child.once('exit', (code) => reject(new Error(`api server exited (${code})`)));
  });
  const headers = { Authorization: `Bearer ${DEMO_API_KEY}`, 'X-Polytomic-Version': '2024-02-08', 'Accept-Encoding': 'identity' };
  return {
    url,
    advance: async (ms) => {
      if (ms <= 0) return;
      const res = await fetch(`${url}/__control/clock/advance`, { method: 'POST', body: JSON.stringify({ ms }), headers: { 'Content-Type': 'application/json' } });
      if (res.status !== 200) throw new Error(`advance: ${res.status}`);
      await res.arrayBuffer();
    },
    get: async (pathAndQuery) => {
      const res = await fetch(url + pathAndQuery, { headers });
      if (res.status !== 200) throw new Error(`${pathAndQuery.slice(0, 40)}: ${res.status}`);
      return res.text();
    },
    stop: () =>
      new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

/**
 * The local API server in a child process, so that process.cpuUsage() here counts the
 * extension's side only (producing and gzipping an 8 MB body is the server's work, not ours).
 * Manual clock, moved by POST /__control/clock/advance.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import * as http from 'node:http';
import * as path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { DEMO_API_KEY } from '../server/index';

export interface ChildServer {
  url: string;
  advance(ms: number): Promise<void>;
  /** GET a path with the key, uncompressed; the body as a string */
  get(pathAndQuery: string): Promise<string>;
  /**
   * The least a client can do for a JSON answer: GET with the key and gzip through `agent` (keep it
   * alive), gunzip, decode, JSON.parse; nothing checked. The floor under the extension's poll.
   */
  bareJson(pathAndQuery: string, agent: http.Agent): Promise<unknown>;
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
      const res = await request(`${url}/__control/clock/advance`, 'POST', { 'Content-Type': 'application/json' }, JSON.stringify({ ms }));
      if (res.status !== 200) throw new Error(`advance: ${res.status}`);
    },
    get: async (pathAndQuery) => {
      const res = await request(url + pathAndQuery, 'GET', headers);
      if (res.status !== 200) throw new Error(`${pathAndQuery.slice(0, 40)}: ${res.status}`);
      return res.body;
    },
    bareJson: (pathAndQuery, agent) =>
      new Promise((resolve, reject) => {
        const req = http.get(url + pathAndQuery, { agent, headers: { ...headers, 'Accept-Encoding': 'gzip' } }, (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () => {
            const body = Buffer.concat(chunks);
            resolve(JSON.parse((res.headers['content-encoding'] === 'gzip' ? gunzipSync(body) : body).toString('utf8')));
          });
          res.on('error', reject);
        });
        req.on('error', reject);
      }),
    stop: () =>
      new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

/**
 * One request on a fresh connection. fetch keeps sockets alive, and the server closes one idle
 * for 5 s (Node's keepAliveTimeout): after a long pause (the JSON.parse reference, each rep after a
 * full GC) the next request raced the close and failed with "other side closed".
 */
function request(url: string, method: string, headers: Record<string, string>, body?: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method, headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

/**
 * `npm start`: the extension against the local Polytomic-compatible server's lively demo
 * organization, with nothing to set up.
 *   1. builds the extension
 *   2. starts the API server (real clock, DEMO_SPEED times faster, default 20: runs start, progress and fail while you watch)
 *   3. opens VS Code on it, credentials passed through the environment (POLYTOMIC_API_KEY,
 *      POLYTOMIC_DEPLOYMENT_URL), so the tree fills at once:
 *      - desktop VS Code (`code --extensionDevelopmentPath`) when `code` is on the PATH
 *        (DEMO_HOST=code-server forces the browser route),
 *      - otherwise code-server on 127.0.0.1 with the packaged .vsix installed; open the printed address.
 * Ctrl+C stops all of it. DEMO_PORT picks code-server's port (default 8080, or any free one).
 * VS Code runs with its own user-data folder under .vscode-test/, so your own settings and stored
 * Polytomic key are neither used nor touched.
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DEMO_API_KEY, startApiServer, type RunningApiServer } from '../server';
import { cacheRoot, installVsix, makeWorkspace, repoRoot, startCodeServer, type RunningCodeServer } from './codeServer';
import { ensureCodeServer } from './codeServerInstall';

const demoDir = path.join(cacheRoot, 'demo');
const cleanups: Array<() => Promise<void> | void> = [];
let stopping = false;

function say(message: string): void {
  console.log(`[demo] ${message}`);
}

function onPath(command: string): boolean {
  return spawnSync(process.platform === 'win32' ? 'where' : 'which', [command], { stdio: 'ignore' }).status === 0;
}

async function stopAll(code: number): Promise<never> {
  if (!stopping) {
    stopping = true;
    say('stopping…');
    for (const cleanup of cleanups.reverse()) {
      try {
        await cleanup();
      } catch (e) {
        console.error('[demo]', e);
      }
    }
  }
  process.exit(code);
}

/** Processes whose command line holds `marker` (our own VS Code, found by its unique user-data folder). */
function pidsWith(marker: string): number[] {
  if (process.platform === 'win32') return [];
  const ps = spawnSync('ps', ['-axo', 'pid=,command='], { encoding: 'utf8' });
  return (ps.stdout ?? '')
    .split('\n')
    .filter((line) => line.includes(marker))
    .map((line) => Number.parseInt(line.trim(), 10))
    .filter((pid) => Number.isInteger(pid) && pid !== process.pid);
}

async function openDesktop(api: RunningApiServer, workspace: string): Promise<void> {
  const userDataDir = path.join(demoDir, 'desktop-user-data');
  const args = [
    '--new-window',
    `--extensionDevelopmentPath=${repoRoot}`,
    '--user-data-dir', userDataDir,
    '--extensions-dir', path.join(demoDir, 'desktop-extensions'),
    '--disable-workspace-trust',
    '--wait',
    workspace,
  ];
  const code = spawn('code', args, { stdio: 'inherit', env: demoEnv(api) });
  cleanups.push(() => {
    // `code` hands the window to a separate Electron process: stop every process of this demo's profile.
    for (const pid of pidsWith(userDataDir)) {
      try {
        process.kill(pid, 'SIGTERM');
      } catch {
        // already gone
      }
    }
  });
  say('opened desktop VS Code (Extension Development Host). Close the window or press Ctrl+C to stop.');
  code.once('exit', () => void stopAll(0));
}

async function openCodeServer(api: RunningApiServer, workspace: string): Promise<void> {
  const install = ensureCodeServer();
  say('packaging the extension (.vsix) for code-server');
  execFileSync('npm', ['run', '--silent', 'package'], { cwd: repoRoot, stdio: ['ignore', 'ignore', 'inherit'] });
  const runDir = path.join(demoDir, 'code-server');
  fs.rmSync(path.join(runDir, 'ext'), { recursive: true, force: true });
  fs.mkdirSync(path.join(runDir, 'ud', 'User'), { recursive: true });
  installVsix(install, runDir, path.join(repoRoot, 'dist', 'polytomic-bulk-syncs.vsix'));
  const settingsFile = path.join(runDir, 'ud', 'User', 'settings.json');
  if (!fs.existsSync(settingsFile)) {
    fs.writeFileSync(
      settingsFile,
      JSON.stringify({ 'workbench.startupEditor': 'none', 'git.openRepositoryInParentFolders': 'never', 'telemetry.telemetryLevel': 'off' }, null, 2),
    );
  }
  const wanted = process.env.DEMO_PORT ? Number(process.env.DEMO_PORT) : 8080;
  let server: RunningCodeServer;
  try {
    server = await startCodeServer({ install, workspace, runDir, port: wanted, env: demoEnv(api) });
  } catch (e) {
    if (process.env.DEMO_PORT) throw e;
    say(`port ${wanted} is taken; using a free one`);
    server = await startCodeServer({ install, workspace, runDir, port: 0, env: demoEnv(api) });
  }
  cleanups.push(() => server.stop());
  console.log('');
  say(`VS Code (code-server ${install.version}) is ready. Open in your browser:`);
  console.log(`\n    ${server.url}/?folder=${encodeURIComponent(workspace)}\n`);
  say('then click the Polytomic icon in the activity bar. Ctrl+C stops everything.');
}

function demoEnv(api: RunningApiServer): Record<string, string> {
  return { POLYTOMIC_API_KEY: DEMO_API_KEY, POLYTOMIC_DEPLOYMENT_URL: api.url };
}

async function main(): Promise<void> {
  process.on('SIGINT', () => void stopAll(0));
  process.on('SIGTERM', () => void stopAll(0));
  say('building the extension');
  execFileSync(process.execPath, [path.join(repoRoot, 'esbuild.js')], { cwd: repoRoot, stdio: 'inherit' });
  const speed = Number(process.env.DEMO_SPEED ?? 20);
  const api = await startApiServer({ port: 0, speed, anomalies: ['volume', 'slow'] });
  cleanups.push(() => api.stop());
  say(`local Polytomic-compatible API server: ${api.url} (demo organization, time runs ${speed}x)`);
  // A short interval keeps the demo lively: with time at 20x, 5 s is under 2 simulated minutes.
  const workspace = makeWorkspace(demoDir, { 'polytomic.refreshInterval': 5 });
  const host = process.env.DEMO_HOST ?? (onPath('code') ? 'desktop' : 'code-server');
  if (host === 'desktop') await openDesktop(api, workspace);
  else await openCodeServer(api, workspace);
}

main().catch((e) => {
  console.error('[demo]', e instanceof Error ? e.message : e);
  void stopAll(1);
});

/**
 * A real VS Code for tests and the demo on machines that reach only the npm registry:
 * code-server (Coder's build of VS Code's server + web workbench; installed by
 * ./codeServerInstall.ts) started in a per-run folder, and Debian's Chromium driven by playwright-core.
 * The traps behind each step are written up in docs/vscode-test-host.md.
 */
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Browser } from 'playwright-core';
import type { InstalledCodeServer } from './codeServerInstall';

export const repoRoot = path.resolve(__dirname, '..');
export const cacheRoot = path.join(repoRoot, '.vscode-test');

export interface RunningCodeServer {
  url: string;
  port: number;
  /** per-run folder: user data, extensions, XDG dirs, log */
  runDir: string;
  userDataDir: string;
  extensionsDir: string;
  logFile: string;
  stop(): Promise<void>;
}

export interface StartOptions {
  install: InstalledCodeServer;
  /** folder opened in the workbench */
  workspace: string;
  /** reuse a run folder (e.g. one an extension was installed into); default: a fresh one */
  runDir?: string;
  /** 0 = any free port */
  port?: number;
  /** added to the environment code-server (and so the extension host) sees */
  env?: Record<string, string | undefined>;
  /** echo code-server's output to this process's stdout */
  verbose?: boolean;
  /** opened with an extension test `payload` (in-host runner): newer code-server needs the smoke-test
   *  driver for it, which also hides notification toasts, so only such runs turn it on */
  testPayload?: boolean;
}

export function newRunDir(label: string): string {
  const base = path.join(cacheRoot, 'runs');
  fs.mkdirSync(base, { recursive: true });
  return fs.mkdtempSync(path.join(base, `${label}-`));
}

function hostEnv(runDir: string, extra: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    EXTENSIONS_GALLERY: '{}', // no gallery lookups (there is no network)
    XDG_CONFIG_HOME: path.join(runDir, 'xdg'), // keep ~/.config/code-server untouched
    XDG_DATA_HOME: path.join(runDir, 'xdg', 'data'),
    XDG_CACHE_HOME: path.join(runDir, 'xdg', 'cache'),
  };
  // The user's own Polytomic credentials must never leak into a test run.
  for (const name of ['POLYTOMIC_API_KEY', 'POLYTOMIC_DEPLOYMENT_KEY', 'POLYTOMIC_ORGANIZATION_ID', 'POLYTOMIC_DEPLOYMENT_URL']) delete env[name];
  for (const [k, v] of Object.entries(extra)) {
    if (v === undefined) delete env[k];
    else env[k] = v;
  }
  return env;
}

/** Installs a packaged .vsix the way a user would (`--install-extension`). */
export function installVsix(install: InstalledCodeServer, runDir: string, vsix: string): void {
  execFileSync(
    install.node,
    [install.entry, '--user-data-dir', path.join(runDir, 'ud'), '--extensions-dir', path.join(runDir, 'ext'), '--install-extension', vsix],
    { env: hostEnv(runDir), stdio: ['ignore', 'pipe', 'inherit'] },
  );
}

export async function startCodeServer(options: StartOptions): Promise<RunningCodeServer> {
  const { install } = options;
  const runDir = options.runDir ?? newRunDir('cs');
  const userDataDir = path.join(runDir, 'ud');
  const extensionsDir = path.join(runDir, 'ext');
  const logFile = path.join(runDir, 'code-server.log');
  fs.mkdirSync(userDataDir, { recursive: true });
  const args = [
    install.entry,
    '--bind-addr', `127.0.0.1:${options.port ?? 0}`,
    '--auth', 'none',
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--disable-getting-started-override',
    '--user-data-dir', userDataDir,
    '--extensions-dir', extensionsDir,
  ];
  if (options.testPayload && install.smokeTestDriver) args.push('--vscode-option', 'enable-smoke-test-driver');
  args.push(options.workspace);
  const child: ChildProcess = spawn(install.node, args, { env: hostEnv(runDir, options.env), stdio: ['ignore', 'pipe', 'pipe'] });
  const logStream = fs.createWriteStream(logFile);
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`code-server did not start within 60 s; log: ${logFile}\n${output}`)), 60_000);
    const onData = (chunk: Buffer) => {
      const text = chunk.toString();
      logStream.write(text);
      if (options.verbose) process.stdout.write(text);
      output += text;
      const match = /HTTP server listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`code-server exited early (${code ?? signal}); log: ${logFile}\n${output}`));
    });
  });
  const port = Number(new URL(url).port);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let stopping: Promise<void> | undefined;
  return {
    url,
    port,
    runDir,
    userDataDir,
    extensionsDir,
    logFile,
    stop() {
      stopping ??= (async () => {
        if (child.exitCode === null && child.signalCode === null) {
          child.kill('SIGTERM');
          const killer = setTimeout(() => child.kill('SIGKILL'), 5000);
          await exited;
          clearTimeout(killer);
        }
        logStream.end();
      })();
      return stopping;
    },
  };
}

export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Debian's Chromium, headless, reaching nothing but 127.0.0.1. */
export async function launchChromium(): Promise<Browser> {
  if (!fs.existsSync(chromiumPath)) {
    throw new Error(`Chromium not found at ${chromiumPath}: run \`apt-get install -y chromium\` (or set CHROMIUM_PATH)`);
  }
  const { chromium } = await import('playwright-core');
  return chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1',
    ],
  });
}

/** A workspace folder for a run (the extension does not need any files in it). */
export function makeWorkspace(runDir: string, settings?: Record<string, unknown>): string {
  const workspace = path.join(runDir, 'workspace');
  fs.mkdirSync(path.join(workspace, '.vscode'), { recursive: true });
  if (settings) fs.writeFileSync(path.join(workspace, '.vscode', 'settings.json'), JSON.stringify(settings, null, 2));
  return workspace;
}

/** A run folder this old is finished (a whole `npm test` takes minutes), whoever started it. */
const FINISHED_RUN_AGE_MS = 60 * 60_000;

/** Run folders pile up; keep the last few for post-mortems. Only hour-old ones go: checkouts sharing
 *  this cache would otherwise delete a folder another's running code-server still uses. */
export function pruneRunDirs(keep = 6): void {
  const base = path.join(cacheRoot, 'runs');
  if (!fs.existsSync(base)) return;
  const dirs = fs
    .readdirSync(base)
    .map((name) => ({ full: path.join(base, name), mtime: fs.statSync(path.join(base, name)).mtimeMs }))
    .sort((a, b) => b.mtime - a.mtime);
  const now = Date.now();
  for (const dir of dirs.slice(keep)) {
    if (now - dir.mtime > FINISHED_RUN_AGE_MS) fs.rmSync(dir.full, { recursive: true, force: true });
  }
}

/**
 * Installing code-server (Coder's build of VS Code's server + web workbench) from npm into the
 * git-ignored .vscode-test/ folder, once per tested version, with the Node that version needs.
 * Only the npm registry is reachable: each step works around a download or a check that would
 * fail otherwise (written up in docs/vscode-test-host.md). Starting it is ./codeServer.ts.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { cacheRoot, repoRoot } from './codeServer';

interface HostVersion {
  /** npm spec of a Node to run it with; undefined = the Node running this script */
  node?: string;
  /** newer workbenches honour the `payload` URL parameter only with the smoke-test driver (see StartOptions.testPayload) */
  smokeTestDriver: boolean;
  /** the Dark Modern theme's id (1.139 renamed it, and rewrites a settings.json with the old one) */
  darkModernTheme: string;
}
/** 4.100.3 embeds VS Code 1.100.3, the oldest our engines.vscode (^1.100.0) allows. */
const hostVersions: Record<string, HostVersion> = {
  '4.100.3': { smokeTestDriver: false, darkModernTheme: 'Default Dark Modern' },
  '4.139.1': { node: 'node@24', smokeTestDriver: true, darkModernTheme: 'Dark Modern' },
};
export const defaultCodeServerVersion = process.env.CODE_SERVER_VERSION ?? '4.100.3';
/** `npm test` (and so CI) runs the in-host and browser suites on each: the oldest VS Code our engines allow, and the newest. */
export const testedCodeServerVersions = Object.keys(hostVersions);

export interface InstalledCodeServer {
  version: string;
  /** the Node executable that runs it */
  node: string;
  entry: string;
  smokeTestDriver: boolean;
  darkModernTheme: string;
}

function log(message: string): void {
  console.log(`[code-server] ${message}`);
}

/** `rg` for @vscode/ripgrep's postinstall, which would otherwise download it from GitHub. */
function seedRipgrepCache(tmpDir: string): void {
  const cacheDir = path.join(tmpDir, 'vscode-ripgrep-cache-1.15.11');
  const tarball = path.join(cacheDir, 'ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz');
  if (fs.existsSync(tarball)) return;
  fs.mkdirSync(cacheDir, { recursive: true });
  const work = fs.mkdtempSync(path.join(tmpDir, 'rg-'));
  const packed = execFileSync('npm', ['pack', '--silent', '@vscode/ripgrep-linux-x64@1.18.0'], { cwd: work, encoding: 'utf8' })
    .trim()
    .split('\n')
    .pop()!;
  execFileSync('tar', ['xzf', path.join(work, packed), '-C', work]);
  execFileSync('tar', ['czf', tarball, '-C', path.join(work, 'package', 'bin'), 'rg']);
  fs.rmSync(work, { recursive: true, force: true });
}

/**
 * The environment without what an outer `npm run` exported (npm_config_user_agent and friends):
 * the inner npm would take them as its own config, and code-server's postinstall reads the Node
 * version from npm_config_user_agent.
 */
function outerNpmStripped(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(env).filter(([name]) => !/^npm_/i.test(name)));
}

/** npm's own entry script, so it can be run by a chosen Node. */
function npmCli(): string {
  if (process.env.npm_execpath && /npm-cli\.js$/.test(process.env.npm_execpath)) return process.env.npm_execpath;
  const npm = execFileSync(process.platform === 'win32' ? 'where' : 'which', ['npm'], { encoding: 'utf8' }).trim().split('\n')[0];
  return path.join(path.dirname(fs.realpathSync(npm)), 'npm-cli.js');
}

/** `npm install` in `dir`, run by `node` (lifecycle scripts then see that Node as theirs). */
function npmInstall(dir: string, env: NodeJS.ProcessEnv, node = process.execPath): void {
  execFileSync(node, [npmCli(), 'install', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: dir, stdio: 'inherit', env });
}

/** Newer code-server needs a newer Node than the machine's: the `node` npm package provides one. */
function ensureNode(npmSpec: string): string {
  const dir = path.join(cacheRoot, npmSpec.replace('@', '-'));
  const node = path.join(dir, 'node_modules', 'node', 'bin', 'node');
  if (!fs.existsSync(node)) {
    log(`installing ${npmSpec} into ${path.relative(repoRoot, dir)}`);
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ private: true, dependencies: { node: npmSpec.split('@')[1] }, allowScripts: { node: true } }));
    npmInstall(dir, outerNpmStripped(process.env));
  }
  return node;
}

/** Installs (once) and returns code-server `version` under .vscode-test/code-server-<version>/. */
export function ensureCodeServer(version = defaultCodeServerVersion): InstalledCodeServer {
  const spec = hostVersions[version];
  if (!spec) throw new Error(`code-server ${version} is not one we know how to install (known: ${Object.keys(hostVersions).join(', ')})`);
  const dir = path.join(cacheRoot, `code-server-${version}`);
  const entry = path.join(dir, 'node_modules', 'code-server', 'out', 'node', 'entry.js');
  const marker = path.join(dir, '.installed');
  const node = spec.node ? ensureNode(spec.node) : process.execPath;
  if (!fs.existsSync(marker)) {
    const started = Date.now();
    log(`installing code-server ${version} into ${path.relative(repoRoot, dir)} (once; cached afterwards)`);
    fs.rmSync(dir, { recursive: true, force: true });
    const tmpDir = path.join(dir, 'tmp');
    fs.mkdirSync(tmpDir, { recursive: true });
    seedRipgrepCache(tmpDir);
    // allowScripts: code-server's real install is its postinstall (it builds lib/vscode's modules).
    fs.writeFileSync(
      path.join(dir, 'package.json'),
      JSON.stringify({ private: true, dependencies: { 'code-server': version }, allowScripts: { 'code-server': true, argon2: true } }, null, 2),
    );
    const env: NodeJS.ProcessEnv = {
      ...outerNpmStripped(process.env),
      TMPDIR: tmpDir, // where @vscode/ripgrep looks for its cached download
      npm_config_unsafe_perm: 'true', // code-server's postinstall refuses to run as root otherwise
      npm_config_yes: 'true', // node-pty's postinstall runs `npx node-gyp`
    };
    // code-server's postinstall checks, and builds native modules for, the Node that runs npm and
    // the one first on PATH: make both the Node it will run on.
    if (spec.node) env.PATH = `${path.dirname(node)}${path.delimiter}${env.PATH}`;
    npmInstall(dir, env, node);
    if (!fs.existsSync(entry)) throw new Error(`code-server install finished but ${entry} is missing`);
    fs.writeFileSync(marker, new Date().toISOString() + '\n');
    log(`installed in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  }
  return { version, node, entry, smokeTestDriver: spec.smokeTestDriver, darkModernTheme: spec.darkModernTheme };
}

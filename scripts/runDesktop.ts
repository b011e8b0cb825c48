/**
 * `npm run test:desktop`: the same in-host suite as `npm run test:integration`, in desktop VS Code
 * through @vscode/test-electron, for machines that can download VS Code (these CI machines cannot:
 * they use code-server, see scripts/runIntegration.ts). Linux without a display: `xvfb-run -a npm run test:desktop`.
 *   VSCODE_VERSION=1.100.3 (default: the oldest engines.vscode allows) | stable | insiders
 *   VSCODE_EXECUTABLE=/path/to/code  use an installed VS Code instead of downloading one
 */
import { execFileSync } from 'node:child_process';
import * as path from 'node:path';
import { runTests } from '@vscode/test-electron';
import { startApiServer } from '../server';
import { buildInHostSuite } from './buildTests';
import { makeWorkspace, newRunDir, repoRoot } from './codeServer';
import { inHostSuiteEnv } from './suiteEnv';
import { clearResult, formatCounts, readResult } from './results';

const SUITE = 'desktop';

async function main(): Promise<number> {
  clearResult(SUITE);
  execFileSync(process.execPath, [path.join(repoRoot, 'esbuild.js')], { cwd: repoRoot, stdio: 'inherit' });
  const extensionTestsPath = await buildInHostSuite();
  const runDir = newRunDir('desktop');
  const api = await startApiServer({ port: 0, clock: 'manual' });
  // As in runIntegration.ts: a second server the workspace's settings point at.
  const workspaceServer = await startApiServer({ port: 0, clock: 'manual' });
  const workspace = makeWorkspace(runDir, { 'polytomic.refreshInterval': 0, 'polytomic.baseUrl': workspaceServer.url });
  try {
    const exitCode = await runTests({
      version: process.env.VSCODE_VERSION ?? '1.100.3',
      vscodeExecutablePath: process.env.VSCODE_EXECUTABLE,
      extensionDevelopmentPath: repoRoot,
      extensionTestsPath,
      launchArgs: [
        workspace,
        '--disable-extensions', // only the extension under test
        '--disable-workspace-trust',
        '--user-data-dir', path.join(runDir, 'ud'),
        '--extensions-dir', path.join(runDir, 'ext'),
      ],
      extensionTestsEnv: { ...inHostSuiteEnv(api.url, SUITE), POLYTOMIC_TEST_WORKSPACE_SERVER_URL: workspaceServer.url },
    });
    const result = readResult(SUITE);
    if (result) console.log(`[desktop] ${formatCounts(result)}`);
    return exitCode;
  } finally {
    await api.stop();
    await workspaceServer.stop();
  }
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error('[desktop] could not run the suite in desktop VS Code:', err instanceof Error ? err.message : err);
    console.error('[desktop] (this needs a VS Code download or VSCODE_EXECUTABLE; on offline machines use `npm run test:integration`)');
    process.exit(1);
  },
);

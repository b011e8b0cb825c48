/**
 * `npm run test:integration`: the in-host suite (test/integration) inside code-server's extension
 * host, against the local Polytomic-compatible server on 127.0.0.1.
 *   1. bundles the extension (esbuild.js) and the suite (to out/test/integration/)
 *   2. starts the API server on a manual clock (nothing moves unless a test says so), and a second
 *      one that the workspace's .vscode/settings.json points polytomic.baseUrl at: an untrusted
 *      workspace value the extension must ignore until the user allows it (workspaceHost.test.ts)
 *   3. opens code-server's workbench with the `payload` that runs the suite, in headless Chromium
 *   4. prints mocha's output, writes test-results/integration.json, exits with the suite's code
 * POLYTOMIC_TEST_GREP=<text> runs only the matching tests.
 */
import { execFileSync } from 'node:child_process';
import * as path from 'node:path';
import { startApiServer } from '../server';
import { pruneRunDirs, repoRoot } from './codeServer';
import { ensureCodeServer } from './codeServerInstall';
import { buildInHostSuite } from './buildTests';
import { runInHost } from './inHost';
import { inHostSuiteEnv } from './suiteEnv';
import { clearResult, formatCounts, readResult, suiteName, SUITE_START_MARKER, writeResult } from './results';

const SUITE = suiteName('integration');
/** Workbench messages that reach the same log channel as the suite's output. */
const WORKBENCH_NOISE = /^(Ignoring fetching additional builtin extensions|Updating additional builtin extensions cache|\[AccountPolicyGate\]|\[AgentHost\]|\[ChatModelSelection\])/;

async function main(): Promise<number> {
  const started = Date.now();
  clearResult(SUITE);
  execFileSync(process.execPath, [path.join(repoRoot, 'esbuild.js')], { cwd: repoRoot, stdio: 'inherit' });
  const testsEntry = await buildInHostSuite();
  const install = ensureCodeServer();
  pruneRunDirs();
  const api = await startApiServer({ port: 0, clock: 'manual' });
  const workspaceServer = await startApiServer({ port: 0, clock: 'manual' });
  let inSuite = false;
  try {
    console.log(`[integration] API server ${api.url}; VS Code ${install.version} (code-server) extension host`);
    const outcome = await runInHost({
      install,
      extensionPath: repoRoot,
      testsEntry,
      env: { ...inHostSuiteEnv(api.url, SUITE), POLYTOMIC_TEST_WORKSPACE_SERVER_URL: workspaceServer.url },
      // Refreshes happen when a test asks, so every assertion sees the state it set up.
      settings: { 'polytomic.refreshInterval': 0, 'polytomic.baseUrl': workspaceServer.url },
      onLog: (line) => {
        if (line.includes(SUITE_START_MARKER)) inSuite = true;
        else if (inSuite && !WORKBENCH_NOISE.test(line)) console.log(line);
      },
    });
    const result = readResult(SUITE);
    if (!result) {
      // The suite never reported: count the whole run as one failure so the total cannot read green.
      writeResult({ suite: SUITE, passed: 0, failed: 1, pending: 0, durationMs: Date.now() - started, failures: [{ title: 'in-host suite', error: `no result (exit ${outcome.exitCode}); see ${outcome.runDir}` }] });
      console.error(`[integration] the suite did not report a result (exit code ${outcome.exitCode}); logs in ${outcome.runDir}`);
      return 1;
    }
    console.log(`[integration] ${formatCounts(result)} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    return outcome.exitCode === 0 && result.failed === 0 ? 0 : 1;
  } finally {
    await api.stop();
    await workspaceServer.stop();
  }
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error('[integration]', err);
    writeResult({ suite: SUITE, passed: 0, failed: 1, pending: 0, durationMs: 0, failures: [{ title: 'in-host runner', error: String(err) }] });
    process.exit(1);
  },
);

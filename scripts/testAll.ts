/**
 * `npm test`: typecheck, lint, then every suite (unit, reliability, in-host integration, browser e2e), each run
 * even when an earlier one failed, so one CI log shows everything that is broken. Ends with one
 * plain line summing the suites, `N passed, N failed`, and exits non-zero when anything failed.
 * The in-host and browser suites run once per tested VS Code (code-server) version, oldest first;
 * CODE_SERVER_VERSION=4.139.1 runs them on that one only.
 * SKIP=e2e,integration (comma-separated step names, or a step name without its version) leaves
 * steps out, for quick local runs.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { testedCodeServerVersions } from './codeServerInstall';
import { clearResult, formatCounts, readResult, resultsDir, suiteName, writeResult } from './results';

function readReliabilityCounts(): string | undefined {
  try {
    return (JSON.parse(fs.readFileSync(path.join(resultsDir, 'reliability-counts.json'), 'utf8')) as { line: string }).line;
  } catch {
    return undefined;
  }
}

interface Step {
  name: string;
  args: string[];
  /** the suite whose result file the step writes; checks (typecheck, lint) have none */
  suite?: string;
  /** the step's name without its VS Code version, also accepted by SKIP */
  group?: string;
  env?: Record<string, string>;
}

const versions = process.env.CODE_SERVER_VERSION ? [process.env.CODE_SERVER_VERSION] : testedCodeServerVersions;
/** The suites that need a VS Code, once per version. */
const inVsCode = (group: 'integration' | 'e2e'): Step[] =>
  versions.map((version) => ({
    name: suiteName(group, version),
    args: ['run', group === 'e2e' ? 'test:e2e' : 'test:integration'],
    suite: suiteName(group, version),
    group,
    env: { CODE_SERVER_VERSION: version },
  }));

const steps: Step[] = [
  { name: 'typecheck', args: ['run', 'typecheck'] },
  { name: 'lint', args: ['run', 'lint'] },
  { name: 'unit', args: ['run', 'test:unit', '--', '--reporter', './scripts/resultReporter.cjs', '--reporter-option', 'suite=unit'], suite: 'unit' },
  { name: 'reliability', args: ['run', 'test:reliability', '--', '--reporter', './scripts/resultReporter.cjs', '--reporter-option', 'suite=reliability'], suite: 'reliability' },
  ...inVsCode('integration'),
  ...inVsCode('e2e'),
];

const skip = new Set((process.env.SKIP ?? '').split(',').map((s) => s.trim()).filter(Boolean));
const lines: string[] = [];
let passed = 0;
let failed = 0;
let brokenChecks = 0;
const started = Date.now();

for (const step of steps) {
  if (skip.has(step.name) || (step.group && skip.has(step.group))) {
    lines.push(`${step.name.padEnd(20)} skipped (SKIP)`);
    continue;
  }
  if (step.suite) clearResult(step.suite);
  if (step.name === 'reliability') fs.rmSync(path.join(resultsDir, 'reliability-counts.json'), { force: true });
  console.log(`\n===== ${step.name} =====`);
  const stepStarted = Date.now();
  const run = spawnSync('npm', step.args, { stdio: 'inherit', env: { ...process.env, ...step.env } });
  const seconds = ((Date.now() - stepStarted) / 1000).toFixed(0);
  const ok = run.status === 0;
  if (!step.suite) {
    if (!ok) brokenChecks++;
    lines.push(`${step.name.padEnd(20)} ${ok ? 'ok' : 'FAILED'} (${seconds} s)`);
    continue;
  }
  let result = readResult(step.suite);
  if (!result || (!ok && result.failed === 0)) {
    // It crashed before (or without) reporting: count it as one failure so the total cannot read green.
    result = { suite: step.suite, passed: result?.passed ?? 0, failed: 1, pending: result?.pending ?? 0, durationMs: Date.now() - stepStarted, failures: [{ title: step.name, error: `exited with ${run.status ?? run.signal} without reporting a failure` }] };
    writeResult(result);
  }
  passed += result.passed;
  failed += result.failed;
  lines.push(`${step.name.padEnd(20)} ${formatCounts(result)} (${seconds} s)`);
  // The reliability suite also says how much it did: refreshes, faults, fuzzed bodies.
  if (step.name === 'reliability') lines.push(`    ${readReliabilityCounts() ?? 'reliability: no counts written'}`);
  for (const failure of result.failures) lines.push(`    ✗ ${failure.title}: ${failure.error.split('\n')[0]}`);
}

console.log(`\n===== summary (${((Date.now() - started) / 1000).toFixed(0)} s) =====`);
for (const line of lines) console.log(line);
if (brokenChecks > 0) console.log(`${brokenChecks} check(s) failed (typecheck/lint)`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 || brokenChecks > 0 ? 1 : 0);

/** Per-suite result files in test-results/, and the one closing total `npm test` prints. */
import * as fs from 'node:fs';
import * as path from 'node:path';

export const resultsDir = path.resolve(__dirname, '..', 'test-results');

/** Lines the extension host logs before this one are the workbench's own; runners hide them. */
export const SUITE_START_MARKER = '=== polytomic in-host suite ===';

export interface SuiteResult {
  suite: string;
  passed: number;
  failed: number;
  pending: number;
  durationMs: number;
  failures: Array<{ title: string; error: string }>;
}

/**
 * A suite's result name: the in-host and browser suites run once per VS Code version, so a run
 * pinned to one (CODE_SERVER_VERSION) is named after it, e.g. `e2e-4.139.1`.
 */
export function suiteName(base: string, version = process.env.CODE_SERVER_VERSION): string {
  return version ? `${base}-${version}` : base;
}

export function resultFile(suite: string): string {
  return path.join(resultsDir, `${suite}.json`);
}

export function clearResult(suite: string): void {
  fs.mkdirSync(resultsDir, { recursive: true });
  fs.rmSync(resultFile(suite), { force: true });
}

export function writeResult(result: SuiteResult): void {
  fs.mkdirSync(resultsDir, { recursive: true });
  fs.writeFileSync(resultFile(result.suite), JSON.stringify(result, null, 2));
}

export function readResult(suite: string): SuiteResult | undefined {
  try {
    return JSON.parse(fs.readFileSync(resultFile(suite), 'utf8')) as SuiteResult;
  } catch {
    return undefined;
  }
}

export function formatCounts(r: Pick<SuiteResult, 'passed' | 'failed' | 'pending'>): string {
  return `${r.passed} passed, ${r.failed} failed` + (r.pending ? `, ${r.pending} pending` : '');
}

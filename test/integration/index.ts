/**
 * Entry VS Code's extension host calls after loading the extension under development (through
 * @vscode/test-electron on the desktop, or code-server's `payload` URL parameter here): runs every
 * *.test.js bundled beside it with mocha and reports the counts to the runner.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { format } from 'node:util';
import Mocha from 'mocha';
import { SUITE_START_MARKER, type SuiteResult } from '../../scripts/results';

export function run(): Promise<void> {
  console.log(SUITE_START_MARKER);
  // The extension host forwards console arguments unformatted; mocha's reporters rely on printf-style
  // formatting, so format here.
  Mocha.reporters.Base.consoleLog = (...args: unknown[]) => console.log(format(...args));
  const mocha = new Mocha({ ui: 'bdd', color: false, timeout: 20_000, reporter: 'spec' });
  const grep = process.env.POLYTOMIC_TEST_GREP;
  if (grep) mocha.grep(grep);
  for (const file of fs.readdirSync(__dirname).sort()) {
    if (file.endsWith('.test.js')) mocha.addFile(path.join(__dirname, file));
  }
  const started = Date.now();
  const failures: SuiteResult['failures'] = [];
  return new Promise((resolve, reject) => {
    const runner = mocha.run((failed) => {
      const result: SuiteResult = {
        suite: process.env.POLYTOMIC_TEST_SUITE_NAME ?? 'integration',
        passed: runner.stats?.passes ?? 0,
        failed,
        pending: runner.stats?.pending ?? 0,
        durationMs: Date.now() - started,
        failures,
      };
      const resultFile = process.env.POLYTOMIC_TEST_RESULT_FILE;
      if (resultFile) fs.writeFileSync(resultFile, JSON.stringify(result, null, 2));
      if (failed > 0) reject(new Error(`${failed} in-host test(s) failed`));
      else resolve();
    });
    runner.on('fail', (test, err: Error) => failures.push({ title: test.fullTitle(), error: String(err?.message ?? err) }));
  });
}

// Mocha's spec output, plus the counts written to test-results/<suite>.json so that `npm test`
// can print one closing total over every suite (see scripts/results.ts).
//   mocha --reporter ./scripts/resultReporter.cjs --reporter-option suite=unit
// Plain CommonJS: mocha loads reporters before --require hooks such as tsx are in place.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const Mocha = require('mocha');

const { EVENT_TEST_FAIL, EVENT_RUN_END } = Mocha.Runner.constants;

class ResultReporter extends Mocha.reporters.Spec {
  constructor(runner, options) {
    super(runner, options);
    const reporterOptions = options.reporterOption || options.reporterOptions || {};
    // The browser suite runs once per VS Code version: name its result after the one pinned (as
    // suiteName() in scripts/results.ts does for the in-host suite).
    const base = reporterOptions.suite || 'unit';
    const suite = base === 'e2e' && process.env.CODE_SERVER_VERSION ? `${base}-${process.env.CODE_SERVER_VERSION}` : base;
    const started = Date.now();
    const failures = [];
    runner.on(EVENT_TEST_FAIL, (test, err) => failures.push({ title: test.fullTitle(), error: String((err && err.message) || err) }));
    runner.once(EVENT_RUN_END, () => {
      const stats = runner.stats || {};
      const dir = path.resolve(__dirname, '..', 'test-results');
      fs.mkdirSync(dir, { recursive: true });
      const result = {
        suite,
        passed: stats.passes || 0,
        failed: stats.failures || failures.length,
        pending: stats.pending || 0,
        durationMs: Date.now() - started,
        failures,
      };
      fs.writeFileSync(path.join(dir, `${suite}.json`), JSON.stringify(result, null, 2));
    });
  }
}

module.exports = ResultReporter;

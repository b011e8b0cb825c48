import assert from 'node:assert/strict';
import type { Suite, Test } from 'mocha';
import { ALL_ERROR_MESSAGES, ALL_LOG_LINES, SECRETS } from './helpers/logger';

function testsOf(suite: Suite): Test[] {
  return [...suite.tests, ...suite.suites.flatMap(testsOf)];
}

// Root-level hook: runs after every test of the run, over every log line and error message the
// tests collected (client, refresher, snapshot source), so a leak anywhere fails the suite.
after('no key ever appears in a log line or an error message', function () {
  // A filtered run (--grep, a single file) may not include the tests that collect anything; only a
  // run of every test can tell whether the collection itself broke. The leak check runs either way.
  const tests = testsOf(this.test!.parent!);
  const everyTestRan = tests.every((t) => t.state !== undefined);
  if (everyTestRan) {
    assert.ok(SECRETS.size >= 3, 'the client tests registered the keys they used');
    assert.ok(ALL_LOG_LINES.length > 0 && ALL_ERROR_MESSAGES.length > 0, 'something was collected');
  }
  const leaks: string[] = [];
  for (const text of [...ALL_LOG_LINES, ...ALL_ERROR_MESSAGES]) {
    for (const secret of SECRETS) {
      if (text.includes(secret)) leaks.push(`${secret.slice(0, 6)}… in ${JSON.stringify(text.replace(secret, '<SECRET>'))}`);
    }
    if (/authorization:|bearer\s+\S|basic\s+[a-z0-9+/=]{8,}/i.test(text) && !/\[redacted\]/.test(text)) leaks.push(`auth header in ${JSON.stringify(text)}`);
  }
  assert.deepEqual(leaks, []);
});

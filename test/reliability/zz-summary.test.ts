import { DEMO_API_KEY, DEMO_DEPLOYMENT_KEY, DEMO_ORGANIZATION_ID } from '../../server/index';
import { counts, countsLine, seenTexts, writeCounts } from './counts';

// Root-level hooks: a failed test anywhere counts, and the line is printed once at the very end.
afterEach(function () {
  if (this.currentTest?.state === 'failed') counts.failures++;
});
after(() => {
  writeCounts();
  console.log(`\n${countsLine()}`);
});

// Runs last: over every log line and error message the whole suite collected.
after('no key in any log line or error message of the suite', () => {
  const secrets = [DEMO_API_KEY, DEMO_DEPLOYMENT_KEY, Buffer.from(`${DEMO_ORGANIZATION_ID}:${DEMO_DEPLOYMENT_KEY}`).toString('base64')];
  if (seenTexts.length < 1000) throw new Error(`too few texts collected (${seenTexts.length}): is the suite still logging through its loggers?`);
  const leaks = seenTexts.filter((t) => secrets.some((s) => t.includes(s)) || /bearer\s+\S|authorization:/i.test(t));
  if (leaks.length) {
    counts.failures++;
    writeCounts();
    throw new Error(`keys leaked into ${leaks.length} texts, e.g. ${leaks[0].slice(0, 80)}`);
  }
});

/**
 * What the reliability suite did, summed over its files and printed at the end as one line
 * (`reliability: N refreshes, N faults injected, N bodies fuzzed (N used in part, N refused whole), failures: 0`); also written to
 * test-results/reliability-counts.json for `npm test`'s summary.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Logger } from '../../src/core/api/contract';

export const counts = { refreshes: 0, faultsInjected: 0, bodiesFuzzed: 0, usedInPart: 0, refusedWhole: 0, failures: 0 };

/** Security cases checked (keyOrigin.test.ts), by rule: each one a request that must not happen or text that must stay inert. */
export const securityCases = { otherOrigin: 0, proxyBypass: 0, logLinks: 0, pathIds: 0, themeIcons: 0 };

/** Every line any logger of the suite received, and every error message shown: checked for keys. */
export const seenTexts: string[] = [];

/** A logger that keeps every line in seenTexts. */
export const collectingLogger: Logger = {
  trace: (m) => seenTexts.push(m),
  debug: (m) => seenTexts.push(m),
  info: (m) => seenTexts.push(m),
  warn: (m) => seenTexts.push(m),
  error: (m) => seenTexts.push(m),
};

export function countsLine(): string {
  const s = securityCases;
  const security = s.otherOrigin + s.proxyBypass + s.logLinks + s.pathIds + s.themeIcons;
  return (
    `reliability: ${counts.refreshes} refreshes, ${counts.faultsInjected} faults injected, ` +
    `${counts.bodiesFuzzed} bodies fuzzed (${counts.usedInPart} used in part, ${counts.refusedWhole} refused whole), ` +
    `${security} security cases (${s.otherOrigin} other-origin, ${s.proxyBypass} loopback-proxy, ${s.logLinks} log-link, ${s.pathIds} path-id, ${s.themeIcons} theme-icon), failures: ${counts.failures}`
  );
}

export function writeCounts(): void {
  const dir = path.resolve(__dirname, '..', '..', 'test-results');
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'reliability-counts.json'), JSON.stringify({ ...counts, securityCases, line: countsLine() }, null, 2));
}

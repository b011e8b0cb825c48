import assert from 'node:assert/strict';
import type { ApiErrorKind } from '../../src/core/contract';
import { nextRefreshDelay } from '../../src/core/pollingPolicy';

const MIN = 60_000;

describe('nextRefreshDelay', () => {
  it('after a success: the interval; manual-only: nothing', () => {
    assert.equal(nextRefreshDelay({ intervalMs: MIN, consecutiveFailures: 0 }), MIN);
    assert.equal(nextRefreshDelay({ intervalMs: 0, consecutiveFailures: 0 }), undefined);
  });

  it('transient failures back off, doubling to the cap', () => {
    for (const kind of ['network', 'server', 'timeout', 'malformed', 'client', 'conflict'] as ApiErrorKind[]) {
      const delays = [1, 2, 3, 4, 5, 6, 20, 1000].map((n) => nextRefreshDelay({ intervalMs: 30_000, consecutiveFailures: n, lastErrorKind: kind }));
      assert.deepEqual(delays, [30_000, 60_000, 120_000, 240_000, 300_000, 300_000, 300_000, 300_000], kind);
    }
    assert.equal(nextRefreshDelay({ intervalMs: 30_000, consecutiveFailures: 3, lastErrorKind: 'server', backoffCapMs: 90_000 }), 90_000);
  });

  it('never backs off below the configured interval', () => {
    assert.equal(nextRefreshDelay({ intervalMs: 10 * MIN, consecutiveFailures: 4, lastErrorKind: 'network' }), 10 * MIN);
  });

  it('honours Retry-After on 429 and 503, at least the interval', () => {
    assert.equal(nextRefreshDelay({ intervalMs: 30_000, consecutiveFailures: 1, lastErrorKind: 'rateLimited', retryAfterMs: 120_000 }), 120_000);
    assert.equal(nextRefreshDelay({ intervalMs: 30_000, consecutiveFailures: 5, lastErrorKind: 'unavailable', retryAfterMs: 45_000 }), 45_000);
    assert.equal(nextRefreshDelay({ intervalMs: 30_000, consecutiveFailures: 1, lastErrorKind: 'rateLimited', retryAfterMs: 1_000 }), 30_000);
    // longer than the backoff cap: still honoured
    assert.equal(nextRefreshDelay({ intervalMs: 30_000, consecutiveFailures: 1, lastErrorKind: 'rateLimited', retryAfterMs: 20 * MIN }), 20 * MIN);
    // absurd values are clamped to an hour
    assert.equal(nextRefreshDelay({ intervalMs: 30_000, consecutiveFailures: 1, lastErrorKind: 'rateLimited', retryAfterMs: 1e12 }), 60 * MIN);
    // manual-only mode still retries when the server said when
    assert.equal(nextRefreshDelay({ intervalMs: 0, consecutiveFailures: 1, lastErrorKind: 'rateLimited', retryAfterMs: 5_000 }), 5_000);
  });

  it('429/503 without Retry-After back off like other transient errors', () => {
    assert.equal(nextRefreshDelay({ intervalMs: 30_000, consecutiveFailures: 2, lastErrorKind: 'rateLimited' }), 60_000);
  });

  it('does not retry what another request cannot fix', () => {
    for (const kind of ['unauthorized', 'forbidden', 'insecure', 'config', 'notFound'] as ApiErrorKind[]) {
      assert.equal(nextRefreshDelay({ intervalMs: 30_000, consecutiveFailures: 1, lastErrorKind: kind }), undefined, kind);
    }
  });

  it('manual-only mode does not retry transient failures by itself', () => {
    assert.equal(nextRefreshDelay({ intervalMs: 0, consecutiveFailures: 2, lastErrorKind: 'network' }), undefined);
  });
});

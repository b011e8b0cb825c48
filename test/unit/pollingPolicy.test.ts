import assert from 'node:assert/strict';
import type { ApiErrorKind } from '../../src/core/api/contract';
import { idleIntervalMs, nextRefreshDelay, pollingFacts, refreshPlan } from '../../src/core/state/pollingPolicy';
import { iso, schema, snapshotOf, sync } from './helpers/fixtures';

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

  it('honours Retry-After on 429 and 503 exactly, also when sooner than the interval', () => {
    assert.equal(nextRefreshDelay({ intervalMs: 30_000, consecutiveFailures: 1, lastErrorKind: 'rateLimited', retryAfterMs: 120_000 }), 120_000);
    assert.equal(nextRefreshDelay({ intervalMs: 30_000, consecutiveFailures: 5, lastErrorKind: 'unavailable', retryAfterMs: 45_000 }), 45_000);
    assert.equal(nextRefreshDelay({ intervalMs: 30_000, consecutiveFailures: 1, lastErrorKind: 'rateLimited', retryAfterMs: 7_000 }), 7_000);
    // Retry-After: 0 is not a busy loop
    assert.equal(nextRefreshDelay({ intervalMs: 30_000, consecutiveFailures: 1, lastErrorKind: 'rateLimited', retryAfterMs: 0 }), 1_000);
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

describe('refreshPlan: adaptive polling', () => {
  const T = Date.UTC(2024, 0, 15, 9, 0, 0);
  const base = { intervalMs: 30_000, consecutiveFailures: 0, now: T };

  it('fast while anything runs, slow when all finished', () => {
    assert.deepEqual(refreshPlan({ ...base, anyInProgress: true }), { delayMs: 30_000, reason: 'inProgress' });
    assert.deepEqual(refreshPlan({ ...base, anyInProgress: false }), { delayMs: 2 * MIN, reason: 'idle' });
    // unknown (no data yet, or an old caller) is treated as in progress
    assert.equal(nextRefreshDelay({ ...base }), 30_000);
  });

  it('the idle interval is 4 x the interval, at least 2 min, at most 10 min', () => {
    assert.equal(idleIntervalMs(10_000), 2 * MIN);
    assert.equal(idleIntervalMs(60_000), 4 * MIN);
    assert.equal(idleIntervalMs(5 * MIN), 10 * MIN);
    // an interval longer than the cap is never shortened
    assert.equal(idleIntervalMs(15 * MIN), 15 * MIN);
  });

  it('wakes up 5 s after the earliest scheduled run when that comes before the idle interval', () => {
    assert.deepEqual(refreshPlan({ ...base, anyInProgress: false, earliestNextExecutionMs: T + 70_000 }), { delayMs: 75_000, reason: 'scheduled' });
    // never sooner than the fast interval
    assert.deepEqual(refreshPlan({ ...base, anyInProgress: false, earliestNextExecutionMs: T + 1_000 }), { delayMs: 30_000, reason: 'scheduled' });
    // a run after the idle interval changes nothing
    assert.deepEqual(refreshPlan({ ...base, anyInProgress: false, earliestNextExecutionMs: T + 60 * MIN }), { delayMs: 2 * MIN, reason: 'idle' });
    // a long-past time does not mean "due now" forever
    assert.deepEqual(refreshPlan({ ...base, anyInProgress: false, earliestNextExecutionMs: T - 60 * MIN }), { delayMs: 2 * MIN, reason: 'idle' });
  });

  it('pauses while unfocused and nothing runs; keeps polling unfocused while something runs, or when the user opted out', () => {
    assert.deepEqual(refreshPlan({ ...base, anyInProgress: false, focused: false }), { reason: 'paused' });
    assert.deepEqual(refreshPlan({ ...base, anyInProgress: true, focused: false }), { delayMs: 30_000, reason: 'inProgress' });
    assert.deepEqual(refreshPlan({ ...base, anyInProgress: false, focused: false, pauseWhenUnfocused: false }), { delayMs: 2 * MIN, reason: 'idle' });
    // paused also while failing: no requests nobody waits for
    assert.equal(nextRefreshDelay({ ...base, anyInProgress: false, focused: false, consecutiveFailures: 2, lastErrorKind: 'network' }), undefined);
  });

  it('unfocused and idle: still wakes 5 s after the next scheduled run, however far off, so a run that fails unseen is caught', () => {
    const paused = { ...base, anyInProgress: false, focused: false };
    assert.deepEqual(refreshPlan({ ...paused, earliestNextExecutionMs: T + 50 * MIN }), { delayMs: 50 * MIN + 5_000, reason: 'pausedUntilScheduled' });
    // no idle-interval cap while paused: nothing is polled in between
    assert.deepEqual(refreshPlan({ ...paused, earliestNextExecutionMs: T + 5 * 60 * MIN }), { delayMs: 5 * 60 * MIN + 5_000, reason: 'pausedUntilScheduled' });
    // never sooner than the fast interval (a run due now, or just overdue)
    assert.deepEqual(refreshPlan({ ...paused, earliestNextExecutionMs: T + 1_000 }), { delayMs: 30_000, reason: 'pausedUntilScheduled' });
    assert.deepEqual(refreshPlan({ ...paused, earliestNextExecutionMs: T - 4_000 }), { delayMs: 30_000, reason: 'pausedUntilScheduled' });
    // a time already past the grace is not a reason to look
    assert.deepEqual(refreshPlan({ ...paused, earliestNextExecutionMs: T - 60 * MIN }), { reason: 'paused' });
    // without the time basis, manual mode, or when the user keeps polling anyway: unchanged
    assert.deepEqual(refreshPlan({ ...paused, now: undefined, earliestNextExecutionMs: T + MIN }), { reason: 'paused' });
    assert.deepEqual(refreshPlan({ ...paused, intervalMs: 0, earliestNextExecutionMs: T + MIN }), { reason: 'paused' });
    assert.deepEqual(refreshPlan({ ...paused, pauseWhenUnfocused: false, earliestNextExecutionMs: T + 70_000 }), { delayMs: 75_000, reason: 'scheduled' });
  });

  it('unfocused, idle and failing: the scheduled wake-up is kept, but never sooner than the backoff or Retry-After; a rejected key still stops', () => {
    const paused = { ...base, anyInProgress: false, focused: false };
    // the scheduled run is later than the backoff: wait for the run
    assert.deepEqual(
      refreshPlan({ ...paused, consecutiveFailures: 3, lastErrorKind: 'network', earliestNextExecutionMs: T + 20 * MIN }),
      { delayMs: 20 * MIN + 5_000, reason: 'pausedUntilScheduled' },
    );
    // the run is due sooner than the backoff (30 s x 2^2 = 2 min): the backoff wins
    assert.deepEqual(
      refreshPlan({ ...paused, consecutiveFailures: 3, lastErrorKind: 'network', earliestNextExecutionMs: T + 10_000 }),
      { delayMs: 2 * MIN, reason: 'pausedUntilScheduled' },
    );
    assert.deepEqual(
      refreshPlan({ ...paused, consecutiveFailures: 1, lastErrorKind: 'rateLimited', retryAfterMs: 10 * MIN, earliestNextExecutionMs: T + MIN }),
      { delayMs: 10 * MIN, reason: 'pausedUntilScheduled' },
    );
    assert.deepEqual(refreshPlan({ ...paused, consecutiveFailures: 1, lastErrorKind: 'unauthorized', earliestNextExecutionMs: T + MIN }), { reason: 'stopped' });
  });

  it('backoff has ±15 % jitter from the injected random; Retry-After has none', () => {
    const at = (r: number) => nextRefreshDelay({ intervalMs: 30_000, consecutiveFailures: 2, lastErrorKind: 'server', random: () => r });
    assert.equal(at(0.5), 60_000);
    assert.equal(at(0), 51_000);
    assert.equal(at(0.999999), 69_000);
    for (let i = 0; i < 200; i++) {
      const d = at(Math.random()) as number;
      assert.ok(d >= 51_000 && d <= 69_000, String(d));
    }
    assert.equal(
      nextRefreshDelay({ intervalMs: 30_000, consecutiveFailures: 1, lastErrorKind: 'rateLimited', retryAfterMs: 7_000, random: () => 0 }),
      7_000,
    );
    assert.deepEqual(
      refreshPlan({ intervalMs: 5_000, consecutiveFailures: 1, lastErrorKind: 'rateLimited', retryAfterMs: 7_000, random: () => 0 }),
      { delayMs: 7_000, reason: 'retryAfter' },
    );
  });

  it('errors take precedence over the idle and scheduled intervals', () => {
    // errors back off from the fast interval even when idle: the data is stale, retry reasonably soon
    assert.deepEqual(
      refreshPlan({ ...base, anyInProgress: false, consecutiveFailures: 1, lastErrorKind: 'network' }),
      { delayMs: 30_000, reason: 'backoff' },
    );
    assert.deepEqual(refreshPlan({ ...base, consecutiveFailures: 1, lastErrorKind: 'unauthorized' }), { reason: 'stopped' });
    assert.deepEqual(refreshPlan({ ...base, intervalMs: 0, anyInProgress: false }), { reason: 'manual' });
  });
});

describe('pollingFacts', () => {
  const T = Date.UTC(2024, 0, 15, 9, 0, 0);
  it('in progress when a sync or any schema runs; no data counts as in progress', () => {
    assert.equal(pollingFacts(undefined, T).anyInProgress, true);
    assert.equal(pollingFacts(snapshotOf([sync('a', 'completed', [schema('x', 'completed')])]), T).anyInProgress, false);
    assert.equal(pollingFacts(snapshotOf([sync('a', 'running', [])]), T).anyInProgress, true);
    assert.equal(pollingFacts(snapshotOf([sync('a', undefined, [schema('x', 'completed'), schema('y', 'exporting')])]), T).anyInProgress, true);
  });

  it('earliest next run of an active sync, ignoring deactivated syncs and times long past', () => {
    const snap = snapshotOf(
      [
        sync('a', 'completed', [], { nextExecutionTime: iso(T + 10 * MIN) }),
        sync('b', 'completed', [], { nextExecutionTime: iso(T + 3 * MIN) }),
        sync('off', 'completed', [], { nextExecutionTime: iso(T + 1 * MIN) }),
        sync('old', 'completed', [], { nextExecutionTime: iso(T - 60 * MIN) }),
        sync('bad', 'completed', [], { nextExecutionTime: 'not a date' }),
      ],
      [{ id: 'off', active: false }],
    );
    assert.equal(pollingFacts(snap, T).earliestNextExecutionMs, T + 3 * MIN);
  });
});

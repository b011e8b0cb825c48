import assert from 'node:assert/strict';
import type { Snapshot, SnapshotDiff, SnapshotFetcher, ViewState } from '../../src/core/api/contract';
import { ApiError } from '../../src/core/api/errors';
import { Refresher } from '../../src/core/state/refresher';
import { FakeClock, flush } from '../support/fakeClock';
import { schema, snapshotOf, sync } from './helpers/fixtures';
import { MemoryLogger } from './helpers/logger';

type Step = Snapshot | Error | (() => Promise<Snapshot>);

/** A fetcher that answers from a script and counts calls; `hold()` keeps the next answer pending. */
class ScriptedSource implements SnapshotFetcher {
  calls: boolean[] = [];
  inFlight = 0;
  maxInFlight = 0;
  private held?: () => void;
  private holding = false;
  constructor(private readonly steps: Step[], private readonly fallback?: Step) {}
  hold(): void {
    this.holding = true;
  }
  release(): void {
    this.holding = false;
    this.held?.();
    this.held = undefined;
  }
  async fetch(manual: boolean): Promise<Snapshot> {
    this.calls.push(manual);
    this.inFlight++;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    try {
      if (this.holding) await new Promise<void>((resolve) => (this.held = resolve));
      const step = this.steps.shift() ?? this.fallback;
      if (step === undefined) throw new Error('script exhausted');
      if (step instanceof Error) throw step;
      if (typeof step === 'function') return await step();
      return step;
    } finally {
      this.inFlight--;
    }
  }
}

// Running by default: while something runs the policy polls at the configured interval, which is
// what most of these tests count in. Idle and unfocused polling: refresherAdaptive.test.ts.
const ok = (status = 'running') => snapshotOf([sync('a', status, [schema('x', status)])]);
const serverError = () => new ApiError('server', 'GET /api/bulk/syncs/status: server error (500)', { status: 500 });

function setup(steps: Step[], opts: { intervalMs?: number; fallback?: Step } = {}) {
  const clock = new FakeClock();
  const logger = new MemoryLogger();
  const source = new ScriptedSource(steps, opts.fallback);
  // random 0.5 = no jitter, so backoff delays are exact
  const refresher = new Refresher({ clock, logger, intervalMs: opts.intervalMs ?? 30_000, source, random: () => 0.5 });
  const events: Array<{ state: ViewState; diff?: SnapshotDiff }> = [];
  refresher.onDidChange((state, diff) => events.push({ state, diff }));
  return { clock, logger, source, refresher, events };
}

describe('Refresher', () => {
  it('signed out: no source, no requests, state says so', async () => {
    const refresher = new Refresher({ clock: new FakeClock(), logger: new MemoryLogger(), intervalMs: 1000 });
    assert.equal(refresher.state.auth, 'signedOut');
    refresher.start();
    await refresher.refresh('manual');
    assert.equal(refresher.state.snapshot, undefined);
  });

  it('start loads data, emits it with a first-load diff and schedules the next poll', async () => {
    const { refresher, events, clock, source } = setup([ok()]);
    refresher.start();
    await flush();
    assert.equal(source.calls.length, 1);
    assert.equal(refresher.state.auth, 'signedIn');
    assert.equal(refresher.state.loading, false);
    assert.equal(refresher.state.snapshot?.syncs[0].id, 'a');
    assert.equal(refresher.state.lastSuccessAt, clock.now());
    assert.equal(refresher.state.nextRefreshInMs, 30_000);
    assert.deepEqual(clock.pending(), [30_000]);
    const withDiff = events.filter((e) => e.diff);
    assert.equal(withDiff.length, 1);
    assert.deepEqual(withDiff[0].diff, { newFailures: [] }, 'a first load raises no alert');
    assert.ok(events.some((e) => e.state.loading), 'loading was announced');
  });

  it('polls on the interval and reports transitions into failure', async () => {
    const { refresher, events, clock, source } = setup([ok('running'), ok('running'), ok('failed')]);
    refresher.start();
    await flush();
    await clock.advance(30_000);
    assert.equal(source.calls.length, 2);
    assert.deepEqual(events.filter((e) => e.diff).at(-1)?.diff, { newFailures: [] });
    await clock.advance(30_000);
    assert.equal(source.calls.length, 3);
    assert.deepEqual(events.filter((e) => e.diff).at(-1)?.diff?.newFailures, [
      { syncId: 'a', status: 'failed' },
      { syncId: 'a', schema: 'x', status: 'failed' },
    ]);
  });

  it('coalesces refreshes asked for during one into exactly one follow-up', async () => {
    const { refresher, source } = setup([ok(), ok(), ok()]);
    source.hold();
    const first = refresher.refresh('manual');
    await flush();
    const second = refresher.refresh('manual');
    const third = refresher.refresh('timer');
    const fourth = refresher.refresh('config');
    assert.equal(second, third);
    assert.equal(third, fourth);
    let secondDone = false;
    void second.then(() => (secondDone = true));
    source.release();
    await first;
    await flush();
    assert.equal(source.calls.length, 2, 'one request, then exactly one follow-up');
    assert.equal(source.maxInFlight, 1, 'never two at once');
    assert.ok(secondDone, 'callers resolve when their follow-up is in');
    assert.deepEqual(source.calls, [true, true], 'the follow-up is manual if any coalesced caller was');
  });

  it('on failure keeps the last good data, marks it stale, backs off doubling to the cap, and recovers', async () => {
    const steps: Step[] = [ok(), serverError(), serverError(), serverError(), serverError(), serverError(), serverError(), ok('running')];
    const { refresher, clock, source, logger } = setup(steps, { intervalMs: 60_000 });
    refresher.start();
    await flush();
    const good = refresher.state.snapshot;
    const delays: number[] = [];
    for (let i = 0; i < 6; i++) {
      const [delay] = clock.pending();
      delays.push(delay);
      await clock.advance(delay);
      assert.equal(refresher.state.snapshot, good, 'last good data kept');
      assert.equal(refresher.state.lastError?.kind, 'server');
      assert.equal(refresher.state.auth, 'signedIn');
    }
    // 60 s after the success, then 60, 120, 240, 300 (cap), 300 after the failures
    assert.deepEqual(delays, [60_000, 60_000, 120_000, 240_000, 300_000, 300_000]);
    assert.equal(refresher.consecutiveFailures, 6);
    assert.deepEqual(clock.pending(), [300_000]);
    await clock.advance(300_000);
    assert.equal(source.calls.length, 8);
    assert.equal(refresher.state.lastError, undefined, 'success clears the error');
    assert.equal(refresher.state.snapshot?.syncs[0].status, 'running');
    assert.deepEqual(clock.pending(), [60_000], 'back to the normal interval');
    assert.ok(logger.lines.some((l) => /server error \(500\)/.test(l)), 'failures are logged');
  });

  it('honours Retry-After exactly', async () => {
    const { refresher, clock, source } = setup(
      [ok(), new ApiError('rateLimited', 'rate limited', { status: 429, retryAfterMs: 95_000 }), ok()],
      { intervalMs: 30_000 },
    );
    refresher.start();
    await flush();
    await clock.advance(30_000);
    assert.deepEqual(clock.pending(), [95_000]);
    assert.equal(refresher.state.nextRefreshInMs, 95_000);
    await clock.advance(94_999);
    assert.equal(source.calls.length, 2, 'not a millisecond early');
    await clock.advance(1);
    assert.equal(source.calls.length, 3);
  });

  it('401: key rejected, automatic polling stops, data kept; a manual refresh can recover', async () => {
    const { refresher, clock, source } = setup([ok(), new ApiError('unauthorized', 'GET /api/bulk/syncs/status: the API key was rejected (401)', { status: 401 }), ok()]);
    refresher.start();
    await flush();
    await clock.advance(30_000);
    assert.equal(refresher.state.auth, 'unauthorized');
    assert.equal(refresher.state.lastError?.kind, 'unauthorized');
    assert.ok(refresher.state.snapshot);
    assert.deepEqual(clock.pending(), [], 'no more automatic requests');
    assert.equal(refresher.state.nextRefreshInMs, undefined);
    await clock.advance(60 * 60_000);
    assert.equal(source.calls.length, 2);
    await refresher.refresh('manual');
    assert.equal(refresher.state.auth, 'signedIn');
    assert.deepEqual(clock.pending(), [30_000]);
  });

  it('a new source drops old data and a result still in flight from the old source', async () => {
    const { refresher, source: oldSource } = setup([snapshotOf([sync('old', 'failed', [])])]);
    oldSource.hold();
    refresher.start();
    await flush();
    const fresh = new ScriptedSource([snapshotOf([sync('new', 'completed', [])])]);
    refresher.setSource(fresh);
    const done = refresher.refresh('config');
    oldSource.release();
    await done;
    assert.deepEqual(refresher.state.snapshot?.syncs.map((s) => s.id), ['new']);
    assert.equal(fresh.calls.length, 1);
  });

  it('signing out clears everything and stops polling', async () => {
    const { refresher, clock, source } = setup([ok()]);
    refresher.start();
    await flush();
    refresher.setSource(undefined);
    assert.equal(refresher.state.auth, 'signedOut');
    assert.equal(refresher.state.snapshot, undefined);
    assert.deepEqual(clock.pending(), []);
    await clock.advance(10 * 60_000);
    assert.equal(source.calls.length, 1);
  });

  it('setInterval reschedules; 0 means manual only', async () => {
    const { refresher, clock } = setup([], { fallback: ok() });
    refresher.start();
    await flush();
    refresher.setInterval(10_000);
    assert.deepEqual(clock.pending(), [10_000]);
    refresher.setInterval(0);
    assert.deepEqual(clock.pending(), []);
    assert.equal(refresher.state.nextRefreshInMs, undefined);
  });

  it('never rejects: unexpected errors and throwing listeners are caught and logged', async () => {
    const { refresher, logger } = setup([new TypeError('boom'), ok()]);
    refresher.onDidChange(() => {
      throw new Error('listener broke');
    });
    await refresher.refresh('manual');
    assert.equal(refresher.state.lastError?.kind, 'network');
    assert.match(refresher.state.lastError?.message ?? '', /Unexpected error: boom/);
    assert.ok(logger.lines.some((l) => l.includes('listener broke')));
    await refresher.refresh('manual');
    assert.equal(refresher.state.lastError, undefined);
  });

  it('after dispose: no timers, no events, refresh resolves', async () => {
    const { refresher, clock, events } = setup([], { fallback: ok() });
    refresher.start();
    await flush();
    const count = events.length;
    refresher.dispose();
    assert.deepEqual(clock.pending(), []);
    await refresher.refresh('manual');
    assert.equal(events.length, count);
  });

  it('a listener can unsubscribe', async () => {
    const { refresher } = setup([], { fallback: ok() });
    let calls = 0;
    const sub = refresher.onDidChange(() => calls++);
    await refresher.refresh('manual');
    const seen = calls;
    sub.dispose();
    await refresher.refresh('manual');
    assert.equal(calls, seen);
  });
});

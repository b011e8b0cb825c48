/**
 * The refresher's adaptive polling on a fake clock: idle slow-down, pausing while the window is
 * unfocused, the immediate refresh when focus or the view comes back, and Retry-After against the
 * local API server (counted in requests the server actually received).
 */
import assert from 'node:assert/strict';
import type { Snapshot, SnapshotFetcher } from '../../src/core/api/contract';
import { ApiError } from '../../src/core/api/errors';
import { createSnapshotSource } from '../../src/core/state/snapshotSource';
import { Refresher } from '../../src/core/state/refresher';
import { DEMO_API_KEY, startApiServer, type RunningApiServer } from '../../server';
import { FakeClock, flush, waitFor } from '../support/fakeClock';
import { MIN, iso, schema, snapshotOf, sync } from './helpers/fixtures';
import { MemoryLogger } from './helpers/logger';

/** Answers with whatever `next` is when asked; counts requests. */
class LiveSource implements SnapshotFetcher {
  calls = 0;
  constructor(public next: () => Snapshot | Error) {}
  async fetch(): Promise<Snapshot> {
    this.calls++;
    const value = this.next();
    if (value instanceof Error) throw value;
    return value;
  }
}

const finished = (extra: Parameters<typeof sync>[3] = {}) => snapshotOf([sync('a', 'completed', [schema('x', 'completed')], extra)]);
const running = () => snapshotOf([sync('a', 'running', [schema('x', 'running')])]);

function setup(first: () => Snapshot | Error, opts: { intervalMs?: number; pauseWhenUnfocused?: boolean } = {}) {
  const clock = new FakeClock();
  const logger = new MemoryLogger();
  const source = new LiveSource(first);
  const refresher = new Refresher({
    clock,
    logger,
    intervalMs: opts.intervalMs ?? 30_000,
    source,
    random: () => 0.5,
    pauseWhenUnfocused: opts.pauseWhenUnfocused,
  });
  return { clock, logger, source, refresher };
}

describe('Refresher: adaptive polling', () => {
  it('polls at the interval while running, slows down when everything finished, speeds up when a run starts', async () => {
    const { refresher, clock, source } = setup(running);
    refresher.start();
    await flush();
    assert.deepEqual(clock.pending(), [30_000]);
    source.next = finished;
    await clock.advance(30_000);
    assert.equal(source.calls, 2);
    assert.deepEqual(clock.pending(), [2 * MIN], 'idle: max(4 x 30 s, 2 min)');
    assert.equal(refresher.state.nextRefreshInMs, 2 * MIN);
    source.next = running;
    await clock.advance(2 * MIN);
    assert.equal(source.calls, 3);
    assert.deepEqual(clock.pending(), [30_000]);
  });

  it('idle but a scheduled run is near: looks 5 s after it should have started', async () => {
    const clock = new FakeClock();
    const source = new LiveSource(() => finished({ nextExecutionTime: iso(clock.now() + 50_000) }));
    const refresher = new Refresher({ clock, logger: new MemoryLogger(), intervalMs: 30_000, source, random: () => 0.5 });
    refresher.start();
    await flush();
    assert.deepEqual(clock.pending(), [55_000]);
  });

  it('pauses while unfocused with nothing running, and refreshes at once on focus when the data is old', async () => {
    const { refresher, clock, source } = setup(finished);
    refresher.start();
    await flush();
    refresher.setFocused(false);
    assert.deepEqual(clock.pending(), [], 'no timer while unfocused and idle');
    assert.equal(refresher.state.nextRefreshInMs, undefined);
    await clock.advance(60 * MIN);
    assert.equal(source.calls, 1, 'no requests at all while paused');

    refresher.setFocused(true);
    await flush();
    assert.equal(source.calls, 2, 'an immediate refresh on focus');
    assert.equal(refresher.state.lastSuccessAt, clock.now());
    assert.deepEqual(clock.pending(), [2 * MIN], 'then the normal plan again');
  });

  it('unfocused and idle: wakes just after the next scheduled run, follows it at the interval while it runs, then pauses again', async () => {
    const clock = new FakeClock();
    const runAt = clock.now() + 90 * MIN; // e.g. during lunch
    const runEnds = runAt + 4 * MIN;
    const source = new LiveSource(() => {
      const t = clock.now();
      if (t < runAt) return finished({ nextExecutionTime: iso(runAt) });
      if (t < runEnds) return snapshotOf([sync('a', 'running', [schema('x', 'running')])]);
      return snapshotOf([sync('a', 'failed', [schema('x', 'failed')])]);
    });
    const refresher = new Refresher({ clock, logger: new MemoryLogger(), intervalMs: 30_000, source, random: () => 0.5 });
    refresher.start();
    await flush();
    await clock.advance(20_000);
    refresher.setFocused(false);
    // counted from the last request, not from the moment focus went: exactly 5 s after the run's start
    assert.deepEqual(clock.pending(), [90 * MIN + 5_000 - 20_000]);
    await clock.advance(90 * MIN - 20_000);
    assert.equal(source.calls, 1, 'nothing polled while waiting');
    await clock.advance(5_000);
    assert.equal(source.calls, 2, 'one look once the run should have started');
    assert.equal(refresher.state.snapshot?.syncs[0].status, 'running');
    assert.deepEqual(clock.pending(), [30_000], 'the run counts as in progress: the interval applies');
    // 4 min of running: polls at +35 s, +65 s, … until one sees the failure
    await clock.advance(4 * MIN);
    assert.equal(refresher.state.snapshot?.syncs[0].schemas[0].status, 'failed', 'the failure is seen while the window is still unfocused');
    const noticedAt = refresher.state.lastSuccessAt as number;
    assert.ok(noticedAt - runEnds <= 30_000, `seen ${noticedAt - runEnds} ms after it happened`);
    assert.deepEqual(clock.pending(), [], 'nothing runs and nothing is scheduled: paused again');
  });

  it('focus with fresh data does not refresh, and does not postpone the planned refresh', async () => {
    const { refresher, clock, source } = setup(finished);
    refresher.start();
    await flush();
    await clock.advance(10_000);
    refresher.setFocused(false);
    await clock.advance(5_000);
    refresher.setFocused(true);
    await flush();
    assert.equal(source.calls, 1, 'data 15 s old is fresh (interval 30 s)');
    assert.deepEqual(clock.pending(), [2 * MIN - 15_000], 'still due 2 min after the last refresh');
  });

  it('keeps polling unfocused while something runs, and when pauseWhenUnfocused is off', async () => {
    const a = setup(running);
    a.refresher.start();
    await flush();
    a.refresher.setFocused(false);
    await a.clock.advance(30_000);
    assert.equal(a.source.calls, 2);

    const b = setup(finished, { pauseWhenUnfocused: false });
    b.refresher.start();
    await flush();
    b.refresher.setFocused(false);
    assert.deepEqual(b.clock.pending(), [2 * MIN]);
    b.refresher.setPauseWhenUnfocused(true);
    assert.deepEqual(b.clock.pending(), []);
  });

  it('the view becoming visible with stale data refreshes at once; with fresh data it does not', async () => {
    const { refresher, clock, source } = setup(finished);
    refresher.start();
    await flush();
    refresher.setViewVisible(false);
    await clock.advance(20_000);
    refresher.setViewVisible(true);
    await flush();
    assert.equal(source.calls, 1);
    refresher.setViewVisible(false);
    await clock.advance(40_000);
    refresher.setViewVisible(true);
    await flush();
    assert.equal(source.calls, 2, 'data 60 s old, interval 30 s');
  });

  it('focus does not cut a Retry-After or a backoff short, and never overlaps a request', async () => {
    const { refresher, clock, source } = setup(running);
    refresher.start();
    await flush();
    source.next = () => new ApiError('rateLimited', 'rate limited (429)', { status: 429, retryAfterMs: 5 * MIN });
    await clock.advance(30_000);
    assert.equal(source.calls, 2);
    refresher.setFocused(false);
    refresher.setFocused(true);
    await flush();
    assert.equal(source.calls, 2, 'the server asked for 5 min');
    assert.deepEqual(clock.pending(), [5 * MIN]);
  });

  it('manual mode (interval 0) and a rejected key: focus never fetches', async () => {
    const { refresher, clock, source } = setup(finished, { intervalMs: 0 });
    refresher.start();
    await flush();
    refresher.setFocused(false);
    await clock.advance(60 * MIN);
    refresher.setFocused(true);
    await flush();
    assert.equal(source.calls, 1);

    const b = setup(running);
    b.refresher.start();
    await flush();
    b.source.next = () => new ApiError('unauthorized', 'key rejected (401)', { status: 401 });
    await b.clock.advance(30_000);
    b.refresher.setFocused(false);
    await b.clock.advance(60 * MIN);
    b.refresher.setFocused(true);
    await flush();
    assert.equal(b.source.calls, 2);
  });
});

describe('Refresher: Retry-After against the local API server', function () {
  this.timeout(20_000);
  let server: RunningApiServer;
  beforeEach(async () => {
    server = await startApiServer({ port: 0, clock: 'manual', seed: 7, syncs: 3, schemas: 2 });
  });
  afterEach(async () => {
    await server.stop();
  });

  it('429 with Retry-After: 7 → the next request happens at 7 s, not earlier', async () => {
    const logger = new MemoryLogger();
    const clock = new FakeClock();
    const source = createSnapshotSource({ baseUrl: server.url, apiVersion: '2024-02-08', credentials: { kind: 'apiKey', apiKey: DEMO_API_KEY }, scope: { kind: 'all' }, logger });
    const refresher = new Refresher({ clock, logger, intervalMs: 30_000, source, random: () => 0.5 });
    await refresher.refresh('startup');
    assert.ok(refresher.state.snapshot, 'first load');
    refresher.start(); // a second refresh, coalesced onto nothing: wait for it to settle
    await waitFor(() => !refresher.state.loading);

    server.setFaults({ rateLimit: { count: 1, retryAfterSeconds: 7 } });
    const before = server.requestCount();
    // 'timer': a poll, which asks for statuses only (a manual refresh also reloads sync names)
    await refresher.refresh('timer');
    assert.equal(refresher.state.lastError?.kind, 'rateLimited');
    assert.equal(server.requestCount(), before + 1, 'the rate-limited request');
    assert.equal(refresher.state.nextRefreshInMs, 7_000);
    await clock.advance(6_999);
    await settle();
    assert.equal(server.requestCount(), before + 1, 'nothing before 7 s');
    await clock.advance(1);
    await waitFor(() => refresher.state.lastError === undefined && !refresher.state.loading);
    assert.equal(server.requestCount(), before + 2, 'exactly one request at 7 s');
    refresher.dispose();
  });
});

async function settle(): Promise<void> {
  for (let i = 0; i < 10; i++) {
    await flush();
    await new Promise((r) => setTimeout(r, 5));
  }
}

/**
 * The render path alone, replayed: `node --expose-gc bench/run.js bench/renderReplay.ts` records
 * the states of 22 polls at 2,000 syncs (the real refresher, snapshot source and client over HTTP
 * to the local server, as bench/pollCost.ts), then renders that sequence again ROUNDS times
 * (BENCH_ROUNDS, default 5) through a fresh RenderPath each time (onState: insights, render, alerts)
 * and prints the median CPU per followed-poll state, and per whole-scope state. No network in the measured part, so it is far
 * less noisy than the poll figures; for working on src/core/view. Then, on the same followed polls,
 * what activate() also runs on each state: InsightsService.onState and alertsFor.
 */
import { PolytomicClient } from '../src/core/api/client';
import type { Logger, SnapshotDiff, ViewState } from '../src/core/api/contract';
import { Refresher } from '../src/core/state/refresher';
import { SnapshotSource } from '../src/core/state/snapshotSource';
import { DEMO_API_KEY } from '../server/index';
import { FakeClock } from '../test/support/fakeClock';
import { settled } from '../test/support/simClock';
import { startChildServer } from './childServer';
import { POLL_INTERVAL_MS } from './pollCost';
import { RenderPath } from './renderPath';
import { InsightsService } from '../src/core/insights/service';
import { alertsFor } from '../src/core/state/alerts';
import { collectedAndSwept, cpuMsSince, fmt, median } from './util';

const START = Date.parse('2025-03-10T09:00:00Z');
const silent: Logger = { trace() {}, debug() {}, info() {}, warn() {}, error() {} };

interface RecordedState {
  state: ViewState;
  diff: SnapshotDiff | undefined;
  at: number;
  /** a new snapshot from a followed-syncs poll (rows in place) */
  followed: boolean;
}

/** The refresher's states over `polls` timer-driven polls (with their diffs and times). */
async function recordPolls(syncs: number, polls: number): Promise<RecordedState[]> {
  const server = await startChildServer({ syncs, schemas: 25, startTime: START });
  const clock = new FakeClock(START);
  const client = new PolytomicClient({ baseUrl: server.url, apiVersion: '2024-02-08', credentials: { kind: 'apiKey', apiKey: DEMO_API_KEY }, now: () => clock.now() });
  const source = new SnapshotSource({ client, scope: { kind: 'all' }, now: () => clock.now() });
  const refresher = new Refresher({ clock, logger: silent, intervalMs: POLL_INTERVAL_MS, source });
  const states: RecordedState[] = [];
  refresher.onDidChange((state, diff) => {
    const last = states.at(-1)?.state.snapshot;
    const followed = !!last && !!state.snapshot && last !== state.snapshot && last.syncs.length === state.snapshot.syncs.length && state.snapshot.syncs.every((s, i) => s === last.syncs[i] || s.id === last.syncs[i].id);
    states.push({ state, diff, at: clock.now(), followed });
  });
  try {
    refresher.start();
    await settled(refresher);
    for (let i = 0; i < polls; i++) {
      const due = clock.nextDue();
      if (due === undefined) throw new Error('the refresher planned no poll');
      await server.advance(due - clock.now());
      await clock.advanceTo(due, () => settled(refresher));
    }
    return states;
  } finally {
    refresher.dispose();
    await server.stop();
  }
}

async function main(): Promise<void> {
  const syncs = Number(process.env.BENCH_SYNCS ?? 2000);
  const rounds = Number(process.env.BENCH_ROUNDS ?? 5);
  const states = await recordPolls(syncs, Number(process.env.BENCH_POLLS ?? 22));
  const followed: number[] = [];
  const whole: number[] = [];
  for (let r = 0; r < rounds; r++) {
    const view = new RenderPath(POLL_INTERVAL_MS);
    let previous: ViewState['snapshot'];
    for (const { state, diff, at, followed: isFollowed } of states) {
      const fresh = state.snapshot !== previous;
      previous = state.snapshot;
      if (fresh) await collectedAndSwept();
      const cpu0 = process.cpuUsage();
      view.onState(state, diff, at);
      const cpuMs = cpuMsSince(cpu0);
      if (fresh && r > 0) (isFollowed ? followed : whole).push(cpuMs);
    }
  }
  // What activate() also runs on each state, on the same recorded followed polls: the insights
  // service's onState (history merge, judging, staleness) and the run notifications' alertsFor.
  const insights: number[] = [];
  const alerts: number[] = [];
  for (let r = 0; r < rounds; r++) {
    const service = new InsightsService({ clock: { now: () => START, setTimeout: () => 0, clearTimeout: () => undefined }, logger: silent, executions: () => undefined, mode: () => 'notify', judgeOptions: () => ({}) });
    let previous: ViewState['snapshot'];
    for (const { state, diff, followed: isFollowed } of states) {
      const fresh = state.snapshot !== previous;
      const before = previous;
      previous = state.snapshot;
      if (!fresh) continue;
      await collectedAndSwept();
      let cpu0 = process.cpuUsage();
      service.onState(state);
      const insightsMs = cpuMsSince(cpu0);
      if (isFollowed && r > 0) insights.push(insightsMs);
      cpu0 = process.cpuUsage();
      alertsFor(diff, before, state.snapshot, 'all');
      const alertsMs = cpuMsSince(cpu0);
      if (isFollowed && r > 0) alerts.push(alertsMs);
    }
    service.dispose();
  }
  console.log(`render replay, ${fmt(syncs, 0)} syncs, ${rounds - 1} measured rounds: followed-poll state (insights, render, alerts) ${fmt(median(followed), 2)} ms CPU (median of ${followed.length}), whole-scope ${fmt(median(whole), 2)} ms (of ${whole.length}); per followed poll also: insights onState ${fmt(median(insights), 2)} ms, alertsFor (mode 'all') ${fmt(median(alerts), 3)} ms`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});

/**
 * Per-poll cost at real scale, end to end: the real Refresher -> SnapshotSource ->
 * PolytomicClient (axios, gzip, over HTTP to the local server in a child process) -> snapshot ->
 * what activate() runs on each state (RenderPath.onState: insights, tree models, TreeReconciler,
 * status bar, message, alerts), on a fake
 * clock that moves the server's clock with it. Each timer-driven poll is measured from the timer
 * firing to the refresher's last state change: wall time and this process's CPU time
 * (process.cpuUsage, so the server's work is not counted), against JSON.parse of the bodies that
 * poll fetched (fetched again afterwards, uncompressed). Whole-scope and followed-syncs polls are
 * reported apart; then relative-time ticks (a render 20 s later with no new data), CPU and wall.
 *
 * The polls of the first survey cycle after start (`warmup`, 10 polls = 5 min at 30 s) are timed
 * but reported apart (`startup`): in them the code is compiled, insights' history fills, and the
 * second whole-scope poll receives its body into memory kept from then on (bodyRead.ts). What a
 * user pays all day is the steady state after that, which the measured polls are.
 */
import * as http from 'node:http';
import { performance } from 'node:perf_hooks';
import { PolytomicClient } from '../src/core/api/client';
import type { Logger, Scope } from '../src/core/api/contract';
import { Refresher } from '../src/core/state/refresher';
import { SnapshotSource, type StatusApi } from '../src/core/state/snapshotSource';
import { DEMO_API_KEY } from '../server/index';
import { FakeClock } from '../test/support/fakeClock';
import { startChildServer, type ChildServer } from './childServer';
import { RenderPath, type TreeEvents } from './renderPath';
import { settled } from '../test/support/simClock';
import { collectedAndSwept, cpuMsSince, gc, median } from './util';

const START = Date.parse('2025-03-10T09:00:00Z');
export const POLL_INTERVAL_MS = 30_000;
const TICK_MS = 20_000;
const silent: Logger = { trace() {}, debug() {}, info() {}, warn() {}, error() {} };

export interface KindCost {
  polls: number;
  requests: number;
  bodyBytes: number;
  wallMs: number;
  cpuMs: number;
  /** of cpuMs, the render path's */
  renderCpuMs: number;
  parseMs: number;
  /** followed polls: CPU of ChildServer.bareJson for the same requests (the floor under a poll); NaN for whole-scope */
  bareMs: number;
  /** median over polls of cpu / parse */
  ratio: number;
  /** per poll: elements fired and whole-tree refreshes (medians) */
  elements: number;
  wholeTree: number;
}

export interface PollCost {
  syncs: number;
  schemas: number;
  whole: KindCost;
  followed: KindCost;
  /** median followed syncs per followed poll */
  followedSyncs: number;
  /** the first survey cycle's polls after start (not in whole / followed) */
  startup: { polls: number; followedCpuMs: number; wholeCpuMs: number[] };
  /** ms: this process's CPU per tick (as the polls); wallMs: elapsed, which a loaded machine inflates */
  tick: { ms: number; wallMs: number; elements: number; wholeTree: number };
}

interface Sample {
  whole: boolean;
  requests: number;
  followedSyncs: number;
  bodyBytes: number;
  wallMs: number;
  cpuMs: number;
  /** of cpuMs, what activate() runs on each state (RenderPath.onState: insights, tree models, reconciler, status bar, alerts) */
  renderCpuMs: number;
  parseMs: number;
  bareMs: number;
  events: TreeEvents;
}

/** For bench/profilePoll.ts: called around each measured poll (a profiler), outside nothing else. */
export interface PollHooks {
  before(): Promise<void>;
  after(whole: boolean): Promise<void>;
}

/** Measured polls after the warm-up, as `npm run bench` takes them at each size (2,000 syncs: 4 whole-scope). */
export function measuredPolls(syncs: number): number {
  return syncs >= 5000 ? 12 : syncs >= 2000 ? 42 : 22;
}

/** Polls in the first survey cycle after start (SnapshotSource's 5 min at the 30 s interval). */
export const WARMUP_POLLS = 10;

export async function measurePollCost(syncs: number, polls = 22, hooks?: PollHooks, warmup = WARMUP_POLLS): Promise<PollCost> {
  const server = await startChildServer({ syncs, schemas: 25, startTime: START });
  const clock = new FakeClock(START);
  const client = new PolytomicClient({ baseUrl: server.url, apiVersion: '2024-02-08', credentials: { kind: 'apiKey', apiKey: DEMO_API_KEY }, now: () => clock.now() });
  const calls: Scope[] = [];
  const api: StatusApi = {
    getStatuses: (scope) => {
      calls.push(scope);
      return client.getStatuses(scope);
    },
    listSyncs: () => client.listSyncs(),
  };
  const refresher = new Refresher({ clock, logger: silent, intervalMs: POLL_INTERVAL_MS, source: new SnapshotSource({ client: api, scope: { kind: 'all' }, now: () => clock.now() }) });
  const view = new RenderPath(POLL_INTERVAL_MS);
  let renderCpuMs = 0;
  refresher.onDidChange((state, diff) => {
    const cpu0 = process.cpuUsage();
    view.onState(state, diff, clock.now());
    renderCpuMs += cpuMsSince(cpu0);
  });
  // Waits for the refresher's event, not by spinning (a busy wait would be counted as CPU).
  const settle = () => settled(refresher);
  try {
    refresher.start();
    await settle();
    const samples: Sample[] = [];
    const early: Sample[] = [];
    for (let i = 0; i < warmup + polls; i++) {
      const measured = i >= warmup;
      const due = clock.nextDue();
      if (due === undefined) throw new Error('the refresher planned no poll');
      await server.advance(due - clock.now());
      calls.length = 0;
      const before = view.mark();
      renderCpuMs = 0;
      await collectedAndSwept();
      if (measured) await hooks?.before();
      const wall0 = performance.now();
      const cpu0 = process.cpuUsage();
      await clock.advanceTo(due, settle);
      const cpuMs = cpuMsSince(cpu0);
      const wallMs = performance.now() - wall0;
      if (measured) await hooks?.after(calls.some((s) => s.kind === 'all'));
      const events = view.since(before);
      const whole = calls.some((s) => s.kind === 'all');
      if (!measured) {
        // the first polls after start report their CPU only: no references fetched for them
        early.push({ whole, requests: calls.length, followedSyncs: NaN, bodyBytes: NaN, wallMs, cpuMs, renderCpuMs, parseMs: NaN, bareMs: NaN, events });
        continue;
      }
      const queries = calls.map((s) => (s.kind === 'all' ? 'all=true' : new URLSearchParams(s.kind === 'selected' ? s.syncIds.map((id): [string, string] => ['sync_id', id]) : []).toString()));
      const bodies: string[] = [];
      for (const q of queries) bodies.push(await server.get(`/api/bulk/syncs/status?${q}`));
      const parses: number[] = [];
      for (let r = 0; r < 5; r++) {
        // Each parse starts from a collected heap: otherwise one of them pays for collecting the
        // last one's 8 MB of objects (at 2,000 syncs the reference varied 4x from run to run).
        gc();
        const t0 = performance.now();
        for (const body of bodies) JSON.parse(body);
        parses.push(performance.now() - t0);
      }
      const bareMs = whole ? NaN : await bareCpuMs(server, queries);
      samples.push({
        whole,
        requests: calls.length,
        followedSyncs: calls.reduce((n, s) => n + (s.kind === 'selected' ? s.syncIds.length : 0), 0),
        bodyBytes: bodies.reduce((n, b) => n + Buffer.byteLength(b), 0),
        wallMs,
        cpuMs,
        renderCpuMs,
        parseMs: median(parses),
        bareMs,
        events,
      });
    }
    const ticks: Array<{ ms: number; wallMs: number; events: TreeEvents }> = [];
    for (let k = 1; k <= 5; k++) {
      const before = view.mark();
      // as for the polls: the last poll's garbage is collected before the tick is measured
      await collectedAndSwept();
      const t0 = performance.now();
      const cpu0 = process.cpuUsage();
      view.render(refresher.state, clock.now() + k * TICK_MS, true);
      ticks.push({ ms: cpuMsSince(cpu0), wallMs: performance.now() - t0, events: view.since(before) });
    }
    const snapshot = refresher.state.snapshot!;
    return {
      syncs,
      schemas: snapshot.syncs.reduce((n, s) => n + s.schemas.length, 0),
      whole: summarize(samples.filter((s) => s.whole)),
      followed: summarize(samples.filter((s) => !s.whole)),
      followedSyncs: median(samples.filter((s) => !s.whole).map((s) => s.followedSyncs)),
      startup: { polls: early.length, followedCpuMs: median(early.filter((s) => !s.whole).map((s) => s.cpuMs)), wholeCpuMs: early.filter((s) => s.whole).map((s) => s.cpuMs) },
      tick: { ms: median(ticks.map((t) => t.ms)), wallMs: median(ticks.map((t) => t.wallMs)), elements: median(ticks.map((t) => t.events.elements)), wholeTree: median(ticks.map((t) => t.events.wholeTree)) },
    };
  } finally {
    refresher.dispose();
    await server.stop();
  }
}

function summarize(samples: Sample[]): KindCost {
  if (samples.length === 0) return { polls: 0, requests: 0, bodyBytes: 0, wallMs: NaN, cpuMs: NaN, renderCpuMs: NaN, parseMs: NaN, bareMs: NaN, ratio: NaN, elements: NaN, wholeTree: NaN };
  return {
    polls: samples.length,
    requests: median(samples.map((s) => s.requests)),
    bodyBytes: median(samples.map((s) => s.bodyBytes)),
    wallMs: median(samples.map((s) => s.wallMs)),
    cpuMs: median(samples.map((s) => s.cpuMs)),
    renderCpuMs: median(samples.map((s) => s.renderCpuMs)),
    parseMs: median(samples.map((s) => s.parseMs)),
    bareMs: median(samples.map((s) => s.bareMs)),
    ratio: median(samples.map((s) => s.cpuMs / s.parseMs)),
    elements: median(samples.map((s) => s.events.elements)),
    wholeTree: median(samples.map((s) => s.events.wholeTree)),
  };
}

/**
 * This process's CPU for ChildServer.bareJson of `queries` in turn, over one kept-alive connection
 * opened beforehand (as the extension's is): median of 5, each after a full GC, as the parse.
 */
async function bareCpuMs(server: ChildServer, queries: string[]): Promise<number> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  try {
    await server.bareJson(`/api/bulk/syncs/status?${queries[0]}`, agent);
    const runs: number[] = [];
    for (let r = 0; r < 5; r++) {
      await collectedAndSwept();
      const cpu0 = process.cpuUsage();
      for (const q of queries) await server.bareJson(`/api/bulk/syncs/status?${q}`, agent);
      runs.push(cpuMsSince(cpu0));
    }
    return median(runs);
  } finally {
    agent.destroy();
  }
}

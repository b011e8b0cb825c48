/**
 * What insights add to a poll (issue 16), at 2,000 syncs x 25 schemas with 30 runs kept each: the
 * InsightsService's onState (merge the finished runs of the rows that changed, judge the schemas
 * that got a new one, staleness of the syncs whose row or history changed or whose deadline passed)
 * timed beside the poll itself (the refresh pipeline: parse, validate, snapshot, diff, tree models,
 * tree changes) on the same status body, so the ratio cancels machine noise; and for a
 * followed-syncs poll (issue 15: about 100 of 2,000 syncs changed, the other rows kept in place).
 * The history is built by the service itself, 30 polls in which every schema finished a run
 * (nightly runs, ±30 % noise).
 */
import type { BulkSyncSummary, ViewState } from '../src/core/api/contract';
import { parseStatusResponse } from '../src/core/api/validate';
import { InsightsService } from '../src/core/insights/service';
import { mergeFollowed, positionsOf } from '../src/core/state/followedSyncs';
import { Random } from '../server/prng';
import { ViewPipeline } from './pipeline';
import { gc, median, timeMs } from './util';

const START = Date.parse('2025-03-10T02:00:00Z');
const DAY = 86_400_000;

export interface InsightsPollResult {
  syncs: number;
  schemas: number;
  runsKept: number;
  /** the poll itself (refresh pipeline), median */
  pollMs: number;
  /** onState for a poll with nothing new (the usual poll) */
  nothingNewMs: number;
  /** onState for a followed-syncs poll (rows kept in place) in which 100 syncs finished a run */
  followedMs: number;
  /** syncs changed in that followed poll */
  followedSyncs: number;
  /** onState for a poll where 10 % of the syncs finished a run (an hourly poll of nightly syncs, roughly) */
  tenthNewMs: number;
  /** onState for a poll where every schema finished a run */
  allNewMs: number;
}

const silent = { trace() {}, debug() {}, info() {}, warn() {}, error() {} };

/** Times one onState call; bench/profileInsights.ts wraps it in the sampling profiler. */
export type OnStateTimer = (kind: 'nothing' | 'followed' | 'tenth' | 'all', onState: () => void) => number;

export function measureInsightsPoll(syncs = 2000, schemasPerSync = 25, runs = 30, time: OnStateTimer = (_kind, onState) => timeMs(onState)): InsightsPollResult {
  const random = new Random(161);
  const ids = Array.from({ length: syncs }, (_, s) => `sync-${s.toString(36).padStart(4, '0')}-${Math.floor(random.float() * 1e9).toString(36)}`);
  const names = Array.from({ length: schemasPerSync }, (_, k) => `public.table_${k}`);
  const base = names.map(() => Math.round(random.range(100, 200_000)));
  const baseDuration = names.map(() => Math.round(random.range(60_000, 1_800_000)));
  const summaries = new Map<string, BulkSyncSummary>(ids.map((id) => [id, { id, name: id, active: true }]));
  /** the status body of a poll in which sync `s` shows run `runOf(s)`, finished */
  const body = (runOf: (s: number) => number): string => {
    const data = ids.map((syncId, s) => {
      const run = runOf(s);
      const at = START + run * DAY + s * 1000;
      return {
        sync_id: syncId,
        status: 'completed',
        schemas: names.map((schema, k) => ({
          schema,
          execution_id: `${syncId}-${run}`,
          status: 'completed',
          started_at: new Date(at).toISOString(),
          completed_at: new Date(at + Math.round(baseDuration[k] * (0.7 + 0.6 * ((s * 31 + k * 17 + run * 7) % 100) / 100))).toISOString(),
          record_count: Math.round(base[k] * (0.7 + 0.6 * ((s * 13 + k * 29 + run * 11) % 100) / 100)),
          error_count: 0,
          warning_count: 0,
        })),
      };
    });
    return JSON.stringify({ data });
  };
  const pipeline = new ViewPipeline(summaries);
  const service = new InsightsService({
    clock: { now: () => START + runs * DAY, setTimeout: () => 0, clearTimeout: () => undefined },
    logger: silent,
    executions: () => undefined,
    mode: () => 'notify',
    judgeOptions: () => ({}),
  });
  const state = (): ViewState => ({ auth: 'signedIn', loading: false, snapshot: pipeline.snapshot });
  for (let r = 0; r < runs; r++) {
    pipeline.refresh(body(() => r), START + r * DAY + DAY / 2);
    service.onState(state());
  }
  const history = service.historyOf();
  for (const id of history.syncIds()) history.markBackfilled(id, START); // staleness judged for every sync: the worst case
  // The service learns of backfills it ran itself; these it is told by rows it has not seen (every
  // row a new object), so that its staleness covers every sync from here on.
  pipeline.snapshot = { takenAt: pipeline.snapshot!.takenAt, syncs: pipeline.snapshot!.syncs.map((row) => ({ ...row })) };
  service.onState(state());
  const size = history.size();

  // Each measured poll: the pipeline's refresh (the poll itself), then onState on its snapshot.
  const measure = (kind: 'nothing' | 'tenth' | 'all', runOf: (rep: number) => (s: number) => number, reps: number) => {
    const polls: number[] = [];
    const insights: number[] = [];
    for (let i = 0; i < reps; i++) {
      const text = body(runOf(i));
      gc();
      const now = START + runs * DAY + DAY / 2 + i * 60_000;
      polls.push(timeMs(() => pipeline.refresh(text, now)));
      insights.push(time(kind, () => service.onState(state())));
    }
    return { poll: median(polls), insights: median(insights) };
  };
  // nothing new: the last runs again (each poll a new snapshot object of the same data)
  const nothing = measure('nothing', () => () => runs - 1, 5);
  // a tenth of the syncs finished a run: each rep another tenth (s % 10 === rep), the earlier ones unchanged
  const tenth = measure('tenth', (rep) => (s) => (s % 10 <= rep ? runs : runs - 1), 3);
  // A followed-syncs poll (mergeFollowed keeps the other rows in place, by reference): a twentieth
  // of the syncs (100 of 2,000) finished a run; each rep a different twentieth, none seen before.
  const followed: number[] = [];
  const every = 20;
  for (let i = 0; i < 5; i++) {
    const fresh = (s: number) => s % every === 13 + i; // tenths 3 to 7: not finished above
    const statuses = parseStatusResponse(JSON.parse(body(() => runs))).filter((_, s) => fresh(s));
    const before = pipeline.snapshot!;
    const now = START + runs * DAY + DAY / 2 + (10 + i) * 60_000;
    pipeline.snapshot = mergeFollowed(before, positionsOf(before), statuses, summaries, now);
    gc();
    followed.push(time('followed', () => service.onState(state())));
  }
  const all = measure('all', () => () => runs + 1, 1);
  service.dispose();
  return {
    syncs: size.syncs,
    schemas: size.schemas,
    runsKept: size.runs,
    pollMs: nothing.poll,
    nothingNewMs: nothing.insights,
    followedMs: median(followed),
    followedSyncs: Math.ceil(syncs / every),
    tenthNewMs: tenth.insights,
    allNewMs: all.insights,
  };
}

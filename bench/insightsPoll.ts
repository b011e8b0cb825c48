/**
 * What insights add to a poll (issue 16), at 2,000 syncs x 25 schemas with 30 runs kept each: the
 * InsightsService's onState (merge the snapshot's finished runs, judge the schemas that got a new
 * one, staleness of every active sync) timed beside the poll itself (the refresh pipeline: parse,
 * validate, snapshot, diff, tree models, tree changes) on the same status body, so the ratio
 * cancels machine noise. The history is built by the service itself, 30 polls in which every
 * schema finished a run (nightly runs, ±30 % noise).
 */
import type { BulkSyncSummary, ViewState } from '../src/core/api/contract';
import { InsightsService } from '../src/core/insights/service';
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
  /** onState for a poll where 10 % of the syncs finished a run (an hourly poll of nightly syncs, roughly) */
  tenthNewMs: number;
  /** onState for a poll where every schema finished a run */
  allNewMs: number;
}

const silent = { trace() {}, debug() {}, info() {}, warn() {}, error() {} };

export function measureInsightsPoll(syncs = 2000, schemasPerSync = 25, runs = 30): InsightsPollResult {
  const random = new Random(161);
  const ids = Array.from({ length: syncs }, (_, s) => `sync-${s.toString(36).padStart(4, '0')}-${Math.floor(random.float() * 1e9).toString(36)}`);
  const names = Array.from({ length: schemasPerSync }, (_, k) => `public.table_${k}`);
  const base = names.map(() => Math.round(random.range(100, 200_000)));
  const baseDuration = names.map(() => Math.round(random.range(60_000, 1_800_000)));
  const summaries = new Map<string, BulkSyncSummary>(ids.map((id) => [id, { id, name: id, active: true }]));
  /** the status body of a poll after run `r`, with the syncs in `fresh` having finished run r and the others still at r - 1 */
  const body = (r: number, fresh: (s: number) => boolean): string => {
    const data = ids.map((syncId, s) => {
      const run = fresh(s) ? r : r - 1;
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
    pipeline.refresh(body(r, () => true), START + r * DAY + DAY / 2);
    service.onState(state());
  }
  const history = service.historyOf();
  for (const id of history.syncIds()) history.markBackfilled(id, START); // staleness judged for every sync: the worst case
  const size = history.size();

  // Each measured poll: the pipeline's refresh (the poll itself), then onState on its snapshot.
  const measure = (r: number, fresh: (s: number) => boolean, reps: number) => {
    const polls: number[] = [];
    const insights: number[] = [];
    const text = body(r, fresh);
    for (let i = 0; i < reps; i++) {
      gc();
      const now = START + r * DAY + DAY / 2 + i * 60_000;
      polls.push(timeMs(() => pipeline.refresh(text, now)));
      insights.push(timeMs(() => service.onState(state())));
    }
    return { poll: median(polls), insights: median(insights) };
  };
  // nothing new: the last runs again (each poll a new snapshot object of the same data)
  const nothing = measure(runs, () => false, 5);
  const tenth = measure(runs, (s) => s % 10 === 0, 1);
  const all = measure(runs + 1, () => true, 1);
  service.dispose();
  return {
    syncs: size.syncs,
    schemas: size.schemas,
    runsKept: size.runs,
    pollMs: nothing.poll,
    nothingNewMs: nothing.insights,
    tenthNewMs: tenth.insights,
    allNewMs: all.insights,
  };
}

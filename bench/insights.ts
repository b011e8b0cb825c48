/**
 * Insights (issue 16): the memory of the run history at 2,000 syncs x 25 schemas x 30 runs, and
 * what judging it costs. Synthetic runs, nightly, each schema with its own typical volume and
 * duration and ±30 % noise, and a planted drop to 0 in 1 % of the latest runs; built through
 * RunHistory.add as the poll and the backfill would.
 */
import type { SyncStatus } from '../src/core/api/contract';
import { RunHistory } from '../src/core/insights/history';
import { judgeAll, judgeSchema } from '../src/core/insights/judge';
import { serializeHistory } from '../src/core/insights/persist';
import { mergeStatuses } from '../src/core/insights/sources';
import { Random } from '../server/prng';
import { gc, median, timeMs } from './util';

const START = Date.parse('2025-03-10T02:00:00Z');
const DAY = 86_400_000;

export interface InsightsResult {
  syncs: number;
  schemas: number;
  runs: number;
  heapBytes: number;
  buildMs: number;
  /** judging every schema once: one poll's worth when everything finished at once */
  judgeAllMs: number;
  anomalies: number;
  /** anomalies planted (a run moving 0 records), and how many of the found ones were planted */
  planted: number;
  foundPlanted: number;
  /** merging a poll that shows nothing new (the usual poll) */
  pollNothingNewMs: number;
  /** merging a poll in which every schema finished a run, then judging just those */
  pollAllNewMs: number;
  jsonBytes: number;
}

export function measureInsights(syncs = 2000, schemasPerSync = 25, runs = 30): InsightsResult {
  const random = new Random(16);
  const ids = Array.from({ length: syncs }, () => uuid(random));
  const names = Array.from({ length: schemasPerSync }, (_, k) => `public.table_${k}`);
  const base = names.map(() => Math.round(random.range(100, 200_000)));
  const baseDuration = names.map(() => Math.round(random.range(60_000, 1_800_000)));
  gc();
  const before = process.memoryUsage().heapUsed;
  const history = new RunHistory();
  const planted = new Set<string>();
  const buildMs = timeMs(() => {
    for (let s = 0; s < syncs; s++) {
      for (let r = 0; r < runs; r++) {
        const executionId = uuid(random); // one string per execution, shared by its schemas
        const startedAt = START + r * DAY + s * 1000;
        for (let k = 0; k < schemasPerSync; k++) {
          const anomaly = r === runs - 1 && random.float() < 0.01;
          if (anomaly) planted.add(`${ids[s]}/${names[k]}`);
          const records = anomaly ? 0 : Math.round(base[k] * random.range(0.7, 1.3));
          const duration = Math.round(baseDuration[k] * random.range(0.7, 1.3));
          history.add(ids[s], names[k], { executionId, status: 'completed', startedAt, completedAt: startedAt + duration, records });
        }
      }
    }
  });
  gc();
  const heapBytes = process.memoryUsage().heapUsed - before;
  const size = history.size();
  let found: ReturnType<typeof judgeAll> = [];
  const judgeAllMs = median([0, 1].map(() => timeMs(() => (found = judgeAll(history)))));
  const foundPlanted = found.filter((a) => a.kind === 'volume' && planted.has(`${a.syncId}/${a.schema}`)).length;

  // A poll shows each schema's latest execution: already kept (the usual case), or all new.
  const latest = (offsetDays: number, newIds: boolean): SyncStatus[] =>
    ids.map((syncId) => ({
      syncId,
      schemas: names.map((schema, k) => {
        const kept = history.schemaRuns(syncId, schema);
        const at = START + (runs - 1 + offsetDays) * DAY;
        const executionId = newIds ? `${syncId}-next` : kept?.ids[kept.ids.length - 1];
        const recordCount = Math.round(base[k] * random.range(0.7, 1.3));
        return { schema, executionId, status: 'completed', startedAt: new Date(at).toISOString(), completedAt: new Date(at + 600_000).toISOString(), recordCount };
      }),
    }));
  const same = latest(0, false);
  const pollNothingNewMs = median([0, 1, 2, 3, 4].map(() => timeMs(() => mergeStatuses(history, same))));
  const next = latest(1, true);
  const pollAllNewMs = timeMs(() => {
    const merged = mergeStatuses(history, next);
    for (const { syncId, schema } of merged.changed) {
      const kept = history.schemaRuns(syncId, schema);
      if (kept) judgeSchema(syncId, schema, kept);
    }
  });
  // The JSON of 100 syncs, scaled: stringifying all of it would need a few hundred MB at once.
  const sample = new RunHistory();
  for (const syncId of ids.slice(0, 100)) for (const schema of names) for (const run of history.runs(syncId, schema)) sample.add(syncId, schema, run);
  const jsonBytes = (Buffer.byteLength(JSON.stringify(serializeHistory(sample))) * size.syncs) / 100;
  return { syncs: size.syncs, schemas: size.schemas, runs: size.runs, heapBytes, buildMs, judgeAllMs, anomalies: found.length, planted: planted.size, foundPlanted, pollNothingNewMs, pollAllNewMs, jsonBytes };
}

function uuid(random: Random): string {
  const hex = (n: number) => Array.from({ length: n }, () => Math.floor(random.float() * 16).toString(16)).join('');
  return `${hex(8)}-${hex(4)}-4${hex(3)}-a${hex(3)}-${hex(12)}`;
}

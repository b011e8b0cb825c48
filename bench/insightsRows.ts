/** The insights rows of the bench table (issue 16), shared by bench/index.ts and bench/insightsOnly.ts. */
import { measureInsights } from './insights';
import { fmt, kb, type Row } from './util';

export function insightsRows(): Row[] {
  const r = measureInsights();
  const shape = `${fmt(r.syncs, 0)} syncs x ${fmt(r.schemas / r.syncs, 0)} schemas x ${fmt(r.runs / r.schemas, 0)} runs`;
  const row = (figure: string, value: string, reference = ''): Row => ({ figure, value, reference, target: '', verdict: '' });
  return [
    row(`insights: run history heap (${shape})`, `${fmt(r.heapBytes / 1048576, 1)} MB`, `${fmt(r.heapBytes / r.runs, 1)} bytes per run; built in ${fmt(r.buildMs, 0)} ms`),
    row('insights: history as JSON (if all of it were persisted)', `${fmt(r.jsonBytes / 1048576, 1)} MB`, `${kb(r.jsonBytes / r.schemas)} per schema (scaled from 100 syncs)`),
    row(`insights: judging all ${fmt(r.schemas, 0)} schemas once`, `${fmt(r.judgeAllMs, 0)} ms`, `${fmt((r.judgeAllMs / r.schemas) * 1000, 1)} µs/schema; found ${r.anomalies}: ${r.foundPlanted} of the ${r.planted} planted drops to 0, ${r.anomalies - r.foundPlanted} others`),
    row('insights: merging a poll with nothing new', `${fmt(r.pollNothingNewMs, 1)} ms`, `${fmt(r.schemas, 0)} schemas looked at`),
    row('insights: merging a poll where every schema finished, and judging those', `${fmt(r.pollAllNewMs, 0)} ms`, `${fmt(r.schemas, 0)} new runs`),
  ];
}

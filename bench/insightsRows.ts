/** The insights rows of the bench table (issue 16), shared by bench/index.ts and bench/insightsOnly.ts. */
import { measureInsights } from './insights';
import { measureInsightsPoll } from './insightsPoll';
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
    ...pollRows(),
  ];
}

/** The InsightsService's share of one poll (bench/insightsPoll.ts), against the poll itself. */
function pollRows(): Row[] {
  const p = measureInsightsPoll();
  const at = `${fmt(p.syncs, 0)} syncs x ${fmt(p.schemas / p.syncs, 0)} schemas, ${fmt(p.runsKept, 0)} runs kept`;
  const share = (ms: number) => `${fmt(ms, 1)} ms = ${fmt((ms / p.pollMs) * 100, 0)} % of the poll`;
  const row = (figure: string, value: string, reference: string): Row => ({ figure, value, reference, target: '', verdict: '' });
  return [
    row(`insights added to a poll with nothing new (${at})`, share(p.nothingNewMs), `the poll itself ${fmt(p.pollMs, 0)} ms (parse to tree changes)`),
    row(`insights added to a followed-syncs poll where ${fmt(p.followedSyncs, 0)} syncs finished a run`, `${fmt(p.followedMs, 1)} ms`, `rows kept in place (mergeFollowed); ${fmt(p.followedSyncs * (p.schemas / p.syncs), 0)} new runs merged and judged, staleness of those syncs`),
    row('insights added to a poll where 10 % of the syncs finished a run', share(p.tenthNewMs), '5,000 new runs merged and judged (200 syncs x 25 schemas), staleness of those 200 syncs'),
    row('insights added to a poll where every schema finished a run', share(p.allNewMs), '50,000 new runs merged and judged'),
  ];
}

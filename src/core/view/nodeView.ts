/**
 * Whether a node reads the same as before: the one place that says how each shown thing compares.
 * Every table here is typed over all the keys of what it compares, so a field added to NodeView,
 * SyncSnapshot or SyncSummary does not compile until it says how it compares. The answer may be
 * "different" for texts that happen to be equal, never "same" for texts that differ.
 */
import type { NodeView, SyncSnapshot, SyncSummary, TooltipSource } from '../api/contract';
import { formatDuration, relativeKey } from './format';
import { parseTime } from './treeNodes';
import { compareAll, type Same } from '../state/compareFields';

export type SchemaTooltipSource = Extract<TooltipSource, { kind: 'schema' }>;
export type SyncTooltipSource = Extract<TooltipSource, { kind: 'sync' }>;

/** Whether a time shown relative to the render time ("3 min ago") reads the same at both render times. */
function sameMoment(t: number | undefined, aNow: number, bNow: number): boolean {
  return t === undefined || aNow === bNow || relativeKey(aNow - t) === relativeKey(bNow - t);
}

/** A schema's times (started, completed, "Running for") read the same at two render times. */
function schemaTimesRead(source: SchemaTooltipSource, aNow: number, bNow: number): boolean {
  const { startedAt: started, completedAt: completed } = source;
  if (aNow === bNow) return true;
  if (!sameMoment(started, aNow, bNow) || !sameMoment(completed, aNow, bNow)) return false;
  if (started === undefined || completed !== undefined || source.schema.info.terminal) return true;
  // "Running for: …" (shown from the start time on)
  const aRunning = aNow >= started;
  return aRunning === bNow >= started && (!aRunning || formatDuration(aNow - started) === formatDuration(bNow - started));
}

/** A sync's times (latest completion, next run and whether it is still ahead) read the same at two render times. */
function syncTimesRead(source: SyncTooltipSource, aNow: number, bNow: number): boolean {
  if (aNow === bNow) return true;
  if (!sameMoment(source.summary.latestCompletedAt, aNow, bNow)) return false;
  const next = parseTime(source.sync.nextExecutionTime);
  return next === undefined || (next > aNow === next > bNow && sameMoment(next, aNow, bNow));
}

/** Whether a schema node, built at its render time, reads the same at `now` (its text that depends on the time). */
export function schemaReadsTheSame(source: SchemaTooltipSource, now: number): boolean {
  return schemaTimesRead(source, source.now, now);
}

/** Whether a sync node's description and tooltip, built at its render time, read the same at `now`. */
export function syncReadsTheSame(source: SyncTooltipSource, now: number): boolean {
  return syncTimesRead(source, source.now, now);
}

/** A sync's own fields (not its schemas: what the node shows of those is its summary). */
const sameSyncOwn = compareAll<Omit<SyncSnapshot, 'schemas'>>({
  id: (a, b) => a.id === b.id,
  name: (a, b) => a.name === b.name,
  active: (a, b) => a.active === b.active,
  status: (a, b) => a.status === b.status,
  // one StatusInfo object per status (statusTable's cache)
  info: (a, b) => a.info === b.info,
  nextExecutionTime: (a, b) => a.nextExecutionTime === b.nextExecutionTime,
  // follows from nextExecutionTime
  nextExecutionMs: (a, b) => a.nextExecutionMs === b.nextExecutionMs,
  unreadable: (a, b) => a.unreadable === b.unreadable,
  noId: (a, b) => a.noId === b.noId,
});

function sameCounts(a: ReadonlyMap<string, number>, b: ReadonlyMap<string, number>): boolean {
  if (a.size !== b.size) return false;
  const other = b.entries();
  for (const [label, n] of a) {
    const [otherLabel, otherN] = other.next().value as [string, number];
    if (label !== otherLabel || n !== otherN) return false;
  }
  return true;
}

/** What a sync shows of its schemas; the latest completion is compared as a time (syncTimesRead). */
const sameSummary = compareAll<SyncSummary>({
  total: (a, b) => a.total === b.total,
  done: (a, b) => a.done === b.done,
  failing: (a, b) => a.failing === b.failing,
  errors: (a, b) => a.errors === b.errors,
  unreadable: (a, b) => a.unreadable === b.unreadable,
  latestCompletedAt: (a, b) => a.latestCompletedAt === b.latestCompletedAt,
  byLabel: (a, b) => sameCounts(a.byLabel, b.byLabel),
});

/**
 * Whether two tooltip sources render the same Markdown, without rendering either. A schema row is
 * rebuilt only when one of its validated fields changed (buildSnapshot), so a different row object
 * counts as different data.
 */
export function sameTooltip(a: TooltipSource, b: TooltipSource): boolean {
  if (a === b) return true;
  if (a.kind === 'schema') {
    return b.kind === 'schema' && a.schema === b.schema && a.startedAt === b.startedAt && a.completedAt === b.completedAt && schemaTimesRead(a, a.now, b.now);
  }
  return (
    b.kind === 'sync' &&
    (a.sync === b.sync || sameSyncOwn(a.sync, b.sync)) &&
    (a.summary === b.summary || sameSummary(a.summary, b.summary)) &&
    syncTimesRead(a, a.now, b.now)
  );
}

/** How each shown field compares. */
export const sameView: Same<NodeView> = compareAll<NodeView>({
  label: (a, b) => a.label === b.label,
  description: (a, b) => a.description === b.description,
  icon: (a, b) => a.icon === b.icon,
  color: (a, b) => a.color === b.color,
  tooltip: (a, b) => sameTooltip(a.tooltip, b.tooltip),
  contextValue: (a, b) => a.contextValue === b.contextValue,
  collapsible: (a, b) => a.collapsible === b.collapsible,
});

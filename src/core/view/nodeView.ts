/**
 * Whether a node reads the same as before: the one place that says how each shown thing compares.
 * Every table here has one entry per key of what it compares, so a field added to NodeView,
 * SyncSnapshot or SyncSummary does not compile until it says how it compares. The answer may be
 * "different" for texts that happen to be equal, never "same" for texts that differ.
 *
 * Time is not compared here. Descriptions that show a relative time are rebuilt by the builder
 * when their text moves (TreeModelBuilder), and tooltips are rendered at hover time
 * (tooltipMarkdown); one the user has already seen is redrawn by TreeFeed when its text moved.
 */
import type { NodeView, SyncSnapshot, SyncSummary, TooltipSource } from '../api/contract';
import { compareAll, type Same } from '../state/compareFields';

export type SyncTooltipSource = Extract<TooltipSource, { kind: 'sync' }>;

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

/** What a sync shows of its schemas. */
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
 * Whether two tooltip sources hold the same data. A schema row is rebuilt only when one of its
 * validated fields changed (buildSnapshot), so a different row object counts as different data.
 */
export function sameTooltip(a: TooltipSource, b: TooltipSource): boolean {
  if (a === b) return true;
  if (a.kind === 'schema') return b.kind === 'schema' && a.schema === b.schema;
  return b.kind === 'sync' && (a.sync === b.sync || sameSyncOwn(a.sync, b.sync)) && (a.summary === b.summary || sameSummary(a.summary, b.summary));
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

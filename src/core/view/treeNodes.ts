/**
 * What each tree node shows, built from one snapshot row at one render time: label, description,
 * icon, context value and tooltip (one function per node kind: schemaNode, syncNode). Every piece of
 * server text in a Markdown string is escaped here (escapeMarkdown / codeSpan), so adapters must not
 * enable command links.
 */
import type { SchemaSnapshot, StatusInfo, SyncSnapshot, SyncSummary, TreeNodeModel } from '../api/contract';
import { descriptionTimeChangesAt, formatDescriptionRelative } from './descriptionTime';
import { formatCount, formatDuration, formatMoment, formatWhen, plural } from './format';
import { codeSpan, escapeMarkdown } from './markdown';
import { stripDirectionControls } from './bidi';
import { UNREADABLE } from '../state/statusTable';
import { compareText } from './textOrder';

/** Worst first, then by name (case-insensitive), then by id so equal names keep a stable order. */
export function compareSyncs(a: SyncSnapshot, b: SyncSnapshot): number {
  return b.info.severity - a.info.severity || compareText(a.name, b.name) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}
export function compareSchemas(a: SchemaSnapshot, b: SchemaSnapshot): number {
  return b.info.severity - a.info.severity || compareText(a.schema, b.schema) || (a.schema < b.schema ? -1 : a.schema > b.schema ? 1 : 0);
}

/** Lower-case status words for descriptions; an unknown value keeps its own spelling. */
function statusWord(info: StatusInfo): string {
  if (info === UNREADABLE) return 'unreadable';
  return info.category === 'unknown' ? info.label.replace(/^Unknown/, 'unknown') : info.label.toLowerCase();
}

/**
 * A stable when-clause token for a status: the known value, `idle` for none, `unknown` for values
 * we do not know (raw unknown text could contain spaces or anything else).
 */
function statusToken(info: StatusInfo): string {
  if (info.category === 'unknown') return 'unknown';
  if (info.category === 'idle') return 'idle';
  return info.status;
}

function contextValue(kind: 'sync' | 'schema', info: StatusInfo, active?: boolean, noId?: boolean): string {
  // No action fits an unreadable schema, nor an entry without a sync id: no menu matches this.
  if (info === UNREADABLE && (kind === 'schema' || noId)) return 'unreadable';
  const tokens: string[] = [kind, statusToken(info)];
  if (info.category !== tokens[1]) tokens.push(info.category);
  if (info === UNREADABLE) tokens.push('unreadable');
  if (kind === 'sync') tokens.push(active === false ? 'inactive' : 'active');
  return tokens.join(' ');
}

export function parseTime(iso: string | undefined): number | undefined {
  if (iso === undefined) return undefined;
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? undefined : ms;
}

export function newSummary(total: number): SyncSummary {
  return { total, done: 0, failing: 0, errors: 0, unreadable: 0, byLabel: new Map() };
}

export function addToSummary(summary: SyncSummary, schema: SchemaSnapshot, completed: number | undefined): void {
  if (schema.info.terminal) summary.done++;
  if (schema.info.category === 'failure') summary.failing++;
  else if (schema.info === UNREADABLE) summary.unreadable++;
  summary.errors += schema.errorCount ?? 0;
  if (completed !== undefined && (summary.latestCompletedAt === undefined || completed > summary.latestCompletedAt)) {
    summary.latestCompletedAt = completed;
  }
  summary.byLabel.set(schema.info.label, (summary.byLabel.get(schema.info.label) ?? 0) + 1);
}

export function syncDescription(sync: SyncSnapshot, summary: SyncSummary, now: number): string {
  const parts = [sync.unreadable === undefined ? statusWord(sync.info) : `unreadable: ${stripDirectionControls(sync.unreadable)}`];
  const { category } = sync.info;
  const next = parseTime(sync.nextExecutionTime);
  let showNext = false;
  if (category === 'inProgress') {
    if (summary.total > 0) parts.push(`${formatCount(summary.done)} of ${formatCount(summary.total)} done`);
  } else if (category === 'failure' || category === 'warning') {
    if (summary.failing > 0) parts.push(`${formatCount(summary.failing)} of ${plural(summary.total, 'schema')} failed`);
    else if (summary.total > 0) parts.push(plural(summary.total, 'schema'));
    if (summary.failing === 0 && summary.errors > 0) parts.push(plural(summary.errors, 'error'));
    showNext = true;
  } else if (category === 'success' || category === 'canceled') {
    if (summary.total > 0) parts.push(plural(summary.total, 'schema'));
    if (summary.latestCompletedAt !== undefined) parts.push(formatMoment(summary.latestCompletedAt, now, formatDescriptionRelative));
  } else {
    // idle / unknown
    if (summary.total > 0) parts.push(plural(summary.total, 'schema'));
    showNext = true;
  }
  if (summary.unreadable > 0) parts.push(`${formatCount(summary.unreadable)} unreadable`);
  if (sync.active === false) parts.push('inactive');
  else if (showNext && next !== undefined && next > now) parts.push(`next run ${formatMoment(next, now, formatDescriptionRelative)}`);
  return parts.join(' · ');
}

/**
 * Until when syncDescription(sync, summary, t) reads as it does at `now` (for every t in [now,
 * result)): the first step of either time it may show, the last completion or the next run.
 */
export function syncDescriptionChangesAt(sync: SyncSnapshot, summary: SyncSummary, now: number): number {
  const next = parseTime(sync.nextExecutionTime);
  const completed = summary.latestCompletedAt;
  return Math.min(next === undefined ? Infinity : descriptionTimeChangesAt(next, now), completed === undefined ? Infinity : descriptionTimeChangesAt(completed, now));
}

function syncTooltip(sync: SyncSnapshot, summary: SyncSummary, now: number): string {
  const head = `**${escapeMarkdown(sync.name)}**`;
  const lines: string[] = [];
  let statusLine = `Status: **${escapeMarkdown(sync.info.label)}**`;
  if (sync.status !== undefined && sync.status !== sync.info.status) {
    statusLine += ` (the sync itself reports ${escapeMarkdown(sync.status)})`;
  }
  lines.push(statusLine);
  if (sync.unreadable !== undefined) lines.push(unreadableLine('sync', sync.unreadable));
  lines.push(`Active: ${sync.active === undefined ? 'unknown' : sync.active ? 'yes' : 'no'}`);
  if (summary.total > 0) {
    const counts = [...summary.byLabel.entries()].map(([label, n]) => `${formatCount(n)} ${escapeMarkdown(label.toLowerCase())}`);
    lines.push(`Schemas: ${formatCount(summary.total)} (${counts.join(', ')})`);
  } else {
    lines.push('Schemas: none reported');
  }
  if (summary.errors > 0) lines.push(`Errors: ${formatCount(summary.errors)}`);
  if (summary.latestCompletedAt !== undefined) lines.push(`Last completed: ${formatWhen(summary.latestCompletedAt, now)}`);
  const next = parseTime(sync.nextExecutionTime);
  if (next !== undefined) lines.push(`Next run: ${formatWhen(next, now)}`);
  lines.push(`Sync id: ${codeSpan(sync.id)}`);
  return `${head}\n\n${lines.join('  \n')}`;
}

/** Why a row shows no status: the server's entry broke the contract (validate.ts). */
function unreadableLine(what: 'sync' | 'schema', reason: string): string {
  return `Polytomic sent an entry for this ${what} that does not match its API, so its status is not shown: ${escapeMarkdown(reason, 300)}`;
}

function schemaDescription(schema: SchemaSnapshot): string {
  if (schema.unreadable !== undefined) return `unreadable: ${stripDirectionControls(schema.unreadable)}`;
  const parts: string[] = [];
  if (schema.recordCount !== undefined) parts.push(plural(schema.recordCount, 'record'));
  if (schema.errorCount) parts.push(plural(schema.errorCount, 'error'));
  if (schema.warningCount) parts.push(plural(schema.warningCount, 'warning'));
  if (parts.length === 0 || schema.info.category === 'unknown') parts.unshift(statusWord(schema.info));
  return parts.join(' · ');
}

/**
 * A node's tooltip Markdown (server text escaped), with relative times as they read at `at`: the
 * adapter passes the moment the user hovers, so a tooltip never needs a redraw just because time
 * passed (TreeFeed redraws one already shown, which VS Code keeps, when its text moved).
 */
export function tooltipMarkdown(model: TreeNodeModel, at = model.tooltip.now): string {
  const source = model.tooltip;
  return source.kind === 'schema' ? schemaTooltip(source.schema, at, source.startedAt, source.completedAt) : syncTooltip(source.sync, source.summary, at);
}

function schemaTooltip(schema: SchemaSnapshot, now: number, started: number | undefined, completed: number | undefined): string {
  const blocks: string[] = [`**${escapeMarkdown(schema.info.label)}** · ${escapeMarkdown(schema.schema)}`];
  if (schema.unreadable !== undefined) blocks.push(unreadableLine('schema', schema.unreadable));
  if (schema.statusMessage) blocks.push(escapeMarkdown(schema.statusMessage));
  const lines: string[] = [];
  const counts: string[] = [];
  if (schema.recordCount !== undefined) counts.push(`Records: ${formatCount(schema.recordCount)}`);
  if (schema.errorCount !== undefined) counts.push(`Errors: ${formatCount(schema.errorCount)}`);
  if (schema.warningCount !== undefined) counts.push(`Warnings: ${formatCount(schema.warningCount)}`);
  if (counts.length) lines.push(counts.join(' · '));
  if (started !== undefined) lines.push(`Started: ${formatWhen(started, now)}`);
  if (completed !== undefined) lines.push(`Completed: ${formatWhen(completed, now)}`);
  if (started !== undefined && completed !== undefined && completed >= started) {
    lines.push(`Duration: ${formatDuration(completed - started)}`);
  } else if (started !== undefined && completed === undefined && !schema.info.terminal && now >= started) {
    lines.push(`Running for: ${formatDuration(now - started)}`);
  }
  if (schema.executionId) lines.push(`Execution: ${codeSpan(schema.executionId)}`);
  if (lines.length) blocks.push(lines.join('  \n'));
  return blocks.join('\n\n');
}

export function schemaNodeId(syncId: string, schema: string): string {
  return `schema:${syncId}/${schema}`;
}
export function syncNodeId(syncId: string): string {
  return `sync:${syncId}`;
}

/**
 * A schema node: what it shows and where it sits. One typed literal per node kind (here and
 * syncNode): a field added to TreeNodeModel does not compile until both say what it shows. Every node
 * has its properties in this one order (one object shape at 100,000 nodes).
 */
export function schemaNode(sync: SyncSnapshot, schema: SchemaSnapshot, now: number, startedAt: number | undefined, completedAt: number | undefined, last?: TreeNodeModel): TreeNodeModel {
  // `last`: this schema's node of the sync's last row (same sync id, same schema name), whose
  // label and id are this one's, and whose context value is when status and id presence are the same
  const lastRow = last?.tooltip.kind === 'schema' ? last.tooltip.schema : undefined;
  const same = lastRow !== undefined && last!.syncId === sync.id && lastRow.schema === schema.schema ? last : undefined;
  return {
    label: same ? same.label : stripDirectionControls(schema.schema),
    description: schemaDescription(schema),
    icon: schema.info.icon,
    color: schema.info.color,
    tooltip: { kind: 'schema', schema, startedAt, completedAt, now },
    contextValue: same && lastRow!.info === schema.info && lastRow!.noId === schema.noId ? same.contextValue : contextValue('schema', schema.info, undefined, schema.noId),
    collapsible: 'none',
    id: same ? same.id : schemaNodeId(sync.id, schema.schema),
    kind: 'schema',
    syncId: sync.id,
    schema: schema.schema,
    children: [],
  };
}

/** A sync node, given what its schemas add up to. */
export function syncNode(sync: SyncSnapshot, summary: SyncSummary, children: TreeNodeModel[], now: number): TreeNodeModel {
  return {
    label: sync.name,
    description: syncDescription(sync, summary, now),
    icon: sync.info.icon,
    color: sync.info.color,
    tooltip: { kind: 'sync', sync, summary, now },
    contextValue: contextValue('sync', sync.info, sync.active, sync.noId),
    collapsible: children.length > 0 ? 'collapsed' : 'none',
    id: syncNodeId(sync.id),
    kind: 'sync',
    syncId: sync.id,
    schema: undefined,
    children,
  };
}

/**
 * View models: what each tree node, the status bar item and the view message show.
 * The adapters map these 1:1 onto VS Code objects; every piece of server text in a Markdown
 * string is escaped here (escapeMarkdown / codeSpan), so adapters must not enable command links.
 */
import type { SchemaSnapshot, Snapshot, StatusBarModel, StatusInfo, SyncSnapshot, SyncSummary, TooltipSource, TreeNodeModel, ViewState } from '../api/contract';
import { formatCount, formatDuration, formatMoment, formatRelative, formatSince, formatWhen, plural, relativeKey } from './format';
import { codeSpan, escapeMarkdown } from './markdown';
import { stripDirectionControls } from './bidi';
import { UNREADABLE } from '../state/statusTable';
import { applyFilter, isFailing, schemaComparator, type SortOrder, type ViewFilter } from './viewFilter';

export { escapeMarkdown, codeSpan } from './markdown';
export { formatRelative, formatDuration, formatAbsolute, formatCount } from './format';

const collator = new Intl.Collator('en', { sensitivity: 'base', numeric: true });

/** Worst first, then by name (case-insensitive), then by id so equal names keep a stable order. */
function compareSyncs(a: SyncSnapshot, b: SyncSnapshot): number {
  return b.info.severity - a.info.severity || collator.compare(a.name, b.name) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}
function compareSchemas(a: SchemaSnapshot, b: SchemaSnapshot): number {
  return b.info.severity - a.info.severity || collator.compare(a.schema, b.schema) || (a.schema < b.schema ? -1 : a.schema > b.schema ? 1 : 0);
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

function parseTime(iso: string | undefined): number | undefined {
  if (iso === undefined) return undefined;
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? undefined : ms;
}

function newSummary(total: number): SyncSummary {
  return { total, done: 0, failing: 0, errors: 0, unreadable: 0, byLabel: new Map() };
}

function addToSummary(summary: SyncSummary, schema: SchemaSnapshot, completed: number | undefined): void {
  if (schema.info.terminal) summary.done++;
  if (schema.info.category === 'failure') summary.failing++;
  else if (schema.info === UNREADABLE) summary.unreadable++;
  summary.errors += schema.errorCount ?? 0;
  if (completed !== undefined && (summary.latestCompletedAt === undefined || completed > summary.latestCompletedAt)) {
    summary.latestCompletedAt = completed;
  }
  summary.byLabel.set(schema.info.label, (summary.byLabel.get(schema.info.label) ?? 0) + 1);
}

function syncDescription(sync: SyncSnapshot, summary: SyncSummary, now: number): string {
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
    if (summary.latestCompletedAt !== undefined) parts.push(formatMoment(summary.latestCompletedAt, now));
  } else {
    // idle / unknown
    if (summary.total > 0) parts.push(plural(summary.total, 'schema'));
    showNext = true;
  }
  if (summary.unreadable > 0) parts.push(`${formatCount(summary.unreadable)} unreadable`);
  if (sync.active === false) parts.push('inactive');
  else if (showNext && next !== undefined && next > now) parts.push(`next run ${formatMoment(next, now)}`);
  return parts.join(' · ');
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

/** A node's tooltip Markdown (server text escaped), as of the refresh that built the node. */
export function tooltipMarkdown(model: TreeNodeModel): string {
  const source = model.tooltip;
  return source.kind === 'schema'
    ? schemaTooltip(source.schema, source.now, source.startedAt, source.completedAt)
    : syncTooltip(source.sync, source.summary, source.now);
}

/**
 * Whether two tooltip sources render the same Markdown, without rendering either: the fields the
 * text shows, and the relative times ("3 min ago") as they read at each source's render time.
 * May say "different" for texts that happen to be equal; never "same" for texts that differ.
 */
export function sameTooltip(a: TooltipSource, b: TooltipSource): boolean {
  if (a === b) return true;
  if (a.kind === 'schema') return b.kind === 'schema' && sameSchemaTooltip(a, b);
  return b.kind === 'sync' && sameSyncTooltip(a, b);
}

type SchemaTooltipSource = Extract<TooltipSource, { kind: 'schema' }>;
type SyncTooltipSource = Extract<TooltipSource, { kind: 'sync' }>;

function sameTime(t: number | undefined, u: number | undefined, aNow: number, bNow: number): boolean {
  if (t !== u) return false;
  return t === undefined || aNow === bNow || relativeKey(aNow - t) === relativeKey(bNow - t);
}

function sameSchemaTooltip(a: SchemaTooltipSource, b: SchemaTooltipSource): boolean {
  const x = a.schema;
  const y = b.schema;
  if (
    x !== y &&
    !(
      x.schema === y.schema &&
      x.info.label === y.info.label &&
      x.info.terminal === y.info.terminal &&
      x.statusMessage === y.statusMessage &&
      x.recordCount === y.recordCount &&
      x.errorCount === y.errorCount &&
      x.warningCount === y.warningCount &&
      x.executionId === y.executionId &&
      x.unreadable === y.unreadable
    )
  ) {
    return false;
  }
  if (!sameTime(a.startedAt, b.startedAt, a.now, b.now) || !sameTime(a.completedAt, b.completedAt, a.now, b.now)) return false;
  const started = a.startedAt;
  if (a.now === b.now || started === undefined || a.completedAt !== undefined || x.info.terminal) return true;
  // "Running for: …" (shown from the start time on)
  const aRunning = a.now >= started;
  const bRunning = b.now >= started;
  return aRunning === bRunning && (!aRunning || formatDuration(a.now - started) === formatDuration(b.now - started));
}

function sameSyncTooltip(a: SyncTooltipSource, b: SyncTooltipSource): boolean {
  const x = a.sync;
  const y = b.sync;
  if (
    x.id !== y.id ||
    x.name !== y.name ||
    x.info.label !== y.info.label ||
    x.info.status !== y.info.status ||
    x.status !== y.status ||
    x.active !== y.active ||
    x.unreadable !== y.unreadable ||
    x.nextExecutionTime !== y.nextExecutionTime
  ) {
    return false;
  }
  const s = a.summary;
  const t = b.summary;
  if (s.total !== t.total || s.errors !== t.errors || s.byLabel.size !== t.byLabel.size) return false;
  if (!sameTime(s.latestCompletedAt, t.latestCompletedAt, a.now, b.now)) return false;
  if (x.nextExecutionTime !== undefined && a.now !== b.now) {
    const next = parseTime(x.nextExecutionTime);
    if (next !== undefined && relativeKey(a.now - next) !== relativeKey(b.now - next)) return false;
  }
  const other = t.byLabel.entries();
  for (const [label, n] of s.byLabel) {
    const [otherLabel, otherN] = other.next().value as [string, number];
    if (label !== otherLabel || n !== otherN) return false;
  }
  return true;
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

function schemaTooltipSource(schema: SchemaSnapshot, now: number, started: number | undefined, completed: number | undefined): TooltipSource {
  return { kind: 'schema', schema, startedAt: started, completedAt: completed, now };
}

function schemaNode(sync: SyncSnapshot, schema: SchemaSnapshot, now: number, started: number | undefined, completed: number | undefined): TreeNodeModel {
  const node: TreeNodeModel = {
    id: schemaNodeId(sync.id, schema.schema),
    kind: 'schema',
    syncId: sync.id,
    schema: schema.schema,
    label: stripDirectionControls(schema.schema),
    description: schemaDescription(schema),
    icon: schema.info.icon,
    color: schema.info.color,
    tooltip: schemaTooltipSource(schema, now, started, completed),
    contextValue: contextValue('schema', schema.info, undefined, schema.noId),
    collapsible: 'none',
    children: [],
  };
  return node;
}

interface BuiltNode {
  node: TreeNodeModel;
  sort: SortOrder;
}

/**
 * The last node built per sync object. buildSnapshot reuses unchanged sync objects, so a sync
 * whose data did not change gets its previous node back (one object for the whole branch: the
 * reconciler then skips it by reference) unless a relative time it shows reads differently now;
 * then only the nodes whose text moved are rebuilt. Weak: a node lives as long as the snapshot
 * that holds its sync.
 */
const builtNodes = new WeakMap<SyncSnapshot, BuiltNode>();

export function buildSyncNode(sync: SyncSnapshot, now: number, sort: SortOrder = 'severity'): TreeNodeModel {
  const built = builtNodes.get(sync);
  let node: TreeNodeModel;
  if (built && built.sort === sort) {
    const old = built.node;
    let children = old.children;
    for (let i = 0; i < children.length; i++) {
      const child = children[i];
      if (schemaReadsTheSame(child, now)) continue;
      if (children === old.children) children = children.slice();
      children[i] = schemaNodeAt(child, now);
    }
    if (children === old.children && syncReadsTheSame(old, now)) return old;
    // Same data, so same order and summary; only the text of relative times moved.
    const summary = (old.tooltip as SyncTooltipSource).summary;
    node = syncNode(sync, summary, children, now, old.id);
  } else {
    node = buildSyncNodeAfresh(sync, now, sort);
  }
  builtNodes.set(sync, { node, sort });
  return node;
}

/** A schema node with the same data rendered at `now`: only its tooltip's time moves. */
function schemaNodeAt(node: TreeNodeModel, now: number): TreeNodeModel {
  const source = node.tooltip as SchemaTooltipSource;
  return {
    id: node.id,
    kind: node.kind,
    syncId: node.syncId,
    schema: node.schema,
    label: node.label,
    description: node.description,
    icon: node.icon,
    color: node.color,
    tooltip: { kind: 'schema', schema: source.schema, startedAt: source.startedAt, completedAt: source.completedAt, now },
    contextValue: node.contextValue,
    collapsible: node.collapsible,
    children: node.children,
  };
}

/** Whether a sync node's own description and tooltip, built for its render time, read the same at `now`. */
function syncReadsTheSame(node: TreeNodeModel, now: number): boolean {
  const source = node.tooltip as SyncTooltipSource;
  const then = source.now;
  if (then === now) return true;
  const latest = source.summary.latestCompletedAt;
  if (latest !== undefined && relativeKey(then - latest) !== relativeKey(now - latest)) return false;
  const next = parseTime(source.sync.nextExecutionTime);
  return next === undefined || (next > then === next > now && relativeKey(then - next) === relativeKey(now - next));
}

/** Whether a schema node's tooltip (its only text that depends on the time) reads the same at `now`. */
function schemaReadsTheSame(node: TreeNodeModel, now: number): boolean {
  const source = node.tooltip as SchemaTooltipSource;
  const then = source.now;
  if (then === now) return true;
  const { startedAt, completedAt } = source;
  if (completedAt !== undefined && relativeKey(then - completedAt) !== relativeKey(now - completedAt)) return false;
  if (startedAt === undefined) return true;
  if (relativeKey(then - startedAt) !== relativeKey(now - startedAt)) return false;
  if (completedAt !== undefined || source.schema.info.terminal) return true;
  // "Running for: …" from the start time on
  const wasRunning = then >= startedAt;
  return wasRunning === now >= startedAt && (!wasRunning || formatDuration(then - startedAt) === formatDuration(now - startedAt));
}

function buildSyncNodeAfresh(sync: SyncSnapshot, now: number, sort: SortOrder): TreeNodeModel {
  const schemas = sync.schemas.slice().sort(sort === 'severity' ? compareSchemas : schemaComparator(sort));
  const summary = newSummary(schemas.length);
  const children = new Array<TreeNodeModel>(schemas.length);
  for (let i = 0; i < schemas.length; i++) {
    const schema = schemas[i];
    const completed = parseTime(schema.completedAt);
    children[i] = schemaNode(sync, schema, now, parseTime(schema.startedAt), completed);
    addToSummary(summary, schema, completed);
  }
  return syncNode(sync, summary, children, now);
}

function syncNode(sync: SyncSnapshot, summary: SyncSummary, children: TreeNodeModel[], now: number, id = syncNodeId(sync.id)): TreeNodeModel {
  const node: TreeNodeModel = {
    id,
    kind: 'sync',
    syncId: sync.id,
    schema: undefined,
    label: sync.name,
    description: syncDescription(sync, summary, now),
    icon: sync.info.icon,
    color: sync.info.color,
    tooltip: { kind: 'sync', sync, summary, now },
    contextValue: contextValue('sync', sync.info, sync.active, sync.noId),
    collapsible: children.length > 0 ? 'collapsed' : 'none',
    children,
  };
  return node;
}

/** Sync ids in the order last shown (severity order, no filter). */
let lastOrder: string[] = [];

/**
 * Worst first, then by name (compareSyncs is a total order, so the result does not depend on the
 * input order). Starting from the last order shown, usually the same or nearly, lets
 * Array.prototype.sort (TimSort, adaptive) finish in about one comparison per sync instead of
 * n log n collator comparisons.
 */
function sortSyncs(syncs: readonly SyncSnapshot[]): SyncSnapshot[] {
  const byId = new Map<string, SyncSnapshot>();
  for (const sync of syncs) byId.set(sync.id, sync);
  const ordered: SyncSnapshot[] = [];
  for (const id of lastOrder) {
    const sync = byId.get(id);
    if (sync) {
      ordered.push(sync);
      byId.delete(id);
    }
  }
  for (const sync of byId.values()) ordered.push(sync);
  ordered.sort(compareSyncs);
  lastOrder = ordered.map((s) => s.id);
  return ordered;
}

export interface TreeViewOptions {
  /** which syncs to show; default all */
  filter?: ViewFilter;
  /** default 'severity': worst first, then by name */
  sort?: SortOrder;
}

/**
 * Sync nodes, each with its schema nodes; by default worst first then by name (schemas too).
 * A filter keeps whole syncs (with all their schemas, for context).
 */
export function buildTreeModel(snapshot: Snapshot, now: number, options: TreeViewOptions = {}): TreeNodeModel[] {
  const sort = options.sort ?? 'severity';
  const syncs = options.filter || sort !== 'severity' ? applyFilter(snapshot, options.filter, sort) : sortSyncs(snapshot.syncs);
  const nodes = new Array<TreeNodeModel>(syncs.length);
  for (let i = 0; i < syncs.length; i++) nodes[i] = buildSyncNode(syncs[i], now, sort);
  return nodes;
}

// ---------------------------------------------------------------------------------------------
// Status bar and view message

interface Health {
  failed: SyncSnapshot[];
  withErrors: SyncSnapshot[];
  running: number;
  total: number;
}

function health(snapshot: Snapshot): Health {
  const result: Health = { failed: [], withErrors: [], running: 0, total: snapshot.syncs.length };
  for (const sync of snapshot.syncs) {
    // the one definition of failing, shared with the view badge and the failure notification
    if (isFailing(sync)) result.failed.push(sync);
    else if (sync.info.category === 'warning') result.withErrors.push(sync);
    else if (sync.info.category === 'inProgress') result.running++;
  }
  return result;
}

const MAX_LISTED = 10;

function listSyncs(syncs: SyncSnapshot[]): string {
  const sorted = syncs.slice().sort(compareSyncs);
  const lines = sorted.slice(0, MAX_LISTED).map((sync) => {
    const failing = sync.schemas.filter((s) => s.info.category === 'failure').map((s) => s.schema);
    let line = `- **${escapeMarkdown(sync.name, 200)}**: ${escapeMarkdown(sync.info.label)}`;
    if (failing.length) {
      const shown = failing.slice(0, 5).map((s) => escapeMarkdown(s, 100)).join(', ');
      line += ` (${plural(failing.length, 'schema')} failed: ${shown}${failing.length > 5 ? ', …' : ''})`;
    }
    return line;
  });
  if (sorted.length > MAX_LISTED) lines.push(`- and ${formatCount(sorted.length - MAX_LISTED)} more`);
  return lines.join('\n');
}

/**
 * When the data has been stale for long: refreshes have been failing and the last good data is
 * older than two refresh intervals. Undefined while fresh, after a single missed refresh, in
 * manual mode (intervalMs 0 or unknown) and without data.
 */
export function staleSince(state: ViewState, now: number, intervalMs: number | undefined): number | undefined {
  if (!state.lastError || !state.snapshot || !intervalMs || intervalMs <= 0) return undefined;
  const since = state.lastSuccessAt ?? state.snapshot.takenAt;
  return now - since > 2 * intervalMs ? since : undefined;
}

function staleNote(state: ViewState, now: number, intervalMs?: number): string {
  if (!state.lastError) return '';
  const since = staleSince(state, now, intervalMs);
  const when =
    since !== undefined
      ? `**Stale since ${formatSince(since, now)}** (${formatRelative(now - since)}). `
      : state.lastSuccessAt !== undefined
        ? `Last updated ${formatRelative(now - state.lastSuccessAt)}. `
        : '';
  return `\n\n${when}Latest refresh failed: ${escapeMarkdown(state.lastError.message, 500)}`;
}

/**
 * The status bar: the one place a failure shows while the view is closed.
 * Order of precedence: signed out, key rejected, no data at all, failures, completed-with-errors,
 * running, all fine. A failed refresh with older data adds " (stale)" rather than hiding the data,
 * " (stale since 09:30)" once the data is older than two intervals (`intervalMs`, see staleSince).
 */
export function statusBarModel(state: ViewState, now: number, intervalMs?: number): StatusBarModel {
  if (state.auth === 'signedOut') {
    return {
      text: '$(account) Polytomic: Sign in',
      tooltipMarkdown: 'Not signed in to Polytomic. Click to enter an API key.',
      action: 'signIn',
      visible: true,
    };
  }
  if (state.auth === 'unauthorized') {
    const reason = state.lastError ? `\n\n${escapeMarkdown(state.lastError.message, 500)}` : '';
    return {
      text: '$(warning) Polytomic: key rejected',
      tooltipMarkdown: `Polytomic rejected the API key. Click to enter a new one.${reason}`,
      background: 'statusBarItem.warningBackground',
      action: 'signIn',
      visible: true,
    };
  }
  const snapshot = state.snapshot;
  if (!snapshot) {
    if (state.lastError) {
      return {
        text: '$(warning) Polytomic: unreachable',
        tooltipMarkdown: `Could not load bulk syncs: ${escapeMarkdown(state.lastError.message, 500)}`,
        background: 'statusBarItem.warningBackground',
        action: 'focusView',
        visible: true,
      };
    }
    return {
      text: state.loading ? '$(sync~spin) Polytomic' : '$(circle-outline) Polytomic',
      tooltipMarkdown: state.loading ? 'Loading bulk syncs…' : 'Bulk syncs not loaded yet.',
      action: 'focusView',
      visible: true,
    };
  }
  const since = staleSince(state, now, intervalMs);
  const stale = since !== undefined ? ` (stale since ${formatSince(since, now)})` : state.lastError ? ' (stale)' : '';
  const note = staleNote(state, now, intervalMs);
  const h = health(snapshot);
  if (h.failed.length > 0) {
    return {
      text: `$(error) ${formatCount(h.failed.length)} failed${stale}`,
      tooltipMarkdown: `**${plural(h.failed.length, 'bulk sync')} failed**\n\n${listSyncs(h.failed)}${note}`,
      background: 'statusBarItem.errorBackground',
      action: 'focusView',
      visible: true,
    };
  }
  if (h.withErrors.length > 0) {
    return {
      text: `$(warning) ${formatCount(h.withErrors.length)} with errors${stale}`,
      tooltipMarkdown: `**${plural(h.withErrors.length, 'bulk sync')} completed with errors**\n\n${listSyncs(h.withErrors)}${note}`,
      background: 'statusBarItem.warningBackground',
      action: 'focusView',
      visible: true,
    };
  }
  if (h.running > 0) {
    return {
      text: `$(sync~spin) ${formatCount(h.running)} running${stale}`,
      tooltipMarkdown: `${plural(h.running, 'bulk sync')} running, none failed.${note}`,
      action: 'focusView',
      visible: true,
    };
  }
  return {
    text: h.total > 0 ? `$(check) ${plural(h.total, 'sync')} ok${stale}` : `$(pass) Polytomic${stale}`,
    tooltipMarkdown: (h.total > 0 ? `No failures in ${plural(h.total, 'bulk sync')}.` : 'No bulk syncs in scope.') + note,
    action: 'focusView',
    visible: true,
  };
}

/**
 * The tree view's message line (plain text, not Markdown). Undefined when the data is fresh, and
 * when signed out (the view's welcome content covers that). Says "Stale since …" once the data is
 * older than two intervals (`intervalMs`, see staleSince).
 */
export function viewMessage(state: ViewState, now: number, intervalMs?: number): string | undefined {
  // VS Code shows a view's welcome content only while its message is empty: signed out and
  // key rejected are explained (with a Sign In button) by the welcome views, so no message.
  if (state.auth !== 'signedIn') return undefined;
  const error = state.lastError;
  if (!error) return undefined;
  if (!state.snapshot) return `Could not load bulk syncs: ${error.message}`;
  const stale = staleSince(state, now, intervalMs);
  if (stale !== undefined) {
    return `Stale since ${formatSince(stale, now)} (${formatRelative(now - stale)}): refreshes are failing. ${error.message}`;
  }
  const since = state.lastSuccessAt ?? state.snapshot.takenAt;
  return `Last updated ${formatRelative(now - since)}: ${error.message}`;
}

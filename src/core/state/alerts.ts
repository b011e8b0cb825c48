/**
 * Failure alerts: what one refresh should tell the user in a notification, if anything.
 * Pure: the adapter shows the result with buttons (Show, Open Logs, Don't Show Again).
 *
 * - Never on the first load (`prev` undefined), nor for a sync that appears for the first time:
 *   a failure that was there before the user looked is not news (the badge and status bar show it).
 * - Everything that failed in one refresh becomes ONE alert, however many syncs it covers.
 * - Mode 'failures' (default): transitions into failed / errors / interrupted, per sync or schema
 *   (diffSnapshots' newFailures). Mode 'all': also runs that finished without failing. 'off': none.
 * - Notification text is plain text, not Markdown, but VS Code still turns `[label](target)` into a
 *   link: server text (names, status messages) is flattened to one line, capped, and cannot form one.
 */
import type { Snapshot, SnapshotDiff, StatusCategory, SyncSnapshot } from '../api/contract';
import { capText } from '../api/errors';
import { schemaNodeId, syncNodeId } from '../view/treeNodes';
import { isFailing } from '../view/viewFilter';
import { changedRows } from './snapshot';

export type NotificationMode = 'failures' | 'all' | 'off';
export const NOTIFICATION_MODES: readonly NotificationMode[] = ['failures', 'all', 'off'];

export interface AlertItem {
  syncId: string;
  /** display name, already made safe for a notification */
  syncName: string;
  /** the sync's status as the tree shows it, e.g. 'failed', 'errors', 'completed' */
  status: string;
  /** 'failed', 'interrupted', 'completed with errors', 'completed'… */
  label: string;
  category: StatusCategory;
  /** schemas that moved into a failure in this refresh (sorted by name) */
  failedSchemas: string[];
  kind: 'failure' | 'completion';
  /**
   * Failing as the status bar's "N failed" and the view badge count it (viewFilter's isFailing):
   * the sync or one of its schemas failed or was interrupted. A 'failure' item that is not failing
   * completed with errors, and the notification counts it as such, not among the failed.
   */
  failing: boolean;
}

export interface Alert {
  severity: 'error' | 'warning' | 'info';
  /** short, for the log: "3 bulk syncs failed" */
  title: string;
  /** the notification text (plain, capped) */
  message: string;
  items: AlertItem[];
  /** the tree node "Show" reveals: the schema when exactly one schema of one sync failed, else the first sync */
  revealNodeId: string;
  /** what "Open Logs" opens: a failed schema that has an execution, if any */
  logsTarget?: { syncId: string; schema: string; executionId: string; nodeId: string };
}

const MAX_NAME = 80;
const MAX_STATUS_MESSAGE = 200;
const MAX_MESSAGE = 500;
const MAX_NAMED_SYNCS = 3;
const MAX_NAMED_SCHEMAS = 3;

/** One line, capped, and unable to form a Markdown link in a notification (see capText). */
export function notificationText(text: string, max: number): string {
  return capText(text, max).replace(/\s+/g, ' ');
}

function quoted(name: string): string {
  return `"${notificationText(name, MAX_NAME)}"`;
}

function listNames(names: string[], max: number): string {
  const shown = names.slice(0, max);
  const rest = names.length - shown.length;
  if (rest > 0) return `${shown.join(', ')} and ${rest} more`;
  if (shown.length <= 1) return shown.join('');
  return `${shown.slice(0, -1).join(', ')} and ${shown[shown.length - 1]}`;
}

/** Finished without failing: the end of a run the user may be waiting for. */
function isCompletion(before: SyncSnapshot, after: SyncSnapshot): boolean {
  return (
    before.info.category === 'inProgress' &&
    after.info.terminal &&
    (after.info.category === 'success' || after.info.category === 'canceled')
  );
}

const SEVERITY_ORDER: Record<string, number> = { failure: 2, warning: 1 };

/**
 * The alert for one refresh, or undefined when there is nothing to say.
 * `prev` / `next` are the snapshots the diff was computed from.
 */
export function alertsFor(
  diff: SnapshotDiff | undefined,
  prev: Snapshot | undefined,
  next: Snapshot | undefined,
  mode: NotificationMode,
): Alert | undefined {
  if (mode === 'off' || !diff || !prev || !next) return undefined;
  // Mode 'failures' speaks only of the diff's new failures: none (most polls), nothing to look at.
  if (mode === 'failures' && diff.newFailures.length === 0) return undefined;
  // A failure, or a run that finished, is a row that changed: only those are looked at (by
  // position when the rows are in place, as after a followed-syncs poll; else every row by id).
  const changed = changedRows(prev, next);
  const nextById = new Map<string, SyncSnapshot>();
  for (const [, sync] of changed) nextById.set(sync.id, sync);

  const failedSchemasBySync = new Map<string, string[]>();
  for (const failure of diff.newFailures) {
    if (!nextById.has(failure.syncId)) continue;
    let schemas = failedSchemasBySync.get(failure.syncId);
    if (!schemas) failedSchemasBySync.set(failure.syncId, (schemas = []));
    if (failure.schema !== undefined && !schemas.includes(failure.schema)) schemas.push(failure.schema);
  }

  const items: AlertItem[] = [];
  for (const [syncId, schemas] of failedSchemasBySync) {
    const sync = nextById.get(syncId) as SyncSnapshot;
    items.push({
      syncId,
      syncName: sync.name,
      status: sync.info.status,
      label: sync.info.label.toLowerCase(),
      category: sync.info.category,
      failedSchemas: schemas.sort(),
      kind: 'failure',
      failing: isFailing(sync),
    });
  }
  items.sort(
    (a, b) =>
      (SEVERITY_ORDER[b.category] ?? 0) - (SEVERITY_ORDER[a.category] ?? 0) ||
      a.syncName.localeCompare(b.syncName) ||
      (a.syncId < b.syncId ? -1 : a.syncId > b.syncId ? 1 : 0),
  );

  if (mode === 'all') {
    const completions: AlertItem[] = [];
    for (const [before, sync] of changed) {
      if (failedSchemasBySync.has(sync.id) || !isCompletion(before, sync)) continue;
      completions.push({
        syncId: sync.id,
        syncName: sync.name,
        status: sync.info.status,
        label: sync.info.label.toLowerCase(),
        category: sync.info.category,
        failedSchemas: [],
        kind: 'completion',
        failing: false,
      });
    }
    completions.sort((a, b) => a.syncName.localeCompare(b.syncName));
    items.push(...completions);
  }
  if (items.length === 0) return undefined;

  const failures = items.filter((i) => i.kind === 'failure');
  const completions = items.filter((i) => i.kind === 'completion');
  const severity: Alert['severity'] = failures.some((i) => i.category !== 'warning' && i.category !== 'success')
    ? 'error'
    : failures.length > 0
      ? 'warning'
      : 'info';

  const first = items[0];
  const alert: Alert = {
    severity,
    title: titleFor(failures, completions.length),
    message: notificationText(messageFor(failures, completions, nextById), MAX_MESSAGE),
    items,
    revealNodeId:
      failures.length === 1 && first.failedSchemas.length === 1
        ? schemaNodeId(first.syncId, first.failedSchemas[0])
        : syncNodeId(first.syncId),
  };
  const logsTarget = findLogsTarget(failures, nextById);
  if (logsTarget) alert.logsTarget = logsTarget;
  return alert;
}

/** `3 bulk syncs failed`, `1 completed with errors`: the failed count is the status bar's and badge's. */
function failureCounts(failures: AlertItem[]): string {
  const failing = failures.filter((i) => i.failing).length;
  const withErrors = failures.length - failing;
  const parts: string[] = [];
  const syncs = (n: number) => (n === 1 ? '1 bulk sync' : `${n} bulk syncs`);
  if (failing > 0) parts.push(`${syncs(failing)} failed`);
  if (withErrors > 0) parts.push(`${failing > 0 ? withErrors : syncs(withErrors)} completed with errors`);
  return parts.join(', ');
}

function titleFor(failures: AlertItem[], completions: number): string {
  const parts: string[] = [];
  if (failures.length > 0) parts.push(failureCounts(failures));
  if (completions > 0) parts.push(completions === 1 ? '1 bulk sync completed' : `${completions} bulk syncs completed`);
  return parts.join(', ');
}

/** What happened to one sync, e.g. `"Orders" failed (schemas contact and account)`. */
function describeFailure(item: AlertItem, sync: SyncSnapshot | undefined): string {
  const name = quoted(item.syncName);
  const schemas = item.failedSchemas.map((s) => notificationText(s, MAX_NAME));
  if (item.category === 'failure' || item.category === 'warning') {
    if (schemas.length === 0) return `${name} ${item.label}`;
    return `${name} ${item.label} (${schemas.length === 1 ? 'schema' : 'schemas'} ${listNames(schemas, MAX_NAMED_SCHEMAS)})`;
  }
  // The sync itself still runs (or is otherwise fine) while some of its schemas failed.
  const failedWord = schemaFailureWord(item, sync);
  if (schemas.length === 1) return `${name}: schema ${schemas[0]} ${failedWord}`;
  return `${name}: ${schemas.length} schemas ${failedWord} (${listNames(schemas, MAX_NAMED_SCHEMAS)})`;
}

function schemaFailureWord(item: AlertItem, sync: SyncSnapshot | undefined): string {
  const labels = new Set<string>();
  for (const schema of sync?.schemas ?? []) {
    if (item.failedSchemas.includes(schema.schema)) labels.add(schema.info.label.toLowerCase());
  }
  return labels.size === 1 ? [...labels][0] : 'failed';
}

function firstStatusMessage(item: AlertItem, sync: SyncSnapshot | undefined): string | undefined {
  if (!sync) return undefined;
  const wanted = new Set(item.failedSchemas);
  const candidates = sync.schemas.filter((s) => s.statusMessage && (wanted.size === 0 ? s.info.category === 'failure' : wanted.has(s.schema)));
  const message = candidates[0]?.statusMessage;
  return message ? notificationText(message, MAX_STATUS_MESSAGE) : undefined;
}

function messageFor(failures: AlertItem[], completions: AlertItem[], byId: Map<string, SyncSnapshot>): string {
  const sentences: string[] = [];
  if (failures.length === 1) {
    const item = failures[0];
    const sync = byId.get(item.syncId);
    let text = `Polytomic: ${describeFailure(item, sync)}.`;
    const detail = firstStatusMessage(item, sync);
    if (detail) text += ` ${detail}`;
    sentences.push(text);
  } else if (failures.length > 1) {
    const described = failures.slice(0, MAX_NAMED_SYNCS).map((item) => describeFailure(item, byId.get(item.syncId)));
    const rest = failures.length - described.length;
    sentences.push(`Polytomic: ${failureCounts(failures)}: ${described.join('; ')}${rest > 0 ? `; and ${rest} more` : ''}.`);
  }
  if (completions.length > 0) {
    const names = listNames(completions.map((c) => quoted(c.syncName)), MAX_NAMED_SYNCS);
    const verb = completions.length === 1 ? `${completions[0].label}` : 'completed';
    sentences.push(failures.length > 0 ? `Also ${verb}: ${names}.` : `Polytomic: ${names} ${verb}.`);
  }
  return sentences.join(' ');
}

function findLogsTarget(failures: AlertItem[], byId: Map<string, SyncSnapshot>): Alert['logsTarget'] {
  for (const item of failures) {
    const sync = byId.get(item.syncId);
    if (!sync) continue;
    const wanted = new Set(item.failedSchemas);
    for (const schema of sync.schemas) {
      if (schema.executionId && (wanted.size === 0 ? schema.info.category === 'failure' : wanted.has(schema.schema))) {
        return { syncId: sync.id, schema: schema.schema, executionId: schema.executionId, nodeId: schemaNodeId(sync.id, schema.schema) };
      }
    }
  }
  return undefined;
}

/**
 * Which syncs the tree shows, in which order. Pure, applied to the snapshot before tree models are
 * built, so a filter never costs more than the syncs it keeps.
 */
import type { SchemaSnapshot, Snapshot, SyncSnapshot } from '../api/contract';
import { compareText } from './textOrder';
import { isMoving } from '../state/motion';

export type ViewFilterKind = 'all' | 'failed' | 'running' | 'active' | 'text';
export interface ViewFilter {
  kind: ViewFilterKind;
  /** for 'text': matched case-insensitively against the sync's name and id */
  text?: string;
}
export type SortOrder = 'severity' | 'name' | 'recent';

export const SORT_ORDERS: readonly SortOrder[] = ['severity', 'name', 'recent'];
export const NO_FILTER: ViewFilter = { kind: 'all' };
const MAX_FILTER_TEXT = 200;

/** A failed sync, or one with a failed schema (the status bar's "N failed" and the view badge count these). */
export function isFailing(sync: SyncSnapshot): boolean {
  if (sync.info.category === 'failure') return true;
  for (const schema of sync.schemas) if (schema.info.category === 'failure') return true;
  return false;
}

/** Failing, or completed with errors: what "Failed only" shows. */
function failingOrWithErrors(sync: SyncSnapshot): boolean {
  return sync.info.category === 'warning' || isFailing(sync);
}

/**
 * A filter read back from storage or a command argument: anything malformed is "all", text is
 * trimmed and capped, and an empty text filter is no filter.
 */
export function normalizeFilter(value: unknown): ViewFilter {
  if (!value || typeof value !== 'object') return NO_FILTER;
  const { kind, text } = value as { kind?: unknown; text?: unknown };
  if (kind === 'failed' || kind === 'running' || kind === 'active') return { kind };
  if (kind === 'text' && typeof text === 'string') {
    const trimmed = text.trim().slice(0, MAX_FILTER_TEXT);
    return trimmed ? { kind: 'text', text: trimmed } : NO_FILTER;
  }
  return NO_FILTER;
}

export function normalizeSort(value: unknown): SortOrder {
  return SORT_ORDERS.includes(value as SortOrder) ? (value as SortOrder) : 'severity';
}

export function isFiltered(filter: ViewFilter): boolean {
  return filter.kind !== 'all';
}

/** For the view's description: "Failed only", `Name contains "orders"`; undefined for no filter. */
export function describeFilter(filter: ViewFilter): string | undefined {
  switch (filter.kind) {
    case 'failed':
      return 'Failed only';
    case 'running':
      return 'Running only';
    case 'active':
      return 'Active only';
    case 'text':
      return `Name contains "${filter.text ?? ''}"`;
    default:
      return undefined;
  }
}

export function describeSort(sort: SortOrder): string {
  return sort === 'name' ? 'by name' : sort === 'recent' ? 'by recent activity' : 'by severity';
}

function matcher(filter: ViewFilter): ((sync: SyncSnapshot) => boolean) | undefined {
  switch (filter.kind) {
    case 'failed':
      return failingOrWithErrors;
    case 'running':
      // running or queued, the sync or one of its schemas: what the refresher follows
      return isMoving;
    case 'active':
      // Unknown (the sync list did not say) counts as active: hiding it would lose data silently.
      return (sync) => sync.active !== false;
    case 'text': {
      const needle = (filter.text ?? '').trim().toLowerCase();
      if (!needle) return undefined;
      return (sync) => sync.name.toLowerCase().includes(needle) || sync.id.toLowerCase().includes(needle);
    }
    default:
      return undefined;
  }
}

function parseTime(iso: string | undefined): number {
  if (iso === undefined) return -Infinity;
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? -Infinity : ms;
}

/** Latest start or completion among a schema's times; -Infinity when it never ran. */
function schemaActivity(schema: SchemaSnapshot): number {
  return Math.max(parseTime(schema.startedAt), parseTime(schema.completedAt));
}

/** Most recent activity of a sync: the latest start or completion among its schemas. */
export function lastActivity(sync: SyncSnapshot): number {
  let latest = -Infinity;
  for (const schema of sync.schemas) {
    const t = schemaActivity(schema);
    if (t > latest) latest = t;
  }
  return latest;
}

function byId(a: { id: string }, b: { id: string }): number {
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

function syncComparator(sort: SortOrder): (a: SyncSnapshot, b: SyncSnapshot) => number {
  switch (sort) {
    case 'name':
      return (a, b) => compareText(a.name, b.name) || byId(a, b);
    case 'recent': {
      const cache = new Map<string, number>();
      const activity = (s: SyncSnapshot) => {
        let t = cache.get(s.id);
        if (t === undefined) cache.set(s.id, (t = lastActivity(s)));
        return t;
      };
      // Newest first; never-run syncs last, by name.
      return (a, b) => compareDesc(activity(a), activity(b)) || compareText(a.name, b.name) || byId(a, b);
    }
    default:
      return (a, b) => b.info.severity - a.info.severity || compareText(a.name, b.name) || byId(a, b);
  }
}

function compareDesc(a: number, b: number): number {
  if (a === b) return 0;
  return b > a ? 1 : -1;
}

/** Orders a sync's schemas for its children, matching the sync order. */
export function schemaComparator(sort: SortOrder): (a: SchemaSnapshot, b: SchemaSnapshot) => number {
  const byName = (a: SchemaSnapshot, b: SchemaSnapshot) =>
    compareText(a.schema, b.schema) || (a.schema < b.schema ? -1 : a.schema > b.schema ? 1 : 0);
  switch (sort) {
    case 'name':
      return byName;
    case 'recent':
      return (a, b) => compareDesc(schemaActivity(a), schemaActivity(b)) || byName(a, b);
    default:
      return (a, b) => b.info.severity - a.info.severity || byName(a, b);
  }
}

/** The syncs to show, in order. Never mutates the snapshot. */
export function applyFilter(snapshot: Snapshot, filter: ViewFilter = NO_FILTER, sort: SortOrder = 'severity'): SyncSnapshot[] {
  const keep = matcher(filter);
  const syncs = keep ? snapshot.syncs.filter(keep) : snapshot.syncs.slice();
  return syncs.sort(syncComparator(sort));
}

/**
 * The whole snapshot's health in counts: the failing syncs (the status bar's "N failed", the view
 * badge), the ones completed with errors, the running ones. Read on every render: the status bar
 * on each state change and each 20 s relative-time tick, at 2,000 syncs × 14 schemas a scan of
 * every schema. `HealthTracker` (one per view) keeps the last answer: the same snapshot again (a
 * tick, a `loading` flip) costs nothing, and a new one that keeps the rows in place (a followed-
 * syncs poll: unchanged rows are the same objects, at the same index) updates it from the rows
 * that changed. `snapshotHealth` computes it from scratch; the two always agree (unit-tested).
 */
import type { Snapshot, SyncSnapshot } from '../api/contract';
import { rowsChangedInPlace } from '../state/snapshot';
import { compareSyncs } from './treeNodes';
import { isFailing } from './viewFilter';

export interface Health {
  /** failing syncs (isFailing), worst first then by name (compareSyncs) */
  failed: readonly SyncSnapshot[];
  /** completed with errors and not failing, in the same order */
  withErrors: readonly SyncSnapshot[];
  /** running or queued (the sync's own status), neither of the above */
  running: number;
  total: number;
}

type Kind = 'failed' | 'withErrors' | 'running' | 'other';

function kindOf(sync: SyncSnapshot): Kind {
  // the one definition of failing, shared with the view badge and the failure notification
  if (isFailing(sync)) return 'failed';
  if (sync.info.category === 'warning') return 'withErrors';
  return sync.info.category === 'inProgress' ? 'running' : 'other';
}

export function snapshotHealth(snapshot: Snapshot): Health {
  const failed: SyncSnapshot[] = [];
  const withErrors: SyncSnapshot[] = [];
  let running = 0;
  for (const sync of snapshot.syncs) {
    const kind = kindOf(sync);
    if (kind === 'failed') failed.push(sync);
    else if (kind === 'withErrors') withErrors.push(sync);
    else if (kind === 'running') running++;
  }
  return { failed: failed.sort(compareSyncs), withErrors: withErrors.sort(compareSyncs), running, total: snapshot.syncs.length };
}

export class HealthTracker {
  private last?: { snapshot: Snapshot; health: Health };

  of(snapshot: Snapshot): Health {
    const last = this.last;
    if (last?.snapshot === snapshot) return last.health;
    const health = (last && this.updated(last.snapshot, last.health, snapshot)) ?? snapshotHealth(snapshot);
    this.last = { snapshot, health };
    return health;
  }

  /** `previous`'s health moved by the rows of `next` that differ at their index; undefined when too many do. */
  private updated(previous: Snapshot, health: Health, next: Snapshot): Health | undefined {
    const changed = rowsChangedInPlace(previous, next);
    if (!changed) return undefined;
    if (changed.length === 0) return health;
    const gone = new Set(changed.map((i) => previous.syncs[i]));
    const added = changed.map((i) => next.syncs[i]);
    let running = health.running;
    for (const sync of gone) if (kindOf(sync) === 'running') running--;
    const failed: SyncSnapshot[] = [];
    const withErrors: SyncSnapshot[] = [];
    for (const sync of added) {
      const kind = kindOf(sync);
      if (kind === 'failed') failed.push(sync);
      else if (kind === 'withErrors') withErrors.push(sync);
      else if (kind === 'running') running++;
    }
    return {
      failed: withPlaced(health.failed, gone, failed),
      withErrors: withPlaced(health.withErrors, gone, withErrors),
      running,
      total: next.syncs.length,
    };
  }
}

/** `sorted` without `gone`, with `added` placed by binary search (sorted by compareSyncs throughout). */
function withPlaced(sorted: readonly SyncSnapshot[], gone: ReadonlySet<SyncSnapshot>, added: SyncSnapshot[]): readonly SyncSnapshot[] {
  const kept = sorted.filter((sync) => !gone.has(sync));
  if (added.length === 0) return kept.length === sorted.length ? sorted : kept;
  return placeSorted(kept, added.sort(compareSyncs), compareSyncs);
}

/** `kept` and `added`, both sorted by `compare`, as one sorted list (each of `added` placed by binary search). */
export function placeSorted<T>(kept: readonly T[], added: readonly T[], compare: (a: T, b: T) => number): T[] {
  const out = new Array<T>(kept.length + added.length);
  let from = 0;
  let o = 0;
  for (const item of added) {
    let lo = from;
    let hi = kept.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (compare(kept[mid], item) < 0) lo = mid + 1;
      else hi = mid;
    }
    while (from < lo) out[o++] = kept[from++];
    out[o++] = item;
  }
  while (from < kept.length) out[o++] = kept[from++];
  return out;
}

/**
 * What moves in a snapshot, kept from poll to poll: which rows are running or queued (the sync or
 * one of its schemas), and when each active sync's next run is due, sorted by time. The polling
 * policy (anything in progress, the soonest scheduled run) and the followed-syncs poll (which syncs
 * to ask for) read it on every poll (`pollingFacts`, `followedIds`); computed afresh that is a scan
 * of every schema of every sync, 27,000 at 2,000 syncs. A `MotionTracker` (one per reader) keeps the
 * last answer: the same snapshot again costs nothing, and a new one that keeps its rows in place (a
 * followed-syncs poll: unchanged rows are the same objects, at the same index) is updated from the
 * rows that changed, with one reference comparison per row for the rest. Its answers equal a scan
 * of every row (unit-tested over random poll sequences).
 */
import type { Snapshot, SyncSnapshot } from '../api/contract';
import { rowsChangedInPlace } from './snapshot';

/** A scheduled run: when, and the row's index in the snapshot. */
interface Due {
  at: number;
  index: number;
}

interface State {
  snapshot: Snapshot;
  /** indices of the rows in progress */
  moving: Set<number>;
  /** the active syncs' next runs (parsed, not NaN), by time then index */
  scheduled: Due[];
}

/** A row's nextExecutionTime in epoch ms (parsed when the row was built; rows made by hand are parsed here). */
export function nextExecutionMs(sync: SyncSnapshot): number | undefined {
  if (sync.nextExecutionMs !== undefined || sync.nextExecutionTime === undefined) return sync.nextExecutionMs;
  return Date.parse(sync.nextExecutionTime);
}

/** The sync or one of its schemas is running or queued (syncInfo shows a running sync as running; a schema can run on its own). */
export function isMoving(sync: SyncSnapshot): boolean {
  if (sync.info.category === 'inProgress') return true;
  for (const schema of sync.schemas) if (schema.info.category === 'inProgress') return true;
  return false;
}

/** The row's next run when it counts (an active sync, a readable time), else undefined. */
export function scheduledAt(sync: SyncSnapshot): number | undefined {
  if (sync.active === false) return undefined;
  const at = nextExecutionMs(sync);
  return at === undefined || Number.isNaN(at) ? undefined : at;
}

function compareDue(a: Due, b: Due): number {
  return a.at - b.at || a.index - b.index;
}

/** The first position in `scheduled` whose entry is not before `due`. */
function lowerBound(scheduled: readonly Due[], due: Due): number {
  let lo = 0;
  let hi = scheduled.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (compareDue(scheduled[mid], due) < 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export class MotionTracker {
  private last?: State;

  /** Anything in progress in `snapshot` (a sync or one of its schemas). */
  anyInProgress(snapshot: Snapshot): boolean {
    return this.of(snapshot).moving.size > 0;
  }

  /** The soonest scheduled run of an active sync at or after `from`, or undefined. */
  earliestFrom(snapshot: Snapshot, from: number): number | undefined {
    const scheduled = this.of(snapshot).scheduled;
    const i = lowerBound(scheduled, { at: from, index: -1 });
    return i < scheduled.length ? scheduled[i].at : undefined;
  }

  /**
   * The indices of the rows in progress or due in [from, to], ascending (snapshot order). The
   * caller drops the rows it cannot ask for (no id).
   */
  movingOrDue(snapshot: Snapshot, from: number, to: number): number[] {
    const state = this.of(snapshot);
    const indices = new Set(state.moving);
    const scheduled = state.scheduled;
    for (let i = lowerBound(scheduled, { at: from, index: -1 }); i < scheduled.length && scheduled[i].at <= to; i++) indices.add(scheduled[i].index);
    return [...indices].sort((a, b) => a - b);
  }

  private of(snapshot: Snapshot): State {
    const last = this.last;
    if (last?.snapshot === snapshot) return last;
    const state = (last && updated(last, snapshot)) ?? fromScratch(snapshot);
    this.last = state;
    return state;
  }
}

function fromScratch(snapshot: Snapshot): State {
  const moving = new Set<number>();
  const scheduled: Due[] = [];
  snapshot.syncs.forEach((sync, index) => {
    if (isMoving(sync)) moving.add(index);
    const at = scheduledAt(sync);
    if (at !== undefined) scheduled.push({ at, index });
  });
  return { snapshot, moving, scheduled: scheduled.sort(compareDue) };
}

/** `last` moved to `next` by the rows that differ at their index (in place: `last` is not asked again); undefined when too many do. */
function updated(last: State, next: Snapshot): State | undefined {
  const changed = rowsChangedInPlace(last.snapshot, next);
  if (!changed) return undefined;
  const before = last.snapshot.syncs;
  const after = next.syncs;
  const { moving, scheduled } = last;
  for (const index of changed) {
    const old = scheduledAt(before[index]);
    if (old !== undefined) scheduled.splice(lowerBound(scheduled, { at: old, index }), 1);
    const at = scheduledAt(after[index]);
    if (at !== undefined) scheduled.splice(lowerBound(scheduled, { at, index }), 0, { at, index });
    if (isMoving(after[index])) moving.add(index);
    else moving.delete(index);
  }
  return { snapshot: next, moving, scheduled };
}

/**
 * Staleness of every sync the tree shows, kept from snapshot to snapshot so that a poll costs what
 * changed, not the size of the organization (issue 15). A sync's verdict changes only when its row
 * changes (active, running, failing), its history changes (a merged run, a backfill: its deadline is
 * computed again), the thresholds change, or the clock passes its deadline. So each sync judged
 * fresh waits in a min-heap by deadline; a snapshot re-judges the syncs named to it and pops the
 * deadlines the clock has passed. The verdicts equal judging every sync afresh (staleDeadline,
 * staleAt) at each snapshot: test/unit/insightsIncremental.test.ts.
 */
import type { SyncSnapshot } from '../api/contract';
import type { RunHistory } from './history';
import { staleAt, staleDeadline, type StaleDeadline } from './staleness';
import type { JudgeOptions, StaleAnomaly } from './types';

export class StaleTracker {
  /** per sync, its deadline (null: cannot be judged), kept until its history or the thresholds change */
  private readonly deadlines = new Map<string, StaleDeadline | null>();
  private optionsKey = '';
  private now = -Infinity;
  /** judged syncs whose deadline the clock has passed */
  private readonly stale = new Map<string, StaleDeadline>();
  /** judged syncs still fresh: the heap's live entries */
  private readonly fresh = new Map<string, StaleDeadline>();
  /** deadlines by staleAfter, soonest first; an entry counts only while `fresh` holds that very deadline */
  private heap: StaleDeadline[] = [];
  /** the anomalies handed out at `now` (built on demand: their text says the age) */
  private readonly built = new Map<string, StaleAnomaly>();

  /** The sync's history changed: its deadline is computed again when it is next judged. */
  forget(syncId: string): void {
    this.deadlines.delete(syncId);
  }

  /** Drops every kept deadline (the history was replaced); the next `judge` starts over. */
  clear(): void {
    this.deadlines.clear();
    this.optionsKey = '';
  }

  /**
   * Brings the verdicts to `now`. `rows` is every row of the current snapshot by sync id; `changed`
   * the syncs whose row or history changed since the last call (a sync gone from `rows` is dropped),
   * or undefined to judge every row afresh. Time going backwards or new thresholds judge every row.
   */
  judge(history: RunHistory, rows: ReadonlyMap<string, SyncSnapshot>, changed: Iterable<string> | undefined, now: number, options: JudgeOptions): void {
    const key = JSON.stringify(options);
    if (key !== this.optionsKey) this.deadlines.clear(); // thresholds changed in the settings
    const all = changed === undefined || key !== this.optionsKey || now < this.now;
    this.optionsKey = key;
    if (now !== this.now) this.built.clear();
    this.now = now;
    if (all) {
      this.stale.clear();
      this.fresh.clear();
      this.heap = [];
      for (const [syncId, row] of rows) this.judgeOne(history, syncId, row, options);
      return;
    }
    for (const syncId of changed) this.judgeOne(history, syncId, rows.get(syncId), options);
    while (this.heap.length > 0 && this.heap[0].staleAfter < now) {
      const due = popMin(this.heap);
      if (this.fresh.get(due.syncId) !== due) continue; // judged again since
      this.fresh.delete(due.syncId);
      this.stale.set(due.syncId, due);
    }
    if (this.heap.length > 2 * this.fresh.size + 64) this.heap = heapOf([...this.fresh.values()]);
  }

  /** The sync's staleness at the last judged time, or undefined while fresh or not judged. */
  staleOf(syncId: string): StaleAnomaly | undefined {
    const deadline = this.stale.get(syncId);
    if (!deadline) return undefined;
    let anomaly = this.built.get(syncId);
    if (!anomaly) this.built.set(syncId, (anomaly = staleAt(deadline, this.now)!));
    return anomaly;
  }

  /** The stale syncs. */
  staleIds(): IterableIterator<string> {
    return this.stale.keys();
  }

  /** Active, idle (not running, not failing) and backfilled syncs only; the others are never stale. */
  private judgeOne(history: RunHistory, syncId: string, row: SyncSnapshot | undefined, options: JudgeOptions): void {
    this.stale.delete(syncId);
    this.fresh.delete(syncId);
    this.built.delete(syncId);
    if (!row || row.active !== true || history.backfilledAt(syncId) === undefined) return;
    const category = row.info.category;
    if (category === 'inProgress' || category === 'failure') return;
    let deadline = this.deadlines.get(syncId);
    if (deadline === undefined) this.deadlines.set(syncId, (deadline = staleDeadline(history, { syncId, active: true }, options) ?? null));
    if (!deadline) return;
    if (this.now > deadline.staleAfter) {
      this.stale.set(syncId, deadline);
      return;
    }
    this.fresh.set(syncId, deadline);
    push(this.heap, deadline);
  }
}

function push(heap: StaleDeadline[], item: StaleDeadline): void {
  let i = heap.length;
  heap.push(item);
  while (i > 0) {
    const parent = (i - 1) >> 1;
    if (heap[parent].staleAfter <= item.staleAfter) break;
    heap[i] = heap[parent];
    i = parent;
  }
  heap[i] = item;
}

function popMin(heap: StaleDeadline[]): StaleDeadline {
  const top = heap[0];
  const last = heap.pop()!;
  if (heap.length > 0) siftDown(heap, 0, last);
  return top;
}

function siftDown(heap: StaleDeadline[], from: number, item: StaleDeadline): void {
  let i = from;
  for (;;) {
    let child = 2 * i + 1;
    if (child >= heap.length) break;
    if (child + 1 < heap.length && heap[child + 1].staleAfter < heap[child].staleAfter) child++;
    if (heap[child].staleAfter >= item.staleAfter) break;
    heap[i] = heap[child];
    i = child;
  }
  heap[i] = item;
}

function heapOf(items: StaleDeadline[]): StaleDeadline[] {
  for (let i = (items.length >> 1) - 1; i >= 0; i--) siftDown(items, i, items[i]);
  return items;
}

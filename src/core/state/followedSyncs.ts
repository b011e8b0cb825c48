/**
 * Follow what moves: between two whole-scope polls, only the syncs that can change soon are
 * asked for (repeated `sync_id`, docs/polytomic-api.md), and their rows replace theirs in the
 * last snapshot. A sync can have changed when, in the last data, it or one of its schemas is
 * running or queued, or it is active and its `nextExecutionTime` has come (or comes within a few
 * seconds: clocks differ), recently enough that the whole-scope poll has not shown the run yet.
 * A run due after this poll cannot show in it: its sync is asked for from the first poll after
 * that time, as soon as a run can show. Everything else is picked up by the whole-scope poll
 * (SnapshotSource's survey cadence).
 *
 * The work of a followed poll follows what it fetched: the merge copies the previous row array
 * (references only) and builds rows for the k syncs that came back, nothing per schema of the rest.
 */
import type { BulkSyncSummary, Snapshot, SyncSnapshot, SyncStatus } from '../api/contract';
import { buildSnapshot } from './snapshot';
import { MotionTracker } from './motion';

/**
 * Characters of query string per request (the part after `?`). Each id costs `sync_id=` plus
 * the id plus `&` (45 characters for a UUID), so a request holds about 130 UUIDs: at 2,000 syncs
 * a followed poll is one request, not three (each request costs about 2 ms of CPU, bench). The
 * request line stays under the 8 KB nginx and most proxies accept by default (docs/http-limits.md);
 * a server or proxy that refuses it anyway is asked again in halves (SnapshotSource).
 */
export const MAX_QUERY_CHARS = 6_000;

/** What an id adds to the query: `sync_id=`, the id, `&`. */
function idChars(id: string): number {
  return 'sync_id='.length + encodeURIComponent(id).length + 1;
}

/** The length of the query `chunkIds` counts for `ids` (each id with its `&`). */
export function queryChars(ids: readonly string[]): number {
  let length = 0;
  for (const id of ids) length += idChars(id);
  return length;
}

/**
 * The ids to follow in `snapshot` at `now`, in snapshot order. `horizonMs`: how far ahead a
 * scheduled run counts as due (a few seconds, for clocks that differ); `lookBackMs`: how long a
 * past `nextExecutionTime` (a run that should have started but does not show yet) keeps its
 * sync followed: after that the whole-scope poll takes over. `motion`: the caller's tracker kept
 * from poll to poll (the snapshot source's), so a poll costs the rows it changed.
 */
export function followedIds(snapshot: Snapshot, now: number, horizonMs: number, lookBackMs: number, motion: MotionTracker = new MotionTracker()): string[] {
  const ids: string[] = [];
  for (const index of motion.movingOrDue(snapshot, now - lookBackMs, now + horizonMs)) {
    const sync = snapshot.syncs[index];
    if (!sync.noId) ids.push(sync.id);
  }
  return ids;
}

/** `ids` split so that each chunk's `sync_id=…&sync_id=…` query stays within `maxQueryChars`. */
export function chunkIds(ids: readonly string[], maxQueryChars = MAX_QUERY_CHARS): string[][] {
  const chunks: string[][] = [];
  let chunk: string[] = [];
  let length = 0;
  for (const id of ids) {
    const cost = idChars(id);
    if (chunk.length > 0 && length + cost > maxQueryChars) {
      chunks.push(chunk);
      chunk = [];
      length = 0;
    }
    chunk.push(id);
    length += cost;
  }
  if (chunk.length > 0) chunks.push(chunk);
  return chunks;
}

/**
 * `previous` with the rows of the syncs in `statuses` rebuilt (unchanged ones keep their row
 * object, see buildSnapshot). Order and every other row stay as they were; a followed sync the
 * response left out keeps its last row until the next whole-scope poll says otherwise.
 * `positions`: sync id -> index in previous.syncs (valid for every snapshot this merge returns,
 * since it never reorders).
 */
export function mergeFollowed(
  previous: Snapshot,
  positions: ReadonlyMap<string, number>,
  statuses: readonly SyncStatus[],
  names: ReadonlyMap<string, BulkSyncSummary>,
  takenAt: number,
): Snapshot {
  const known: SyncStatus[] = [];
  const oldRows: SyncSnapshot[] = [];
  for (const status of statuses) {
    const at = positions.get(status.syncId);
    if (at === undefined) continue; // new to us: the next whole-scope poll adds it with its name
    known.push(status);
    oldRows.push(previous.syncs[at]);
  }
  const rebuilt = buildSnapshot(known, names, takenAt, { takenAt: previous.takenAt, syncs: oldRows }).syncs;
  const syncs = previous.syncs.slice();
  for (let i = 0; i < known.length; i++) syncs[positions.get(known[i].syncId)!] = rebuilt[i];
  return { takenAt, syncs };
}

/** sync id -> index, for mergeFollowed. */
export function positionsOf(snapshot: Snapshot): Map<string, number> {
  const positions = new Map<string, number>();
  snapshot.syncs.forEach((sync, i) => positions.set(sync.id, i));
  return positions;
}

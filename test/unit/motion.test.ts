/**
 * The polling policy's facts and the followed-syncs poll's ids, kept from poll to poll by a
 * MotionTracker (issue 15: a followed-syncs poll at 2,000 syncs works on the rows that changed),
 * must equal the from-scratch answers: random sequences of snapshots (a few rows changed in place,
 * as mergeFollowed makes them, or many, or a different set of rows) and of times, each step
 * compared with a scan of every row.
 */
import assert from 'node:assert/strict';
import type { BulkSyncSummary, Snapshot, SyncStatus } from '../../src/core/api/contract';
import { followedIds, mergeFollowed, positionsOf } from '../../src/core/state/followedSyncs';
import { isMoving, MotionTracker, scheduledAt } from '../../src/core/state/motion';
import { pollingFacts, SCHEDULE_GRACE_MS, type PollingFacts } from '../../src/core/state/pollingPolicy';
import { buildSnapshot } from '../../src/core/state/snapshot';
import { Random } from '../../server/prng';
import { MIN, T0, iso, schema, sync } from './helpers/fixtures';

const STATUSES = ['running', 'exporting', 'completed', 'completed', 'failed', 'errors', 'canceled', 'scheduled', undefined];
const INTERVAL = 30_000;
const SURVEY = 5 * MIN;

function randomSync(random: Random, id: string, now: number): SyncStatus {
  const schemas = Array.from({ length: random.int(0, 3) }, (_, k) => schema(`s${k}`, random.chance(0.8) ? random.pick(['completed', 'failed', 'completed']) : random.pick(STATUSES)));
  const extra: Partial<SyncStatus> = {};
  // next runs on a coarse grid, so that several syncs share one time (ties are ordered by row)
  if (random.chance(0.6)) extra.nextExecutionTime = iso(now + random.int(-12, 12) * MIN);
  if (random.chance(0.03)) extra.nextExecutionTime = 'not a date';
  if (random.chance(0.03)) extra.noId = true;
  return sync(id, random.chance(0.7) ? random.pick(['completed', 'failed', 'scheduled']) : random.pick(STATUSES), schemas, extra);
}

/** The policy's facts by a scan of every row. */
function scannedFacts(snapshot: Snapshot, now: number): PollingFacts {
  let anyInProgress = false;
  let earliest: number | undefined;
  for (const sync of snapshot.syncs) {
    if (isMoving(sync)) anyInProgress = true;
    const at = scheduledAt(sync);
    if (at !== undefined && at >= now - SCHEDULE_GRACE_MS && (earliest === undefined || at < earliest)) earliest = at;
  }
  return earliest === undefined ? { anyInProgress } : { anyInProgress, earliestNextExecutionMs: earliest };
}

/** The followed ids by a scan of every row, in snapshot order. */
function scannedIds(snapshot: Snapshot, now: number, horizonMs: number, lookBackMs: number): string[] {
  return snapshot.syncs
    .filter((sync) => {
      if (sync.noId) return false;
      const at = scheduledAt(sync);
      return isMoving(sync) || (at !== undefined && at <= now + horizonMs && at >= now - lookBackMs);
    })
    .map((sync) => sync.id);
}

function check(motion: MotionTracker, snapshot: Snapshot, now: number, step: string): void {
  assert.deepEqual(pollingFacts(snapshot, now, motion), scannedFacts(snapshot, now), `pollingFacts, ${step}`);
  assert.deepEqual(followedIds(snapshot, now, INTERVAL + 5_000, SURVEY, motion), scannedIds(snapshot, now, INTERVAL + 5_000, SURVEY), `followedIds, ${step}`);
}

describe('MotionTracker: the same facts as from scratch', () => {
  it('over random sequences of followed-syncs merges, whole-scope polls and times', function () {
    this.timeout(20_000);
    for (let seed = 1; seed <= 40; seed++) {
      const random = new Random(seed);
      const n = random.int(1, 60);
      const names = new Map<string, BulkSyncSummary>();
      let statuses: SyncStatus[] = [];
      for (let i = 0; i < n; i++) {
        const id = `sync-${i}`;
        names.set(id, { id, name: `Sync ${i}`, active: random.chance(0.85) });
        statuses.push(randomSync(random, id, T0));
      }
      let at = T0;
      let snapshot = buildSnapshot(statuses, names, at);
      let positions = positionsOf(snapshot);
      const motion = new MotionTracker();
      const older: Snapshot[] = [];
      for (let poll = 0; poll < 60; poll++) {
        at += random.int(0, 4) * INTERVAL;
        const step = `seed ${seed}, poll ${poll}`;
        const kind = random.int(0, 9);
        if (kind < 7) {
          // a followed-syncs poll: a few rows, in place
          const fetched: SyncStatus[] = [];
          for (let c = random.int(0, Math.max(1, n >> 3)); c > 0; c--) {
            const i = random.int(0, statuses.length - 1);
            statuses[i] = randomSync(random, statuses[i].syncId, at);
            fetched.push(statuses[i]);
          }
          snapshot = mergeFollowed(snapshot, positions, fetched, names, at);
        } else {
          // a whole-scope poll: many rows changed, sometimes rows gone or new ones
          statuses = statuses.map((s) => (random.chance(0.5) ? randomSync(random, s.syncId, at) : s));
          if (random.chance(0.3) && statuses.length > 1) statuses.splice(random.int(0, statuses.length - 1), 1);
          if (random.chance(0.3)) statuses.push(randomSync(random, `sync-new-${poll}`, at));
          snapshot = buildSnapshot(statuses, names, at, snapshot);
          positions = positionsOf(snapshot);
        }
        older.push(snapshot);
        // asked several times per snapshot, at several times, as the refresher's re-plans do
        for (let t = random.int(1, 3); t > 0; t--) check(motion, snapshot, at + random.int(-2, 30) * 10_000, step);
        if (random.chance(0.1)) check(motion, random.pick(older), at, `${step}, an older snapshot`);
      }
    }
  });
});

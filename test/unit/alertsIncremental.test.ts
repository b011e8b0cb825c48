/**
 * alertsFor looks only at the rows that changed (by position when the rows are in place, as after
 * a followed-syncs poll): over random poll sequences its alert equals the one worked out from
 * every row by id (the same call with the previous rows in another order, which pairs them by id).
 */
import assert from 'node:assert/strict';
import type { BulkSyncSummary, Snapshot, SyncStatus } from '../../src/core/api/contract';
import { alertsFor } from '../../src/core/state/alerts';
import { buildSnapshot, diffSnapshots } from '../../src/core/state/snapshot';
import { Random } from '../../server/prng';
import { T0, schema, sync } from './helpers/fixtures';

const STATUSES = ['running', 'running', 'exporting', 'completed', 'completed', 'failed', 'errors', 'canceled', 'interrupted', undefined];

function randomSync(random: Random, id: string, run: number): SyncStatus {
  const schemas = Array.from({ length: random.int(0, 3) }, (_, k) => schema(`s${k}`, random.pick(STATUSES), { executionId: `${id}-${random.int(run - 1, run)}` }));
  return sync(id, random.pick(STATUSES), schemas);
}

describe('alertsFor from the changed rows equals alertsFor from every row', () => {
  it('over random followed-syncs polls (rows in place) and whole-scope polls (rows added, dropped, reordered)', () => {
    let alerts = 0;
    for (const seed of [11, 12, 13, 14]) {
      const random = new Random(seed);
      const names = new Map<string, BulkSyncSummary>();
      let statuses: SyncStatus[] = [];
      for (let i = 0; i < 40; i++) {
        const id = `sync-${i}`;
        names.set(id, { id, name: random.pick(['Orders', 'orders', 'Leads', 'Accounts']) + ` ${random.int(0, 3)}` });
        statuses.push(randomSync(random, id, 0));
      }
      let prev: Snapshot = buildSnapshot(statuses, names, T0);
      for (let poll = 1; poll <= 60; poll++) {
        statuses = statuses.slice();
        for (let c = random.int(0, 6); c > 0; c--) {
          const i = random.int(0, statuses.length - 1);
          statuses[i] = randomSync(random, statuses[i].syncId, poll);
        }
        if (random.chance(0.2)) {
          // a whole-scope poll: a sync gone, one new, the order moved
          statuses.splice(random.int(0, statuses.length - 1), 1);
          const id = `sync-${40 + poll}`;
          names.set(id, { id, name: `New ${poll}` });
          statuses.splice(random.int(0, statuses.length), 0, randomSync(random, id, poll));
          if (random.chance(0.5)) statuses.reverse();
        }
        const next = buildSnapshot(statuses, names, T0 + poll * 30_000, prev);
        const diff = diffSnapshots(prev, next);
        const byId: Snapshot = { takenAt: prev.takenAt, syncs: prev.syncs.slice().reverse() };
        for (const mode of ['failures', 'all'] as const) {
          const alert = alertsFor(diff, prev, next, mode);
          assert.deepEqual(alert, alertsFor(diff, byId, next, mode), `seed ${seed}, poll ${poll}, ${mode}`);
          if (alert) alerts++;
        }
        prev = next;
      }
    }
    assert.ok(alerts > 100, `only ${alerts} alerts compared`);
  });
});

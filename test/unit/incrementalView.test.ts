/**
 * The view's incremental work (issue 15: a tick or a followed-syncs poll at 2,000 syncs works on
 * the rows that changed) must show exactly what a build from scratch shows. Property-style: random
 * sequences of snapshots (a few rows changed per poll, as buildSnapshot reuses the others, or many)
 * and of times, each step compared with the from-scratch answer.
 */
import assert from 'node:assert/strict';
import type { BulkSyncSummary, Snapshot, SyncStatus, TreeNodeModel } from '../../src/core/api/contract';
import { buildSnapshot } from '../../src/core/state/snapshot';
import { descriptionTimeChangesAt, formatDescriptionRelative } from '../../src/core/view/descriptionTime';
import { formatMoment } from '../../src/core/view/format';
import { HealthTracker, snapshotHealth } from '../../src/core/view/snapshotHealth';
import { statusBarModel } from '../../src/core/view/statusBarModel';
import { buildTreeModel, TreeModelBuilder } from '../../src/core/view/treeModel';
import { TreeReconciler } from '../../src/core/view/treeReconciler';
import { tooltipMarkdown } from '../../src/core/view/treeNodes';
import { Random } from '../../server/prng';
import { MIN, T0, iso, schema, sync } from './helpers/fixtures';

const S = 1000;
const H = 60 * MIN;
const DAY = 24 * H;
const STATUSES = ['running', 'exporting', 'completed', 'completed', 'failed', 'errors', 'canceled', 'interrupted', 'scheduled', undefined];

/** A random sync: status, schemas (some failed or running), last completion and next run near `now`. */
function randomSync(random: Random, id: string, now: number): SyncStatus {
  // times on a coarse grid, so a changed row often keeps its time text (the builder reuses what it parsed)
  const at = (span: number) => iso(now - now % (10 * MIN) - random.int(0, 3) * span);
  const schemas = Array.from({ length: random.int(0, 4) }, (_, k) =>
    schema(`s${k}`, random.pick(STATUSES), {
      ...(random.chance(0.7) ? { completedAt: at(H) } : {}),
      ...(random.chance(0.5) ? { startedAt: at(2 * H) } : {}),
      ...(random.chance(0.3) ? { recordCount: random.int(0, 3) } : {}),
      ...(random.chance(0.1) ? { noId: true } : {}),
    }),
  );
  return sync(id, random.pick(STATUSES), schemas, random.chance(0.6) ? { nextExecutionTime: iso(now + random.int(-10 * MIN, 2 * H)) } : {});
}

/** Snapshots after `polls` polls of `n` syncs, each changing `k()` rows (rows unchanged are reused by buildSnapshot). */
function snapshots(random: Random, n: number, polls: number, k: () => number): Array<{ snapshot: Snapshot; at: number }> {
  const names = new Map<string, BulkSyncSummary>();
  const statuses: SyncStatus[] = [];
  for (let i = 0; i < n; i++) {
    const id = `sync-${i}`;
    names.set(id, { id, name: random.pick(['Orders', 'orders', 'Leads', 'Accounts 2', 'Accounts 10']) + ` ${random.int(0, 5)}`, active: random.chance(0.9) });
    statuses.push(randomSync(random, id, T0));
  }
  let snapshot = buildSnapshot(statuses, names, T0);
  const out = [{ snapshot, at: T0 }];
  let at = T0;
  for (let p = 0; p < polls; p++) {
    at += random.int(1, 90) * S;
    for (let c = k(); c > 0; c--) {
      const i = random.int(0, n - 1);
      statuses[i] = randomSync(random, statuses[i].syncId, at);
    }
    snapshot = buildSnapshot(statuses, names, at, snapshot);
    out.push({ snapshot, at });
  }
  return out;
}

/** What a user sees of a tree: every node's id, label, description, icon, menu (context value) and tooltip at `at`, in order. */
function shown(nodes: readonly TreeNodeModel[], at: number): string[] {
  const lines: string[] = [];
  for (const node of nodes) {
    lines.push(`${node.id} | ${node.label} | ${node.description} | ${node.icon} | ${node.contextValue} | ${tooltipMarkdown(node, at)}`);
    for (const child of node.children) lines.push(`  ${child.id} | ${child.label} | ${child.description} | ${child.icon} | ${child.contextValue} | ${tooltipMarkdown(child, at)}`);
  }
  return lines;
}

describe('incremental view work equals the work from scratch', () => {
  it('a description time reads the same from now until descriptionTimeChangesAt, past and future, near and far', () => {
    const random = new Random(15);
    const spans = [10 * S, 2 * MIN, 12 * MIN, 70 * MIN, 3 * H, 50 * H, 30 * DAY, 500 * DAY];
    let skipped = 0;
    for (let i = 0; i < 4000; i++) {
      const span = random.pick(spans);
      const then = T0 + random.int(-span, span);
      const now = T0;
      const until = descriptionTimeChangesAt(then, now);
      assert.ok(until >= now, `changes at ${until} before now`);
      if (until === now) {
        skipped++;
        continue;
      }
      const text = formatMoment(then, now, formatDescriptionRelative);
      const ahead = then > now;
      const end = Math.min(until, now + 2 * 400 * DAY);
      for (const t of [now + 1, Math.floor((now + end) / 2), end - 1, now + random.int(0, end - now - 1)]) {
        assert.equal(formatMoment(then, t, formatDescriptionRelative), text, `then ${then - now} ms from now, at +${t - now} ms (until +${until - now})`);
        assert.equal(then > t, ahead);
      }
    }
    assert.ok(skipped < 40, `${skipped} times said "recompute now"`);
    // and it is not merely "recompute at every tick": 25 min ago reads "20 min ago" for 5 more minutes
    assert.equal(descriptionTimeChangesAt(T0 - 25 * MIN, T0), T0 + 5 * MIN);
    assert.equal(descriptionTimeChangesAt(T0 + 3 * H + 1, T0), T0 + 1);
  });

  it('the tree built tick after tick and poll after poll shows what a build from scratch shows (order, descriptions, icons)', () => {
    for (const seed of [1, 2, 3]) {
      const random = new Random(seed);
      const builder = new TreeModelBuilder();
      const reconciler = new TreeReconciler();
      // few rows changed per poll (a followed poll), sometimes many (a whole-scope poll)
      for (const { snapshot, at } of snapshots(random, 60, 40, () => (random.chance(0.15) ? random.int(8, 60) : random.int(0, 5)))) {
        for (let tick = 0; tick < 3; tick++) {
          const now = at + tick * 20 * S;
          const models = builder.build(snapshot, now);
          const expected = shown(buildTreeModel(snapshot, now), now);
          assert.deepEqual(shown(models, now), expected, `seed ${seed}, at ${now}`);
          // and the elements the reconciler keeps (one per id, rows moved and rebuilt) show the same
          reconciler.update(models);
          assert.deepEqual(shown(reconciler.rootElements, now), expected, `seed ${seed}, at ${now}: elements`);
          for (const element of reconciler.rootElements) {
            assert.equal(reconciler.get(element.id), element);
            for (const child of element.children) assert.equal(reconciler.get(child.id), child, `${child.id} is the element kept for its id`);
          }
        }
      }
    }
  });

  it('the status bar and badge counts kept by HealthTracker equal the counts from scratch', () => {
    for (const seed of [4, 5, 6]) {
      const random = new Random(seed);
      const tracker = new HealthTracker();
      for (const { snapshot, at } of snapshots(random, 80, 50, () => (random.chance(0.1) ? random.int(10, 80) : random.int(0, 6)))) {
        const ids = (list: readonly { id: string }[]) => list.map((s) => s.id);
        const kept = tracker.of(snapshot);
        const fresh = snapshotHealth(snapshot);
        assert.deepEqual(ids(kept.failed), ids(fresh.failed), `seed ${seed}: failed`);
        assert.deepEqual(ids(kept.withErrors), ids(fresh.withErrors), `seed ${seed}: with errors`);
        assert.equal(kept.running, fresh.running, `seed ${seed}: running`);
        assert.equal(kept.total, fresh.total);
        const state = { auth: 'signedIn' as const, loading: false, snapshot };
        assert.deepEqual(statusBarModel(state, at, 30_000, (s) => tracker.of(s)), statusBarModel(state, at, 30_000));
      }
    }
  });

  it('the reconciler forgets the ids that left the tree (with their children) and keeps those of unchanged branches', () => {
    const random = new Random(7);
    const builder = new TreeModelBuilder();
    const reconciler = new TreeReconciler();
    const all = snapshots(random, 30, 30, () => random.int(0, 4));
    for (let p = 0; p < all.length; p++) {
      // rows come and go: a different subset of the syncs each poll
      const { snapshot, at } = all[p];
      const kept: Snapshot = { takenAt: snapshot.takenAt, syncs: snapshot.syncs.filter((_, i) => (i + p) % 7 !== 0 && (p % 5 !== 0 || i % 3 !== 0)) };
      const models = builder.build(kept, at);
      reconciler.update(models);
      const expected = new Set<string>();
      for (const node of models) {
        expected.add(node.id);
        for (const child of node.children) expected.add(child.id);
      }
      for (const id of expected) assert.equal(reconciler.get(id)?.id, id, `poll ${p}: ${id} is shown`);
      for (const s of all[0].snapshot.syncs) {
        const id = `sync:${s.id}`;
        if (!expected.has(id)) assert.equal(reconciler.get(id), undefined, `poll ${p}: ${id} left the tree`);
        for (const child of ['s0', 's1', 's2', 's3']) {
          const childId = `schema:${s.id}/${child}`;
          if (!expected.has(childId)) assert.equal(reconciler.get(childId), undefined, `poll ${p}: ${childId} left the tree`);
        }
      }
    }
  });
});

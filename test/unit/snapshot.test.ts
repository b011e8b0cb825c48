import assert from 'node:assert/strict';
import type { BulkSyncSummary, SyncStatus } from '../../src/core/api/contract';
import { buildSnapshot, diffSnapshots } from '../../src/core/state/snapshot';
import { TreeModelBuilder } from '../../src/core/view/treeModel';
import { TreeReconciler } from '../../src/core/view/treeReconciler';
import { MIN, T0, iso, schema, snapshotOf, sync } from './helpers/fixtures';

/** What the tree redraws when a poll brings `after` (at the same render time): ids, or 'all'. */
function redraws(before: SyncStatus[], after: SyncStatus[], names: BulkSyncSummary[] = [], laterNames = names): string[] | 'all' {
  const first = snapshotOf(before, names, T0);
  const second = buildSnapshot(after, new Map(laterNames.map((n) => [n.id, n])), T0 + 5 * MIN, first);
  const reconciler = new TreeReconciler();
  const treeModels = new TreeModelBuilder();
  reconciler.update(treeModels.build(first, T0));
  const update = reconciler.update(treeModels.build(second, T0));
  if (update.kind === 'all') return 'all';
  return update.kind === 'none' ? [] : update.elements.map((e) => e.id).sort();
}

describe('buildSnapshot', () => {
  it('shows the id for a name nobody could see (empty, spaces, zero-width characters)', () => {
    const snap = snapshotOf(
      [sync('a', 'failed', []), sync('b', 'failed', []), sync('c', 'failed', [])],
      [
        { id: 'a', name: '' },
        { id: 'b', name: ' \u200b\u200d\ufeff ' },
        { id: 'c', name: '\u202eStripe' },
      ],
      T0,
    );
    // a direction control is dropped from the name (it would reorder our own text around it)
    assert.deepEqual(snap.syncs.map((s) => s.name), ['a', 'b', 'Stripe']);
  });

  it('joins statuses with names, falling back to the id', () => {
    const snap = snapshotOf(
      [sync('a', 'completed', [schema('contact', 'completed')]), sync('b', 'running', [])],
      [{ id: 'a', name: 'Salesforce → Snowflake', active: true }],
      T0,
    );
    assert.equal(snap.takenAt, T0);
    assert.deepEqual(
      snap.syncs.map((s) => [s.id, s.name, s.active, s.status, s.info.label]),
      [
        ['a', 'Salesforce → Snowflake', true, 'completed', 'Completed'],
        ['b', 'b', undefined, 'running', 'Running'],
      ],
    );
    assert.equal(snap.syncs[0].schemas[0].info.label, 'Completed');
  });

  it('shows a completed sync with a failed or interrupted schema as completed with errors', () => {
    for (const bad of ['failed', 'interrupted']) {
      const [s] = snapshotOf([sync('a', 'completed', [schema('ok', 'completed'), schema('bad', bad)])]).syncs;
      assert.equal(s.status, 'completed', 'the raw status is kept');
      assert.equal(s.info.status, 'errors');
      assert.equal(s.info.label, 'Completed with errors');
    }
  });

  it('keeps a running sync running even when one schema failed already', () => {
    const [s] = snapshotOf([sync('a', 'running', [schema('bad', 'failed'), schema('b', 'running')])]).syncs;
    assert.equal(s.info.status, 'running');
  });

  it('uses the worst schema status when the sync reports none', () => {
    assert.equal(snapshotOf([sync('a', undefined, [schema('x', 'completed'), schema('y', 'failed')])]).syncs[0].info.status, 'failed');
    assert.equal(snapshotOf([sync('a', undefined, [schema('x', undefined)])]).syncs[0].info.label, 'No runs yet');
    assert.equal(snapshotOf([sync('a', undefined, [])]).syncs[0].info.label, 'No runs yet');
  });

  it('keeps its own failure over schemas that completed', () => {
    assert.equal(snapshotOf([sync('a', 'failed', [schema('x', 'completed')])]).syncs[0].info.status, 'failed');
  });
});

describe('diffSnapshots', () => {
  const base = () => [
    sync('a', 'completed', [schema('contact', 'completed', { executionId: 'e1', recordCount: 10 })]),
    sync('b', 'running', [schema('lead', 'running', { executionId: 'e2' })]),
  ];

  it('first load: no failures even if some are failing', () => {
    const next = snapshotOf([...base(), sync('c', 'failed', [schema('x', 'failed')])]);
    assert.deepEqual(diffSnapshots(undefined, next), { newFailures: [] });
  });

  it('identical data is unchanged, even with a later takenAt: no alert, no redraw, every sync reused', () => {
    const first = snapshotOf(base(), [], T0);
    const second = buildSnapshot(base(), new Map(), T0 + 5 * MIN, first);
    assert.deepEqual(diffSnapshots(first, second), { newFailures: [] });
    assert.deepEqual(second.syncs, first.syncs);
    second.syncs.forEach((s, i) => assert.equal(s, first.syncs[i]));
    assert.deepEqual(redraws(base(), base()), []);
  });

  it('an added or removed sync redraws the whole tree', () => {
    assert.equal(redraws(base(), [base()[0], sync('z', 'completed', [])]), 'all');
    assert.equal(redraws(base(), [base()[0]]), 'all');
  });

  it('a sync appearing already failed is not an alert', () => {
    const diff = diffSnapshots(snapshotOf(base()), snapshotOf([...base(), sync('new', 'failed', [])]));
    assert.deepEqual(diff.newFailures, []);
  });

  it('a schema count change changes the children but not the sync node', () => {
    const next = base();
    next[0].schemas[0].recordCount = 11;
    assert.deepEqual(redraws(base(), next), ['schema:a/contact']);
  });

  it('a schema status change changes both the sync node (its counts) and its children', () => {
    const next = base();
    next[1].schemas[0].status = 'completed';
    // the sync's refresh covers its children
    assert.deepEqual(redraws(base(), next), ['sync:b']);
  });

  it('a rename changes only the sync node', () => {
    assert.deepEqual(redraws(base(), base(), [{ id: 'a', name: 'Old' }], [{ id: 'a', name: 'New' }]), ['sync:a']);
  });

  it('reports transitions into failed, with the failing schemas', () => {
    const next = base();
    next[1].status = 'failed';
    next[1].schemas[0].status = 'failed';
    const diff = diffSnapshots(snapshotOf(base()), snapshotOf(next));
    assert.deepEqual(diff.newFailures, [
      { syncId: 'b', status: 'failed' },
      { syncId: 'b', schema: 'lead', status: 'failed' },
    ]);
  });

  it('reports transitions into errors and interrupted', () => {
    const next = base();
    next[0].status = 'errors';
    next[1].status = 'interrupted';
    const diff = diffSnapshots(snapshotOf(base()), snapshotOf(next));
    assert.deepEqual(diff.newFailures, [
      { syncId: 'a', status: 'errors' },
      { syncId: 'b', status: 'interrupted' },
    ]);
  });

  it('reports a completed sync whose schema failed as errors', () => {
    const next = base();
    next[0].schemas.push(schema('orders', 'failed', { executionId: 'e9' }));
    const diff = diffSnapshots(snapshotOf(base()), snapshotOf(next));
    assert.deepEqual(diff.newFailures, [
      { syncId: 'a', status: 'errors' },
      { syncId: 'a', schema: 'orders', status: 'failed' },
    ]);
  });

  it('does not re-report a failure that stays the same', () => {
    const failing = () => [sync('a', 'failed', [schema('x', 'failed', { executionId: 'e1', completedAt: iso(T0) })])];
    const diff = diffSnapshots(snapshotOf(failing()), snapshotOf(failing()));
    assert.deepEqual(diff.newFailures, []);
    assert.deepEqual(redraws(failing(), failing()), []);
  });

  it('reports a new execution failing again, even if the status never left failed between polls', () => {
    const before = [sync('a', 'failed', [schema('x', 'failed', { executionId: 'e1', completedAt: iso(T0) })])];
    const after = [sync('a', 'failed', [schema('x', 'failed', { executionId: 'e2', completedAt: iso(T0 + 60 * MIN) })])];
    const diff = diffSnapshots(snapshotOf(before), snapshotOf(after));
    assert.deepEqual(diff.newFailures, [
      { syncId: 'a', status: 'failed' },
      { syncId: 'a', schema: 'x', status: 'failed' },
    ]);
  });

  it('recovery is not a failure', () => {
    const before = [sync('a', 'failed', [schema('x', 'failed')])];
    const after = [sync('a', 'completed', [schema('x', 'completed')])];
    const diff = diffSnapshots(snapshotOf(before), snapshotOf(after));
    assert.deepEqual(diff.newFailures, []);
    assert.deepEqual(redraws(before, after), ['sync:a']);
  });

  it('is linear: 5,000 syncs x 20 schemas diff quickly', () => {
    const make = (status: string) =>
      Array.from({ length: 5000 }, (_, i) =>
        sync(`s${i}`, i % 100 === 0 ? status : 'completed', Array.from({ length: 20 }, (_, j) => schema(`t${j}`, 'completed', { recordCount: j }))),
      );
    const prev = buildSnapshot(make('completed'), new Map(), T0);
    const next = buildSnapshot(make('failed'), new Map(), T0, prev);
    const diff = diffSnapshots(prev, next);
    assert.equal(diff.newFailures.length, 50);
    assert.equal(next.syncs.filter((s, i) => s !== prev.syncs[i]).length, 50, 'only the 50 changed syncs are new rows');
  });
});

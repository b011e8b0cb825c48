import assert from 'node:assert/strict';
import type { SyncStatus, TreeNodeModel } from '../../src/core/api/contract';
import { buildSnapshot, diffSnapshots } from '../../src/core/state/snapshot';
import { TreeModelBuilder } from '../../src/core/view/treeModel';
import { tooltipMarkdown } from '../../src/core/view/treeNodes';
import { TreeReconciler, type TreeUpdate } from '../../src/core/view/treeReconciler';
import { MIN, T0, iso, schema, sync } from './helpers/fixtures';

/**
 * A refresh reuses what did not change (snapshot rows, tree branches, reconciled elements), so
 * these tests check what the user would notice if that went wrong: stale tooltips or descriptions,
 * a missing or extra redraw, a failure not reported.
 */
const names = new Map([
  ['a', { id: 'a', name: 'Alpha', active: true }],
  ['b', { id: 'b', name: 'Beta', active: true }],
]);

function statuses(contactStatus = 'completed', message?: string): SyncStatus[] {
  return [
    sync('a', 'completed', [
      schema('contact', contactStatus, { completedAt: iso(T0 - 3 * MIN), startedAt: iso(T0 - 5 * MIN), statusMessage: message }),
      schema('lead', 'completed', { completedAt: iso(T0 - 2 * 60 * MIN) }),
    ]),
    sync('b', 'running', [schema('deal', 'exporting', { startedAt: iso(T0 - 90_000), recordCount: 5 })]),
  ];
}

function changedIds(update: TreeUpdate): string[] | 'all' {
  if (update.kind === 'all') return 'all';
  return update.kind === 'none' ? [] : update.elements.map((e) => e.id);
}

function find(models: readonly TreeNodeModel[], id: string): TreeNodeModel {
  for (const m of models) {
    if (m.id === id) return m;
    for (const c of m.children) if (c.id === id) return c;
  }
  throw new Error(`no node ${id}`);
}

describe('refresh reuse (snapshot rows, tree branches, reconciled elements)', () => {
  let savedTz: string | undefined;
  before(() => {
    savedTz = process.env.TZ;
    process.env.TZ = 'UTC';
  });
  after(() => {
    if (savedTz === undefined) delete process.env.TZ;
    else process.env.TZ = savedTz;
  });

  it('an unchanged poll is no change at all: same rows, empty diff, no redraw', () => {
    const first = buildSnapshot(statuses(), names, T0);
    const second = buildSnapshot(statuses(), names, T0, first);
    assert.equal(second.syncs[0], first.syncs[0], 'unchanged sync reused');
    assert.equal(second.syncs[1], first.syncs[1], 'every unchanged sync reused');
    assert.deepEqual(diffSnapshots(first, second), { newFailures: [] });
    const reconciler = new TreeReconciler();
    const treeModels = new TreeModelBuilder();
    reconciler.update(treeModels.build(first, T0));
    assert.deepEqual(changedIds(reconciler.update(treeModels.build(second, T0))), []);
  });

  it("a schema's new message redraws that schema only, and its tooltip shows the message", () => {
    const first = buildSnapshot(statuses(), names, T0);
    const second = buildSnapshot(statuses('completed', 'Wrote 10 rows'), names, T0, first);
    assert.notEqual(second.syncs[0], first.syncs[0]);
    assert.equal(second.syncs[1], first.syncs[1], 'the other sync is reused');
    const reconciler = new TreeReconciler();
    const treeModels = new TreeModelBuilder();
    reconciler.update(treeModels.build(first, T0));
    const models = treeModels.build(second, T0);
    assert.deepEqual(changedIds(reconciler.update(models)), ['schema:a/contact']);
    assert.match(tooltipMarkdown(reconciler.get('schema:a/contact')!), /Wrote 10 rows/);
  });

  it('a failure arriving in a reused snapshot is still reported, and moves its sync to the top', () => {
    const first = buildSnapshot(statuses(), names, T0);
    const second = buildSnapshot(statuses('failed'), names, T0, first);
    const diff = diffSnapshots(first, second);
    assert.deepEqual(diff.newFailures, [
      { syncId: 'a', status: 'errors' },
      { syncId: 'a', schema: 'contact', status: 'failed' },
    ]);
    const reconciler = new TreeReconciler();
    const treeModels = new TreeModelBuilder();
    reconciler.update(treeModels.build(first, T0));
    assert.equal(changedIds(reconciler.update(treeModels.build(second, T0))), 'all');
    assert.equal(reconciler.rootElements[0].id, 'sync:a');
  });

  it('the same data later: only a description whose relative time moved redraws; tooltips read as of the hover', () => {
    const snapshot = buildSnapshot(statuses(), names, T0);
    const reconciler = new TreeReconciler();
    const treeModels = new TreeModelBuilder();
    reconciler.update(treeModels.build(snapshot, T0));
    // 10 s later no visible text reads differently ("Running for" is in a tooltip, built on hover)
    const later = buildSnapshot(statuses(), names, T0 + 10_000, snapshot);
    assert.deepEqual(changedIds(reconciler.update(treeModels.build(later, T0 + 10_000))), []);
    assert.match(tooltipMarkdown(reconciler.get('schema:b/deal')!, T0 + 10_000), /Running for: 1 min 40 s/);
    assert.match(tooltipMarkdown(reconciler.get('schema:a/contact')!, T0 + 10_000), /Completed: 3 min ago/);

    // a minute later: "3 min ago" becomes "4 min ago" in sync a's description: that node alone redraws
    const models = treeModels.build(later, T0 + 70_000);
    assert.deepEqual(changedIds(reconciler.update(models)), ['sync:a']);
    assert.equal(reconciler.get('sync:a')!.description, 'completed · 2 schemas · 4 min ago');
    assert.match(tooltipMarkdown(reconciler.get('schema:a/contact')!, T0 + 70_000), /Completed: 4 min ago/);
    assert.match(tooltipMarkdown(reconciler.get('schema:a/contact')!, T0 + 70_000), /Started: 6 min ago/);
    assert.match(tooltipMarkdown(find(models, 'schema:a/lead'), T0 + 70_000), /Completed: 2 h ago/);
  });

  it('a sync that disappears takes its elements with it; one that comes back is new again', () => {
    const first = buildSnapshot(statuses(), names, T0);
    const reconciler = new TreeReconciler();
    const treeModels = new TreeModelBuilder();
    reconciler.update(treeModels.build(first, T0));
    const without = buildSnapshot(statuses().slice(0, 1), names, T0, first);
    assert.equal(changedIds(reconciler.update(treeModels.build(without, T0))), 'all');
    assert.equal(reconciler.get('sync:b'), undefined);
    assert.equal(reconciler.get('schema:b/deal'), undefined);
    const back = buildSnapshot(statuses(), names, T0, without);
    assert.equal(changedIds(reconciler.update(treeModels.build(back, T0))), 'all');
    assert.equal(reconciler.get('schema:b/deal')!.label, 'deal');
    assert.equal(reconciler.parentOf('schema:b/deal'), reconciler.get('sync:b'));
  });
});

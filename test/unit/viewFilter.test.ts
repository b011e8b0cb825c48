import assert from 'node:assert/strict';
import {
  applyFilter,
  describeFilter,
  isFailing,
  lastActivity,
  normalizeFilter,
  normalizeSort,
} from '../../src/core/view/viewFilter';
import { buildTreeModel } from '../../src/core/view/treeModel';
import { snapshotHealth } from '../../src/core/view/snapshotHealth';
import { MIN, T0, iso, schema, snapshotOf, sync } from './helpers/fixtures';

const snap = snapshotOf(
  [
    sync('ok', 'completed', [schema('x', 'completed', { startedAt: iso(T0 - 60 * MIN), completedAt: iso(T0 - 50 * MIN) })]),
    sync('run', 'running', [schema('x', 'running', { startedAt: iso(T0 - 2 * MIN) })]),
    sync('fail', 'failed', [schema('x', 'failed', { startedAt: iso(T0 - 30 * MIN), completedAt: iso(T0 - 20 * MIN) })]),
    sync('partial', 'running', [schema('x', 'failed'), schema('y', 'running')]),
    sync('err', 'errors', [schema('x', 'completed', { completedAt: iso(T0 - 5 * MIN) })]),
    sync('off', 'completed', []),
    sync('never', undefined, []),
  ],
  [
    { id: 'ok', name: 'Zeta orders' },
    { id: 'run', name: 'alpha Contacts' },
    { id: 'fail', name: 'Beta' },
    { id: 'partial', name: 'Gamma' },
    { id: 'err', name: 'Delta Orders' },
    { id: 'off', name: 'Epsilon', active: false },
    { id: 'never', name: 'Eta' },
  ],
);
const ids = (syncs: { id: string }[]) => syncs.map((s) => s.id);

describe('view filter and sort', () => {
  it('all: every sync, worst first then by name (the default)', () => {
    assert.deepEqual(ids(applyFilter(snap)), ['fail', 'err', 'run', 'partial', 'off', 'ok', 'never']);
  });

  it('failed only: failed syncs, syncs with a failed schema, and completed with errors', () => {
    assert.deepEqual(ids(applyFilter(snap, { kind: 'failed' })), ['fail', 'err', 'partial']);
  });

  it('running only: a running sync or one with a running schema', () => {
    assert.deepEqual(ids(applyFilter(snap, { kind: 'running' })), ['run', 'partial']);
  });

  it('active only: hides deactivated syncs, keeps those whose state is unknown', () => {
    assert.ok(!ids(applyFilter(snap, { kind: 'active' })).includes('off'));
    assert.equal(applyFilter(snap, { kind: 'active' }).length, 6);
  });

  it('text: case-insensitive, in the name or the id', () => {
    assert.deepEqual(ids(applyFilter(snap, { kind: 'text', text: 'ORDERS' }, 'name')), ['err', 'ok']);
    assert.deepEqual(ids(applyFilter(snap, { kind: 'text', text: 'parti' })), ['partial']);
    assert.deepEqual(applyFilter(snap, { kind: 'text', text: 'nothing like it' }), []);
  });

  it('sort by name ignores case; by recent activity puts the latest start or completion first, never-run last', () => {
    assert.deepEqual(ids(applyFilter(snap, { kind: 'all' }, 'name')), ['run', 'fail', 'err', 'off', 'never', 'partial', 'ok']);
    assert.deepEqual(ids(applyFilter(snap, { kind: 'all' }, 'recent')), ['run', 'err', 'fail', 'ok', 'off', 'never', 'partial']);
    assert.equal(lastActivity(snap.syncs[2]), T0 - 20 * MIN);
  });

  it('does not change the snapshot', () => {
    const before = ids(snap.syncs);
    applyFilter(snap, { kind: 'failed' }, 'name');
    assert.deepEqual(ids(snap.syncs), before);
  });

  it('the tree model uses filter and sort, children follow the sort', () => {
    const models = buildTreeModel(snap, T0, { filter: { kind: 'failed' }, sort: 'name' });
    assert.deepEqual(models.map((m) => m.syncId), ['fail', 'err', 'partial']);
    const gamma = models.find((m) => m.syncId === 'partial');
    assert.deepEqual(gamma?.children.map((c) => c.label), ['x', 'y']);
    const bySeverity = buildTreeModel(snap, T0).find((m) => m.syncId === 'partial');
    assert.deepEqual(bySeverity?.children.map((c) => c.label), ['x', 'y']);
  });

  it('the badge counts failing syncs: failed, or with a failed schema', () => {
    assert.equal(snapshotHealth(snap).failed.length, 2);
    assert.equal(isFailing(snap.syncs[4]), false, 'completed with errors is not failing');
  });

  it('normalizes stored or passed filters; describes them for the view', () => {
    assert.deepEqual(normalizeFilter(undefined), { kind: 'all' });
    assert.deepEqual(normalizeFilter({ kind: 'nonsense' }), { kind: 'all' });
    assert.deepEqual(normalizeFilter({ kind: 'failed', text: 'ignored' }), { kind: 'failed' });
    assert.deepEqual(normalizeFilter({ kind: 'text', text: '  orders ' }), { kind: 'text', text: 'orders' });
    assert.deepEqual(normalizeFilter({ kind: 'text', text: '   ' }), { kind: 'all' });
    assert.equal(normalizeFilter({ kind: 'text', text: 'x'.repeat(1000) }).text?.length, 200);
    assert.equal(normalizeSort('recent'), 'recent');
    assert.equal(normalizeSort(42), 'severity');
    assert.equal(describeFilter({ kind: 'all' }), undefined);
    assert.equal(describeFilter({ kind: 'running' }), 'Running only');
    assert.equal(describeFilter({ kind: 'text', text: 'orders' }), 'Name contains "orders"');
  });
});

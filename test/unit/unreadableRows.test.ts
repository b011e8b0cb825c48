/**
 * What the user sees of an entry that breaks the contract: its own row, marked unreadable with the
 * reason, while every other sync and schema of the same response shows as usual.
 */
import assert from 'node:assert/strict';
import type { TreeNodeModel } from '../../src/core/api/contract';
import { buildSnapshot } from '../../src/core/state/snapshot';
import { buildTreeModel, TreeModelBuilder } from '../../src/core/view/treeModel';
import { TreeReconciler } from '../../src/core/view/treeReconciler';
import { statusBarModel } from '../../src/core/view/statusBarModel';
import { tooltipMarkdown } from '../../src/core/view/treeNodes';
import { parseStatusResponse } from '../../src/core/api/validate';
import { snapshotHealth } from '../../src/core/view/snapshotHealth';
import { MIN, T0, iso } from './helpers/fixtures';

function body(badSchema: Record<string, unknown>): unknown {
  return {
    data: [
      {
        sync_id: 'orders',
        status: 'completed',
        schemas: [
          { schema: 'contact', status: 'completed', record_count: 10, completed_at: iso(T0 - 5 * MIN) },
          badSchema,
          { schema: 'lead', status: 'failed', status_message: 'quota exceeded', completed_at: iso(T0 - 5 * MIN) },
        ],
      },
      { sync_id: 'events', status: 'running', schemas: [{ schema: 'click', status: 'running' }] },
    ],
  };
}

function tree(raw: unknown): TreeNodeModel[] {
  const snapshot = buildSnapshot(parseStatusResponse(raw), new Map([['orders', { id: 'orders', name: 'Orders' }]]), T0);
  return buildTreeModel(snapshot, T0);
}

describe('unreadable entries in the tree', () => {
  it('one bad schema is its own row with the field and what it got; the rest shows as usual', () => {
    const roots = tree(body({ schema: 'account', status: 'completed', record_count: '12' }));
    const orders = roots.find((n) => n.syncId === 'orders')!;
    assert.equal(orders.label, 'Orders');
    assert.equal(orders.description, 'completed with errors · 1 of 3 schemas failed · 1 unreadable');
    const account = orders.children.find((c) => c.schema === 'account')!;
    assert.equal(account.label, 'account');
    assert.equal(account.description, 'unreadable: record_count: expected a non-negative number, got "12"');
    assert.equal(account.icon, 'bracket-error');
    assert.equal(account.contextValue, 'unreadable', 'no action is offered on data we could not read');
    const tip = tooltipMarkdown(account);
    assert.match(tip, /^\*\*Unreadable\*\* · account/);
    assert.match(tip, /does not match its API, so its status is not shown: record\\_count\\: expected a non\\-negative number\\, got \\"12\\"/);
    // the others: their own status, counts and messages
    const contact = orders.children.find((c) => c.schema === 'contact')!;
    assert.equal(contact.description, '10 records');
    assert.equal(contact.icon, 'pass-filled');
    assert.equal(orders.children.find((c) => c.schema === 'lead')!.icon, 'error');
    const events = roots.find((n) => n.syncId === 'events')!;
    assert.equal(events.description, 'running · 0 of 1 done');
  });

  it('an unreadable schema is neither failing nor running, and does not change its sync status', () => {
    const raw = parseStatusResponse({ data: [{ sync_id: 'a', status: 'completed', schemas: [{ schema: 'x', record_count: 'lots' }, { schema: 'y', status: 'completed' }] }] });
    const snapshot = buildSnapshot(raw, new Map(), T0);
    assert.equal(snapshot.syncs[0].info.label, 'Completed');
    assert.equal(snapshotHealth(snapshot).failed.length, 0);
    assert.equal(statusBarModel({ auth: 'signedIn', loading: false, snapshot }, T0).text, '$(check) 1 sync ok');
  });

  it('a sync whose own fields broke the contract says why, keeps its actions and lists its schemas', () => {
    const roots = tree({ data: [{ sync_id: 'orders', status: 'running', nextExecutionTime: 'soon', schemas: [{ schema: 'contact', status: 'running' }] }] });
    const [orders] = roots;
    assert.equal(orders.label, 'Orders');
    assert.equal(orders.description, 'unreadable: nextExecutionTime: expected a date, got "soon" · 1 schema');
    assert.equal(orders.contextValue, 'sync unknown unreadable active', 'a real sync id: Start Run, Open in Polytomic and Copy Id still apply');
    assert.match(tooltipMarkdown(orders), /Polytomic sent an entry for this sync that does not match its API/);
    assert.equal(orders.children[0].icon, 'sync~spin');
  });

  it('an entry without an id is a row named by its place, with no actions', () => {
    const [row] = tree({ data: [{ status: 'failed' }] });
    assert.equal(row.label, 'data[0]');
    assert.equal(row.description, 'unreadable: sync_id: missing');
    assert.equal(row.contextValue, 'unreadable');
  });

  it('the bad entry fixed on the server: the row reads normally again and only its branch redraws', () => {
    const bad = buildSnapshot(parseStatusResponse(body({ schema: 'account', status: 'completed', record_count: '12' })), new Map(), T0);
    const good = buildSnapshot(parseStatusResponse(body({ schema: 'account', status: 'completed', record_count: 12 })), new Map(), T0 + MIN, bad);
    assert.equal(good.syncs[1], bad.syncs[1], 'the unchanged sync is reused');
    const reconciler = new TreeReconciler();
    const treeModels = new TreeModelBuilder();
    reconciler.update(treeModels.build(bad, T0 + MIN));
    const update = reconciler.update(treeModels.build(good, T0 + MIN));
    assert.ok(update.kind === 'some' && update.elements.every((e) => e.syncId === 'orders'), 'only the orders branch redraws');
    const account = buildTreeModel(good, T0 + MIN)[0].children.find((c) => c.schema === 'account')!;
    assert.equal(account.description, '12 records');
  });
});

/**
 * One bad entry never blinds the whole view, inside the VS Code extension host against the local
 * Polytomic-compatible server: with one schema entry breaking the contract on every status
 * response (the server's malformedEntry lever), the other syncs stay fresh and keep updating
 * while the bad one shows why it cannot be read. Runs after extension.test.ts (alphabetical
 * order), which leaves the extension signed out; signs in, and signs out again at the end, as
 * the files after it expect.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { TreeNodeModel } from '../../src/core/api/contract';
import type { PolytomicApi } from '../../src/vscode/testApi';
import { activateExtension, waitFor } from './host';
import { control, demoKey, serverView } from './server';
import { iconId, tooltipText as markdownOf } from './treeItems';

const REASON = 'record_count: expected a non-negative number, got "12"';

let api: PolytomicApi;

function rootById(syncId: string): TreeNodeModel | undefined {
  return api.getChildren().find((r) => r.syncId === syncId);
}
function schemaNode(syncId: string, schema: string): TreeNodeModel | undefined {
  const root = rootById(syncId);
  return root ? api.getChildren(root).find((c) => c.schema === schema) : undefined;
}
function item(model: TreeNodeModel | undefined): vscode.TreeItem {
  assert.ok(model, 'the node is in the tree');
  return api.getTreeItem(model);
}
/** The tooltip with Markdown escapes removed (server text reads as sent). */
function tooltipText(treeItem: vscode.TreeItem): string {
  return markdownOf(treeItem).replace(/\\(.)/g, '$1');
}

describe('one bad entry among many', function () {
  let bad: { syncId: string; schema: string };
  let good: { syncId: string; schema: string };

  before(async function () {
    api = await activateExtension();
    await control.clearFaults();
    const ok = await vscode.commands.executeCommand<boolean>('polytomic.signIn', { kind: 'apiKey', apiKey: demoKey() });
    assert.equal(ok, true, 'Sign In with the demo key should succeed');
    await api.refreshNow();
    assert.equal(api.getState().auth, 'signedIn');
    const { statuses } = await serverView();
    const withSchemas = statuses.filter((s) => (s.schemas ?? []).length > 0);
    assert.ok(withSchemas.length >= 3, `the server has ${withSchemas.length} syncs with schemas, the test needs 3`);
    bad = { syncId: withSchemas[0].sync_id, schema: withSchemas[0].schemas![0].schema };
    const target = withSchemas.find((s, i) => i > 0 && s.schemas!.some((c) => c.status !== 'failed' && c.status !== 'running'));
    assert.ok(target, 'a sync with a schema that is neither failed nor running');
    good = { syncId: target.sync_id, schema: target.schemas!.find((c) => c.status !== 'failed' && c.status !== 'running')!.schema };
  });

  after(async function () {
    await control.clearFaults();
    if (good) await control.setSchemaStatus(good.syncId, good.schema, 'completed');
    await vscode.commands.executeCommand('polytomic.signOut');
    await waitFor('the signed-out state', () => api.getState().auth === 'signedOut');
  });

  it('shows the bad schema as unreadable with its reason, and everything else fresh', async function () {
    await control.setFaults({ malformedEntry: { rate: 1, syncId: bad.syncId } });
    await api.refreshNow();
    const state = api.getState();
    assert.equal(state.lastError, undefined, 'the refresh succeeded: nothing is stale');
    // (the view may carry a note about this run's workspace settings; none about a failed refresh)
    assert.doesNotMatch(api.getViewHeader().message ?? '', /Last updated|Stale since|Could not load|Unexpected response/, 'no stale message in the view');
    assert.doesNotMatch(api.getStatusBarItem().text, /stale/);

    const badItem = item(schemaNode(bad.syncId, bad.schema));
    assert.equal(badItem.description, `unreadable: ${REASON}`);
    assert.equal(iconId(badItem), 'bracket-error');
    assert.equal(badItem.contextValue, 'unreadable');
    assert.match(tooltipText(badItem), /does not match its API, so its status is not shown: record_count: expected a non-negative number, got "12"/);
    assert.match(String(item(rootById(bad.syncId)).description), /· 1 unreadable\b/);

    // every other sync and schema reads as the server says
    const { statuses } = await serverView();
    assert.equal(api.getChildren().length, statuses.length, 'every sync is shown');
    for (const status of statuses) {
      for (const schema of status.schemas ?? []) {
        if (status.sync_id === bad.syncId && schema.schema === bad.schema) continue;
        const node = schemaNode(status.sync_id, schema.schema);
        assert.ok(node, `${status.sync_id}/${schema.schema} is shown`);
        assert.notEqual(node.contextValue, 'unreadable', `${status.sync_id}/${schema.schema} is readable`);
      }
    }
  });

  it('a later change on the server to a good sync shows up while the bad entry stays unreadable', async function () {
    assert.ok(schemaNode(good.syncId, good.schema)?.icon !== 'error', 'not failed before the change');
    await control.setSchemaStatus(good.syncId, good.schema, 'failed', 'Destination refused the batch');
    await api.refreshNow();
    assert.equal(api.getState().lastError, undefined);
    const changed = item(schemaNode(good.syncId, good.schema));
    assert.equal(iconId(changed), 'error');
    assert.match(tooltipText(changed), /Destination refused the batch/);
    assert.equal(item(schemaNode(bad.syncId, bad.schema)).description, `unreadable: ${REASON}`);
  });

  it('once the server sends the entry intact again, it reads normally', async function () {
    await control.clearFaults();
    await api.refreshNow();
    const fixed = item(schemaNode(bad.syncId, bad.schema));
    assert.notEqual(fixed.contextValue, 'unreadable');
    assert.doesNotMatch(String(fixed.description), /unreadable/);
  });
});

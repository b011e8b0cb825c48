/**
 * Show Sync Details in the extension host: the command opens one webview panel per sync, titled
 * with the sync's name (without direction controls), and a second call for the same sync reveals
 * that panel rather than opening another. Runs after settings.test.ts (signed out) and leaves the
 * extension signed out.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { PolytomicApi } from '../../src/vscode/testApi';
import { activateExtension, waitFor } from './host';
import { control, demoKey, serverView } from './server';

interface DetailsResult {
  ok: boolean;
  created?: boolean;
  message?: string;
}

/** The details panels open in the editor area, by title. */
function detailsTabs(): string[] {
  return vscode.window.tabGroups.all
    .flatMap((group) => group.tabs)
    .filter((tab) => tab.input instanceof vscode.TabInputWebview && tab.input.viewType.endsWith('polytomic.syncDetails'))
    .map((tab) => tab.label);
}

describe('sync details view in the VS Code extension host', function () {
  let api: PolytomicApi;
  let first: string;
  let second: string;

  before(async function () {
    api = await activateExtension();
    const ok = await vscode.commands.executeCommand<boolean>('polytomic.signIn', { kind: 'apiKey', apiKey: demoKey() });
    assert.equal(ok, true, 'Sign In with the demo key');
    await waitFor('the first data', () => api.getState().auth === 'signedIn' && !api.getState().loading && api.getState().snapshot);
    const { syncs } = await serverView();
    [first, second] = syncs.map((s) => s.id);
    await control.renameSync(first, 'Invoices \u202Etxt.exe');
    await api.refreshNow();
  });

  after(async function () {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.commands.executeCommand('polytomic.signOut');
    await waitFor('the signed-out state', () => api.getState().auth === 'signedOut');
  });

  it('opens a panel for a sync from its tree node, titled with its name without direction controls', async function () {
    const node = api.getChildren().find((n) => n.syncId === first);
    assert.ok(node, 'the sync is in the tree');
    const result = await vscode.commands.executeCommand<DetailsResult>('polytomic.showSyncDetails', node);
    assert.deepEqual(result, { ok: true, created: true });
    await waitFor('the details tab', () => detailsTabs().length === 1);
    assert.deepEqual(detailsTabs(), ['Invoices txt.exe']);
  });

  it('a second call for the same sync reuses its panel; another sync gets its own', async function () {
    const again = await vscode.commands.executeCommand<DetailsResult>('polytomic.showSyncDetails', { syncId: first });
    assert.deepEqual(again, { ok: true, created: false });
    assert.equal(detailsTabs().length, 1, 'still one details tab');
    const other = await vscode.commands.executeCommand<DetailsResult>('polytomic.showSyncDetails', second);
    assert.deepEqual(other, { ok: true, created: true });
    await waitFor('a second details tab', () => detailsTabs().length === 2);
  });

  it('a closed panel is opened anew', async function () {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await waitFor('no details tab', () => detailsTabs().length === 0);
    const result = await vscode.commands.executeCommand<DetailsResult>('polytomic.showSyncDetails', { syncId: first });
    assert.deepEqual(result, { ok: true, created: true });
    await waitFor('the details tab again', () => detailsTabs().length === 1);
  });

  it('refuses a sync the view does not show', async function () {
    const missing = await vscode.commands.executeCommand<DetailsResult>('polytomic.showSyncDetails', { syncId: 'no-such-sync' });
    assert.equal(missing?.ok, false);
    assert.match(missing!.message!, /is not in the Bulk Syncs view/);
    assert.equal(detailsTabs().length, 1, 'nothing opened');
  });
});

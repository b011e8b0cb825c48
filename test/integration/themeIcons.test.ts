/**
 * Server text draws no theme icons: a sync named and failed with `$(…)` in its text shows no icon
 * syntax in its tooltip (which does not support theme icons at all), in the failure notification,
 * in the status bar's tooltip or in a confirmation. Runs after extension.test.ts (signed out) and
 * leaves the extension signed out.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { PolytomicApi } from '../../src/vscode/testApi';
import { installAsker, type TestAsker } from './asker';
import { activateExtension, waitFor } from './host';
import { control, demoKey, serverView } from './server';

/** `$(name)` as VS Code would render it, escaped (`\$\(`) or not. */
const ICON_SYNTAX = /\$\\?\(/;

describe('server text draws no theme icons', function () {
  let api: PolytomicApi;
  let asker: TestAsker;

  before(async function () {
    api = await activateExtension();
    asker = installAsker(api);
    const ok = await vscode.commands.executeCommand<boolean>('polytomic.signIn', { kind: 'apiKey', apiKey: demoKey() });
    assert.equal(ok, true);
    await waitFor('the first data', () => api.getState().auth === 'signedIn' && !api.getState().loading && api.getState().snapshot);
    await api.refreshNow();
  });

  after(async function () {
    await control.clearFaults();
    await vscode.commands.executeCommand('polytomic.signOut');
    await waitFor('the signed-out state', () => api.getState().auth === 'signedOut');
  });

  it('in tooltips, the failure notification, the status bar and confirmations', async function () {
    const { syncs } = await serverView();
    const id = syncs.find((s) => s.active !== false)!.id;
    await control.renameSync(id, '$(pass-filled) All good $(check)');
    await control.failSync(id, { message: '$(check) nothing to see $(zap)' });
    const alertsBefore = api.getShownAlerts().length;
    await api.refreshNow();

    const node = api.getChildren().find((n) => n.syncId === id);
    assert.ok(node, 'the renamed sync is in the tree');
    for (const model of [node, ...api.getChildren(node)]) {
      const tooltip = api.getTreeItem(model).tooltip as vscode.MarkdownString;
      assert.equal(tooltip.supportThemeIcons, false, 'tooltips never render theme icons');
      assert.doesNotMatch(tooltip.value, ICON_SYNTAX, tooltip.value);
    }
    const alert = await waitFor('the failure notification', () => api.getShownAlerts().slice(alertsBefore).find((a) => a.includes('All good')));
    assert.doesNotMatch(alert, ICON_SYNTAX, alert);
    assert.doesNotMatch(api.getStatusBarItem().tooltip, ICON_SYNTAX);

    asker.answer('cancelRun', false);
    await vscode.commands.executeCommand('polytomic.cancelRun', { syncId: id });
    const question = asker.questions('cancelRun').at(-1)!;
    assert.match(question.message, /All good/);
    assert.doesNotMatch(question.message, ICON_SYNTAX, question.message);
  });
});

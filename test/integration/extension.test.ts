/**
 * The extension inside a real VS Code extension host, against the local Polytomic-compatible
 * server. The tests run in order and share one extension instance, as a user's session would:
 * signed out → signed in → browsing → server changes and faults → key revoked → signed out.
 * The server runs on a manual clock and the extension's timer is off (refreshInterval 0), so the
 * only changes are the ones a test makes.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { TreeNodeModel } from '../../src/core/api/contract';
import type { PolytomicApi } from '../../src/vscode/testApi';
import { activateExtension, EXTENSION_ID, waitFor } from './host';
import { control, demoKey, serverUrl, serverView, type ServerSchema, type ServerSyncStatus } from './server';
import { FAILURE_STATUSES, ICON_FOR_STATUS, iconId, labelText, RUNNING_STATUSES, tooltipText, words } from './treeItems';

const COMMANDS = ['polytomic.refresh', 'polytomic.signIn', 'polytomic.signOut', 'polytomic.showLog'];

let api: PolytomicApi;

function roots(): TreeNodeModel[] {
  return api.getChildren();
}
function rootById(syncId: string): TreeNodeModel | undefined {
  return roots().find((r) => r.syncId === syncId);
}

/** For the parts that need a session; in a filtered run the tests that sign in may not have run. */
async function ensureSignedIn(): Promise<void> {
  await control.clearFaults();
  if (api.getState().auth !== 'signedIn') await signInWithDemoKey();
}

async function signInWithDemoKey(): Promise<void> {
  const ok = await vscode.commands.executeCommand<boolean>('polytomic.signIn', { kind: 'apiKey', apiKey: demoKey() });
  assert.equal(ok, true, 'Sign In with the demo key should succeed');
  await waitFor('the first data after sign-in', () => api.getState().auth === 'signedIn' && !api.getState().loading && api.getState().snapshot);
}

describe('Polytomic extension in the VS Code extension host', function () {
  before(async function () {
    api = await activateExtension();
    await control.clearFaults();
    // Each node's icon is its status here: a run unlike its usual ones would draw the anomaly icon (insights.test.ts).
    await vscode.workspace.getConfiguration('polytomic').update('anomalies', 'off', vscode.ConfigurationTarget.Global);
  });

  after(async function () {
    await vscode.workspace.getConfiguration('polytomic').update('anomalies', undefined, vscode.ConfigurationTarget.Global);
  });

  afterEach(async function () {
    // A failed test must not leave a fault behind for the next one.
    await control.clearFaults();
  });

  describe('activation', function () {
    it('activates and hands out its API', function () {
      const extension = vscode.extensions.getExtension<PolytomicApi>(EXTENSION_ID)!;
      assert.equal(extension.isActive, true);
      for (const method of ['getState', 'onDidChangeState', 'getChildren', 'getTreeItem', 'getStatusBarItem', 'refreshNow'] as const) {
        assert.equal(typeof api[method], 'function', `API method ${method}`);
      }
    });

    it('registers its commands', async function () {
      const all = new Set(await vscode.commands.getCommands(true));
      for (const id of COMMANDS) assert.ok(all.has(id), `command ${id} is not registered`);
      assert.ok(all.has('polytomic.syncs.focus'), 'the polytomic.syncs view is not contributed');
    });

    it('starts signed out with an empty tree and a Sign In status bar entry', async function () {
      await waitFor('the signed-out state', () => api.getState().auth === 'signedOut');
      assert.deepEqual(roots(), []);
      const bar = api.getStatusBarItem();
      assert.equal(bar.command, 'polytomic.signIn');
      assert.match(bar.text, /sign in/i);
    });
  });

  describe('signing in and out', function () {
    it('rejects a wrong key and stores nothing', async function () {
      const ok = await vscode.commands.executeCommand<boolean>('polytomic.signIn', { kind: 'apiKey', apiKey: 'not-a-valid-key-123' });
      assert.equal(ok, false);
      await api.refreshNow();
      assert.equal(api.getState().auth, 'signedOut', 'a rejected key must not count as signed in');
      assert.deepEqual(roots(), []);
    });

    it('signs in with a valid key, keeps it in SecretStorage and never in settings', async function () {
      await signInWithDemoKey();
      // The extension host was started without any POLYTOMIC_API_KEY: the only place the refresher
      // can get the key from is what Sign In stored in SecretStorage.
      assert.equal(process.env.POLYTOMIC_API_KEY, undefined);
      await api.refreshNow();
      assert.equal(api.getState().auth, 'signedIn');
      assert.ok(roots().length > 0, 'the tree should show the server syncs');
      const settingsText = JSON.stringify(vscode.workspace.getConfiguration('polytomic'));
      assert.ok(!settingsText.includes(demoKey()), 'the key must not be written to settings');
    });
  });

  describe('the tree', function () {
    let statuses: ServerSyncStatus[];
    let names: Map<string, string>;

    before(async function () {
      await ensureSignedIn();
      await api.refreshNow();
      const view = await serverView();
      statuses = view.statuses;
      names = new Map(view.syncs.map((s) => [s.id, s.name ?? s.id]));
    });

    it('shows every sync of the server, labelled with its name', function () {
      const shown = roots();
      assert.deepEqual(shown.map((r) => r.syncId).sort(), [...names.keys()].sort());
      for (const model of shown) {
        const item = api.getTreeItem(model);
        assert.equal(labelText(item), names.get(model.syncId), `label of sync ${model.syncId}`);
        assert.equal(item.id, `sync:${model.syncId}`);
      }
    });

    it('gives each sync the icon of its status, a description and a tooltip with its name', function () {
      for (const status of statuses) {
        const model = rootById(status.sync_id)!;
        const item = api.getTreeItem(model);
        const expected = status.status ? ICON_FOR_STATUS[status.status] : 'circle-outline';
        assert.equal(iconId(item), expected, `icon of sync "${names.get(status.sync_id)}" (status ${status.status})`);
        assert.ok(typeof item.description === 'string' && item.description.length > 0, 'a sync has a description');
        if (status.status) assert.match(item.description as string, new RegExp(status.status, 'i'));
        assert.ok(words(tooltipText(item)).includes(words(names.get(status.sync_id)!)), 'the tooltip names the sync');
        assert.equal(item.collapsibleState, (status.schemas ?? []).length > 0 ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None);
      }
    });

    it("lists a sync's schemas with their status icons and the server's status message in the tooltip", function () {
      const withMessages = statuses.filter((s) => (s.schemas ?? []).some((schema) => schema.status_message));
      assert.ok(withMessages.length > 0, 'the demo organization should have schemas with status messages');
      for (const status of withMessages.slice(0, 5)) {
        const children = api.getChildren(rootById(status.sync_id)!);
        assert.deepEqual(children.map((c) => c.schema).sort(), (status.schemas ?? []).map((s) => s.schema).sort());
        for (const child of children) {
          const schema = status.schemas!.find((s) => s.schema === child.schema) as ServerSchema;
          const item = api.getTreeItem(child);
          assert.equal(labelText(item), schema.schema);
          assert.equal(iconId(item), schema.status ? ICON_FOR_STATUS[schema.status] : 'circle-outline', `icon of schema ${schema.schema} (${schema.status})`);
          const tooltip = tooltipText(item);
          if (schema.status_message) assert.ok(words(tooltip).includes(words(schema.status_message)), `tooltip of ${schema.schema} should carry "${schema.status_message}", got: ${tooltip}`);
          assert.ok(!(item.tooltip as vscode.MarkdownString).isTrusted, 'server text must not get command links');
        }
      }
    });

    it('marks a sync that failed on the server as failed, with its message', async function () {
      const target = statuses.find((s) => !FAILURE_STATUSES.has(s.status ?? '') && (s.schemas ?? []).length > 0)!;
      assert.ok(target, 'a sync that has not failed');
      const schema = target.schemas![0].schema;
      const message = 'Snowflake: warehouse TEST_WH suspended <b>not bold</b>';
      await control.failSync(target.sync_id, { schemas: [schema], message });
      await api.refreshNow();
      const item = api.getTreeItem(rootById(target.sync_id)!);
      assert.equal(iconId(item), 'error');
      assert.match(String(item.description), /failed/i);
      const child = api.getChildren(rootById(target.sync_id)!).find((c) => c.schema === schema)!;
      const childItem = api.getTreeItem(child);
      assert.equal(iconId(childItem), 'error');
      assert.ok(words(tooltipText(childItem)).includes(words(message)), `the failure message in the tooltip: ${tooltipText(childItem)}`);
      const md = childItem.tooltip as vscode.MarkdownString;
      assert.ok(!md.supportHtml, 'server HTML must not render');
    });
  });

  describe('the status bar', function () {
    /** Syncs the user should be alerted about: the sync failed, or one of its schemas did. */
    function failedSyncs(statuses: ServerSyncStatus[]): ServerSyncStatus[] {
      return statuses.filter((s) => FAILURE_STATUSES.has(s.status ?? '') || (s.schemas ?? []).some((x) => FAILURE_STATUSES.has(x.status ?? '')));
    }
    before(ensureSignedIn);

    it('counts the failed syncs on an error background', async function () {
      await api.refreshNow();
      const failed = failedSyncs((await serverView()).statuses).length;
      assert.ok(failed > 0, 'a failed sync (set up by the previous test or the demo data)');
      const bar = api.getStatusBarItem();
      assert.match(bar.text, /^\$\(error\)/);
      assert.match(bar.text, new RegExp(`\\b${failed} failed\\b`));
      assert.equal(bar.backgroundColor, 'statusBarItem.errorBackground');
      assert.equal(bar.command, 'polytomic.syncs.focus');
    });

    it('counts the running syncs when none in scope has failed', async function () {
      const { statuses } = await serverView();
      const healthy = statuses.filter((s) => !failedSyncs([s]).length && s.status !== 'errors');
      assert.ok(healthy.length >= 2, 'two syncs that have not failed');
      // Start a run of one of them, as the Polytomic UI would, and look at just those two.
      const [started, other] = healthy;
      const response = await fetch(`${serverUrl()}/api/bulk/syncs/${started.sync_id}/executions`, {
        method: 'POST',
        headers: { authorization: `Bearer ${demoKey()}`, 'x-polytomic-version': '2024-02-08', 'content-type': 'application/json' },
        body: '{}',
      });
      assert.ok(response.ok || response.status === 409, `starting a run answered ${response.status}`);
      const config = vscode.workspace.getConfiguration('polytomic');
      await config.update('syncIds', [started.sync_id, other.sync_id], vscode.ConfigurationTarget.Workspace);
      await config.update('scope', 'selected', vscode.ConfigurationTarget.Workspace);
      try {
        await waitFor('the two selected syncs', () => roots().length === 2 && !api.getState().loading);
        await api.refreshNow();
        const inScope = (await serverView()).statuses.filter((s) => s.sync_id === started.sync_id || s.sync_id === other.sync_id);
        const running = inScope.filter((s) => RUNNING_STATUSES.has(s.status ?? '')).length;
        assert.ok(running >= 1, `a running sync in scope: ${JSON.stringify(inScope.map((s) => s.status))}`);
        const bar = api.getStatusBarItem();
        assert.match(bar.text, /^\$\(sync~spin\)/);
        assert.match(bar.text, new RegExp(`\\b${running} running\\b`));
        assert.equal(bar.backgroundColor, undefined);
      } finally {
        await config.update('scope', undefined, vscode.ConfigurationTarget.Workspace);
        await config.update('syncIds', undefined, vscode.ConfigurationTarget.Workspace);
        await waitFor('every sync again', () => roots().length > 2 && !api.getState().loading);
      }
    });
  });

  describe('refreshing', function () {
    before(ensureSignedIn);
    it('Refresh picks up a change made on the server', async function () {
      const target = roots()[0];
      const newName = `Renamed by the in-host suite ${Date.now()}`;
      await control.renameSync(target.syncId, newName);
      assert.notEqual(labelText(api.getTreeItem(rootById(target.syncId)!)), newName, 'no automatic refresh in this run');
      await vscode.commands.executeCommand('polytomic.refresh');
      await waitFor('the new name in the tree', () => labelText(api.getTreeItem(rootById(target.syncId)!)) === newName);
    });

    it('keeps the last data, marked stale, when the server fails', async function () {
      await api.refreshNow();
      const before = roots().map((r) => r.id);
      await control.setFaults({ serverError: { count: 1000 } });
      await vscode.commands.executeCommand('polytomic.refresh');
      await waitFor('the refresh error', () => api.getState().lastError);
      const state = api.getState();
      assert.equal(state.auth, 'signedIn');
      assert.ok(state.snapshot, 'the last good snapshot is kept');
      assert.deepEqual(roots().map((r) => r.id), before, 'the tree still shows the last data');
      assert.match(api.getStatusBarItem().text, /\(stale\)/);
      await control.clearFaults();
      await api.refreshNow();
      assert.equal(api.getState().lastError, undefined, 'the next good refresh clears the error');
      assert.doesNotMatch(api.getStatusBarItem().text, /stale/);
    });

    it('a key revoked on the server leads to the signed-out state', async function () {
      await control.setFaults({ unauthorized: true });
      await vscode.commands.executeCommand('polytomic.refresh');
      await waitFor('the unauthorized state', () => api.getState().auth === 'unauthorized');
      assert.equal(roots().length, 0, `no data is shown for a rejected key, but the tree has ${roots().length} syncs`);
      const bar = api.getStatusBarItem();
      assert.equal(bar.command, 'polytomic.signIn');
      assert.match(bar.text, /rejected/i);
    });
  });

  describe('signing in again and out', function () {
    it('signing in again after the key works again shows the data', async function () {
      await control.clearFaults();
      await signInWithDemoKey();
      assert.ok(roots().length > 0);
    });

    it('Sign Out removes the stored key', async function () {
      const ok = await vscode.commands.executeCommand<boolean>('polytomic.signIn', { kind: 'apiKey', apiKey: demoKey() });
      assert.equal(ok, true);
      await api.refreshNow();
      assert.equal(api.getState().auth, 'signedIn');
      await vscode.commands.executeCommand('polytomic.signOut');
      await waitFor('the signed-out state', () => api.getState().auth === 'signedOut');
      // With the key gone from SecretStorage a refresh has nothing to sign in with.
      await api.refreshNow();
      assert.equal(api.getState().auth, 'signedOut');
      assert.equal(roots().length, 0, 'no syncs once signed out');
      assert.equal(api.getStatusBarItem().command, 'polytomic.signIn');
    });
  });
});

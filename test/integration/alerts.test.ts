/**
 * Run alerts, the view badge, filters and sort inside the VS Code extension host, against the
 * local Polytomic-compatible server (manual clock, refreshInterval 0: a refresh happens when a
 * test asks). Alerts are observed through the test API's record of the notifications the
 * extension showed. Runs after actions.test.ts and before extension.test.ts (alphabetical
 * order), and leaves the extension signed out, unfiltered and with default settings, as the next
 * file expects.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { TreeNodeModel } from '../../src/core/api/contract';
import type { ViewFilter } from '../../src/core/view/viewFilter';
import type { PolytomicApi } from '../../src/vscode/testApi';
import { activateExtension, waitFor } from './host';
import { control, demoKey, serverUrl, serverView, type ServerSyncStatus } from './server';

const FAILING = new Set(['failed', 'interrupted']);
const NEEDS_ATTENTION = new Set(['failed', 'interrupted', 'errors']);

let api: PolytomicApi;
/** alerts earlier files may have caused, counted before this file signs in */
let alertsBeforeSignIn: number;
/** syncs this file failed on the server: a new run puts each back into a healthy state afterwards */
const failedHere: string[] = [];

async function failOnServer(id: string, message?: string): Promise<void> {
  failedHere.push(id);
  await control.failSync(id, message === undefined ? {} : { message });
}

/** Starts a run through the public API, as the Polytomic UI would. */
async function startRunOnServer(id: string): Promise<void> {
  const response = await fetch(`${serverUrl()}/api/bulk/syncs/${encodeURIComponent(id)}/executions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${demoKey()}`, 'x-polytomic-version': '2024-02-08', 'content-type': 'application/json' },
    body: '{}',
  });
  assert.ok(response.ok || response.status === 409, `starting a run of ${id} answered ${response.status}`);
}


/** Failing as the user sees it: the sync failed or was interrupted, or one of its schemas did. */
function isFailingOnServer(s: ServerSyncStatus): boolean {
  return FAILING.has(s.status ?? '') || (s.schemas ?? []).some((schema) => FAILING.has(schema.status ?? ''));
}

async function failingOnServer(): Promise<Set<string>> {
  return new Set((await serverView()).statuses.filter(isFailingOnServer).map((s) => s.sync_id));
}

/** Syncs that are neither failing nor running on the server, so failing them is a transition. */
async function healthySyncs(count: number): Promise<Array<{ id: string; name: string }>> {
  const view = await serverView();
  const names = new Map(view.syncs.map((s) => [s.id, s.name ?? s.id]));
  const healthy = view.statuses
    .filter((s) => !isFailingOnServer(s) && !NEEDS_ATTENTION.has(s.status ?? ''))
    .map((s) => ({ id: s.sync_id, name: names.get(s.sync_id) ?? s.sync_id }));
  assert.ok(healthy.length >= count, `the server has ${healthy.length} healthy syncs, the test needs ${count}`);
  return healthy.slice(0, count);
}

const roots = (): TreeNodeModel[] => api.getChildren();
const filterBy = (filter: unknown) => vscode.commands.executeCommand<ViewFilter>('polytomic.filter', filter);

/**
 * A refresh, with its alerts decided: refreshNow() resolves after the refresh's state reached every
 * listener, and the alert presenter records an alert when it receives the state (before it asks
 * VS Code for the toast), so no wait is needed and "no new alert" is not a guess about timing.
 */
async function refreshAndSettle(): Promise<void> {
  await api.refreshNow();
}

describe('alerts, badge and filters in the VS Code extension host', function () {
  before(async function () {
    api = await activateExtension();
    await control.clearFaults();
    // Failures only: a run unlike its usual ones would count in the badge too (insights.test.ts covers those).
    await vscode.workspace.getConfiguration('polytomic').update('anomalies', 'off', vscode.ConfigurationTarget.Global);
    // A failure that happened before the user signed in: the first load must not announce it.
    const [failedEarlier] = await healthySyncs(1);
    await failOnServer(failedEarlier.id, 'Failed before sign-in');
    alertsBeforeSignIn = api.getShownAlerts().length;
    const ok = await vscode.commands.executeCommand<boolean>('polytomic.signIn', { kind: 'apiKey', apiKey: demoKey() });
    assert.equal(ok, true, 'Sign In with the demo key');
    await waitFor('the first data', () => api.getState().auth === 'signedIn' && !api.getState().loading && api.getState().snapshot);
    await api.refreshNow();
  });

  afterEach(async function () {
    await control.clearFaults();
  });

  after(async function () {
    // The next file needs healthy syncs too: re-run what this file failed.
    for (const id of failedHere) await startRunOnServer(id);
    await vscode.commands.executeCommand('polytomic.clearFilter');
    const config = vscode.workspace.getConfiguration('polytomic');
    await config.update('notifications', undefined, vscode.ConfigurationTarget.Global);
    await config.update('sort', undefined, vscode.ConfigurationTarget.Global);
    await config.update('anomalies', undefined, vscode.ConfigurationTarget.Global);
    await vscode.commands.executeCommand('notifications.clearAll');
    await vscode.commands.executeCommand('polytomic.signOut');
    await waitFor('the signed-out state', () => api.getState().auth === 'signedOut');
  });

  it('registers the filter and sort commands', async function () {
    const all = new Set(await vscode.commands.getCommands(true));
    for (const id of ['polytomic.filter', 'polytomic.clearFilter', 'polytomic.sortBy']) assert.ok(all.has(id), `command ${id}`);
  });

  it('the first load shows no notification, even with failures already on the server', async function () {
    assert.ok((await failingOnServer()).size > 0, 'a sync failed before sign-in');
    assert.ok(api.getState().snapshot?.syncs.some((s) => s.info.category === 'failure'), 'and the view shows it');
    assert.equal(api.getShownAlerts().length, alertsBeforeSignIn);
  });

  it('the badge counts the failing syncs, the same number the status bar shows', async function () {
    const failing = await failingOnServer();
    const badge = api.getBadge();
    assert.ok(badge, 'a badge while syncs fail');
    assert.equal(badge.value, failing.size);
    assert.match(badge.tooltip, new RegExp(`^${failing.size} bulk syncs? failing$`));
    assert.match(api.getStatusBarItem().text, new RegExp(`^\\$\\(error\\) ${failing.size} failed`));
  });

  it('a run failing on the server raises one notification naming the sync and the reason; the badge goes up', async function () {
    const before = api.getShownAlerts().length;
    const badgeBefore = api.getBadge()?.value ?? 0;
    const [victim] = await healthySyncs(1);
    await failOnServer(victim.id, 'Warehouse credentials expired');
    await refreshAndSettle();
    const shown = api.getShownAlerts();
    assert.equal(shown.length, before + 1, 'exactly one notification');
    const text = shown[shown.length - 1];
    assert.ok(text.startsWith(`Polytomic: "${victim.name}" failed`), text);
    assert.ok(text.includes('Warehouse credentials expired'), text);
    assert.equal(api.getBadge()?.value, badgeBefore + 1);

    // Nothing new on the next refresh: the same failure is not news twice.
    await refreshAndSettle();
    assert.equal(api.getShownAlerts().length, before + 1);
  });

  it('three runs failing in one refresh: one grouped notification', async function () {
    const before = api.getShownAlerts().length;
    const victims = await healthySyncs(3);
    for (const v of victims) await failOnServer(v.id, 'Destination rejected the schema');
    await refreshAndSettle();
    const shown = api.getShownAlerts();
    assert.equal(shown.length, before + 1, 'one notification for the three');
    assert.match(shown[shown.length - 1], /^Polytomic: 3 bulk syncs failed: /);
  });

  it('polytomic.notifications "off" silences them; the badge still counts', async function () {
    await vscode.workspace.getConfiguration('polytomic').update('notifications', 'off', vscode.ConfigurationTarget.Global);
    const before = api.getShownAlerts().length;
    const badgeBefore = api.getBadge()?.value ?? 0;
    const [victim] = await healthySyncs(1);
    await failOnServer(victim.id);
    await refreshAndSettle();
    assert.equal(api.getShownAlerts().length, before);
    assert.equal(api.getBadge()?.value, badgeBefore + 1);
    await vscode.workspace.getConfiguration('polytomic').update('notifications', undefined, vscode.ConfigurationTarget.Global);
  });

  it('filter "failed only" narrows the tree to what needs attention, and says so in the view title', async function () {
    const all = roots().length;
    const applied = await filterBy({ kind: 'failed' });
    assert.deepEqual(applied, { kind: 'failed' });
    const shown = roots();
    assert.ok(shown.length > 0 && shown.length < all, `${shown.length} of ${all}`);
    for (const node of shown) {
      const tokens = [node.contextValue, ...node.children.map((c) => c.contextValue)].join(' ').split(' ');
      assert.ok(tokens.includes('failure') || tokens.includes('warning'), `${node.label}: ${node.contextValue}`);
    }
    assert.equal(api.getFilter().kind, 'failed');
    assert.equal(api.getViewHeader().description, 'Failed only');
  });

  it('filter by text in the name; a text nothing matches says so; Clear Filter shows everything again', async function () {
    const all = (await serverView()).syncs;
    const target = all.find((s) => s.name && s.name.length > 4);
    assert.ok(target?.name);
    const needle = target.name.slice(0, 6).toUpperCase();
    await filterBy({ kind: 'text', text: needle });
    const shown = roots();
    assert.ok(shown.some((n) => n.syncId === target.id));
    for (const node of shown) assert.ok(node.label.toUpperCase().includes(needle) || node.syncId.toUpperCase().includes(needle), node.label);
    assert.equal(api.getViewHeader().description, `Name contains "${needle}"`);

    await filterBy({ kind: 'text', text: 'no sync is called this 0x5f3759df' });
    assert.deepEqual(roots(), []);
    assert.match(api.getViewHeader().message ?? '', /No bulk syncs match the filter/);

    await vscode.commands.executeCommand('polytomic.clearFilter');
    assert.equal(roots().length, all.length);
    assert.equal(api.getViewHeader().description, undefined);
    assert.deepEqual(api.getFilter(), { kind: 'all' });
  });

  it('Sort By name orders the tree alphabetically; back to severity puts failures first', async function () {
    await vscode.commands.executeCommand('polytomic.sortBy', 'name');
    const labels = roots().map((n) => n.label);
    const collator = new Intl.Collator('en', { sensitivity: 'base', numeric: true });
    assert.deepEqual(labels, labels.slice().sort(collator.compare));
    assert.equal(api.getViewHeader().description, 'by name');
    await vscode.commands.executeCommand('polytomic.sortBy', 'severity');
    assert.ok(roots()[0].contextValue.split(' ').includes('failure'), roots()[0].contextValue);
  });
});

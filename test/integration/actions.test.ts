/**
 * Sync actions inside the VS Code extension host, against the local Polytomic-compatible server
 * (manual clock, refreshInterval 0). The commands are run the way the tree runs them (with the
 * node as first argument); their questions are answered by the suite's asker (./asker.ts), never
 * by a command argument.
 * This file runs before extension.test.ts (alphabetical order) and leaves the extension signed
 * out, as that file expects to find it.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { TreeNodeModel } from '../../src/core/api/contract';
import type { PolytomicApi } from '../../src/vscode/testApi';
import { installAsker, type TestAsker } from './asker';
import { activateExtension, waitFor } from './host';
import { control, demoKey, serverUrl, serverView } from './server';

const ACTION_COMMANDS = [
  'polytomic.startRun',
  'polytomic.cancelRun',
  'polytomic.activate',
  'polytomic.deactivate',
  'polytomic.openLogs',
  'polytomic.showHistory',
  'polytomic.openInPolytomic',
  'polytomic.copySyncId',
  'polytomic.copyExecutionId',
];

interface ActionResult {
  ok: boolean;
  declined?: boolean;
  message?: string;
  executionId?: string;
  uri?: string;
  url?: string;
  items?: Array<{ executionId: string; label: string; description: string; inProgress: boolean }>;
}

let api: PolytomicApi;
let asker: TestAsker;


async function advanceServerClock(ms: number): Promise<void> {
  const response = await fetch(`${serverUrl()}/__control/clock/advance`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ ms }),
  });
  assert.ok(response.ok, `advancing the server clock answered ${response.status}`);
}

const run = <T = ActionResult>(command: string, ...args: unknown[]) => vscode.commands.executeCommand<T>(command, ...args);
const node = (syncId: string): TreeNodeModel => {
  const found = api.getChildren().find((n) => n.syncId === syncId);
  assert.ok(found, `sync ${syncId} is in the tree`);
  return found;
};
const tokens = (syncId: string): string[] => node(syncId).contextValue.split(' ');
async function serverStatus(syncId: string): Promise<string | undefined> {
  return (await serverView()).statuses.find((s) => s.sync_id === syncId)?.status;
}

describe('sync actions in the VS Code extension host', function () {
  let syncId: string;
  let executionId: string;
  let startedSchemas: string[];

  before(async function () {
    api = await activateExtension();
    asker = installAsker(api);
    await control.clearFaults();
    const ok = await run<boolean>('polytomic.signIn', { kind: 'apiKey', apiKey: demoKey() });
    assert.equal(ok, true, 'Sign In with the demo key');
    await waitFor('the first data', () => api.getState().auth === 'signedIn' && !api.getState().loading && api.getState().snapshot);
    await api.refreshNow();
  });

  after(async function () {
    await control.clearFaults();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.commands.executeCommand('polytomic.signOut');
    await waitFor('the signed-out state', () => api.getState().auth === 'signedOut');
  });

  it('registers every action command', async function () {
    const all = new Set(await vscode.commands.getCommands(true));
    for (const id of ACTION_COMMANDS) assert.ok(all.has(id), `command ${id} is not registered`);
  });

  it('starts a run from a sync node; the tree shows it running at once', async function () {
    const idle = api.getChildren().find((n) => !n.contextValue.split(' ').includes('inProgress') && n.contextValue.split(' ').includes('active') && n.children.length > 1);
    assert.ok(idle, 'an active sync with nothing running');
    syncId = idle.syncId;
    const schemas = idle.children.map((c) => c.schema!).slice(0, 2);
    startedSchemas = schemas;
    asker.answer('startRun', { mode: 'fetchFull', schemas });
    const result = await run('polytomic.startRun', idle);
    assert.equal(result?.ok, true, result?.message);
    assert.ok(result.executionId);
    executionId = result.executionId;
    // No refreshNow() here: the command refreshed the view itself.
    assert.ok(tokens(syncId).includes('inProgress'), `the sync shows a run in progress: ${node(syncId).contextValue}`);
    const started = api.getChildren(node(syncId)).filter((c) => schemas.includes(c.schema!));
    assert.ok(started.every((c) => c.contextValue.includes('inProgress')), 'the chosen schemas are in progress');
    assert.ok(RUNNING.has((await serverStatus(syncId)) ?? ''), 'the server has the run');
  });

  it('a second start while it runs: "already going", nothing new started', async function () {
    const before = (await run('polytomic.showHistory', { syncId }, { listOnly: true }))!.items!;
    asker.answer('startRun', { mode: 'normal' });
    const result = await run('polytomic.startRun', { syncId });
    assert.equal(result?.ok, false);
    assert.match(result!.message!, /is already going/);
    const after = (await run('polytomic.showHistory', { syncId }, { listOnly: true }))!.items!;
    assert.equal(after[0].executionId, before[0].executionId, 'no second execution');
  });

  it('a declined Cancel sends nothing', async function () {
    asker.answer('cancelRun', false);
    const result = await run('polytomic.cancelRun', node(syncId));
    assert.deepEqual(result, { ok: false, declined: true });
    assert.ok(RUNNING.has((await serverStatus(syncId)) ?? ''), 'still running on the server');
    assert.notEqual((await serverStatus(syncId)), 'canceling');
  });

  it('Cancel shows canceling, then canceled once the server says so', async function () {
    await advanceServerClock(20_000); // let the run get going
    await api.refreshNow();
    asker.answer('cancelRun', true);
    const result = await run('polytomic.cancelRun', node(syncId));
    assert.equal(result?.ok, true, result?.message);
    assert.ok(tokens(syncId).includes('canceling'), `canceling right after: ${node(syncId).contextValue}`);
    await advanceServerClock(3_500);
    await api.refreshNow();
    assert.ok(tokens(syncId).includes('canceled'), `canceled later: ${node(syncId).contextValue}`);
  });

  it('cancelling a finished run says there is nothing to cancel', async function () {
    asker.answer('cancelRun', true);
    const result = await run('polytomic.cancelRun', { syncId, executionId });
    assert.equal(result?.ok, false);
    assert.match(result!.message!, /Nothing to cancel: the run of .* has already finished\./);
  });

  it('history lists the runs newest first with status and counts', async function () {
    const result = await run('polytomic.showHistory', node(syncId), { listOnly: true, limit: 5 });
    assert.equal(result?.ok, true);
    const items = result!.items!;
    assert.ok(items.length >= 1 && items.length <= 5);
    assert.equal(items[0].executionId, executionId);
    assert.equal(items[0].label, 'Canceled');
    assert.match(items[0].description, /started .* · took .* · [\d,]+ records/);
  });

  it('opens the logs of a schema in a read-only polytomic-log: tab', async function () {
    const schemaNode = api.getChildren(node(syncId)).find((c) => c.schema === startedSchemas[0])!;
    const result = await run('polytomic.openLogs', schemaNode);
    assert.equal(result?.ok, true, result?.message);
    const editor = await waitFor('the log editor', () => vscode.window.activeTextEditor?.document.uri.toString() === result!.uri && vscode.window.activeTextEditor);
    const doc = editor.document;
    assert.equal(doc.uri.scheme, 'polytomic-log');
    assert.match(doc.uri.path, /\.log$/);
    const text = doc.getText();
    assert.match(text, /execution [0-9a-f-]{36} created/);
    assert.match(text, /cancellation requested/);
    assert.equal(doc.languageId, 'log', 'levels and dates coloured');
    assert.equal(doc.isDirty, false);
  });

  it('expired log links: a clear message, and the next try gets fresh links', async function () {
    const target = { syncId, executionId };
    assert.equal((await run('polytomic.openLogs', target))?.ok, true, 'the links work while fresh');
    await advanceServerClock(16 * 60_000);
    const expired = await run('polytomic.openLogs', target);
    assert.equal(expired?.ok, false);
    assert.match(expired!.message!, /log links for .* expired .* Open the logs again to get fresh links\./);
    const again = await run('polytomic.openLogs', target);
    assert.equal(again?.ok, true, again?.message);
  });

  it('a declined Deactivate of a running sync sends nothing; confirmed, it deactivates; Activate brings it back', async function () {
    await api.refreshNow();
    // The server clock moved 16 min in the test before, so the sync's schedule may have started
    // a run already: either way it is running, which is what this test needs.
    asker.answer('startRun', { mode: 'normal' });
    const result = await run('polytomic.startRun', { syncId });
    assert.ok(result?.ok || /is already going/.test(result?.message ?? ''), result?.message);
    await api.refreshNow();
    assert.ok(tokens(syncId).includes('inProgress'), `running before deactivating: ${node(syncId).contextValue}`);
    asker.answer('deactivate', false);
    assert.deepEqual(await run('polytomic.deactivate', node(syncId)), { ok: false, declined: true });
    assert.equal((await serverView()).syncs.find((s) => s.id === syncId)?.active, true, 'still active on the server');
    asker.answer('deactivate', true);
    const off = await run('polytomic.deactivate', node(syncId));
    assert.equal(off?.ok, true, off?.message);
    assert.ok(tokens(syncId).includes('inactive'), node(syncId).contextValue);
    assert.equal((await serverView()).syncs.find((s) => s.id === syncId)?.active, false);
    const on = await run('polytomic.activate', node(syncId));
    assert.equal(on?.ok, true, on?.message);
    assert.ok(tokens(syncId).includes('active') && !tokens(syncId).includes('inactive'), node(syncId).contextValue);
  });

  it('Open in Polytomic builds the page URL from polytomic.syncUrlTemplate', async function () {
    const result = await run('polytomic.openInPolytomic', node(syncId), { open: false });
    assert.equal(result?.url, `${serverUrl()}/bulk-syncs/${syncId}`);
    const config = vscode.workspace.getConfiguration('polytomic');
    await config.update('syncUrlTemplate', 'https://polytomic.example.com/s/${syncId}?from=vscode', vscode.ConfigurationTarget.Global);
    try {
      const custom = await run('polytomic.openInPolytomic', { syncId }, { open: false });
      assert.equal(custom?.url, `https://polytomic.example.com/s/${syncId}?from=vscode`);
    } finally {
      await config.update('syncUrlTemplate', undefined, vscode.ConfigurationTarget.Global);
    }
  });

  it('arguments from outside answer no question: { mode } and { confirm: true } still ask, and dismissing sends nothing', async function () {
    await api.refreshNow();
    const idle = api.getChildren().find((n) => !n.contextValue.split(' ').includes('inProgress') && n.children.length > 0);
    assert.ok(idle, 'a sync with nothing running');
    const executionsBefore = (await run('polytomic.showHistory', { syncId: idle.syncId }, { listOnly: true }))!.items!.length;
    const asked = asker.asked.length;
    // Nothing queued: each question is dismissed, as a user pressing Escape would.
    assert.deepEqual(await run('polytomic.startRun', idle, { mode: 'normal', test: false }), { ok: false, declined: true });
    assert.deepEqual(await run('polytomic.cancelRun', { syncId: idle.syncId }, { confirm: true }), { ok: false, declined: true });
    assert.deepEqual(asker.asked.slice(asked).map((q) => q.id), ['startRun', 'cancelRun']);
    assert.equal((await run('polytomic.showHistory', { syncId: idle.syncId }, { listOnly: true }))!.items!.length, executionsBefore, 'no run was started');
  });

  it('an argument that names no sync is refused: nothing asked, nothing sent; a bare sync id is a target', async function () {
    const idle = api.getChildren().find((n) => !n.contextValue.split(' ').includes('inProgress') && n.children.length > 0);
    assert.ok(idle, 'a sync with nothing running');
    const executionsBefore = (await run('polytomic.showHistory', { syncId: idle.syncId }, { listOnly: true }))!.items!.length;
    const asked = asker.asked.length;
    for (const bad of [42, {}, { syncId: 7 }, [idle.syncId]]) assert.equal(await run('polytomic.startRun', bad), undefined, JSON.stringify(bad));
    assert.equal(await run('polytomic.showHistory', idle.syncId, 'listOnly'), undefined, 'options that are not an object');
    assert.equal(asker.asked.length, asked, 'no question was asked');
    assert.equal((await run('polytomic.showHistory', { syncId: idle.syncId }, { listOnly: true }))!.items!.length, executionsBefore, 'no run was started');
    assert.deepEqual(await run('polytomic.copySyncId', idle.syncId), { ok: true, message: idle.syncId });
  });

  it('a resync asks first, saying what it does; declined, nothing is started', async function () {
    const idle = api.getChildren().find((n) => !n.contextValue.split(' ').includes('inProgress') && n.children.length > 0);
    assert.ok(idle, 'a sync with nothing running');
    const executionsBefore = (await run('polytomic.showHistory', { syncId: idle.syncId }, { listOnly: true }))!.items!.length;
    asker.answer('startRun', { mode: 'rebuild' }).answer('resync', false);
    assert.deepEqual(await run('polytomic.startRun', idle), { ok: false, declined: true });
    const question = asker.questions('resync').at(-1);
    assert.ok(question, 'a resync confirmation was asked');
    assert.match(question.message, /^Rebuild every schema of “.+”\? Rebuild is one of Polytomic's resync modes, which Polytomic calls destructive/);
    assert.equal((await run('polytomic.showHistory', { syncId: idle.syncId }, { listOnly: true }))!.items!.length, executionsBefore, 'no run was started');
  });

  it('copies the sync id and an execution id', async function () {
    await run('polytomic.copySyncId', node(syncId));
    assert.equal(await vscode.env.clipboard.readText(), syncId);
    const result = await run('polytomic.copyExecutionId', { syncId, executionId });
    assert.equal(result?.ok, true);
    assert.equal(await vscode.env.clipboard.readText(), executionId);
  });

  it('a failed action leaves the tree correct and says why', async function () {
    await api.refreshNow();
    const before = api.getChildren().map((n) => `${n.id} ${n.contextValue}`);
    await control.setFaults({ serverError: { count: 1 } });
    const result = await run('polytomic.activate', { syncId });
    assert.equal(result?.ok, false);
    assert.match(result!.message!, /Could not activate .*server error \(500\)/);
    await api.refreshNow();
    assert.deepEqual(api.getChildren().map((n) => `${n.id} ${n.contextValue}`), before);
    assert.equal(api.getState().lastError, undefined);
  });
});

const RUNNING = new Set(['created', 'scheduled', 'running', 'exporting', 'processing', 'canceling']);

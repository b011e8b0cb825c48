/**
 * Insights inside the VS Code extension host, against the local Polytomic-compatible server
 * (manual clock, refreshInterval 0): a volume drop made on the server (its anomaly lever: steady
 * earlier runs, then a run that moved 0 records) is marked in the tree, counted in the badge and
 * the status bar, and notified once; `polytomic.anomalies: mark` marks without notifying; `off`
 * does neither. Leaves the extension signed out and with default settings, as the next file expects.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { TreeNodeModel } from '../../src/core/api/contract';
import type { PolytomicApi } from '../../src/vscode/testApi';
import { activateExtension, waitFor } from './host';
import { demoKey, serverUrl, serverView } from './server';

let api: PolytomicApi;
/** an idle sync; each test makes a volume drop on another of its schemas */
let target: { id: string; name: string };
/** its schemas not used by a test yet */
let schemas: string[];

const MARK = /^0 records · usually ~[\d,]+$/;
/**
 * The anomaly notifications that name the target sync (moving the clock finishes other syncs'
 * runs too, which may be notified as failures or, unusual themselves, as anomalies).
 */
/**
 * Anomaly notifications shown since `since` (an index into getShownAlerts) that name the target
 * sync and one of these schemas. Only the schemas a lever made count: the target's other schemas
 * keep the server's own figures in the lever's runs, and the service backfills a sync once, so
 * one of them may be judged unusual against an earlier lever's baseline (a real anomaly of data
 * the test does not control, not what it asserts).
 */
const anomalyAlerts = (since: number, ...schemas: string[]): string[] => {
  const name = syncNode(target.id)?.label ?? target.name;
  return api
    .getShownAlerts()
    .slice(since)
    .filter((text) => /Polytomic runs? looks? unusual/.test(text) && text.includes(`"${name}"`) && schemas.some((schema) => text.includes(` ${schema}: `)));
};
const TERMINAL = new Set(['completed', 'errors', 'failed', 'interrupted', 'canceled']);

async function post(path: string, body: unknown): Promise<void> {
  const response = await fetch(`${serverUrl()}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  assert.equal(response.status, 200, await response.text());
}

/**
 * Steady earlier runs, then a run of `schema` that just finished having moved 0 records. The
 * server's clock first moves on 3 minutes, past the end of the sync's previous run, so the new
 * run is the schema's latest by its start too (the target's schedule is stalled: no run of its
 * own starts meanwhile).
 */
async function volumeDrop(syncId: string, schema: string): Promise<void> {
  await post('/__control/clock/advance', { ms: 3 * 60_000 });
  await post(`/__control/syncs/${encodeURIComponent(syncId)}/anomaly`, { kind: 'volume', schema, baseline: 10 });
}

async function setMode(mode: 'notify' | 'mark' | 'off' | undefined): Promise<void> {
  await vscode.workspace.getConfiguration('polytomic').update('anomalies', mode, vscode.ConfigurationTarget.Global);
  await waitFor(`polytomic.anomalies = ${String(mode)}`, () => vscode.workspace.getConfiguration('polytomic').get('anomalies') === (mode ?? 'notify'));
}

function syncNode(id: string): TreeNodeModel | undefined {
  return api.getChildren().find((n) => n.syncId === id);
}

function schemaNode(id: string, schema: string): TreeNodeModel | undefined {
  const sync = syncNode(id);
  return sync ? api.getChildren(sync).find((n) => n.schema === schema) : undefined;
}

function iconOf(model: TreeNodeModel): string | undefined {
  const item = api.getTreeItem(model);
  return item.iconPath instanceof vscode.ThemeIcon ? item.iconPath.id : undefined;
}

/** A schema of the target no test used yet. */
function nextSchema(): string {
  const schema = schemas.shift();
  assert.ok(schema, 'a schema left');
  return schema;
}

describe('insights in the VS Code extension host', function () {
  before(async function () {
    api = await activateExtension();
    const ok = await vscode.commands.executeCommand<boolean>('polytomic.signIn', { kind: 'apiKey', apiKey: demoKey() });
    assert.equal(ok, true, 'Sign In with the demo key');
    await waitFor('the first data', () => api.getState().auth === 'signedIn' && !api.getState().loading && api.getState().snapshot);
    await api.refreshNow();
    const view = await serverView();
    const names = new Map(view.syncs.map((s) => [s.id, s.name ?? s.id]));
    // Nothing running (the lever needs an idle sync), whatever the last run's outcome; none marked yet.
    const finished = (status: string | undefined) => status !== undefined && TERMINAL.has(status);
    const found = view.statuses
      .filter((s) => finished(s.status) && (s.schemas ?? []).length >= 4 && (s.schemas ?? []).every((x) => finished(x.status)))
      .find((s) => { const node = syncNode(s.sync_id); return node !== undefined && iconOf(node) !== 'pulse'; });
    assert.ok(found, 'the server has an idle sync with 4 schemas or more');
    target = { id: found.sync_id, name: names.get(found.sync_id) ?? found.sync_id };
    schemas = (found.schemas ?? []).map((x) => x.schema);
    await post(`/__control/syncs/${encodeURIComponent(target.id)}/anomaly`, { kind: 'stall' });
  });

  after(async function () {
    await setMode(undefined);
    await vscode.commands.executeCommand('notifications.clearAll');
    await vscode.commands.executeCommand('polytomic.signOut');
    await waitFor('the signed-out state', () => api.getState().auth === 'signedOut');
  });

  it('a volume drop on the server is marked in the tree, counted, and notified exactly once', async function () {
    const schema = nextSchema();
    const alertsBefore = api.getShownAlerts().length;
    await volumeDrop(target.id, schema);
    await api.refreshNow();
    // The poll shows 0 records; the sync's earlier runs are then fetched (a baseline), and the judgement marks it.
    const node = await waitFor(`schema ${schema} of ${target.id} marked as an anomaly`, () => {
      const n = schemaNode(target.id, schema);
      return n && MARK.test(n.description ?? '') ? n : undefined;
    }).catch((e: Error) => {
      throw new Error(`${e.message}; it shows "${schemaNode(target.id, schema)?.description}"; log: ${api.getShownAlerts().slice(-2).join(' | ')}`);
    });
    assert.equal(iconOf(node), 'pulse', 'its own icon, not the failure or errors icon');
    const sync = syncNode(target.id);
    assert.ok(sync);
    assert.equal(iconOf(sync), 'pulse');
    assert.ok(sync.description?.includes(`: 0 records · usually ~`), sync.description);
    // notified once, with the sync's name; the badge and the status bar count it
    const shown = anomalyAlerts(alertsBefore, schema);
    assert.equal(shown.length, 1, shown.join('\n'));
    assert.ok(shown[0].includes(`"${target.name}"`) && shown[0].includes('0 records · usually ~'), shown[0]);
    const marked = api.getChildren().filter((n) => iconOf(n) === 'pulse').length;
    assert.match(api.getBadge()?.tooltip ?? '', new RegExp(`(^|, )${marked} (bulk syncs? )?with an anomaly$`));
    assert.match(api.getStatusBarItem().text, /\$\(pulse\) \d+ anomal(y|ies)/);
    // the next polls keep the mark and do not notify again
    await api.refreshNow();
    await api.refreshNow();
    assert.match(schemaNode(target.id, schema)?.description ?? '', MARK);
    assert.equal(anomalyAlerts(alertsBefore, schema).length, 1);
  });

  it('polytomic.anomalies "mark": marked and counted, not notified', async function () {
    await setMode('mark');
    const schema = nextSchema();
    const alertsBefore = api.getShownAlerts().length;
    await volumeDrop(target.id, schema);
    await api.refreshNow();
    await waitFor('the schema marked as an anomaly', () => MARK.test(schemaNode(target.id, schema)?.description ?? ''));
    await api.refreshNow();
    assert.deepEqual(anomalyAlerts(alertsBefore, schema), []);
  });

  it('polytomic.anomalies "off": neither marked nor notified, and no longer counted', async function () {
    await setMode('off');
    const schema = nextSchema();
    const alertsBefore = api.getShownAlerts().length;
    await volumeDrop(target.id, schema);
    await api.refreshNow();
    // The poll that brought the 0-record run has reached the tree: the count is there, unmarked.
    const node = schemaNode(target.id, schema);
    assert.ok(node);
    assert.match(node.description ?? '', /^0 records/);
    assert.notEqual(iconOf(node), 'pulse');
    assert.ok(!api.getChildren().some((n) => iconOf(n) === 'pulse'), 'no sync marked, the earlier ones included');
    assert.doesNotMatch(api.getStatusBarItem().text, /anomal/);
    // Nothing was started for it either: back on "notify", a later drop elsewhere is marked and
    // notified (its baseline fetched and its run checked), and the one made while "off" is not.
    await setMode('notify');
    const later = nextSchema();
    await volumeDrop(target.id, later);
    await api.refreshNow();
    await waitFor(`schema ${later} marked`, () => MARK.test(schemaNode(target.id, later)?.description ?? ''));
    assert.notEqual(iconOf(schemaNode(target.id, schema) ?? node), 'pulse');
    const shown = anomalyAlerts(alertsBefore, schema, later);
    assert.equal(shown.length, 1, shown.join('\n'));
    assert.ok(shown[0].includes(` ${later}: `) && !shown[0].includes(` ${schema}: `), shown[0]);
  });
});

/**
 * Failure alerts through sequences of snapshots, as the refresher produces them on a fake clock:
 * the alert for each refresh is computed from the diff against the previous snapshot.
 */
import assert from 'node:assert/strict';
import type { Snapshot, SnapshotFetcher } from '../../src/core/api/contract';
import { alertsFor, notificationText, type Alert, type NotificationMode } from '../../src/core/state/alerts';
import { Refresher } from '../../src/core/state/refresher';
import { diffSnapshots } from '../../src/core/state/snapshot';
import { statusBarModel } from '../../src/core/view/statusBarModel';
import { snapshotHealth } from '../../src/core/view/snapshotHealth';
import { FakeClock, flush } from '../support/fakeClock';
import { schema, snapshotOf, sync } from './helpers/fixtures';
import { MemoryLogger } from './helpers/logger';

const names = [
  { id: 'a', name: 'Orders to Snowflake' },
  { id: 'b', name: 'Contacts to BigQuery' },
  { id: 'c', name: 'Accounts' },
  { id: 'd', name: 'Deals' },
  { id: 'e', name: 'Events' },
];

/** Every sync running, except the given ones set to a status (sync and all its schemas). */
function org(statuses: Record<string, string> = {}, exec = 'e1'): Snapshot {
  return snapshotOf(
    names.map(({ id }) => {
      const status = statuses[id] ?? 'running';
      return sync(id, status, [
        schema('contact', status, { executionId: `${id}-${exec}`, statusMessage: status === 'failed' ? 'Warehouse credentials expired' : undefined }),
        schema('account', status === 'failed' ? 'completed' : status, { executionId: `${id}-${exec}` }),
      ]);
    }),
    names,
  );
}

/** Runs snapshots through a real Refresher on a fake clock and collects the alert of each refresh. */
async function alertsOver(snapshots: Snapshot[], mode: NotificationMode = 'failures'): Promise<Array<Alert | undefined>> {
  const clock = new FakeClock();
  const queue = snapshots.slice();
  const source: SnapshotFetcher = { fetch: async () => queue.shift() as Snapshot };
  const refresher = new Refresher({ clock, logger: new MemoryLogger(), intervalMs: 30_000, source, random: () => 0.5 });
  const alerts: Array<Alert | undefined> = [];
  let prev: Snapshot | undefined;
  refresher.onDidChange((state, diff) => {
    if (!diff) return;
    alerts.push(alertsFor(diff, prev, state.snapshot, mode));
    prev = state.snapshot;
  });
  refresher.start();
  await flush();
  for (let i = 1; i < snapshots.length; i++) await clock.advance(30_000);
  refresher.dispose();
  assert.equal(alerts.length, snapshots.length, 'one refresh per snapshot');
  return alerts;
}

describe('alertsFor', () => {
  it('first load is silent, even with failures already there', async () => {
    const [first] = await alertsOver([org({ a: 'failed', b: 'interrupted', c: 'errors' })]);
    assert.equal(first, undefined);
  });

  it('one failure, one notification, naming the sync, the schema and the server message', async () => {
    const alerts = await alertsOver([org(), org(), org({ a: 'failed' }), org({ a: 'failed' })]);
    assert.deepEqual(alerts.map((a) => a !== undefined), [false, false, true, false], 'only the refresh where it failed');
    const alert = alerts[2] as Alert;
    assert.equal(alert.severity, 'error');
    assert.equal(alert.title, '1 bulk sync failed');
    assert.equal(alert.message, 'Polytomic: "Orders to Snowflake" failed (schema contact). Warehouse credentials expired');
    assert.equal(alert.items.length, 1);
    assert.equal(alert.revealNodeId, 'schema:a/contact');
    assert.deepEqual(alert.logsTarget, { syncId: 'a', schema: 'contact', executionId: 'a-e1', nodeId: 'schema:a/contact' });
  });

  it('five failures in one refresh: one grouped notification', async () => {
    const all = { a: 'failed', b: 'failed', c: 'interrupted', d: 'errors', e: 'failed' };
    const alerts = await alertsOver([org(), org(all)]);
    const alert = alerts[1] as Alert;
    assert.ok(alert);
    assert.equal(alert.items.length, 5);
    // 'd' completed with errors: not among the failed, as in the status bar and the badge
    assert.equal(alert.title, '4 bulk syncs failed, 1 completed with errors');
    assert.equal(alert.severity, 'error');
    // worst first, then by name; at most three named
    assert.deepEqual(alert.items.map((i) => i.syncId), ['c', 'b', 'e', 'a', 'd']);
    assert.match(alert.message, /^Polytomic: 4 bulk syncs failed, 1 completed with errors: "Accounts" interrupted \(schemas account and contact\); "Contacts to BigQuery" failed \(schema contact\); "Events" failed \(schema contact\); and 2 more\.$/);
    assert.equal(alert.revealNodeId, 'sync:c');
  });

  it('counts failed syncs as the status bar and the view badge do', async () => {
    // 'a' says completed but a schema failed (shown "Completed with errors", yet failing);
    // 'b' completed with errors; 'c' failed.
    const before = org();
    const after = snapshotOf(
      [
        sync('a', 'completed', [schema('contact', 'failed', { executionId: 'a-e2' })]),
        sync('b', 'errors', [schema('contact', 'errors', { executionId: 'b-e2' })]),
        sync('c', 'failed', [schema('contact', 'failed', { executionId: 'c-e2' })]),
        sync('d', 'running', []),
        sync('e', 'running', []),
      ],
      names,
    );
    const alert = (await alertsOver([before, after]))[1] as Alert;
    const failing = snapshotHealth(after).failed.length;
    const bar = statusBarModel({ auth: 'signedIn', loading: false, snapshot: after }, Date.now());
    assert.equal(failing, 2);
    assert.equal(bar.text, '$(error) 2 failed');
    assert.equal(alert.title, '2 bulk syncs failed, 1 completed with errors');
    assert.match(alert.message, /^Polytomic: 2 bulk syncs failed, 1 completed with errors: /);
  });

  it('completed with errors alone says so, not "failed"', async () => {
    const alert = (await alertsOver([org(), org({ b: 'errors', d: 'errors' })]))[1] as Alert;
    assert.equal(alert.title, '2 bulk syncs completed with errors');
    assert.match(alert.message, /^Polytomic: 2 bulk syncs completed with errors: /);
  });

  it('a failure that stays failed is not news; a new execution failing again is', async () => {
    const alerts = await alertsOver([org(), org({ a: 'failed' }), org({ a: 'failed' }), org({ a: 'failed' }, 'e2')]);
    assert.deepEqual(alerts.map((a) => a?.items.map((i) => i.syncId)), [undefined, ['a'], undefined, ['a']]);
  });

  it('completed with errors alone is a warning', async () => {
    const alerts = await alertsOver([org(), org({ b: 'errors' })]);
    assert.equal(alerts[1]?.severity, 'warning');
    assert.match(alerts[1]?.message ?? '', /"Contacts to BigQuery" completed with errors/);
  });

  it('a schema failing while its sync still runs is reported as the schema', () => {
    const prev = snapshotOf([sync('a', 'running', [schema('contact', 'running'), schema('account', 'running')])], names);
    const next = snapshotOf([sync('a', 'running', [schema('contact', 'failed'), schema('account', 'running')])], names);
    const alert = alertsFor(diffSnapshots(prev, next), prev, next, 'failures');
    assert.equal(alert?.message, 'Polytomic: "Orders to Snowflake": schema contact failed.');
    assert.equal(alert?.revealNodeId, 'schema:a/contact');
  });

  it("mode 'all' also announces completed runs, grouped with failures; 'failures' does not", async () => {
    const seq = [org(), org({ a: 'completed', b: 'completed', c: 'failed' })];
    const [, failuresOnly] = await alertsOver(seq, 'failures');
    assert.deepEqual(failuresOnly?.items.map((i) => i.syncId), ['c']);
    const [, everything] = await alertsOver(seq, 'all');
    assert.deepEqual(everything?.items.map((i) => [i.syncId, i.kind]), [['c', 'failure'], ['b', 'completion'], ['a', 'completion']]);
    assert.equal(everything?.title, '1 bulk sync failed, 2 bulk syncs completed');
    assert.match(everything?.message ?? '', /Also completed: "Contacts to BigQuery" and "Orders to Snowflake"\.$/);
    const [, onlyDone] = await alertsOver([org(), org({ a: 'completed' })], 'all');
    assert.equal(onlyDone?.severity, 'info');
    assert.equal(onlyDone?.message, 'Polytomic: "Orders to Snowflake" completed.');
    const [, quiet] = await alertsOver([org(), org({ a: 'completed' })], 'failures');
    assert.equal(quiet, undefined);
  });

  it("mode 'off' never alerts", async () => {
    const alerts = await alertsOver([org(), org({ a: 'failed', b: 'failed' })], 'off');
    assert.deepEqual(alerts, [undefined, undefined]);
  });

  it('a sync that appears already failing (new sync, wider scope) is not an alert', () => {
    const prev = snapshotOf([sync('a', 'running', [])], names);
    const next = snapshotOf([sync('a', 'running', []), sync('b', 'failed', [schema('x', 'failed')])], names);
    assert.equal(alertsFor(diffSnapshots(prev, next), prev, next, 'failures'), undefined);
  });

  it('server text cannot form a link, break lines or grow the notification without bound', () => {
    const evil = [{ id: 'a', name: '[Click me](command:workbench.action.quit)\nsecond line' }];
    const prev = snapshotOf([sync('a', 'running', [schema('s', 'running')])], evil);
    const next = snapshotOf([sync('a', 'failed', [schema('s', 'failed', { statusMessage: 'x'.repeat(5000) + '[a](https://evil)' })])], evil);
    const alert = alertsFor(diffSnapshots(prev, next), prev, next, 'failures') as Alert;
    assert.ok(!/\]\(/.test(alert.message), alert.message);
    assert.ok(!alert.message.includes('\n'));
    assert.ok(alert.message.length <= 500, String(alert.message.length));
    assert.equal(notificationText('[a]( b)', 50), '[a] ( b)');
  });
});

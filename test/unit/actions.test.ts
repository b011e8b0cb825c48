import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  ACTION_CONTEXT_PATTERNS,
  ActionInputError,
  describeActionError,
  failedSchemaNames,
  newIdempotencyKey,
  nodeActions,
  syncPageUrl,
  type NodeAction,
} from '../../src/core/actions/actions';
import type { Execution } from '../../src/core/actions/actionsContract';
import { executionSchemaItems, historyItem } from '../../src/core/actions/history';
import { LogUrlCache, logDocumentText, logTabTitle } from '../../src/core/actions/logs';
import { ApiError } from '../../src/core/api/errors';
import { buildTreeModel } from '../../src/core/view/treeModel';
import { MIN, T0, iso, schema, snapshotOf, sync } from './helpers/fixtures';

describe('actions: starting a run', () => {
  it('idempotency keys are 32 characters of [A-Za-z0-9_-] and do not repeat', () => {
    const keys = new Set(Array.from({ length: 200 }, () => newIdempotencyKey()));
    assert.equal(keys.size, 200);
    for (const key of keys) assert.match(key, /^[A-Za-z0-9_-]{32}$/);
  });

  it('pre-selects the failed schemas of a failed sync', () => {
    const snap = snapshotOf([sync('s1', 'failed', [schema('a', 'completed'), schema('b', 'failed'), schema('c', 'interrupted')])]);
    assert.deepEqual(failedSchemaNames(snap.syncs[0]).sort(), ['b', 'c']);
  });
});

describe('actions: which node offers what', () => {
  const tree = buildTreeModel(
    snapshotOf(
      [
        sync('running', 'running', [schema('r1', 'running', { executionId: 'e1' }), schema('r2', 'completed', { executionId: 'e0' })]),
        sync('canceling', 'canceling', [schema('c1', 'running', { executionId: 'e2' })]),
        sync('failed', 'failed', [schema('f1', 'failed', { executionId: 'e3' }), schema('never', undefined)]),
        sync('off', 'completed', [], {}),
      ],
      [{ id: 'off', name: 'Off', active: false }],
    ),
    T0,
  );
  const node = (syncId: string, schemaName?: string) => {
    const root = tree.find((n) => n.syncId === syncId)!;
    return schemaName ? root.children.find((c) => c.schema === schemaName)! : root;
  };
  const has = (n: { contextValue: string }, action: NodeAction) => nodeActions(n).includes(action);

  it('no Start on a running sync, no Cancel on a finished one or one already canceling', () => {
    assert.ok(!has(node('running'), 'startRun') && has(node('running'), 'cancelRun'));
    assert.ok(has(node('failed'), 'startRun') && !has(node('failed'), 'cancelRun'));
    assert.ok(!has(node('canceling'), 'cancelRun') && !has(node('canceling'), 'startRun'));
  });

  it('a running schema can be canceled, a finished one cannot; logs only where there is a run', () => {
    assert.ok(has(node('running', 'r1'), 'cancelRun'));
    assert.ok(!has(node('running', 'r2'), 'cancelRun'));
    assert.ok(has(node('failed', 'f1'), 'openLogs') && has(node('failed', 'f1'), 'copyExecutionId'));
    assert.ok(!has(node('failed', 'never'), 'openLogs') && !has(node('failed', 'never'), 'copyExecutionId'));
    assert.ok(!has(node('failed', 'f1'), 'startRun') && !has(node('failed', 'f1'), 'showHistory'));
  });

  it('activate only inactive syncs, deactivate only active ones', () => {
    assert.deepEqual([has(node('off'), 'activate'), has(node('off'), 'deactivate')], [true, false]);
    assert.deepEqual([has(node('failed'), 'activate'), has(node('failed'), 'deactivate')], [false, true]);
  });

  it("package.json's tree menus use exactly these patterns", () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'package.json'), 'utf8'));
    const items: Array<{ command: string; when?: string }> = manifest.contributes.menus['view/item/context'];
    const byCommand = new Map<string, Set<string>>();
    for (const item of items) {
      const m = /viewItem =~ \/(.+)\/$/.exec(item.when ?? '');
      assert.ok(m, `menu item ${item.command} tests viewItem: ${item.when}`);
      assert.match(item.when!, /^view == polytomic\.syncs && /);
      const set = byCommand.get(item.command) ?? new Set();
      set.add(m[1]);
      byCommand.set(item.command, set);
    }
    const expected: Record<NodeAction, string> = {
      startRun: 'polytomic.startRun',
      cancelRun: 'polytomic.cancelRun',
      activate: 'polytomic.activate',
      deactivate: 'polytomic.deactivate',
      openLogs: 'polytomic.openLogs',
      showHistory: 'polytomic.showHistory',
      openInPolytomic: 'polytomic.openInPolytomic',
      copySyncId: 'polytomic.copySyncId',
      copyExecutionId: 'polytomic.copyExecutionId',
    };
    for (const [action, command] of Object.entries(expected) as Array<[NodeAction, string]>) {
      assert.deepEqual([...(byCommand.get(command) ?? [])], [ACTION_CONTEXT_PATTERNS[action].source], `menu patterns of ${command}`);
    }
    const declared = new Set(manifest.contributes.commands.map((c: { command: string }) => c.command));
    for (const command of Object.values(expected)) assert.ok(declared.has(command), `${command} is declared`);
  });
});

describe('actions: plain-words errors', () => {
  it('names the sync and the fix', () => {
    assert.equal(
      describeActionError('start', new ApiError('unauthorized', 'POST /api/...: the API key was rejected (401)'), 'Orders'),
      'Could not start a run of “Orders”: Polytomic rejected the API key (401). Sign in again.',
    );
    assert.equal(describeActionError('history', new ApiError('timeout', 'GET /x: no complete response within 15 s'), 'Orders'), 'Could not load the run history of “Orders”: GET /x: no complete response within 15 s');
    assert.equal(describeActionError('start', new ActionInputError('Choose one.'), 'Orders'), 'Choose one.');
  });
});

describe('actions: history and log view models', () => {
  const exec: Execution = {
    id: '3f0c2a9e-1111-4222-8333-444455556666',
    status: 'errors',
    createdAt: iso(T0 - 30 * MIN),
    startedAt: iso(T0 - 29 * MIN),
    completedAt: iso(T0 - 20 * MIN),
    recordCount: 15_200,
    errorCount: 3,
    isTest: true,
    fetchMode: 'full',
    isPartial: true,
    type: 'manual',
    schemas: [
      { schema: 'orders', status: 'completed', recordCount: 200 },
      { schema: 'accounts', status: 'failed', statusMessage: 'permission denied', errorCount: 3 },
    ],
  };

  it('a history item shows status, start, duration and counts', () => {
    const item = historyItem(exec, T0);
    assert.equal(item.label, 'Completed with errors');
    assert.equal(item.description, 'started 29 min ago · took 9 min · 15,200 records · 3 errors');
    assert.equal(item.detail, 'test run · full fetch · only 2 schemas · manual · id 3f0c2a9e-1111-4222-8333-444455556666');
    assert.equal(item.inProgress, false);
    assert.equal(historyItem({ ...exec, status: 'running', completedAt: undefined }, T0).description, 'started 29 min ago · running for 29 min · 15,200 records · 3 errors');
    assert.equal(historyItem({ ...exec, status: 'running' }, T0).inProgress, true);
  });

  it("an execution's schemas, worst first, with the server's message", () => {
    const items = executionSchemaItems(exec, T0);
    assert.deepEqual(items.map((i) => i.schema), ['accounts', 'orders']);
    assert.equal(items[0].detail, 'permission denied');
    assert.match(items[0].description, /^Failed · 3 errors/);
  });

  it('log tab title and document text', () => {
    assert.equal(logTabTitle('Sales / CRM', exec.id, 'orders'), 'Sales _ CRM · orders · run 3f0c2a9e.log');
    const text = logDocumentText({ syncName: 'Sales', executionId: exec.id }, [
      { text: 'a\n', truncated: false },
      { text: 'b', truncated: true },
    ]);
    assert.match(text, /log file 1 of 2 ----\na\n# ---- log file 2 of 2 ----\nb\n# ---- log file 2 was cut here/);
    assert.match(logDocumentText({ syncName: 'Sales', executionId: exec.id }, []), /no log files for this execution/);
  });

  it('log links are reused until a minute before they expire', () => {
    let now = T0;
    const cache = new LogUrlCache(() => now);
    cache.set('s', 'e', ['https://logs/1'], iso(T0 + 15 * MIN));
    assert.deepEqual(cache.get('s', 'e'), ['https://logs/1']);
    now = T0 + 14 * MIN + 1;
    assert.equal(cache.get('s', 'e'), undefined);
    cache.set('s', 'e', ['https://logs/1']);
    assert.equal(cache.get('s', 'e'), undefined, 'no expiry, no reuse');
  });
});

describe('actions: open in Polytomic', () => {
  it('fills the template from the base URL and the encoded sync id', () => {
    assert.equal(syncPageUrl(undefined, 'https://app.polytomic.com/', 'abc-1'), 'https://app.polytomic.com/bulk-syncs/abc-1');
    assert.equal(syncPageUrl('https://p.example.com/syncs/${syncId}?tab=runs', 'https://x', 'a/b c'), 'https://p.example.com/syncs/a%2Fb%20c?tab=runs');
    assert.throws(() => syncPageUrl('javascript:alert(1)//${syncId}', 'https://x', 'a'), /http\(s\) URL/);
    assert.throws(() => syncPageUrl('not a url ${syncId}', 'https://x', 'a'), /valid URL/);
  });
});

import assert from 'node:assert/strict';
import type { StatusBarModel, TreeNodeModel } from '../../src/core/api/contract';
import type { Anomaly } from '../../src/core/insights/types';
import { ANOMALY_ICON, anomalyAlert, badgeModel, markAnomalies, withAnomalies } from '../../src/core/view/anomalyText';

const volume = (syncId: string, schema: string): Anomaly => ({
  kind: 'volume', syncId, schema, executionId: 'e1', completedAt: 0, records: 0, typicalRecords: 12_400, baseline: 'recentRuns', runsCompared: 9, description: '0 records · usually ~12,400',
});

function node(syncId: string, icon: string, contextValue: string, children: TreeNodeModel[] = []): TreeNodeModel {
  return { id: `sync:${syncId}`, kind: 'sync', syncId, schema: undefined, label: syncId, description: 'completed · 2 schemas', icon, color: undefined, contextValue, collapsible: children.length ? 'collapsed' : 'none', children, tooltip: {} as TreeNodeModel['tooltip'] };
}
function schemaNode(syncId: string, schema: string): TreeNodeModel {
  return { id: `schema:${syncId}/${schema}`, kind: 'schema', syncId, schema, label: schema, description: '0 records', icon: 'pass-filled', color: undefined, contextValue: 'schema completed success', collapsible: 'none', children: [], tooltip: {} as TreeNodeModel['tooltip'] };
}

describe('anomaly text: tree marks, badge, status bar, notification', () => {
  it('marks the schema and its sync with their own icon and the figures; other nodes stay the same objects', () => {
    const plain = node('b', 'pass-filled', 'sync completed success active', [schemaNode('b', 'x')]);
    const hit = node('a', 'pass-filled', 'sync completed success active', [schemaNode('a', 'orders'), schemaNode('a', 'users')]);
    const [a, b] = markAnomalies([hit, plain], new Map([['a', [volume('a', 'orders')]]]));
    assert.equal(b, plain);
    assert.equal(a.icon, ANOMALY_ICON);
    assert.equal(a.description, 'orders: 0 records · usually ~12,400 · completed · 2 schemas');
    assert.equal(a.children[0].icon, ANOMALY_ICON);
    assert.equal(a.children[0].description, '0 records · usually ~12,400');
    assert.equal(a.children[1], hit.children[1]);
  });

  it('a failing sync keeps its failure icon (a failure outranks an anomaly)', () => {
    const failing = node('a', 'error', 'sync failed failure active', [schemaNode('a', 'orders')]);
    const [a] = markAnomalies([failing], new Map([['a', [volume('a', 'orders')]]]));
    assert.equal(a.icon, 'error');
    assert.equal(a.children[0].icon, ANOMALY_ICON);
  });

  it('the badge counts failing and anomalous syncs and says which', () => {
    assert.equal(badgeModel(0, 0), undefined);
    assert.deepEqual(badgeModel(2, 0), { value: 2, tooltip: '2 bulk syncs failing' });
    assert.deepEqual(badgeModel(0, 1), { value: 1, tooltip: '1 bulk sync with an anomaly' });
    assert.deepEqual(badgeModel(1, 2), { value: 3, tooltip: '1 bulk sync failing, 2 with an anomaly' });
  });

  it('the status bar adds the count after failures, replaces "ok", and escapes server names in its tooltip', () => {
    const failed: StatusBarModel = { text: '$(error) 1 failed', tooltipMarkdown: 'x', background: 'statusBarItem.errorBackground', action: 'focusView', visible: true };
    const ok: StatusBarModel = { text: '$(check) 8 syncs ok (stale)', tooltipMarkdown: 'y', action: 'focusView', visible: true };
    const syncs = [{ name: '[evil](command:x) *b*', anomalies: [volume('a', 'orders')] }];
    assert.equal(withAnomalies(failed, syncs).text, '$(error) 1 failed · $(pulse) 1 anomaly');
    const replaced = withAnomalies(ok, syncs);
    assert.equal(replaced.text, '$(pulse) 1 anomaly (stale)');
    assert.equal(replaced.background, 'statusBarItem.warningBackground');
    assert.ok(!replaced.tooltipMarkdown.includes('[evil](command:x)'), replaced.tooltipMarkdown);
    assert.equal(withAnomalies(ok, []), ok);
  });

  it('one notification for several anomalies; server text cannot draw icons or break lines', () => {
    const names = new Map([['a', 'Sync $(error) one\nline two'], ['b', 'B']]);
    const alert = anomalyAlert([volume('a', 'orders'), volume('b', '$(check) users')], names);
    assert.ok(alert);
    assert.ok(!alert.message.includes('$('), alert.message);
    assert.ok(!alert.message.includes('\n'), alert.message);
    assert.match(alert.message, /^2 Polytomic runs look unusual: /);
    assert.equal(alert.revealNodeId, 'schema:a/orders');
    assert.equal(anomalyAlert([], names), undefined);
  });
});

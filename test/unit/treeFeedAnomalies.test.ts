/**
 * Anomaly marks through the tree's one feed: a mark that appears redraws exactly its row (and the
 * marked schema shows it), a poll that judges the same again redraws nothing, and a mark that
 * clears redraws that row back to what it showed before.
 */
import assert from 'node:assert/strict';
import type { Snapshot } from '../../src/core/api/contract';
import type { Anomaly } from '../../src/core/insights/types';
import { ANOMALY_ICON, type AnomaliesBySync } from '../../src/core/view/anomalyText';
import { TreeFeed, type TreeInputs } from '../../src/core/view/treeFeed';
import type { TreeUpdate } from '../../src/core/view/treeReconciler';
import { NO_FILTER } from '../../src/core/view/viewFilter';
import { MIN, T0, iso, schema, snapshotOf, sync } from './helpers/fixtures';

function ids(update: TreeUpdate): string[] | 'all' {
  if (update.kind === 'all') return 'all';
  return update.kind === 'none' ? [] : update.elements.map((e) => e.id).sort();
}

const volume = (syncId: string, schemaName: string, description = '0 records · usually ~12,400'): Anomaly => ({
  kind: 'volume', syncId, schema: schemaName, executionId: 'e1', completedAt: T0 - 3 * MIN, records: 0, typicalRecords: 12_400, baseline: 'recentRuns', runsCompared: 9, description,
});

describe('TreeFeed: anomaly marks', () => {
  const snapshot: Snapshot = snapshotOf(
    [
      sync('a', 'completed', [schema('contact', 'completed', { completedAt: iso(T0 - 3 * MIN) }), schema('deal', 'completed', { completedAt: iso(T0 - 3 * MIN) })]),
      sync('b', 'completed', [schema('lead', 'completed', { completedAt: iso(T0 - 3 * MIN) })]),
    ],
    [
      { id: 'a', name: 'Alpha' },
      { id: 'b', name: 'Beta' },
    ],
  );
  const inputs = (anomalies?: AnomaliesBySync): TreeInputs => ({ snapshot, filter: NO_FILTER, sort: 'severity', anomalies });

  it('a mark appearing redraws exactly that row; the same judgement again redraws nothing; clearing it redraws the row back', () => {
    const feed = new TreeFeed();
    feed.update(inputs(), T0);
    const plain = feed.reconciler.get('sync:b')!.description;
    const plainIcon = feed.reconciler.get('schema:b/lead')!.icon;

    // the service hands out a new map on every call: content, not identity, decides
    assert.deepEqual(ids(feed.update(inputs(new Map([['b', [volume('b', 'lead')]]])), T0)), ['sync:b']);
    assert.equal(feed.reconciler.get('sync:b')!.description, `lead: 0 records · usually ~12,400 · ${plain}`);
    assert.equal(feed.reconciler.get('sync:b')!.icon, ANOMALY_ICON);
    assert.equal(feed.reconciler.get('schema:b/lead')!.icon, ANOMALY_ICON);
    assert.notEqual(feed.reconciler.get('sync:a')!.icon, ANOMALY_ICON);

    assert.deepEqual(ids(feed.update(inputs(new Map([['b', [volume('b', 'lead')]]])), T0)), [], 'judged the same again: nothing to redraw');

    assert.deepEqual(ids(feed.update(inputs(new Map()), T0)), ['sync:b']);
    assert.equal(feed.reconciler.get('sync:b')!.description, plain);
    assert.equal(feed.reconciler.get('schema:b/lead')!.icon, plainIcon);
  });

  it('a mark that reads differently (another figure) redraws its row, with nothing else in the snapshot changed', () => {
    const feed = new TreeFeed();
    feed.update(inputs(new Map([['a', [volume('a', 'deal')]]])), T0);
    assert.deepEqual(ids(feed.update(inputs(new Map([['a', [volume('a', 'deal', '3 records · usually ~12,400')]]])), T0)), ['sync:a']);
    assert.equal(feed.reconciler.get('schema:a/deal')!.description, '3 records · usually ~12,400');
  });
});

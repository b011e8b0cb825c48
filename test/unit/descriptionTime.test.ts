/**
 * Relative times in a row's description are coarser the further they are (issue 15: fewer rows
 * redrawn per tick); tooltips keep the precise time.
 */
import assert from 'node:assert/strict';
import { formatDescriptionRelative } from '../../src/core/view/descriptionTime';
import { buildTreeModel } from '../../src/core/view/treeModel';
import { tooltipMarkdown } from '../../src/core/view/treeNodes';
import { MIN, T0, iso, schema, snapshotOf, sync } from './helpers/fixtures';

const S = 1000;
const ago = (ms: number) => formatDescriptionRelative(ms);
const ahead = (ms: number) => formatDescriptionRelative(-ms);

describe('description times: coarser with distance', () => {
  it('in the past: "just now" under a minute, then 2-minute steps up to 10, then 10-minute steps (rounded down), then hours', () => {
    assert.equal(ago(0), 'just now');
    assert.equal(ago(59 * S), 'just now');
    assert.equal(ago(60 * S), '1 min ago');
    assert.equal(ago(119 * S), '1 min ago');
    assert.equal(ago(2 * MIN), '2 min ago');
    assert.equal(ago(3 * MIN + 59 * S), '2 min ago');
    assert.equal(ago(4 * MIN), '4 min ago');
    assert.equal(ago(9 * MIN + 59 * S), '8 min ago');
    assert.equal(ago(10 * MIN), '10 min ago');
    assert.equal(ago(14 * MIN + 59 * S), '10 min ago');
    assert.equal(ago(15 * MIN), '10 min ago');
    assert.equal(ago(19 * MIN + 59 * S), '10 min ago');
    assert.equal(ago(20 * MIN), '20 min ago');
    assert.equal(ago(59 * MIN), '50 min ago');
    assert.equal(ago(60 * MIN), '1 h ago');
    assert.equal(ago(3 * 24 * 60 * MIN), '3 d ago');
  });

  it('in the future: never sooner than the truth (2-minute steps up to 10 min, then 10-minute steps, rounded up)', () => {
    assert.equal(ahead(4 * S), 'just now', 'clocks are never exactly aligned');
    assert.equal(ahead(5 * S), 'in under 1 min');
    assert.equal(ahead(59 * S), 'in under 1 min');
    assert.equal(ahead(60 * S), 'in 2 min');
    assert.equal(ahead(2 * MIN), 'in 2 min');
    assert.equal(ahead(2 * MIN + S), 'in 4 min');
    assert.equal(ahead(9 * MIN + 59 * S), 'in 10 min');
    assert.equal(ahead(10 * MIN), 'in 10 min');
    assert.equal(ahead(10 * MIN + S), 'in 20 min');
    assert.equal(ahead(14 * MIN + 59 * S), 'in 20 min');
    assert.equal(ahead(15 * MIN), 'in 20 min');
    assert.equal(ahead(20 * MIN), 'in 20 min');
    assert.equal(ahead(50 * MIN), 'in 50 min');
    assert.equal(ahead(50 * MIN + S), 'in 1 h');
    assert.equal(ahead(59 * MIN), 'in 1 h');
    assert.equal(ahead(60 * MIN), 'in 1 h');
    assert.equal(ahead(3 * 60 * MIN), 'in 3 h');
    assert.equal(formatDescriptionRelative(NaN), '');
  });

  it('a row says "20 min ago" and "next run in 30 min"; its tooltip keeps the precise times', () => {
    const snap = snapshotOf(
      [
        sync('a', 'completed', [schema('contact', 'completed', { completedAt: iso(T0 - 27 * MIN) })]),
        sync('b', 'failed', [schema('deal', 'failed', { completedAt: iso(T0 - 3 * MIN) })], { nextExecutionTime: iso(T0 + 27 * MIN) }),
      ],
      [
        { id: 'a', name: 'Alpha', active: true },
        { id: 'b', name: 'Beta', active: true },
      ],
    );
    const rows = new Map(buildTreeModel(snap, T0).map((n) => [n.syncId, n]));
    assert.equal(rows.get('a')!.description, 'completed · 1 schema · 20 min ago');
    assert.match(tooltipMarkdown(rows.get('a')!), /Last completed: 27 min ago \(/);
    assert.equal(rows.get('b')!.description, 'failed · 1 of 1 schema failed · next run in 30 min');
    assert.match(tooltipMarkdown(rows.get('b')!), /Next run: in 27 min \(/);
  });
});

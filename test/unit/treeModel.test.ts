import assert from 'node:assert/strict';
import { buildTreeModel } from '../../src/core/view/treeModel';
import { formatCount, formatDuration, formatRelative } from '../../src/core/view/format';
import { tooltipMarkdown } from '../../src/core/view/treeNodes';
import { MIN, T0, iso, schema, snapshotOf, sync } from './helpers/fixtures';
import { md, unsafeTags } from './helpers/markdown';

const HOUR = 60 * MIN;

describe('tree model', () => {
  let savedTz: string | undefined;
  before(() => {
    savedTz = process.env.TZ;
    process.env.TZ = 'UTC'; // absolute times in tooltips are local; pin the zone for exact strings
  });
  after(() => {
    if (savedTz === undefined) delete process.env.TZ;
    else process.env.TZ = savedTz;
  });

  const fourteen = (failedCount: number, status = 'completed') =>
    Array.from({ length: 14 }, (_, i) => schema(`t${String(i).padStart(2, '0')}`, i < failedCount ? 'failed' : status, { completedAt: iso(T0 - 3 * HOUR) }));

  it('sorts syncs worst first, then by name ignoring case', () => {
    const snap = snapshotOf(
      [
        sync('1', 'completed', []),
        sync('2', 'failed', []),
        sync('3', 'running', []),
        sync('4', 'completed', []),
        sync('5', 'errors', []),
        sync('6', undefined, []),
        sync('7', 'interrupted', []),
        sync('8', 'brand-new', []),
        sync('9', 'canceled', []),
      ],
      [
        { id: '1', name: 'beta' },
        { id: '4', name: 'Alpha' },
        { id: '2', name: 'zeta' },
      ],
    );
    assert.deepEqual(
      buildTreeModel(snap, T0).map((n) => n.label),
      ['zeta', '7', '5', '8', '3', '9', 'Alpha', 'beta', '6'],
    );
  });

  it('describes a failed sync: how many schemas failed and when it runs next', () => {
    const snap = snapshotOf([sync('a', 'failed', fourteen(2), { nextExecutionTime: iso(T0 + 12 * MIN) })], [{ id: 'a', name: 'Orders', active: true }]);
    const [node] = buildTreeModel(snap, T0);
    assert.equal(node.id, 'sync:a');
    assert.equal(node.label, 'Orders');
    assert.equal(node.description, 'failed · 2 of 14 schemas failed · next run in 20 min');
    assert.equal(node.icon, 'error');
    assert.equal(node.color, 'testing.iconFailed');
    assert.equal(node.contextValue, 'sync failed failure active');
    assert.equal(node.collapsible, 'collapsed');
    // failing schemas first
    assert.deepEqual(node.children.slice(0, 3).map((c) => c.label), ['t00', 't01', 't02']);
  });

  it('describes a running sync by progress', () => {
    const schemas = [...fourteen(0).slice(0, 5), ...Array.from({ length: 9 }, (_, i) => schema(`r${i}`, 'running'))];
    const [node] = buildTreeModel(snapshotOf([sync('a', 'running', schemas)]), T0);
    assert.equal(node.description, 'running · 5 of 14 done');
    assert.equal(node.icon, 'sync~spin');
    assert.equal(node.contextValue, 'sync running inProgress active');
  });

  it('describes a completed sync by size and age', () => {
    const [node] = buildTreeModel(snapshotOf([sync('a', 'completed', fourteen(0))]), T0);
    assert.equal(node.description, 'completed · 14 schemas · 3 h ago');
    assert.equal(node.contextValue, 'sync completed success active');
  });

  it('marks inactive syncs (and does not promise a next run)', () => {
    const snap = snapshotOf([sync('a', 'failed', [], { nextExecutionTime: iso(T0 + MIN * 5) })], [{ id: 'a', name: 'Old', active: false }]);
    const [node] = buildTreeModel(snap, T0);
    assert.equal(node.description, 'failed · inactive');
    assert.equal(node.contextValue, 'sync failed failure inactive');
    assert.equal(node.collapsible, 'none');
  });

  it('describes never-run, unknown and completed-with-errors syncs', () => {
    const snap = snapshotOf([
      sync('n', undefined, [], { nextExecutionTime: iso(T0 + 2 * HOUR) }),
      sync('u', 'hibernating', [schema('x', 'hibernating')]),
      sync('e', 'completed', [schema('x', 'completed'), schema('y', 'failed')]),
      sync('w', 'errors', [schema('x', 'completed', { errorCount: 3 })]),
    ]);
    const byId = new Map(buildTreeModel(snap, T0).map((n) => [n.syncId, n]));
    assert.equal(byId.get('n')?.description, 'no runs yet · next run in 2 h');
    assert.equal(byId.get('n')?.contextValue, 'sync idle active');
    assert.equal(byId.get('u')?.description, 'unknown (hibernating) · 1 schema');
    assert.equal(byId.get('u')?.icon, 'question');
    assert.equal(byId.get('u')?.contextValue, 'sync unknown active');
    assert.equal(byId.get('e')?.description, 'completed with errors · 1 of 2 schemas failed');
    assert.equal(byId.get('e')?.contextValue, 'sync errors warning active');
    assert.equal(byId.get('w')?.description, 'completed with errors · 1 schema · 3 errors');
  });

  it('builds schema nodes: counts, icon, colour, context and stable id', () => {
    const snap = snapshotOf([
      sync('s1', 'running', [
        schema('contact', 'running', { recordCount: 1520, errorCount: 2, warningCount: 1 }),
        schema('lead', 'completed', { recordCount: 1 }),
        schema('empty', 'failed'),
      ]),
    ]);
    const [node] = buildTreeModel(snap, T0);
    const [failed, running, done] = node.children;
    assert.equal(failed.id, 'schema:s1/empty');
    assert.equal(failed.description, 'failed');
    assert.equal(failed.contextValue, 'schema failed failure');
    assert.equal(running.id, 'schema:s1/contact');
    assert.equal(running.kind, 'schema');
    assert.equal(running.schema, 'contact');
    assert.equal(running.syncId, 's1');
    assert.equal(running.description, '1,520 records · 2 errors · 1 warning');
    assert.equal(running.icon, 'sync~spin');
    assert.equal(running.color, 'charts.blue');
    assert.equal(running.contextValue, 'schema running inProgress');
    assert.equal(done.description, '1 record');
    assert.equal(done.collapsible, 'none');
  });

  it('schema tooltip: status, escaped message, counts, times, duration, execution id', () => {
    const snap = snapshotOf([
      sync('s1', 'failed', [
        schema('contact', 'failed', {
          statusMessage: 'Error: see [docs](command:workbench.action.reloadWindow) <img src=x onerror=alert(1)>',
          recordCount: 1520,
          errorCount: 2,
          warningCount: 0,
          startedAt: iso(T0 - 15 * MIN),
          completedAt: iso(T0 - 12 * MIN),
          executionId: 'ex`1',
        }),
      ]),
    ]);
    const tip = tooltipMarkdown(buildTreeModel(snap, T0)[0].children[0]);
    assert.equal(
      tip,
      [
        '**Failed** · contact',
        '',
        'Error\\: see \\[docs\\]\\(command\\:workbench\\.action\\.reloadWindow\\) \\<img src\\=x onerror\\=alert\\(1\\)\\>',
        '',
        'Records: 1,520 · Errors: 2 · Warnings: 0  ',
        'Started: 15 min ago (2024-01-15 08:45:00)  ',
        'Completed: 12 min ago (2024-01-15 08:48:00)  ',
        'Duration: 3 min  ',
        'Execution: ``ex`1``',
      ].join('\n'),
    );
  });

  it('schema tooltip of a running schema says how long it has been running', () => {
    const snap = snapshotOf([sync('s', 'running', [schema('x', 'running', { startedAt: iso(T0 - 90_000) })])]);
    assert.match(tooltipMarkdown(buildTreeModel(snap, T0)[0].children[0]), /Running for: 1 min 30 s/);
  });

  it('escapes server-controlled names and values everywhere in tooltips', () => {
    const evil = '[x](command:foo) <img src=x onerror=1> `tick`';
    const snap = snapshotOf([sync('id`1', evil, [schema(evil, evil)])], [{ id: 'id`1', name: evil }]);
    const [node] = buildTreeModel(snap, T0);
    for (const tip of [tooltipMarkdown(node), tooltipMarkdown(node.children[0])]) {
      assert.deepEqual(unsafeTags(tip), [], tip);
      const html = md.render(tip);
      // the only code span is the sync id; the name's backticks stay literal text
      assert.deepEqual(html.match(/<code>[^<]*<\/code>/g) ?? [], tip === tooltipMarkdown(node) ? ['<code>id`1</code>'] : []);
      assert.ok(html.includes('[x](command:foo) &lt;img src=x onerror=1&gt; `tick`'), html);
    }
    assert.equal(node.label, evil, 'labels are plain text, shown as is');
    assert.match(tooltipMarkdown(node), /Sync id: ``id`1``/);
  });

  it('sync tooltip: name, status, active, schema counts, next run, id', () => {
    const snap = snapshotOf(
      [sync('abc', 'completed', [schema('a', 'completed', { completedAt: iso(T0 - HOUR) }), schema('b', 'failed'), schema('c', 'completed')], { nextExecutionTime: iso(T0 + 30 * MIN) })],
      [{ id: 'abc', name: 'Hub_spot *prod*', active: true }],
    );
    assert.equal(
      tooltipMarkdown(buildTreeModel(snap, T0)[0]),
      [
        '**Hub\\_spot \\*prod\\***',
        '',
        'Status: **Completed with errors** (the sync itself reports completed)  ',
        'Active: yes  ',
        'Schemas: 3 (1 failed, 2 completed)  ',
        'Last completed: 1 h ago (2024-01-15 08:00:00)  ',
        'Next run: in 30 min (2024-01-15 09:30:00)  ',
        'Sync id: `abc`',
      ].join('\n'),
    );
  });
});

describe('formatRelative / formatDuration', () => {
  it('formats relative times both ways', () => {
    assert.equal(formatRelative(0), 'just now');
    assert.equal(formatRelative(4_999), 'just now');
    assert.equal(formatRelative(42_000), '42 s ago');
    assert.equal(formatRelative(12 * MIN + 59_000), '12 min ago');
    assert.equal(formatRelative(-12 * MIN), 'in 12 min');
    assert.equal(formatRelative(3 * HOUR), '3 h ago');
    assert.equal(formatRelative(47 * HOUR), '47 h ago');
    assert.equal(formatRelative(3 * 24 * HOUR), '3 d ago');
    assert.equal(formatRelative(NaN), '');
  });
  it('groups counts like en-US', () => {
    const cases: Array<[number, string]> = [[0, '0'], [999, '999'], [1000, '1,000'], [1520, '1,520'], [123456, '123,456'], [1234567, '1,234,567'], [1.5, '1.5']];
    for (const [n, text] of cases) assert.equal(formatCount(n), text);
  });
  it('formats durations', () => {
    assert.equal(formatDuration(850), '850 ms');
    assert.equal(formatDuration(42_000), '42 s');
    assert.equal(formatDuration(200_000), '3 min 20 s');
    assert.equal(formatDuration(3 * MIN), '3 min');
    assert.equal(formatDuration(2 * HOUR + 5 * MIN), '2 h 5 min');
    assert.equal(formatDuration(76 * HOUR), '3 d 4 h');
    assert.equal(formatDuration(-1), '');
  });
});

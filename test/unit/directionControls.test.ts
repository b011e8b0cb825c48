/**
 * A direction control in server text (a sync named `Invoice \u202Etxt.exe`) must not reorder our
 * own text: every plain-text place that shows server text drops them.
 */
import assert from 'node:assert/strict';
import { executionSchemaItems, historyItem } from '../../src/core/actions/history';
import { logDocumentText, logTabTitle } from '../../src/core/actions/logs';
import { alertsFor } from '../../src/core/state/alerts';
import { stripDirectionControls } from '../../src/core/view/bidi';
import { capText } from '../../src/core/api/errors';
import { buildSnapshot, diffSnapshots } from '../../src/core/state/snapshot';
import { statusInfo } from '../../src/core/state/statusTable';
import { buildTreeModel } from '../../src/core/view/treeModel';
import { statusBarModel } from '../../src/core/view/statusBarModel';
import { tooltipMarkdown } from '../../src/core/view/treeNodes';
import { MIN, T0, iso, schema, sync } from './helpers/fixtures';

/** Every direction control the issue names, and some right-to-left letters that must stay. */
const CONTROLS = ['\u202a', '\u202b', '\u202c', '\u202d', '\u202e', '\u2066', '\u2067', '\u2068', '\u2069', '\u200e', '\u200f', '\u061c'];
const CONTROL = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;
const EVIL = 'Invoice \u202etxt.exe';

describe('direction controls in server text', () => {
  it('stripDirectionControls removes each of them and keeps right-to-left letters', () => {
    for (const c of CONTROLS) assert.equal(stripDirectionControls(`a${c}b`), 'ab', `U+${c.charCodeAt(0).toString(16)}`);
    assert.equal(stripDirectionControls('שלום \u2067عالم\u2069'), 'שלום عالم');
    assert.equal(stripDirectionControls('plain'), 'plain');
  });

  it('tree labels, descriptions and tooltips carry none', () => {
    const snapshot = buildSnapshot(
      [
        sync('s1', 'reticulating\u202e', [schema(`contact\u202e`, 'failed', { statusMessage: 'bad \u2066thing', executionId: 'e\u202e1' })], {
          nextExecutionTime: iso(T0 + 19 * MIN),
        }),
        sync('s2\u202e', undefined, []),
      ],
      new Map([['s1', { id: 's1', name: EVIL }]]),
      T0,
    );
    const roots = buildTreeModel(snapshot, T0);
    const texts: string[] = [];
    for (const node of roots) for (const n of [node, ...node.children]) texts.push(n.label, n.description, tooltipMarkdown(n));
    for (const text of texts) assert.ok(!CONTROL.test(text), `a direction control in ${JSON.stringify(text)}`);
    const s1 = roots.find((n) => n.syncId === 's1')!;
    assert.equal(s1.label, 'Invoice txt.exe');
    assert.match(s1.description, /^unknown \(reticulating\) · 1 schema · next run in 20 min$/);
    assert.equal(s1.children[0].label, 'contact');
    assert.equal(s1.children[0].schema, 'contact\u202e', 'the schema keeps its identity for API calls');
    assert.equal(roots.find((n) => n.syncId === 's2\u202e')!.label, 's2', 'an id shown as the name');
  });

  it('notifications and the status bar carry none', () => {
    const names = new Map([['s1', { id: 's1', name: EVIL }]]);
    const before = buildSnapshot([sync('s1', 'running', [schema('contact\u202e', 'running')])], names, T0);
    const after = buildSnapshot([sync('s1', 'failed', [schema('contact\u202e', 'failed', { statusMessage: '\u202edeliver\u202c failed' })])], names, T0 + MIN);
    const alert = alertsFor(diffSnapshots(before, after), before, after, 'failures')!;
    assert.equal(alert.message, 'Polytomic: "Invoice txt.exe" failed (schema contact). deliver failed');
    const bar = statusBarModel({ auth: 'signedIn', loading: false, snapshot: after }, T0 + MIN);
    assert.ok(!CONTROL.test(bar.text + bar.tooltipMarkdown), bar.tooltipMarkdown);
    assert.ok(!CONTROL.test(capText('server said \u202enope')));
  });

  it('status labels, quick-pick items and log documents carry none', () => {
    assert.equal(statusInfo('odd\u202e').label, 'Unknown (odd)');
    const [item] = executionSchemaItems({ id: 'e1', status: 'failed', schemas: [{ schema: 'contact\u202e', status: 'failed', statusMessage: 'x\u2067y' }] }, T0);
    assert.equal(item.label, 'contact');
    assert.equal(item.detail, 'xy');
    assert.equal(item.schema, 'contact\u202e');
    assert.equal(historyItem({ id: 'e\u202e1', type: 'manual\u2067', status: 'odd\u202e', schemas: [] }, T0).detail, 'manual · id e1');
    assert.equal(historyItem({ id: 'e1', status: 'odd\u202e', schemas: [] }, T0).label, 'Unknown (odd)');
    assert.equal(logTabTitle(EVIL, 'e1234567890', 'contact\u202e'), 'Invoice txt.exe · contact · run e1234567.log');
    assert.ok(!CONTROL.test(logDocumentText({ syncName: EVIL, executionId: 'e1', schema: 'c\u202e' }, [{ text: 'log line', truncated: false }]).split('\n')[0]));
  });
});

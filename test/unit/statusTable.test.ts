import assert from 'node:assert/strict';
import { KNOWN_STATUSES, statusInfo } from '../../src/core/state/statusTable';

// Every value the API documents for syncs (BulkExecutionStatus) and schemas (BulkSchemaExecutionStatus).
const SYNC_STATUSES = ['created', 'scheduled', 'running', 'exporting', 'canceling', 'canceled', 'completed', 'failed', 'processing', 'errors', 'interrupted'];
const SCHEMA_STATUSES = ['created', 'scheduled', 'running', 'exporting', 'canceled', 'completed', 'failed', 'interrupted', 'processing'];

// Theme colours and codicons used must exist in VS Code; this is the set we checked against
// VS Code's colour registry and the codicon font.
const VALID_COLORS = new Set([
  'testing.iconPassed',
  'testing.iconFailed',
  'testing.iconQueued',
  'list.warningForeground',
  'problemsWarningIcon.foreground',
  'disabledForeground',
  'charts.blue',
]);
const VALID_ICONS = new Set(['loading', 'sync', 'pass-filled', 'error', 'warning', 'debug-disconnect', 'circle-slash', 'circle-outline', 'question']);

describe('status table', () => {
  it('knows every documented sync and schema status', () => {
    for (const status of [...SYNC_STATUSES, ...SCHEMA_STATUSES]) {
      const info = statusInfo(status);
      assert.equal(info.status, status);
      assert.notEqual(info.category, 'unknown', `${status} should be known`);
      assert.ok(!info.label.startsWith('Unknown'), status);
    }
    assert.deepEqual([...KNOWN_STATUSES].sort(), [...new Set([...SYNC_STATUSES, ...SCHEMA_STATUSES])].sort());
  });

  it('shows in-progress statuses with a spinning icon and as not terminal', () => {
    for (const status of ['created', 'scheduled', 'running', 'exporting', 'processing', 'canceling']) {
      const info = statusInfo(status);
      assert.equal(info.category, 'inProgress', status);
      assert.match(info.icon, /~spin$/, status);
      assert.equal(info.terminal, false, status);
    }
    assert.equal(statusInfo('running').label, 'Running');
    assert.equal(statusInfo('canceling').label, 'Canceling');
  });

  it('maps the terminal statuses to the agreed look', () => {
    assert.deepEqual(pick('completed'), ['Completed', 'pass-filled', 'testing.iconPassed', 'success', true]);
    assert.deepEqual(pick('failed'), ['Failed', 'error', 'testing.iconFailed', 'failure', true]);
    assert.deepEqual(pick('errors'), ['Completed with errors', 'warning', 'list.warningForeground', 'warning', true]);
    assert.deepEqual(pick('interrupted'), ['Interrupted', 'debug-disconnect', 'problemsWarningIcon.foreground', 'failure', true]);
    assert.deepEqual(pick('canceled'), ['Canceled', 'circle-slash', 'disabledForeground', 'canceled', true]);
  });

  it('shows an absent status as no runs yet', () => {
    for (const absent of [undefined, '']) {
      const info = statusInfo(absent);
      assert.equal(info.status, '');
      assert.equal(info.label, 'No runs yet');
      assert.equal(info.icon, 'circle-outline');
      assert.equal(info.category, 'idle');
    }
  });

  it('renders unknown values as "Unknown (<value>)" with a question icon', () => {
    const info = statusInfo('paused_for_maintenance');
    assert.equal(info.label, 'Unknown (paused_for_maintenance)');
    assert.equal(info.icon, 'question');
    assert.equal(info.category, 'unknown');
    assert.equal(info.status, 'paused_for_maintenance');
    assert.equal(info.terminal, false);
    // Case matters: the API uses lower case; "FAILED" is not something we know.
    assert.equal(statusInfo('FAILED').category, 'unknown');
    // Inherited object keys are not statuses.
    assert.equal(statusInfo('constructor').category, 'unknown');
    assert.equal(statusInfo('toString').label, 'Unknown (toString)');
  });

  it('caps a very long unknown value in the label', () => {
    const info = statusInfo('x'.repeat(500));
    assert.ok(info.label.length < 80, info.label);
    assert.equal(info.status.length, 500);
  });

  it('orders severity worst first: failed > interrupted > errors > unknown > in progress > canceled > completed > idle', () => {
    const order = ['failed', 'interrupted', 'errors', 'whatever-new', 'running', 'canceled', 'completed', undefined];
    for (let i = 1; i < order.length; i++) {
      assert.ok(statusInfo(order[i - 1]).severity > statusInfo(order[i]).severity, `${order[i - 1]} should rank above ${order[i]}`);
    }
    for (const s of ['created', 'scheduled', 'exporting', 'processing', 'canceling']) {
      assert.equal(statusInfo(s).severity, statusInfo('running').severity, s);
    }
  });

  it('uses only existing codicons and theme colours', () => {
    for (const status of [...KNOWN_STATUSES, undefined, 'new-thing']) {
      const info = statusInfo(status);
      assert.ok(VALID_ICONS.has(info.icon.replace(/~spin$/, '')), `icon ${info.icon}`);
      if (info.color !== undefined) assert.ok(VALID_COLORS.has(info.color), `colour ${info.color}`);
    }
  });

  it('returns immutable rows', () => {
    const info = statusInfo('failed');
    assert.throws(() => {
      (info as { label: string }).label = 'Fine';
    });
    assert.equal(statusInfo('failed').label, 'Failed');
  });
});

function pick(status: string): unknown[] {
  const info = statusInfo(status);
  return [info.label, info.icon, info.color, info.category, info.terminal];
}

import assert from 'node:assert/strict';
import { formatAbsolute, formatMoment, formatWhen } from '../../src/core/view/format';
import { buildSnapshot } from '../../src/core/state/snapshot';
import { buildTreeModel } from '../../src/core/view/treeModel';
import { tooltipMarkdown } from '../../src/core/view/treeNodes';
import { parseStatusResponse } from '../../src/core/api/validate';

/** Dates in the API's plain form skip Date.parse; every edge must still come out as before. */
function startedAt(value: unknown): string | undefined {
  return parseStatusResponse({ data: [{ sync_id: 's', schemas: [{ schema: 'a', started_at: value }] }] })[0].schemas[0].startedAt;
}

describe('validation: dates', () => {
  it('keeps plain canonical dates as they are', () => {
    assert.equal(startedAt('2025-03-10T09:00:00.123Z'), '2025-03-10T09:00:00.123Z');
    assert.equal(startedAt('2024-12-31T23:59:59.999Z'), '2024-12-31T23:59:59.999Z');
  });

  it('treats Go zero time as not set, in either spelling', () => {
    assert.equal(startedAt('0001-01-01T00:00:00.000Z'), undefined);
    assert.equal(startedAt('0001-01-01T00:00:00Z'), undefined);
  });

  it('normalizes other spellings and edge values the way Date.parse reads them', () => {
    assert.equal(startedAt('2025-03-10T09:00:00Z'), '2025-03-10T09:00:00.000Z');
    assert.equal(startedAt('2024-02-29T12:00:00.000Z'), '2024-02-29T12:00:00.000Z');
    // already canonical in form, so kept as sent (as before the fast path)
    assert.equal(startedAt('2025-03-10T24:00:00.000Z'), '2025-03-10T24:00:00.000Z');
    assert.equal(startedAt('2025-03-10T09:00:00+01:00'), '2025-03-10T08:00:00.000Z');
  });

  it('marks a schema with an impossible date unreadable, naming the field', () => {
    for (const bad of ['2025-13-01T00:00:00.000Z', '2025-01-01T23:60:00.000Z', '2025-00-10T00:00:00.000Z', '2025-01-0xT00:00:00.000Z']) {
      const [schema] = parseStatusResponse({ data: [{ sync_id: 's', schemas: [{ schema: 'a', started_at: bad }] }] })[0].schemas;
      assert.equal(schema.unreadable, `started_at: expected a date, got "${bad}"`, bad);
    }
  });
});

describe('dates far from now', () => {
  const NOW = Date.UTC(2025, 2, 10, 9, 0, 0);
  const DAY = 86_400_000;

  it('a completion centuries away shows as its date, not "in 355047 d"', () => {
    const statuses = parseStatusResponse({
      data: [
        { sync_id: 'far', status: 'completed', schemas: [{ schema: 'a', status: 'completed', started_at: '2999-12-31T00:00:00Z', completed_at: '2999-12-31T01:00:00Z' }] },
        { sync_id: 'old', status: 'failed', nextExecutionTime: '3000-01-01T00:00:00Z', schemas: [] },
        { sync_id: 'near', status: 'completed', schemas: [{ schema: 'a', status: 'completed', completed_at: new Date(NOW - 300 * DAY).toISOString() }] },
      ],
    });
    const roots = buildTreeModel(buildSnapshot(statuses, new Map(), NOW), NOW);
    const by = (id: string) => roots.find((n) => n.syncId === id)!;
    assert.equal(by('far').description, `completed · 1 schema · on ${formatAbsolute(Date.parse('2999-12-31T01:00:00Z')).slice(0, 10)}`);
    assert.equal(by('old').description, `failed · next run on ${formatAbsolute(Date.parse('3000-01-01T00:00:00Z')).slice(0, 10)}`);
    assert.equal(by('near').description, 'completed · 1 schema · 300 d ago', 'a plausible span still reads as one');
    const tip = tooltipMarkdown(by('far').children[0]);
    assert.ok(!/\d{4,} d\b/.test(tip), tip);
    assert.match(tip, new RegExp(`Completed: ${formatAbsolute(Date.parse('2999-12-31T01:00:00Z'))}`));
  });

  it('formatMoment and formatWhen switch to the date beyond 400 days, both ways; the date does not move with the clock', () => {
    assert.equal(formatMoment(NOW - 399 * DAY, NOW), '399 d ago');
    assert.equal(formatMoment(NOW + 401 * DAY, NOW), `on ${formatAbsolute(NOW + 401 * DAY).slice(0, 10)}`);
    assert.equal(formatWhen(NOW - 500 * DAY, NOW), formatAbsolute(NOW - 500 * DAY));
    // the text of an implausible date does not move with the clock (a tick does not redraw it)
    assert.equal(formatMoment(NOW - 500 * DAY, NOW), formatMoment(NOW - 500 * DAY, NOW + DAY));
  });
});

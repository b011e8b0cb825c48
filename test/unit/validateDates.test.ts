import assert from 'node:assert/strict';
import { parseStatusResponse } from '../../src/core/validate';

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

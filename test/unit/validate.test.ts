import assert from 'node:assert/strict';
import { ApiError } from '../../src/core/api/errors';
import { parseMe, parseStatusResponse, parseSyncList } from '../../src/core/api/validate';

function malformed(fn: () => unknown): ApiError {
  try {
    fn();
  } catch (err) {
    assert.ok(err instanceof ApiError, `expected ApiError, got ${String(err)}`);
    assert.equal(err.kind, 'malformed');
    return err;
  }
  assert.fail('expected a malformed error');
}

const documented = {
  data: [
    {
      sync_id: '248df4b7-aaaa',
      status: 'running',
      nextExecutionTime: '2024-01-15T09:30:00Z',
      schemas: [
        {
          schema: 'contact',
          execution_id: 'a3f1c9d2',
          status: 'running',
          status_message: 'Processing records',
          started_at: '2023-12-10T14:00:00Z',
          completed_at: null,
          record_count: 1520,
          error_count: 2,
          warning_count: 1,
        },
      ],
    },
  ],
};

describe('validate: GET /api/bulk/syncs/status', () => {
  it('camelCases the documented example and keeps every field', () => {
    assert.deepEqual(parseStatusResponse(documented), [
      {
        syncId: '248df4b7-aaaa',
        status: 'running',
        nextExecutionTime: '2024-01-15T09:30:00.000Z',
        schemas: [
          {
            schema: 'contact',
            executionId: 'a3f1c9d2',
            status: 'running',
            statusMessage: 'Processing records',
            startedAt: '2023-12-10T14:00:00.000Z',
            recordCount: 1520,
            errorCount: 2,
            warningCount: 1,
          },
        ],
      },
    ]);
  });

  it('treats data: null as no syncs', () => {
    assert.deepEqual(parseStatusResponse({ data: null }), []);
    assert.deepEqual(parseStatusResponse({ data: [] }), []);
  });

  it('rejects a body without data, or with data that is not a list', () => {
    assert.match(malformed(() => parseStatusResponse({})).message, /response\.data: missing/);
    assert.match(malformed(() => parseStatusResponse({ data: {} })).message, /data: expected an array, got an object/);
    assert.match(malformed(() => parseStatusResponse([])).message, /response: expected an object, got an array/);
    assert.match(malformed(() => parseStatusResponse(null)).message, /response: expected an object, got null/);
    assert.match(malformed(() => parseStatusResponse('ok')).message, /got "ok"/);
  });

  it('accepts entries with only a sync id (every other field is optional)', () => {
    assert.deepEqual(parseStatusResponse({ data: [{ sync_id: 'a' }, { sync_id: 'b', schemas: null, status: null }] }), [
      { syncId: 'a', schemas: [] },
      { syncId: 'b', schemas: [] },
    ]);
  });

  it('an entry without its identity becomes an unreadable row named by its place; the others are used', () => {
    const warnings: string[] = [];
    const result = parseStatusResponse({ data: [{ sync_id: 'a' }, { status: 'running' }, { sync_id: 7 }, 'a', { sync_id: '  ' }] }, (w) => warnings.push(w));
    assert.deepEqual(result, [
      { syncId: 'a', schemas: [] },
      { syncId: 'data[1]', schemas: [], unreadable: 'sync_id: missing', noId: true },
      { syncId: 'data[2]', schemas: [], unreadable: 'sync_id: expected a string, got 7', noId: true },
      { syncId: 'data[3]', schemas: [], unreadable: 'entry: expected an object, got "a"', noId: true },
      { syncId: 'data[4]', schemas: [], unreadable: 'sync_id: expected a non-empty string, got "  "', noId: true },
    ]);
    assert.deepEqual(warnings, [
      'GET /api/bulk/syncs/status: dropped data[1] (shown as unreadable): sync_id: missing',
      'GET /api/bulk/syncs/status: dropped data[2] (shown as unreadable): sync_id: expected a string, got 7',
      'GET /api/bulk/syncs/status: dropped data[3] (shown as unreadable): entry: expected an object, got "a"',
      'GET /api/bulk/syncs/status: dropped data[4] (shown as unreadable): sync_id: expected a non-empty string, got "  "',
    ]);
    const [sync] = parseStatusResponse({ data: [{ sync_id: 'a', schemas: [{ status: 'failed' }, { schema: 'ok', status: 'completed' }] }] });
    assert.deepEqual(sync.schemas, [
      { schema: 'schemas[0]', unreadable: 'schema: missing', noId: true },
      { schema: 'ok', status: 'completed' },
    ]);
  });

  it('a schema with a wrong field becomes an unreadable row saying which field and what it got', () => {
    const bad = (schema: Record<string, unknown>) => {
      const warnings: string[] = [];
      const result = parseStatusResponse(
        { data: [{ sync_id: 'a' }, { sync_id: 'b' }, { sync_id: 'c' }, { sync_id: 'd', status: 'completed', schemas: [schema, { schema: 'fine', record_count: 3 }] }] },
        (w) => warnings.push(w),
      );
      assert.deepEqual(result.slice(0, 3).map((s) => s.syncId), ['a', 'b', 'c'], 'the other syncs are kept');
      assert.equal(result[3].status, 'completed', "the sync's own fields are kept");
      assert.deepEqual(result[3].schemas[1], { schema: 'fine', recordCount: 3 }, 'the other schemas are kept');
      assert.deepEqual(Object.keys(result[3].schemas[0]).sort(), ['schema', 'unreadable'], 'nothing of the bad entry is used');
      assert.equal(warnings.length, 1);
      assert.match(warnings[0], /^GET \/api\/bulk\/syncs\/status: dropped data\[3\]\.schemas\[0\] \(sync "d", schema "x"\) \(shown as unreadable\): /);
      assert.ok(warnings[0].endsWith(result[3].schemas[0].unreadable!), warnings[0]);
      return result[3].schemas[0].unreadable;
    };
    assert.equal(bad({ schema: 'x', record_count: '12' }), 'record_count: expected a non-negative number, got "12"');
    assert.equal(bad({ schema: 'x', error_count: -1 }), 'error_count: expected a non-negative number, got -1');
    assert.equal(bad({ schema: 'x', warning_count: Number.POSITIVE_INFINITY }), 'warning_count: expected a non-negative number, got Infinity');
    assert.equal(bad({ schema: 'x', status: 3 }), 'status: expected a string, got 3');
    assert.equal(bad({ schema: 'x', status_message: { a: 1 } }), 'status_message: expected a string, got an object');
    assert.equal(bad({ schema: 'x', started_at: 'yesterday' }), 'started_at: expected a date, got "yesterday"');
    assert.equal(bad({ schema: 'x', completed_at: 1700000000 }), 'completed_at: expected a date string, got 1700000000');
  });

  it("a sync with a wrong field of its own is an unreadable row that still lists its schemas", () => {
    assert.deepEqual(parseStatusResponse({ data: [{ sync_id: 'a', status: 'running', nextExecutionTime: 'soon', schemas: [{ schema: 's', status: 'running' }] }] }), [
      { syncId: 'a', schemas: [{ schema: 's', status: 'running' }], unreadable: 'nextExecutionTime: expected a date, got "soon"' },
    ]);
    assert.deepEqual(parseStatusResponse({ data: [{ sync_id: 'a', schemas: 'contact' }] }), [
      { syncId: 'a', schemas: [], unreadable: 'schemas: expected an array, got "contact"' },
    ]);
  });

  it('quotes server text in a reason capped, and with direction controls spelled out', () => {
    const [sync] = parseStatusResponse({ data: [{ sync_id: 'a', schemas: [{ schema: 'x', record_count: 'z'.repeat(100_000) }, { schema: 'y', status: 7, record_count: '\u202e21' }] }] });
    assert.ok(sync.schemas[0].unreadable!.length < 120, `reason is ${sync.schemas[0].unreadable!.length} chars`);
    assert.equal(sync.schemas[1].unreadable, 'status: expected a string, got 7');
    const [other] = parseStatusResponse({ data: [{ sync_id: 'a', schemas: [{ schema: 'y', record_count: '\u202e21' }] }] });
    assert.equal(other.schemas[0].unreadable, 'record_count: expected a non-negative number, got "\\u202e21"');
  });

  it('logs the first ten dropped entries and how many more', () => {
    const warnings: string[] = [];
    const data = Array.from({ length: 25 }, (_, i) => ({ sync_id: `s${i}`, schemas: [{ schema: 'x', record_count: 'many' }] }));
    const result = parseStatusResponse({ data }, (w) => warnings.push(w));
    assert.equal(result.length, 25);
    assert.equal(warnings.length, 11);
    assert.equal(warnings[10], 'GET /api/bulk/syncs/status: 15 more entries dropped');
  });

  it('keeps unknown status values as they are and drops unknown fields', () => {
    const result = parseStatusResponse({
      data: [{ sync_id: 'a', status: 'quantum', extra: { nested: true }, schemas: [{ schema: 's', status: 'teleporting', output_name: 'S', secret_sauce: 1 }] }],
      meta: 'ignored',
    });
    assert.deepEqual(result, [{ syncId: 'a', status: 'quantum', schemas: [{ schema: 's', status: 'teleporting' }] }]);
  });

  it('treats null, empty strings and Go zero times as absent', () => {
    const [sync] = parseStatusResponse({
      data: [{ sync_id: 'a', status: '', nextExecutionTime: '0001-01-01T00:00:00Z', schemas: [{ schema: 's', started_at: '', completed_at: null, status_message: null, execution_id: '' }] }],
    });
    assert.deepEqual(sync, { syncId: 'a', schemas: [{ schema: 's' }] });
  });

  it('normalises dates to ISO, including offsets', () => {
    const [sync] = parseStatusResponse({ data: [{ sync_id: 'a', nextExecutionTime: '2024-01-15T10:30:00+01:00' }] });
    assert.equal(sync.nextExecutionTime, '2024-01-15T09:30:00.000Z');
  });

  it('keeps the first of repeated schemas / syncs and reports it', () => {
    const warnings: string[] = [];
    const result = parseStatusResponse(
      {
        data: [
          { sync_id: 'a', schemas: [{ schema: 's', status: 'running' }, { schema: 's', status: 'completed' }] },
          { sync_id: 'a', status: 'failed' },
        ],
      },
      (w) => warnings.push(w),
    );
    assert.deepEqual(result, [{ syncId: 'a', schemas: [{ schema: 's', status: 'running' }] }]);
    assert.equal(warnings.length, 2);
    assert.match(warnings[0], /data\[0\]\.schemas\[1\]: schema "s" repeated/);
    assert.match(warnings[1], /data\[1\]: sync "a" repeated/);
  });
});

describe('validate: GET /api/bulk/syncs', () => {
  it('reads ids, names, active flags and the page token', () => {
    assert.deepEqual(
      parseSyncList({
        data: [{ id: 'a', name: 'Salesforce → Snowflake', active: true, mode: 'replicate' }, { id: 'b', name: '', active: false }, { id: 'c', name: null }],
        pagination: { next_page_token: 'tok' },
      }),
      { syncs: [{ id: 'a', name: 'Salesforce → Snowflake', active: true }, { id: 'b', active: false }, { id: 'c' }], nextPageToken: 'tok' },
    );
    assert.deepEqual(parseSyncList({ data: null, pagination: { next_page_token: '' } }), { syncs: [] });
    assert.deepEqual(parseSyncList({ data: [], pagination: null }), { syncs: [] });
  });

  it('drops what breaks the contract per entry, keeping every id it can read, and logs it', () => {
    const warnings: string[] = [];
    assert.deepEqual(parseSyncList({ data: [{ name: 'x' }, { id: 'x', active: 'yes' }, { id: 'y', name: 5 }, 3, { id: 'z', name: 'Zed' }] }, (w) => warnings.push(w)), {
      syncs: [{ id: 'x' }, { id: 'y' }, { id: 'z', name: 'Zed' }],
    });
    assert.deepEqual(warnings, [
      'GET /api/bulk/syncs: dropped data[0] (its name is not shown): data[0].id: missing',
      'GET /api/bulk/syncs: dropped data[1] (sync "x") (its name is not shown): data[1].active: expected true or false, got "yes"',
      'GET /api/bulk/syncs: dropped data[2] (sync "y") (its name is not shown): data[2].name: expected a string, got 5',
      'GET /api/bulk/syncs: dropped data[3] (its name is not shown): data[3]: expected an object, got 3',
    ]);
  });

  it('rejects a body of the wrong shape as a whole, with the path', () => {
    assert.match(malformed(() => parseSyncList({ data: 'x' })).message, /GET \/api\/bulk\/syncs: data: expected an array/);
    assert.match(malformed(() => parseSyncList({ data: [], pagination: 'next' })).message, /pagination: expected an object/);
    assert.match(malformed(() => parseSyncList({ data: [], pagination: { next_page_token: 5 } })).message, /pagination\.next_page_token: expected a string/);
  });
});

describe('validate: GET /api/me', () => {
  it('reads the organisation and user', () => {
    assert.deepEqual(parseMe({ data: { id: 'u', email: 'ada@example.com', organization_id: 'o', organization_name: 'Acme' } }), {
      userEmail: 'ada@example.com',
      organizationId: 'o',
      organizationName: 'Acme',
    });
    assert.deepEqual(parseMe({ data: {} }), {});
  });
  it('rejects a body without a data object', () => {
    assert.match(malformed(() => parseMe({ user: 'x' })).message, /GET \/api\/me: data: expected an object, got nothing/);
    assert.match(malformed(() => parseMe({ data: { email: 3 } })).message, /data\.email: expected a string/);
  });
});

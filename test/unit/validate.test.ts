import assert from 'node:assert/strict';
import { ApiError } from '../../src/core/errors';
import { parseMe, parseStatusResponse, parseSyncList } from '../../src/core/validate';

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

  it('rejects entries missing their identity, naming where', () => {
    assert.equal(malformed(() => parseStatusResponse({ data: [{ sync_id: 'a' }, { status: 'running' }] })).message,
      'Unexpected response from GET /api/bulk/syncs/status: data[1].sync_id: missing');
    assert.match(malformed(() => parseStatusResponse({ data: [{ sync_id: '  ' }] })).message, /data\[0\]\.sync_id: expected a non-empty string/);
    assert.match(malformed(() => parseStatusResponse({ data: [{ sync_id: 7 }] })).message, /data\[0\]\.sync_id: expected a string, got 7/);
    assert.match(
      malformed(() => parseStatusResponse({ data: [{ sync_id: 'a', schemas: [{ status: 'failed' }] }] })).message,
      /data\[0\]\.schemas\[0\]\.schema: missing/,
    );
    assert.match(malformed(() => parseStatusResponse({ data: ['a'] })).message, /data\[0\]: expected an object, got "a"/);
  });

  it('rejects wrong types with the exact path', () => {
    const bad = (schema: Record<string, unknown>) => ({ data: [{ sync_id: 'a' }, { sync_id: 'b' }, { sync_id: 'c' }, { sync_id: 'd', schemas: [schema] }] });
    assert.match(malformed(() => parseStatusResponse(bad({ schema: 'x', record_count: 'abc' }))).message, /data\[3\]\.schemas\[0\]\.record_count: expected a non-negative number, got "abc"/);
    assert.match(malformed(() => parseStatusResponse(bad({ schema: 'x', error_count: -1 }))).message, /error_count: expected a non-negative number, got -1/);
    assert.match(malformed(() => parseStatusResponse(bad({ schema: 'x', warning_count: Number.POSITIVE_INFINITY }))).message, /warning_count: expected a non-negative number, got Infinity/);
    assert.match(malformed(() => parseStatusResponse(bad({ schema: 'x', status: 3 }))).message, /schemas\[0\]\.status: expected a string, got 3/);
    assert.match(malformed(() => parseStatusResponse(bad({ schema: 'x', status_message: { a: 1 } }))).message, /status_message: expected a string, got an object/);
    assert.match(malformed(() => parseStatusResponse(bad({ schema: 'x', started_at: 'yesterday' }))).message, /started_at: expected a date, got "yesterday"/);
    assert.match(malformed(() => parseStatusResponse(bad({ schema: 'x', completed_at: 1700000000 }))).message, /completed_at: expected a date string, got 1700000000/);
    assert.match(malformed(() => parseStatusResponse({ data: [{ sync_id: 'a', schemas: 'contact' }] })).message, /data\[0\]\.schemas: expected an array/);
    assert.match(malformed(() => parseStatusResponse({ data: [{ sync_id: 'a', nextExecutionTime: 'soon' }] })).message, /data\[0\]\.nextExecutionTime: expected a date/);
  });

  it('never echoes huge server text in the message', () => {
    const err = malformed(() => parseStatusResponse({ data: [{ sync_id: 'a', schemas: [{ schema: 'x', record_count: 'z'.repeat(100_000) }] }] }));
    assert.ok(err.message.length < 200, `message is ${err.message.length} chars`);
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

  it('rejects wrong shapes with the path', () => {
    assert.match(malformed(() => parseSyncList({ data: [{ name: 'x' }] })).message, /GET \/api\/bulk\/syncs: data\[0\]\.id: missing/);
    assert.match(malformed(() => parseSyncList({ data: [{ id: 'x', active: 'yes' }] })).message, /data\[0\]\.active: expected true or false, got "yes"/);
    assert.match(malformed(() => parseSyncList({ data: [{ id: 'x', name: 5 }] })).message, /data\[0\]\.name: expected a string, got 5/);
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
    assert.match(malformed(() => parseMe({ user: 'x' })).message, /GET \/api\/me: data: expected an object, got undefined/);
    assert.match(malformed(() => parseMe({ data: { email: 3 } })).message, /data\.email: expected a string/);
  });
});

/**
 * Start Run, per API version: the modes offered, and for each choice the exact body that reaches
 * the local server (recorded on the wire) and what the server made of it (the execution's flags).
 */
import assert from 'node:assert/strict';
import { ActionInputError, newIdempotencyKey } from '../../src/core/actions/actions';
import { PolytomicClient } from '../../src/core/api/client';
import type { ApiVersion, Credentials } from '../../src/core/api/contract';
import { describeChoice, runModes, startRequestBody, type StartRunChoice } from '../../src/core/actions/runModes';
import { DEMO_API_KEY, startApiServer, type RunningApiServer } from '../../server';
import { secret } from './helpers/logger';
import { startRecordingProxy, type RecordingProxy } from './helpers/recordingProxy';

const apiKey: Credentials = { kind: 'apiKey', apiKey: secret(DEMO_API_KEY) };

interface Case {
  choice: StartRunChoice;
  body: string;
  /** what the server's execution says */
  isResync: boolean;
  fetchMode: string;
  isTest: boolean;
}

const shared: Case[] = [
  { choice: { mode: 'normal' }, body: '{}', isResync: false, fetchMode: 'none', isTest: false },
  { choice: { mode: 'normal', test: true }, body: '{"test":true}', isResync: false, fetchMode: 'none', isTest: true },
  { choice: { mode: 'fetchIncremental' }, body: '{"fetch_mode":"incremental"}', isResync: false, fetchMode: 'incremental', isTest: false },
  { choice: { mode: 'fetchIncremental', test: true }, body: '{"fetch_mode":"incremental","test":true}', isResync: false, fetchMode: 'incremental', isTest: true },
  { choice: { mode: 'fetchFull' }, body: '{"fetch_mode":"full"}', isResync: false, fetchMode: 'full', isTest: false },
  { choice: { mode: 'fetchFull', test: true }, body: '{"fetch_mode":"full","test":true}', isResync: false, fetchMode: 'full', isTest: true },
];

const PER_VERSION: Record<ApiVersion, { labels: string[]; cases: Case[]; refused: StartRunChoice[] }> = {
  '2024-02-08': {
    labels: ['Normal run', 'Incremental fetch', 'Full fetch', 'Rebuild'],
    cases: [...shared, { choice: { mode: 'rebuild' }, body: '{"resync":true}', isResync: true, fetchMode: 'none', isTest: false }],
    refused: [{ mode: 'refetch' }, { mode: 'resync' }, { mode: 'rebuild', test: true }],
  },
  '2025-09-18': {
    labels: ['Normal run', 'Incremental fetch', 'Full fetch', 'Refetch', 'Resync', 'Rebuild'],
    cases: [
      ...shared,
      { choice: { mode: 'refetch' }, body: '{"resync_mode":"refetch"}', isResync: true, fetchMode: 'none', isTest: false },
      { choice: { mode: 'resync' }, body: '{"resync_mode":"resync"}', isResync: true, fetchMode: 'none', isTest: false },
      { choice: { mode: 'rebuild' }, body: '{"resync_mode":"rebuild"}', isResync: true, fetchMode: 'none', isTest: false },
    ],
    refused: [{ mode: 'refetch', test: true }, { mode: 'resync', test: true }, { mode: 'rebuild', test: true }],
  },
};

describe('Start Run: the request body per API version, against the local server', function () {
  this.timeout(30_000);
  let server: RunningApiServer;
  let proxy: RecordingProxy;

  before(async () => {
    server = await startApiServer({ port: 0, clock: 'manual', startTime: Date.parse('2025-03-10T09:00:00Z'), seed: 11, syncs: 3, schemas: 4 });
    proxy = await startRecordingProxy(server.url);
  });
  after(async () => {
    await proxy.stop();
    await server.stop();
  });

  it('offers only the modes each version defines; the fetch modes are marked Salesforce-only', () => {
    for (const [version, expected] of Object.entries(PER_VERSION) as Array<[ApiVersion, (typeof PER_VERSION)[ApiVersion]]>) {
      const modes = runModes(version);
      assert.deepEqual(modes.map((m) => m.label), expected.labels, version);
      for (const m of modes) assert.equal(m.description === 'Salesforce sources only', m.mode === 'fetchIncremental' || m.mode === 'fetchFull', `${version} ${m.label}`);
      const rebuild = modes.find((m) => m.mode === 'rebuild')!;
      assert.match(rebuild.detail, version === '2024-02-08' ? /resync: true/ : /resync_mode: rebuild/);
    }
  });

  for (const version of Object.keys(PER_VERSION) as ApiVersion[]) {
    it(`${version}: each choice sends exactly its body, and the server runs what was chosen`, async () => {
      const client = new PolytomicClient({ baseUrl: proxy.url, apiVersion: version, credentials: apiKey });
      const syncId = server.syncIds()[2];
      const schemas = server.schemaNames(syncId);
      const { cases, refused } = PER_VERSION[version];
      // Every choice again on some schemas only: the same fields plus the schema list.
      const partial = cases.map((c) => ({ ...c, choice: { ...c.choice, schemas: [schemas[1]] }, body: `${c.body.slice(0, -1)}${c.body === '{}' ? '' : ','}"schemas":[${JSON.stringify(schemas[1])}]}` }));
      for (const c of [...cases, ...partial]) {
        await client.cancelSync(syncId).catch(() => undefined);
        server.advance(10_000);
        proxy.requests.length = 0;
        const exec = await client.startExecution(syncId, startRequestBody(c.choice, version, schemas), newIdempotencyKey());
        const posts = proxy.requests.filter((r) => r.method === 'POST');
        assert.equal(posts.length, 1, JSON.stringify(c.choice));
        assert.equal(posts[0].version, version);
        assert.equal(posts[0].body, c.body, `${version} ${JSON.stringify(c.choice)}`);
        const what = `${version} ${JSON.stringify(c.choice)} → ${c.body}`;
        assert.equal(exec.isResync, c.isResync, what);
        assert.equal(exec.fetchMode, c.fetchMode, what);
        assert.equal(exec.isTest, c.isTest, what);
        assert.equal(exec.isPartial, c.choice.schemas !== undefined, what);
      }
      for (const choice of refused) {
        assert.throws(() => startRequestBody(choice, version, schemas), ActionInputError, `${version} ${JSON.stringify(choice)} is refused before sending`);
      }
    });
  }

  it('says what was started in plain words', () => {
    assert.equal(describeChoice({ mode: 'normal' }), 'a run');
    assert.equal(describeChoice({ mode: 'fetchIncremental' }), 'an incremental fetch');
    assert.equal(describeChoice({ mode: 'fetchFull', test: true, schemas: ['a', 'b'] }), 'a test full fetch (2 schemas)');
    assert.equal(describeChoice({ mode: 'rebuild' }), 'a rebuild');
  });

  it('says what to change when a mode needs the newer API version', () => {
    assert.throws(
      () => startRequestBody({ mode: 'refetch' }, '2024-02-08'),
      (e: unknown) => e instanceof ActionInputError && e.message === 'A refetch needs Polytomic API version 2025-09-18 (polytomic.apiVersion); on 2024-02-08 the only resync is Rebuild.',
    );
    assert.throws(
      () => startRequestBody({ mode: 'resync', test: true }, '2025-09-18'),
      (e: unknown) => e instanceof ActionInputError && /^A test run cannot be a resync/.test(e.message),
    );
  });
});

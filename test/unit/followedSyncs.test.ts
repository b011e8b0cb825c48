import assert from 'node:assert/strict';
import { PolytomicClient } from '../../src/core/api/client';
import type { SyncSnapshot } from '../../src/core/api/contract';
import { chunkIds, followedIds, MAX_QUERY_CHARS } from '../../src/core/state/followedSyncs';
import { Refresher } from '../../src/core/state/refresher';
import { SnapshotSource, SURVEY_MS } from '../../src/core/state/snapshotSource';
import { DEMO_API_KEY, startApiServer, type RunningApiServer } from '../../server';
import { FakeClock } from '../support/fakeClock';
import { MemoryLogger } from './helpers/logger';
import { startRecordingProxy, type RecordingProxy } from './helpers/recordingProxy';

const INTERVAL = 30_000;
/** a run due this soon counts as due now (SnapshotSource's FOLLOW_GRACE_MS) */
const FOLLOW_GRACE = 5_000;
const STATUS_PATH = '/api/bulk/syncs/status?';
const START = Date.parse('2025-03-10T09:00:00Z');

/** Moves the local server's simulated time with the refresher's, so both live on one timeline. */
class SharedClock extends FakeClock {
  constructor(private readonly server: RunningApiServer) {
    super(START);
  }
  protected override moveTo(t: number): void {
    if (t > this.now()) this.server.advance(t - this.now());
    super.moveTo(t);
  }
}

/** Status requests as seen on the wire: the whole scope (`all=true`) or the ids asked for. */
function statusCalls(proxy: RecordingProxy): Array<{ whole: boolean; ids: string[]; query: string }> {
  return proxy.requests
    .filter((r) => r.url.startsWith('/api/bulk/syncs/status'))
    .map((r) => {
      const query = r.url.slice(r.url.indexOf('?') + 1);
      const params = new URLSearchParams(query);
      return { whole: params.get('all') === 'true', ids: params.getAll('sync_id'), query };
    });
}

const moving = (s: SyncSnapshot) => s.info.category === 'inProgress' || s.schemas.some((c) => c.info.category === 'inProgress');

describe('Follow what moves: followed syncs by id, the whole scope now and then (local server, fake clock)', function () {
  this.timeout(30_000);
  let server: RunningApiServer;
  let proxy: RecordingProxy;
  let clock: SharedClock;
  let refresher: Refresher;
  const settle = async () => {
    while (refresher.state.loading) await new Promise<void>((r) => setImmediate(r));
  };
  /** to the refresher's next automatic poll */
  const nextPoll = () => clock.advanceTo(clock.nextDue()!, settle);
  const newSource = () =>
    new SnapshotSource({
      client: new PolytomicClient({ baseUrl: proxy.url, apiVersion: '2024-02-08', credentials: { kind: 'apiKey', apiKey: DEMO_API_KEY }, now: () => clock.now() }),
      scope: { kind: 'all' },
      now: () => clock.now(),
    });

  async function begin(syncs: number): Promise<void> {
    server = await startApiServer({ port: 0, clock: 'manual', startTime: START, seed: 11, syncs, schemas: 4 });
    proxy = await startRecordingProxy(server.url);
    clock = new SharedClock(server);
    refresher = new Refresher({ clock, logger: new MemoryLogger(), intervalMs: INTERVAL, source: newSource() });
    refresher.start();
    await settle();
  }

  afterEach(async () => {
    refresher?.dispose();
    await proxy?.stop();
    await server?.stop();
  });

  it('between whole-scope polls asks only for the running, queued and due syncs, by repeated sync_id', async () => {
    await begin(40);
    assert.deepEqual(statusCalls(proxy).map((c) => c.whole), [true], 'start-up fetches the whole scope');
    for (let i = 0; i < 6; i++) {
      const before = refresher.state.snapshot!;
      const at = clock.nextDue()!;
      assert.equal(at - clock.now(), INTERVAL, 'something runs: the next poll is one interval away');
      const expected = followedIds(before, at, FOLLOW_GRACE, SURVEY_MS);
      proxy.requests.length = 0;
      await nextPoll();
      const calls = statusCalls(proxy);
      assert.equal(calls.length, 1, `poll ${i + 1}: one request`);
      assert.equal(calls[0].whole, false, `poll ${i + 1} is not a whole-scope poll`);
      assert.deepEqual(calls[0].ids, expected, `poll ${i + 1} asks for the followed syncs`);
      assert.ok(calls[0].ids.length > 0 && calls[0].ids.length < before.syncs.length / 2, `${calls[0].ids.length} of ${before.syncs.length} syncs`);
      for (const id of calls[0].ids) {
        const row = before.syncs.find((s) => s.id === id)!;
        const due = row.nextExecutionTime !== undefined && Date.parse(row.nextExecutionTime) <= at + FOLLOW_GRACE;
        assert.ok(moving(row) || due, `${id} was running, queued or due`);
      }
      assert.equal(refresher.state.snapshot!.syncs.length, before.syncs.length, 'the merge keeps every other sync');
    }
  });

  it('a sync whose run is due after this poll is not asked for yet; the first poll after that time asks for it and shows the run', async () => {
    await begin(120);
    for (let i = 0; i < 2 * (SURVEY_MS / INTERVAL); i++) {
      const before = refresher.state.snapshot!;
      const at = clock.nextDue()!;
      const later = before.syncs.find((s) => {
        const due = s.nextExecutionTime === undefined ? NaN : Date.parse(s.nextExecutionTime);
        return s.active !== false && !moving(s) && due > at + FOLLOW_GRACE && due < at + INTERVAL - FOLLOW_GRACE;
      });
      proxy.requests.length = 0;
      await nextPoll();
      if (!later || statusCalls(proxy).some((c) => c.whole) || clock.nextDue()! - clock.now() !== INTERVAL) continue;
      assert.equal(statusCalls(proxy).flatMap((c) => c.ids).includes(later.id), false, 'not asked for before its run is due');
      proxy.requests.length = 0;
      await nextPoll();
      const calls = statusCalls(proxy);
      if (calls.some((c) => c.whole)) continue;
      assert.ok(calls.flatMap((c) => c.ids).includes(later.id), 'asked for at the first poll after its run was due');
      const row = refresher.state.snapshot!.syncs.find((s) => s.id === later.id)!;
      assert.ok(moving(row), `its run shows: ${row.status}`);
      return;
    }
    assert.fail('no sync was due between two polls');
  });

  it('fetches the whole scope every 5 min, on manual refresh, on focus after a while away, and for a new source', async () => {
    await begin(40);
    const wholeAt: number[] = [];
    let followed = 0;
    while (clock.now() < START + 2 * SURVEY_MS) {
      proxy.requests.length = 0;
      await nextPoll();
      if (statusCalls(proxy).some((c) => c.whole)) wholeAt.push(clock.now() - START);
      else followed++;
    }
    assert.deepEqual(wholeAt, [SURVEY_MS, 2 * SURVEY_MS], 'the slow cadence');
    assert.equal(followed, 2 * (SURVEY_MS / INTERVAL - 1), 'followed polls in between');

    proxy.requests.length = 0;
    await refresher.refresh('manual');
    assert.deepEqual(statusCalls(proxy).map((c) => c.whole), [true], 'manual refresh');

    // The refresher asks with reason 'focus' / 'visible' only when the data is older than one
    // interval (refresherAdaptive.test.ts); such a refresh covers the whole scope.
    for (const reason of ['focus', 'visible'] as const) {
      await nextPoll();
      proxy.requests.length = 0;
      await refresher.refresh(reason);
      assert.deepEqual(statusCalls(proxy).map((c) => c.whole), [true], `${reason} after a while away`);
    }

    proxy.requests.length = 0;
    refresher.setSource(newSource());
    await refresher.refresh('config');
    assert.deepEqual(statusCalls(proxy).map((c) => c.whole), [true], 'settings or key changed');
  });

  it('a failure of a followed sync is noticed within one interval, by a followed poll', async () => {
    await begin(40);
    await nextPoll();
    const running = refresher.state.snapshot!.syncs.find((s) => s.info.category === 'inProgress' && s.active !== false)!;
    assert.ok(running, 'the demo organization has a running sync');
    server.failSync(running.id, { message: 'Injected by the test' });
    const failedAt = clock.now();
    proxy.requests.length = 0;
    assert.equal(clock.nextDue()! - clock.now(), INTERVAL);
    await nextPoll();
    const row = refresher.state.snapshot!.syncs.find((s) => s.id === running.id)!;
    assert.equal(row.info.category, 'failure', `seen ${clock.now() - failedAt} ms after it failed`);
    const calls = statusCalls(proxy);
    assert.equal(calls.some((c) => c.whole), false, 'seen by a followed poll, not a whole-scope one');
  });

  it('a run nobody scheduled (started elsewhere) is noticed by the next whole-scope poll, within 5 min', async () => {
    await begin(40);
    const quiet = refresher.state.snapshot!.syncs.find(
      (s) => s.info.category === 'success' && !moving(s) && s.active !== false && (s.nextExecutionTime === undefined || Date.parse(s.nextExecutionTime) > clock.now() + SURVEY_MS + INTERVAL),
    );
    assert.ok(quiet, 'the demo organization has a sync with no run due soon');
    server.failSync(quiet.id, { message: 'Started and failed elsewhere' });
    const happened = clock.now();
    const seen = () => refresher.state.snapshot!.syncs.find((s) => s.id === quiet.id)!.info.category === 'failure';
    proxy.requests.length = 0;
    await nextPoll();
    assert.equal(seen(), false, 'followed polls do not ask for it');
    while (!seen() && clock.now() - happened <= SURVEY_MS + INTERVAL) await nextPoll();
    assert.ok(seen(), 'noticed');
    assert.ok(clock.now() - happened <= SURVEY_MS, `noticed ${(clock.now() - happened) / 1000} s later, within the slow cadence`);
  });

  it('many followed syncs are asked for in chunks whose query stays short, each id once', async () => {
    await begin(1_500);
    const before = refresher.state.snapshot!;
    const expected = followedIds(before, clock.now() + INTERVAL, FOLLOW_GRACE, SURVEY_MS);
    assert.ok(expected.length > MAX_QUERY_CHARS / 45, `${expected.length} followed syncs: more than one chunk's worth`);
    proxy.requests.length = 0;
    await nextPoll();
    const calls = statusCalls(proxy);
    assert.ok(calls.length >= 2, `${calls.length} requests`);
    for (const call of calls) {
      assert.equal(call.whole, false);
      assert.ok(call.query.length <= MAX_QUERY_CHARS, `query of ${call.query.length} characters`);
    }
    assert.deepEqual(calls.flatMap((c) => c.ids), expected, 'every followed id once, in order');
  });

  it('a proxy that refuses the long URL (414): the same poll asks in halves, every id once, and later polls keep to the shorter length', async () => {
    await begin(300);
    const before = refresher.state.snapshot!;
    const expected = followedIds(before, clock.now() + INTERVAL, FOLLOW_GRACE, SURVEY_MS);
    assert.ok(expected.length >= 20, `${expected.length} followed syncs`);
    // a proxy that accepts about a third of the followed ids' query
    const longerThan = STATUS_PATH.length + Math.floor((expected.length * 45) / 3);
    proxy.refuse = { longerThan };
    proxy.requests.length = 0;
    await nextPoll();
    const calls = statusCalls(proxy);
    const answered = calls.filter((c) => STATUS_PATH.length + c.query.length <= longerThan);
    assert.equal(calls[0].ids.length, expected.length, 'first asked for all at once');
    assert.ok(calls.length > answered.length && answered.length >= 3, `${calls.length} requests, ${answered.length} answered`);
    assert.deepEqual(answered.flatMap((c) => c.ids), expected, 'every followed id answered once, in order');
    assert.equal(refresher.state.lastError, undefined, 'no error: the data is fresh');
    assert.equal(calls.some((c) => c.whole), false, 'not a whole-scope poll');

    const next = followedIds(refresher.state.snapshot!, clock.now() + INTERVAL, FOLLOW_GRACE, SURVEY_MS);
    proxy.requests.length = 0;
    await nextPoll();
    const later = statusCalls(proxy);
    assert.ok(later.every((c) => STATUS_PATH.length + c.query.length <= longerThan), `no request refused again: ${later.map((c) => c.query.length).join(', ')} characters`);
    assert.deepEqual(later.flatMap((c) => c.ids), next, 'every id once');
  });

  it('a refusal that is not about length (400 for any list of ids) is shown as the error, and does not shorten later requests', async () => {
    await begin(300);
    proxy.refuse = { longerThan: 30, status: 400 };
    proxy.requests.length = 0;
    await nextPoll();
    assert.ok(refresher.state.lastError, 'the refresh failed, and says so');
    assert.ok(statusCalls(proxy).length <= 16, `${statusCalls(proxy).length} requests: halves down to a few ids, no further`);
    proxy.refuse = undefined;
    const expected = followedIds(refresher.state.snapshot!, clock.now() + INTERVAL, FOLLOW_GRACE, SURVEY_MS);
    proxy.requests.length = 0;
    while (statusCalls(proxy).length === 0) await nextPoll();
    const calls = statusCalls(proxy);
    assert.equal(refresher.state.lastError, undefined, 'fresh again');
    assert.equal(calls.length, 1, `one request for ${calls[0].ids.length} ids, as before the refusal`);
    assert.deepEqual(calls[0].ids, expected);
  });

  it('chunkIds keeps each query within the limit, with every id once and in order', () => {
    const ids = Array.from({ length: 500 }, (_, i) => `${i.toString(16).padStart(8, '0')}-0000-4000-8000-000000000000`);
    const chunks = chunkIds(ids, 1_500);
    assert.deepEqual(chunks.flat(), ids);
    for (const chunk of chunks) {
      const query = new URLSearchParams(chunk.map((id): [string, string] => ['sync_id', id])).toString();
      assert.ok(query.length <= 1_500, `${query.length} characters`);
    }
    assert.ok(chunks.length <= Math.ceil((ids.length * 45) / 1_500) + 1, `${chunks.length} chunks: full ones, not one id each`);
    assert.deepEqual(chunkIds([]), []);
    assert.deepEqual(chunkIds(['x'.repeat(2_000)]), [['x'.repeat(2_000)]], 'an id longer than the limit still goes, alone');
  });
});

import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Snapshot, ViewState } from '../../src/core/api/contract';
import { PolytomicClient } from '../../src/core/api/client';
import { fileHistoryStore, historyText, parseHistoryText, type HistoryStore } from '../../src/core/insights/historyFile';
import { InsightsService, type AnomalyMode } from '../../src/core/insights/service';
import { createSnapshotSource, type SnapshotSource } from '../../src/core/state/snapshotSource';
import { DEMO_API_KEY, startApiServer, type RunningApiServer } from '../../server';
import { FakeClock, flush } from '../support/fakeClock';
import { MemoryLogger } from './helpers/logger';
import { DAY, historyOf, series } from './helpers/insights';

const START = Date.parse('2025-03-10T09:00:00Z');
const CREDENTIALS = { kind: 'apiKey', apiKey: DEMO_API_KEY } as const;

/**
 * The insights service against the local server over HTTP: snapshots from the real snapshot
 * source, earlier runs from the real client's executions endpoint.
 */
describe('insights service: polls, backfill, alerts, persistence', function () {
  this.timeout(30_000);
  let server: RunningApiServer;
  let source: SnapshotSource;
  let client: PolytomicClient;
  let clock: FakeClock;
  let logger: MemoryLogger;
  let mode: AnomalyMode;
  let judge: { minRuns?: number };
  /** GET .../executions requests, by sync */
  let executionRequests: Map<string, number>;
  /** GET .../executions/{id} requests (is it a test run?) */
  let executionLookups: number;

  const service = (store?: HistoryStore) =>
    new InsightsService({
      clock,
      logger,
      mode: () => mode,
      judgeOptions: () => judge,
      store,
      execution: () => (syncId, executionId) => {
        executionLookups++;
        return client.getExecution(syncId, executionId);
      },
      executions: () => (syncId, pageToken, limit) => {
        executionRequests.set(syncId, (executionRequests.get(syncId) ?? 0) + 1);
        return client.listExecutions(syncId, { pageToken, limit });
      },
    });
  const stateOf = (snapshot: Snapshot): ViewState => ({ auth: 'signedIn', loading: false, snapshot });
  // Whole-scope polls (as a manual refresh or the 5-minute survey): a lever changes an idle sync, which a followed-syncs poll does not ask for.
  const poll = async (s: InsightsService) => s.onState(stateOf(await source.fetch(true)));
  /** resolves at the service's first change (a backfill finished, a run confirmed) after which `holds` */
  const changedUntil = (s: InsightsService, holds: () => boolean) =>
    new Promise<void>((resolve) => {
      const d = s.onDidChange(() => {
        if (!holds()) return;
        d.dispose();
        resolve();
      });
    });
  /** the file store, and a promise of its next completed write */
  const watchedStore = (file: string) => {
    const inner = fileHistoryStore(file);
    let wrote: () => void = () => undefined;
    const store: HistoryStore = { read: () => inner.read(), write: async (text) => { await inner.write(text); wrote(); } };
    return { store, nextWrite: () => new Promise<void>((resolve) => (wrote = resolve)) };
  };
  const idleSyncs = (snapshot: Snapshot) => snapshot.syncs.filter((s) => s.active === true && s.info.category === 'success').map((s) => s.id);

  const connect = async (syncs: number) => {
    server = await startApiServer({ port: 0, clock: 'manual', startTime: START, seed: 11, syncs, schemas: 4, scheduleMix: 'typical' });
    source = createSnapshotSource({ baseUrl: server.url, apiVersion: '2024-02-08', credentials: CREDENTIALS, scope: { kind: 'all' }, logger: new MemoryLogger() });
    client = new PolytomicClient({ baseUrl: server.url, apiVersion: '2024-02-08', credentials: CREDENTIALS, logger: new MemoryLogger() });
  };

  beforeEach(async () => {
    await connect(8);
    clock = new FakeClock(START);
    logger = new MemoryLogger();
    mode = 'notify';
    judge = {};
    executionRequests = new Map();
    executionLookups = 0;
  });
  afterEach(() => server.stop());

  it('a poll extends the history from the status it already fetched: no request of its own', async () => {
    const s = service();
    const snapshot = await source.fetch(true);
    const before = server.requestCount();
    s.onState(stateOf(snapshot));
    await flush();
    assert.equal(server.requestCount(), before, 'the first load asks nothing more');
    const finished = snapshot.syncs.flatMap((sync) => sync.schemas.filter((x) => x.completedAt && x.info.terminal).map((x) => [sync.id, x.schema] as const));
    assert.ok(finished.length > 0);
    for (const [syncId, schema] of finished) assert.equal(s.historyOf().runs(syncId, schema).length, 1, `${syncId}/${schema}`);
    s.dispose();
  });

  it('a volume drop seen in a poll fetches that sync\'s baseline once, is flagged, and is handed out once', async () => {
    const s = service();
    const first = await source.fetch(true);
    s.onState(stateOf(first));
    const [target] = idleSyncs(first);
    const schema = server.schemaNames(target)[0];
    server.makeAnomaly(target, 'volume', { schema, baseline: 10 });
    const marked = changedUntil(s, () => s.anomaliesOf(target).length > 0);
    await poll(s);
    await marked;
    assert.deepEqual([...executionRequests.keys()], [target], 'only the sync that needed a baseline was backfilled');
    const found = s.anomaliesOf(target);
    assert.equal(found.length, 1);
    assert.equal(found[0].kind, 'volume');
    assert.match(found[0].description, /^0 records · usually ~[\d,]+$/);
    assert.equal(s.newAlerts().length, 1);
    assert.equal(s.newAlerts().length, 0, 'not twice');
    await poll(s);
    await poll(s);
    assert.equal(s.anomaliesOf(target).length, 1, 'still marked');
    assert.equal(s.newAlerts().length, 0, 'later polls do not alert again');
    assert.equal(executionRequests.get(target), 1, 'one page was enough, fetched once');
    assert.equal(executionLookups, 1, 'the unusual run was asked about (is it a test?) once');
    s.dispose();
  });

  it('a 0-record run of a sync backfilled before, with too short a baseline, fetches its runs again (once)', async () => {
    await server.stop();
    await connect(201); // an organization this large starts with 1 to 3 runs a sync
    const s = service();
    const first = await source.fetch(true);
    s.onState(stateOf(first));
    for (const id of idleSyncs(first).slice(0, 10)) await s.ensureBackfilled(id);
    // a sync whose server history was too short to judge by
    const target = idleSyncs(first).find((id) => s.historyOf().runs(id, server.schemaNames(id)[0]).filter((r) => r.status === 'completed' || r.status === 'errors').length < 5);
    assert.ok(target, 'an idle sync with a short history');
    const schema = server.schemaNames(target)[0];
    server.makeAnomaly(target, 'volume', { schema, baseline: 10 });
    const marked = changedUntil(s, () => s.anomaliesOf(target).length > 0);
    await poll(s);
    await marked;
    assert.equal(executionRequests.get(target), 2);
    assert.equal(s.anomaliesOf(target)[0]?.kind, 'volume');
    await poll(s);
    assert.equal(executionRequests.get(target), 2, 'not again for the same run');
    s.dispose();
  });

  it('ensureBackfilled (the user looked at a sync): callers share one backfill, and it is not repeated', async () => {
    const s = service();
    s.onState(stateOf(await source.fetch(true)));
    const id = server.syncIds()[0];
    const a = s.ensureBackfilled(id);
    const b = s.ensureBackfilled(id);
    assert.equal(a, b);
    await a;
    const requests = executionRequests.get(id);
    assert.ok(requests && requests >= 1);
    await s.ensureBackfilled(id);
    assert.equal(executionRequests.get(id), requests);
    assert.ok(s.historyOf().backfilledAt(id) !== undefined);
    s.dispose();
  });

  it('polytomic.anomalies off: no judgement and no backfill for a baseline', async () => {
    mode = 'off';
    const s = service();
    const first = await source.fetch(true);
    s.onState(stateOf(first));
    const [target] = idleSyncs(first);
    server.makeAnomaly(target, 'volume', { baseline: 10 });
    await poll(s);
    await flush();
    assert.equal(executionRequests.size, 0);
    assert.deepEqual(s.anomaliesOf(target), []);
    assert.deepEqual(s.newAlerts(), []);
    s.dispose();
  });

  it('persists (debounced, to a file) and restores: same runs, and an anomaly already notified is not notified again', async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'insights-'));
    const file = path.join(dir, 'history.json');
    const { store, nextWrite } = watchedStore(file);
    const s = service(store);
    await s.load();
    const first = await source.fetch(true);
    s.onState(stateOf(first));
    const [target] = idleSyncs(first);
    server.makeAnomaly(target, 'volume', { baseline: 10 });
    const marked = changedUntil(s, () => s.anomaliesOf(target).length > 0);
    await poll(s);
    await marked;
    assert.equal(s.newAlerts().length, 1);
    await assert.rejects(fs.stat(file), 'nothing written before the debounce');
    const written = nextWrite();
    await clock.advance(10_000);
    await written;
    const saved = await fs.readFile(file, 'utf8');
    s.dispose();

    const again = service(fileHistoryStore(file));
    await again.load();
    const schema = server.schemaNames(target)[0];
    assert.deepEqual(again.historyOf().runs(target, schema), s.historyOf().runs(target, schema));
    const shown = changedUntil(again, () => again.anomaliesOf(target).length === 1);
    again.onState(stateOf(await source.fetch(true)));
    await shown; // the restored history still shows the anomaly (once its run is known not to be a test)
    assert.deepEqual(again.newAlerts(), [], 'but it was notified in the earlier session');
    assert.equal(executionRequests.get(target), 1, 'and the restored baseline is not fetched again');
    assert.ok(saved.length > 0);
    again.dispose();
    await fs.rm(dir, { recursive: true, force: true });
  });

  it('a damaged file is reported and ignored, the poll history is kept, and the next save replaces it', async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'insights-'));
    const file = path.join(dir, 'history.json');
    await fs.writeFile(file, '{"format":1,"syncs":[{"id":"a","schemas":[{"name":"x","runs":[["e1","compl');
    mode = 'off'; // no backfill here: what the polls bring is all there is to save
    const { store, nextWrite } = watchedStore(file);
    const s = service(store);
    s.onState(stateOf(await source.fetch(true)));
    const kept = s.historyOf().size().runs;
    await s.load();
    assert.ok(logger.lines.some((l) => l.startsWith('[warn]') && l.includes('not valid JSON')), logger.lines.join('\n'));
    assert.equal(s.historyOf().size().runs, kept, 'runs merged before the load are kept');
    server.advance(DAY);
    await poll(s);
    const written = nextWrite();
    await clock.advance(10_000);
    await written;
    const restored = parseHistoryText(await fs.readFile(file, 'utf8'));
    assert.deepEqual(restored.problems, []);
    assert.equal(restored.history.size().runs, s.historyOf().size().runs);
    s.dispose();
    await fs.rm(dir, { recursive: true, force: true });
  });
});

describe('insights history file: bounded', () => {
  it('keeps the most recently updated syncs that fit, in the same order', () => {
    const history = historyOf(series({ runs: 30, records: () => 1000 }), 'old');
    for (const run of series({ runs: 30, records: () => 1000, idPrefix: 'n' })) history.add('new', 'orders', run);
    const full = historyText(history, []);
    const one = historyText(history, [], Math.ceil(full.length * 0.6));
    assert.ok(one.length <= full.length * 0.6);
    const restored = parseHistoryText(one);
    assert.deepEqual(restored.history.syncIds(), ['new']);
    assert.deepEqual(parseHistoryText(full).history.syncIds(), ['old', 'new']);
  });
});

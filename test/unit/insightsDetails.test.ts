/**
 * The sync details view's data from the insights service, over HTTP against the local server: the
 * service's one history (the same object, persisted across sessions), loaded once per sync when
 * the view asks, a failure said and tried again, and the same anomalies the tree marks.
 */
import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { PolytomicClient } from '../../src/core/api/client';
import type { Snapshot, ViewState } from '../../src/core/api/contract';
import { buildDetailsModel, recentRuns } from '../../src/core/insights/detailsModel';
import { fileHistoryStore, type HistoryStore } from '../../src/core/insights/historyFile';
import { InsightsDetails, LOAD_FAILED } from '../../src/core/insights/insightsDetails';
import { InsightsService, type AnomalyMode } from '../../src/core/insights/service';
import { createSnapshotSource, type SnapshotSource } from '../../src/core/state/snapshotSource';
import { DEMO_API_KEY, startApiServer, type RunningApiServer } from '../../server';
import { FakeClock } from '../support/fakeClock';
import { MemoryLogger } from './helpers/logger';

const START = Date.parse('2025-03-10T09:00:00Z');
const CREDENTIALS = { kind: 'apiKey', apiKey: DEMO_API_KEY } as const;
const HEADERS = { Authorization: `Bearer ${DEMO_API_KEY}`, 'X-Polytomic-Version': '2024-02-08' };

describe('sync details view: the insights service\'s history and anomalies', function () {
  this.timeout(30_000);
  let server: RunningApiServer;
  let source: SnapshotSource;
  let client: PolytomicClient;
  let requests: number;
  let changes: number;
  let signedIn: boolean;
  let mode: AnomalyMode;
  let first: Snapshot;

  const service = (store?: HistoryStore) =>
    new InsightsService({
      clock: new FakeClock(START),
      logger: new MemoryLogger(),
      mode: () => mode,
      judgeOptions: () => ({}),
      store,
      execution: () => (syncId, executionId) => client.getExecution(syncId, executionId),
      executions: () => (syncId, pageToken, limit) => {
        requests++;
        return client.listExecutions(syncId, { pageToken, limit });
      },
    });
  const detailsOf = (s: InsightsService) => new InsightsDetails({ insights: s, signedIn: () => signedIn, onChange: () => changes++ });
  const stateOf = (snapshot: Snapshot): ViewState => ({ auth: 'signedIn', loading: false, snapshot });
  const idleSyncs = (snapshot: Snapshot) => snapshot.syncs.filter((s) => s.active === true && s.info.category === 'success').map((s) => s.id);

  /** Finished, non-test executions the server lists for the sync (what the chart should draw). */
  async function finishedOnServer(syncId: string): Promise<string[]> {
    const res = await fetch(`${server.url}/api/bulk/syncs/${syncId}/executions?limit=100`, { headers: HEADERS });
    const data = ((await res.json()) as { data: Array<{ id: string; completed_at?: string | null; is_test?: boolean }> }).data;
    return data.filter((e) => e.completed_at && !e.is_test).map((e) => e.id);
  }

  beforeEach(async () => {
    server = await startApiServer({ port: 0, clock: 'manual', startTime: START, seed: 11, syncs: 6, schemas: 3, scheduleMix: 'typical' });
    source = createSnapshotSource({ baseUrl: server.url, apiVersion: '2024-02-08', credentials: CREDENTIALS, scope: { kind: 'all' }, logger: new MemoryLogger() });
    client = new PolytomicClient({ baseUrl: server.url, apiVersion: '2024-02-08', credentials: CREDENTIALS, logger: new MemoryLogger() });
    first = await source.fetch(true);
    requests = 0;
    changes = 0;
    signedIn = true;
    mode = 'notify';
  });
  afterEach(() => server.stop());

  it('is "loading" until asked, then draws the service\'s own history: every finished run the server lists, one request', async () => {
    const s = service();
    s.onState(stateOf(first));
    const details = detailsOf(s);
    const syncId = first.syncs[0].id;
    assert.deepEqual(details.load(syncId), { state: 'loading' });
    await Promise.all([details.ensureBackfilled(syncId), details.ensureBackfilled(syncId)]);
    assert.deepEqual(details.load(syncId), { state: 'ready' });
    assert.equal(requests, 1, 'two panels asking at once share one load');
    assert.equal(details.history(), s.historyOf(), 'one history, not two');
    const expected = await finishedOnServer(syncId);
    assert.ok(expected.length >= 3, `the server has history (${expected.length} runs)`);
    assert.deepEqual(recentRuns(details.history(), syncId, 30).map((r) => r.executionId).sort(), [...expected].sort().slice(-30));
    assert.ok(changes >= 2, 'the view was told: loading, then loaded');
    await details.ensureBackfilled(syncId);
    assert.equal(requests, 1, 'loaded once: asking again sends nothing');
    s.dispose();
  });

  it('says a load failed, and loads when asked again', async () => {
    const s = service();
    const details = detailsOf(s);
    const syncId = first.syncs[1].id;
    server.setFaults({ serverError: { count: 1 } });
    await details.ensureBackfilled(syncId);
    assert.deepEqual(details.load(syncId), { state: 'failed', message: LOAD_FAILED });
    await details.ensureBackfilled(syncId);
    assert.deepEqual(details.load(syncId), { state: 'ready' });
    assert.ok(recentRuns(details.history(), syncId, 30).length > 0);
    s.dispose();
  });

  it('signed out: fails with "not signed in" and sends nothing', async () => {
    signedIn = false;
    const s = service();
    const details = detailsOf(s);
    await details.ensureBackfilled(first.syncs[2].id);
    assert.deepEqual(details.load(first.syncs[2].id), { state: 'failed', message: 'not signed in' });
    assert.equal(requests, 0);
    s.dispose();
  });

  it('a history saved in an earlier session is shown at once, without a request', async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'polytomic-details-'));
    try {
      const file = path.join(dir, 'run-history.json');
      const syncId = first.syncs[3].id;
      const earlier = service(fileHistoryStore(file));
      await earlier.ensureBackfilled(syncId);
      await earlier.flush();
      const shown = recentRuns(earlier.historyOf(), syncId, 30).map((r) => r.executionId);
      earlier.dispose();
      requests = 0;
      const later = service(fileHistoryStore(file));
      await later.load();
      const details = detailsOf(later);
      assert.deepEqual(details.load(syncId), { state: 'ready' });
      await details.ensureBackfilled(syncId);
      assert.equal(requests, 0, 'nothing fetched again');
      assert.ok(shown.length > 0);
      assert.deepEqual(recentRuns(details.history(), syncId, 30).map((r) => r.executionId), shown);
      later.dispose();
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  });

  it('shows the anomalies the tree marks, and none with polytomic.anomalies off', async () => {
    const s = service();
    s.onState(stateOf(first));
    const details = detailsOf(s);
    const [target] = idleSyncs(first);
    const schema = server.schemaNames(target)[0];
    server.makeAnomaly(target, 'volume', { schema, baseline: 10 });
    const marked = new Promise<void>((resolve) => {
      const d = s.onDidChange(() => {
        if (s.anomaliesOf(target).length === 0) return;
        d.dispose();
        resolve();
      });
    });
    const next = await source.fetch(true);
    s.onState(stateOf(next));
    await marked;
    const sync = next.syncs.find((x) => x.id === target);
    assert.ok(sync);
    const model = () => buildDetailsModel({ sync, history: details.history(), load: details.load(target), anomalies: details.anomaliesOf(target) });
    assert.equal(model().anomalies.length, 1);
    assert.deepEqual(model().anomalies, s.anomaliesOf(target), 'the panel and the tree read one judgement');
    assert.equal(model().schemas.find((row) => row.schema === schema)?.anomalies[0].description, s.anomaliesOf(target)[0].description);
    mode = 'off';
    assert.deepEqual(model().anomalies, [], 'off: the panel shows none either (its own judgement would flag the drop)');
    assert.equal(buildDetailsModel({ sync, history: details.history(), load: details.load(target) }).anomalies.length, 1);
    s.dispose();
  });
});

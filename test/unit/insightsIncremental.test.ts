/**
 * The insights service follows what changed (issue 15): a snapshot whose rows are mostly the rows
 * of the last one merges and judges only the changed rows, and staleness waits on each sync's
 * deadline. Its anomalies, history and alerts must equal those of the same service fed copies of
 * the same snapshots (every row a new object: every row merged, every anomaly checked and every
 * sync's staleness judged again, as before issue 15), and its staleness must equal the from-scratch
 * judgement (judgeStaleness) of every row. Random sequences: followed-syncs polls (a few rows
 * changed in place), whole-scope polls (rows changed, gone, new, reordered), the same data again,
 * the clock moving (now and then backwards), backfills, test runs, settings and mode changes.
 */
import assert from 'node:assert/strict';
import type { BulkSyncSummary, SchemaStatus, Snapshot, SyncStatus } from '../../src/core/api/contract';
import type { Execution } from '../../src/core/actions/actionsContract';
import { InsightsService, anomalyKey, type AnomalyMode } from '../../src/core/insights/service';
import { serializeHistory } from '../../src/core/insights/persist';
import { judgeStaleness, staleDeadline } from '../../src/core/insights/staleness';
import { DEFAULT_JUDGE_OPTIONS, type Anomaly, type HistoryLimits, type JudgeOptions } from '../../src/core/insights/types';
import { mergeFollowed, positionsOf } from '../../src/core/state/followedSyncs';
import { buildSnapshot } from '../../src/core/state/snapshot';
import { Random } from '../../server/prng';
import { flush } from '../support/fakeClock';
import { MemoryLogger } from './helpers/logger';
import { iso, T0 } from './helpers/fixtures';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** A stable small hash, so both services get the same answers from the "server". */
function hash(text: string): number {
  let h = 7;
  for (let i = 0; i < text.length; i++) h = (h * 31 + text.charCodeAt(i)) >>> 0;
  return h;
}

/** A sync's state on the simulated server: its schemas, its last execution. */
class SimSync {
  run = 0;
  status: SyncStatus;
  constructor(readonly id: string, readonly schemas: string[]) {
    this.status = { syncId: id, schemas: schemas.map((schema) => ({ schema })) };
  }

  /** Starts an execution: its schemas running. */
  start(at: number): void {
    const executionId = `${this.id}-run-${++this.run}`;
    const schemas = this.schemas.map((schema): SchemaStatus => ({ schema, executionId, status: 'running', startedAt: iso(at) }));
    this.status = { syncId: this.id, status: 'running', schemas };
  }

  /** Finishes an execution that ran until `at`: mostly ordinary, sometimes empty, slow or failed. */
  finish(random: Random, at: number): void {
    const executionId = `${this.id}-run-${++this.run}`;
    const status = random.pick(['completed', 'completed', 'completed', 'completed', 'errors', 'failed']);
    const schemas = this.schemas.map((schema): SchemaStatus => {
      const duration = random.chance(0.1) ? random.int(60, 180) * 60_000 : random.int(5, 15) * 60_000;
      const records = random.chance(0.15) ? 0 : random.int(700, 1300);
      return { schema, executionId, status, startedAt: iso(at - duration), completedAt: iso(at), recordCount: records };
    });
    this.status = { syncId: this.id, status, schemas };
  }

  /** Earlier runs, as GET .../executions pages them (one page, newest first). */
  earlier(): Execution[] {
    const count = hash(this.id) % 9; // some syncs have too few to judge by
    return Array.from({ length: count }, (_, i): Execution => {
      const startedAt = T0 - (i + 1) * DAY;
      const id = `${this.id}-old-${i}`;
      const schemas = this.schemas.map((schema) => ({ schema, executionId: id, status: 'completed', startedAt: iso(startedAt), completedAt: iso(startedAt + 10 * 60_000), recordCount: 900 + (hash(id + schema) % 300) }));
      return { id, status: 'completed', startedAt: iso(startedAt), completedAt: iso(startedAt + 10 * 60_000), schemas };
    });
  }
}

/** Anomalies by sync, in one order (the order syncs turned stale is not part of the result). */
function sorted(anomalies: Map<string, Anomaly[]>): Array<[string, Anomaly[]]> {
  return [...anomalies.entries()].map(([id, list]): [string, Anomaly[]] => [id, [...list].sort((a, b) => anomalyKey(a).localeCompare(anomalyKey(b)))]).sort(([a], [b]) => a.localeCompare(b));
}

/** Every row a new object: nothing can be skipped by reference. */
function copyOf(snapshot: Snapshot): Snapshot {
  return structuredClone(snapshot);
}

describe('insights service: following what changed gives the from-scratch results', () => {
  it('over random sequences of followed and whole-scope polls, backfills, test runs, clock and settings', async function () {
    this.timeout(60_000);
    for (let seed = 1; seed <= 30; seed++) {
      const random = new Random(seed);
      const n = random.int(1, 30);
      const sims = new Map<string, SimSync>();
      const names = new Map<string, BulkSyncSummary>();
      let now = T0;
      const addSync = (id: string) => {
        const sim = new SimSync(id, Array.from({ length: random.int(1, 3) }, (_, k) => `s${k}`));
        if (random.chance(0.7)) sim.finish(random, now - random.int(0, 30) * HOUR);
        sims.set(id, sim);
        names.set(id, { id, name: id, active: random.chance(0.85) });
      };
      for (let i = 0; i < n; i++) addSync(`sync-${i}`);
      let mode: AnomalyMode = 'notify';
      let judge: Partial<JudgeOptions> = {};
      // a quarter of the sequences keep fewer syncs than they show: the history drops some
      const limits: Partial<HistoryLimits> = random.chance(0.25) ? { syncs: Math.max(1, n >> 1) } : {};
      const service = () =>
        new InsightsService({
          clock: { now: () => now, setTimeout: () => 0, clearTimeout: () => undefined },
          logger: new MemoryLogger(),
          mode: () => mode,
          judgeOptions: () => judge,
          limits,
          executions: () => async (syncId) => ({ executions: sims.get(syncId)?.earlier() ?? [] }),
          execution: () => async (_syncId, executionId) => ({ id: executionId, schemas: [], isTest: hash(executionId) % 4 === 0 }),
        });
      const followed = service();
      const fromScratch = service();
      let order = [...sims.keys()];
      const statuses = () => order.map((id) => sims.get(id)!.status);
      let snapshot = buildSnapshot(statuses(), names, now);
      let positions = positionsOf(snapshot);
      let copy: { of?: Snapshot; is?: Snapshot } = {};
      for (let step = 0; step < 50; step++) {
        const where = `seed ${seed}, step ${step}`;
        now += random.chance(0.07) ? -random.int(1, 60) * 60_000 : random.int(0, 10) * HOUR;
        // now and then exactly at a sync's deadline, or just after it: stale only once it is passed
        const watched = snapshot.syncs.filter((row) => row.active === true && followed.historyOf().backfilledAt(row.id) !== undefined);
        const deadline = random.chance(0.25) && watched.length > 0 ? staleDeadline(followed.historyOf(), { syncId: random.pick(watched).id, active: true }, { ...DEFAULT_JUDGE_OPTIONS, ...judge }) : undefined;
        if (deadline) now = deadline.staleAfter + random.pick([0, 0, 1]);
        if (random.chance(0.05)) mode = mode === 'off' ? 'notify' : random.pick<AnomalyMode>(['off', 'mark']);
        if (random.chance(0.05)) judge = random.chance(0.5) ? {} : { minRuns: random.int(2, 6), staleIntervals: random.int(1, 3) };
        const kind = random.int(0, 9);
        if (kind < 6) {
          // a followed-syncs poll: a few syncs start or finish, their rows replaced in place
          const fetched: SyncStatus[] = [];
          for (let c = random.int(0, Math.max(1, order.length >> 2)); c > 0 && order.length > 0; c--) {
            const sim = sims.get(random.pick(order))!;
            if (random.chance(0.3)) sim.start(now);
            else sim.finish(random, now);
            fetched.push(sim.status);
          }
          snapshot = mergeFollowed(snapshot, positions, fetched, names, now);
        } else if (kind < 9) {
          // a whole-scope poll: some syncs moved, some are gone, some are new, sometimes reordered
          for (const id of order) if (random.chance(0.3)) sims.get(id)!.finish(random, now);
          if (random.chance(0.3) && order.length > 1) order.splice(random.int(0, order.length - 1), 1);
          if (random.chance(0.3)) {
            const id = `sync-new-${step}`;
            addSync(id);
            order.push(id);
          }
          if (random.chance(0.2)) order = random.shuffle(order);
          if (random.chance(0.1)) {
            const id = random.pick([...names.keys()]);
            names.set(id, { id, name: id, active: !names.get(id)!.active });
          }
          snapshot = buildSnapshot(statuses(), names, now, snapshot);
          positions = positionsOf(snapshot);
        } else if (random.chance(0.5)) {
          snapshot = { takenAt: now, syncs: snapshot.syncs.slice() }; // the same rows in a new snapshot
        } // else: the same snapshot again
        followed.onState({ auth: 'signedIn', loading: false, snapshot });
        const fresh = copy.of !== snapshot;
        if (fresh) copy = { of: snapshot, is: copyOf(snapshot) }; // the same snapshot again: the same copy again
        fromScratch.onState({ auth: 'signedIn', loading: false, snapshot: copy.is });
        await flush(); // backfills and test-run answers

        if (limits.syncs === undefined) {
          assert.deepEqual(serializeHistory(followed.historyOf()), serializeHistory(fromScratch.historyOf()), `history, ${where}`);
          assert.deepEqual(sorted(followed.anomalies()), sorted(fromScratch.anomalies()), `anomalies, ${where}`);
          const alerts = (s: InsightsService) => s.newAlerts().map(anomalyKey).sort();
          assert.deepEqual(alerts(followed), alerts(fromScratch), `alerts, ${where}`);
        } else {
          // Past its limits the history keeps the syncs updated last, where merging every row again
          // would bring back the syncs it dropped (and drop others) on every poll: not the same history.
          assert.ok(followed.historyOf().size().syncs <= limits.syncs, `history within its limit, ${where}`);
        }
        // the same snapshot again is not judged again (nor was it before): its staleness is of an earlier time
        if (mode === 'off' || !fresh) continue;
        const options = { ...DEFAULT_JUDGE_OPTIONS, ...judge };
        const history = followed.historyOf();
        const expected = snapshot.syncs
          .filter((row) => row.active === true && history.backfilledAt(row.id) !== undefined && row.info.category !== 'inProgress' && row.info.category !== 'failure')
          .map((row) => judgeStaleness(history, { syncId: row.id, active: true }, now, options))
          .filter((a) => a !== undefined)
          .sort((a, b) => a.syncId.localeCompare(b.syncId));
        const stale = [...followed.anomalies().values()].flat().filter((a) => a.kind === 'stale').sort((a, b) => a.syncId.localeCompare(b.syncId));
        assert.deepEqual(stale, expected, `staleness, ${where}`);
      }
      followed.dispose();
      fromScratch.dispose();
    }
  });

  it('past its limits, a poll that changed nothing keeps the history as it is (no sync dropped and brought back)', async () => {
    let now = T0;
    const random = new Random(7);
    const sims = Array.from({ length: 12 }, (_, i) => new SimSync(`sync-${i}`, ['public.a', 'public.b']));
    for (const sim of sims) sim.finish(random, now - HOUR);
    const names = new Map(sims.map((sim) => [sim.id, { id: sim.id, name: sim.id, active: true }]));
    const service = new InsightsService({
      clock: { now: () => now, setTimeout: () => 0, clearTimeout: () => undefined },
      logger: new MemoryLogger(),
      mode: () => 'notify',
      judgeOptions: () => ({}),
      limits: { syncs: 5 },
      executions: () => undefined,
    });
    let snapshot = buildSnapshot(sims.map((sim) => sim.status), names, now);
    service.onState({ auth: 'signedIn', loading: false, snapshot });
    const kept = serializeHistory(service.historyOf());
    const drops = service.historyOf().droppedCount();
    for (let poll = 0; poll < 3; poll++) {
      now += 30_000;
      // a followed poll that brought the same rows back, and a new snapshot of the same rows
      snapshot = mergeFollowed(snapshot, positionsOf(snapshot), [], names, now);
      service.onState({ auth: 'signedIn', loading: false, snapshot });
      snapshot = { takenAt: now, syncs: snapshot.syncs.slice() };
      service.onState({ auth: 'signedIn', loading: false, snapshot });
      assert.deepEqual(serializeHistory(service.historyOf()), kept, `poll ${poll + 1}`);
      assert.equal(service.historyOf().droppedCount(), drops, `poll ${poll + 1}: no sync dropped again`);
    }
    // a sync that finishes a run is kept (the one updated longest ago goes)
    now += HOUR;
    sims[0].finish(random, now);
    snapshot = mergeFollowed(snapshot, positionsOf(snapshot), [sims[0].status], names, now);
    service.onState({ auth: 'signedIn', loading: false, snapshot });
    assert.ok([...service.historyOf().syncIds()].includes(sims[0].id), 'the sync that finished a run is kept');
    assert.equal(service.historyOf().size().syncs, 5);
    service.dispose();
  });
});

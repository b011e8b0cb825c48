/**
 * Heap after 2,000 refreshes against heap after 200, at 2,000 syncs: the real Refresher and
 * SnapshotSource on a fake clock, each poll fired by the refresher's own timer (so followed-syncs
 * polls and a whole-scope poll every 5 min, as in production), fed from two prebuilt poll
 * results 30 s apart that alternate, so every refresh merges and diffs real changes. No network
 * and no tree: this is the state's memory (the tree's is the reconciler's, measured per poll).
 */
import type { BulkSyncSummary, Logger, Scope, SyncStatus } from '../src/core/api/contract';
import { parseStatusResponse } from '../src/core/api/validate';
import { Refresher } from '../src/core/state/refresher';
import { SnapshotSource, type StatusApi } from '../src/core/state/snapshotSource';
import { startApiServer } from '../server/index';
import { FakeClock } from '../test/support/fakeClock';
import { statusBody, syncNames } from './fetchBody';
import { settled } from '../test/support/simClock';
import { gc } from './util';

const START = Date.parse('2025-03-10T09:00:00Z');
const silent: Logger = { trace() {}, debug() {}, info() {}, warn() {}, error() {} };

export interface HeapResult {
  early: number;
  late: number;
  earlyAt: number;
  refreshes: number;
  growth: number;
  syncs: number;
}

export async function measureHeap(syncs = 2000, refreshes = 2000): Promise<HeapResult> {
  const server = await startApiServer({ clock: 'manual', startTime: START, syncs, schemas: 25, scheduleMix: 'typical' });
  const polls: SyncStatus[][] = [];
  let list: BulkSyncSummary[];
  try {
    list = [...(await syncNames(server)).values()];
    polls.push(parseStatusResponse(JSON.parse(await statusBody(server))));
    server.advance(30_000);
    polls.push(parseStatusResponse(JSON.parse(await statusBody(server))));
  } finally {
    await server.stop();
  }
  const byId = polls.map((statuses) => new Map(statuses.map((s) => [s.syncId, s])));
  let served = 0;
  const api: StatusApi = {
    getStatuses: async (scope: Scope): Promise<SyncStatus[]> => {
      const i = served++ % 2;
      if (scope.kind !== 'selected') return polls[i];
      return scope.syncIds.flatMap((id) => byId[i].get(id) ?? []);
    },
    listSyncs: async () => list,
  };
  const clock = new FakeClock(START);
  const refresher = new Refresher({ clock, logger: silent, intervalMs: 30_000, source: new SnapshotSource({ client: api, scope: { kind: 'all' }, now: () => clock.now() }) });
  const settle = () => settled(refresher);
  let done = 0;
  refresher.onDidChange((state) => {
    if (!state.loading) done++;
  });
  const heapAfter = async (count: number) => {
    while (done < count) await clock.advanceTo(clock.nextDue() ?? clock.now() + 30_000, settle);
    gc();
    return process.memoryUsage().heapUsed;
  };
  refresher.start();
  await settle();
  const earlyAt = Math.round(refreshes / 10);
  const early = await heapAfter(earlyAt);
  const late = await heapAfter(refreshes);
  refresher.dispose();
  return { early, late, earlyAt, refreshes, growth: late - early, syncs };
}

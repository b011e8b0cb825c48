/**
 * Heap after 10,000 refreshes against heap after 100: the real Refresher and SnapshotSource on a
 * fake clock, fed prebuilt bodies (no network), with the tree models and tree changes computed on
 * every state change as the extension does. Two bodies alternate so every refresh diffs real changes.
 */
import type { BulkSyncSummary, Logger, Scope, SyncStatus } from '../src/core/api/contract';
import { Refresher } from '../src/core/state/refresher';
import { SnapshotSource, type StatusApi } from '../src/core/state/snapshotSource';
import { buildTreeModel, statusBarModel } from '../src/core/view/treeModel';
import { TreeReconciler } from '../src/core/view/treeReconciler';
import { parseStatusResponse } from '../src/core/api/validate';
import { startApiServer } from '../server/index';
import { statusBody, syncNames } from './fetchBody';
import { SimClock } from './simClock';
import { gc } from './util';

const START = Date.parse('2025-03-10T09:00:00Z');
const silent: Logger = { trace() {}, debug() {}, info() {}, warn() {}, error() {} };

export interface HeapResult {
  after100: number;
  after10k: number;
  growth: number;
  syncs: number;
}

export async function measureHeap(syncs = 8): Promise<HeapResult> {
  const server = await startApiServer({ clock: 'manual', startTime: START, syncs });
  const bodies: string[] = [];
  let list: BulkSyncSummary[];
  try {
    list = [...(await syncNames(server)).values()];
    bodies.push(await statusBody(server));
    server.advance(30_000);
    bodies.push(await statusBody(server));
  } finally {
    await server.stop();
  }
  let served = 0;
  const api: StatusApi = {
    getStatuses: async (_scope: Scope): Promise<SyncStatus[]> => parseStatusResponse(JSON.parse(bodies[served++ % 2])),
    listSyncs: async () => list,
  };
  const clock = new SimClock(START);
  const refresher = new Refresher({ clock, logger: silent, intervalMs: 30_000, source: new SnapshotSource({ client: api, scope: { kind: 'all' }, now: () => clock.now() }) });
  const reconciler = new TreeReconciler();
  refresher.onDidChange((state) => {
    if (state.snapshot) reconciler.update(buildTreeModel(state.snapshot, clock.now()));
    statusBarModel(state, clock.now(), 30_000);
  });
  const heapAfter = async (count: number) => {
    while (served < count) await refresher.refresh('timer');
    gc();
    return process.memoryUsage().heapUsed;
  };
  const after100 = await heapAfter(100);
  const after10k = await heapAfter(10_000);
  refresher.dispose();
  return { after100, after10k, growth: after10k - after100, syncs };
}

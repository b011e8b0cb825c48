/**
 * One refresh from the response body (a string, as the client holds it) to the updated tree:
 * JSON.parse, validation, snapshot, diff, tree models, and the tree adapter's change computation
 * (the pure TreeReconciler). This is the "refresh cost" of the benchmark.
 */
import type { BulkSyncSummary, Snapshot, SnapshotDiff } from '../src/core/api/contract';
import { buildSnapshot, diffSnapshots } from '../src/core/state/snapshot';
import { TreeModelBuilder } from '../src/core/view/treeModel';
import { TreeReconciler, type TreeUpdate } from '../src/core/view/treeReconciler';
import { parseStatusResponse } from '../src/core/api/validate';

export class ViewPipeline {
  snapshot?: Snapshot;
  readonly reconciler = new TreeReconciler();
  readonly treeModels = new TreeModelBuilder();
  constructor(private readonly names: ReadonlyMap<string, BulkSyncSummary>) {}

  refresh(body: string, now: number): { diff: SnapshotDiff; update: TreeUpdate } {
    const statuses = parseStatusResponse(JSON.parse(body));
    const snapshot = buildSnapshot(statuses, this.names, now, this.snapshot);
    const diff = diffSnapshots(this.snapshot, snapshot);
    this.snapshot = snapshot;
    const update = this.reconciler.update(this.treeModels.build(snapshot, now));
    return { diff, update };
  }
}

/** The same steps one at a time, for the per-stage breakdown. */
export function stageTimes(pipeline: ViewPipeline, body: string, now: number, names: ReadonlyMap<string, BulkSyncSummary>): Record<string, number> {
  const t: Record<string, number> = {};
  let mark = performance.now();
  const lap = (name: string) => {
    const at = performance.now();
    t[name] = at - mark;
    mark = at;
  };
  const json = JSON.parse(body);
  lap('JSON.parse');
  const statuses = parseStatusResponse(json);
  lap('validate');
  const snapshot = buildSnapshot(statuses, names, now, pipeline.snapshot);
  lap('snapshot');
  diffSnapshots(pipeline.snapshot, snapshot);
  lap('diff');
  pipeline.snapshot = snapshot;
  const models = pipeline.treeModels.build(snapshot, now);
  lap('tree models');
  pipeline.reconciler.update(models);
  lap('tree changes');
  return t;
}

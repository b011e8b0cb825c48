/**
 * When the tree's models are rebuilt, and what the tree then redraws. A view renders on every state
 * change, but the tree shows only the snapshot, the filter, the sort and the relative times: a
 * state change that leaves those alone (the `loading` flag, an error message, the next refresh
 * time) builds and reconciles nothing. A relative-time tick rebuilds with the new time, and the
 * builder and reconciler then touch only the nodes whose text moved.
 */
import type { Snapshot, TreeNodeModel } from '../api/contract';
import { TreeModelBuilder } from './treeModel';
import { TreeReconciler, type TreeUpdate } from './treeReconciler';
import type { SortOrder, ViewFilter } from './viewFilter';

/** What the tree shows, apart from the time. */
export interface TreeInputs {
  /** undefined when there is nothing to show (no data, signed out) */
  snapshot: Snapshot | undefined;
  filter: ViewFilter | undefined;
  sort: SortOrder;
}

export class TreeFeed {
  private readonly builder = new TreeModelBuilder();
  readonly reconciler = new TreeReconciler();
  private last: TreeInputs | undefined;
  private shown = 0;

  /**
   * The tree for these inputs at `now`. Unless `tick` says the time moved (or the inputs changed),
   * the tree as built last time stands and the update is `none` without building anything.
   */
  update(inputs: TreeInputs, now: number, tick = false): TreeUpdate {
    const last = this.last;
    if (!tick && last && last.snapshot === inputs.snapshot && last.filter === inputs.filter && last.sort === inputs.sort) {
      return { kind: 'none' };
    }
    this.last = inputs;
    const models: TreeNodeModel[] = inputs.snapshot ? this.builder.build(inputs.snapshot, now, { filter: inputs.filter, sort: inputs.sort }) : [];
    this.shown = models.length;
    return this.reconciler.update(models);
  }

  /** How many top-level rows the tree shows. */
  get rows(): number {
    return this.shown;
  }
}

/**
 * When the tree's models are rebuilt, and what the tree then redraws. A view renders on every state
 * change, but the tree shows only the snapshot, the filter, the sort and the relative times:
 * - a state change that leaves those alone (the `loading` flag, an error message, the next refresh
 *   time) builds and reconciles nothing;
 * - a relative-time tick rebuilds only the sync nodes whose description moved (TreeModelBuilder);
 * - a new snapshot redraws the branches whose data changed, the whole tree only when the rows or
 *   their order changed (TreeReconciler).
 * - anomalies (insights) mark the rows built from the snapshot (markAnomalies): a mark that appears,
 *   changes or clears makes a new node for that sync only, which the reconciler redraws by its shown
 *   fields (description, icon, colour);
 * Tooltips are rendered when the user hovers, at that time. VS Code keeps a tooltip once shown
 * until its element is redrawn, so an element whose tooltip was shown is redrawn when the text it
 * showed no longer reads the same: a handful of elements, not every relative time in the tree.
 */
import type { Snapshot, TreeNodeModel } from '../api/contract';
import { markAnomalies, NO_ANOMALIES, sameAnomalies, type AnomaliesBySync } from './anomalyText';
import { TreeModelBuilder } from './treeModel';
import { tooltipMarkdown } from './treeNodes';
import { TreeReconciler, type TreeUpdate } from './treeReconciler';
import type { SortOrder, ViewFilter } from './viewFilter';

/** What the tree shows, apart from the time. */
export interface TreeInputs {
  /** undefined when there is nothing to show (no data, signed out) */
  snapshot: Snapshot | undefined;
  filter: ViewFilter | undefined;
  sort: SortOrder;
  /** the insights service's anomalies by sync (none when absent) */
  anomalies?: AnomaliesBySync;
}

export class TreeFeed {
  private readonly builder = new TreeModelBuilder();
  readonly reconciler = new TreeReconciler();
  private last: TreeInputs | undefined;
  private shown = 0;
  /** element id → the time its tooltip was rendered, for tooltips VS Code still holds */
  private readonly tooltipsShown = new Map<string, number>();

  /**
   * The tree for these inputs at `now`. Unless `tick` says the time moved (or the inputs changed),
   * the tree as built last time stands and the update is `none` without building anything.
   */
  update(inputs: TreeInputs, now: number, tick = false): TreeUpdate {
    const last = this.last;
    const anomalies = inputs.anomalies ?? NO_ANOMALIES;
    if (!tick && last && last.snapshot === inputs.snapshot && last.filter === inputs.filter && last.sort === inputs.sort && sameAnomalies(last.anomalies ?? NO_ANOMALIES, anomalies)) {
      return { kind: 'none' };
    }
    this.last = inputs;
    const built = inputs.snapshot ? this.builder.build(inputs.snapshot, now, { filter: inputs.filter, sort: inputs.sort }) : [];
    const models: TreeNodeModel[] = markAnomalies(built, anomalies);
    this.shown = models.length;
    return this.withMovedTooltips(this.reconciler.update(models), now);
  }

  /** The user hovered this element at `at`: its tooltip was rendered then, and VS Code keeps it. */
  tooltipShown(id: string, at: number): void {
    this.tooltipsShown.set(id, at);
  }

  /** How many top-level rows the tree shows. */
  get rows(): number {
    return this.shown;
  }

  private withMovedTooltips(update: TreeUpdate, now: number): TreeUpdate {
    const shown = this.tooltipsShown;
    if (update.kind === 'all') shown.clear();
    if (shown.size === 0 || update.kind === 'all') return update;
    const elements = update.kind === 'some' ? update.elements : [];
    // A redrawn element (and its children) get new tooltips on the next hover.
    for (const element of elements) {
      shown.delete(element.id);
      for (const child of element.children) shown.delete(child.id);
    }
    const moved: TreeNodeModel[] = [];
    for (const [id, at] of shown) {
      const element = this.reconciler.get(id);
      if (element === undefined) shown.delete(id);
      else if (tooltipMarkdown(element, at) !== tooltipMarkdown(element, now)) {
        moved.push(element);
        shown.delete(id);
      }
    }
    return moved.length === 0 ? update : { kind: 'some', elements: elements.concat(moved) };
  }
}

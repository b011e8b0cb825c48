/**
 * What the extension does with every state the refresher emits, and on every relative-time tick:
 * the core calls of ViewRenderer.render (src/vscode/viewRenderer.ts), without the vscode objects.
 * The tree events are what SyncTreeProvider fires for the TreeReconciler's update: one whole-tree
 * refresh, or one event carrying the changed elements.
 */
import type { ViewState } from '../src/core/api/contract';
import { buildTreeModel, statusBarModel, viewMessage } from '../src/core/view/treeModel';
import { TreeReconciler } from '../src/core/view/treeReconciler';
import { failingCount, NO_FILTER } from '../src/core/view/viewFilter';

export interface TreeEvents {
  /** renders (state changes plus ticks) */
  renders: number;
  /** whole-tree refreshes fired */
  wholeTree: number;
  /** elements fired in element updates */
  elements: number;
}

export class RenderPath {
  private readonly reconciler = new TreeReconciler();
  readonly events: TreeEvents = { renders: 0, wholeTree: 0, elements: 0 };

  constructor(private readonly intervalMs: number) {}

  render(state: ViewState, now: number): void {
    this.events.renders++;
    const models = state.snapshot && state.auth === 'signedIn' ? buildTreeModel(state.snapshot, now, { filter: NO_FILTER, sort: 'severity' }) : [];
    const update = this.reconciler.update(models);
    if (update.kind === 'all') this.events.wholeTree++;
    else if (update.kind === 'some') this.events.elements += update.elements.length;
    viewMessage(state, now, this.intervalMs);
    statusBarModel(state, now, this.intervalMs);
    failingCount(state.snapshot);
  }

  /** events since `before` */
  since(before: TreeEvents): TreeEvents {
    return { renders: this.events.renders - before.renders, wholeTree: this.events.wholeTree - before.wholeTree, elements: this.events.elements - before.elements };
  }

  mark(): TreeEvents {
    return { ...this.events };
  }
}

/**
 * What the extension does with every state the refresher emits, and on every relative-time tick:
 * the core calls of ViewRenderer.render (src/vscode/viewRenderer.ts), without the vscode objects.
 * The tree events are what SyncTreeProvider fires for TreeFeed's update: one whole-tree
 * refresh, or one event carrying the changed elements.
 */
import type { ViewState } from '../src/core/api/contract';
import { statusBarModel, viewMessage } from '../src/core/view/statusBarModel';
import { TreeFeed } from '../src/core/view/treeFeed';
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
  private readonly feed = new TreeFeed();
  readonly events: TreeEvents = { renders: 0, wholeTree: 0, elements: 0 };

  constructor(private readonly intervalMs: number) {}

  /** `tick`: the relative-time tick (only the time moved). */
  render(state: ViewState, now: number, tick = false): void {
    this.events.renders++;
    const update = this.feed.update({ snapshot: state.auth === 'signedIn' ? state.snapshot : undefined, filter: NO_FILTER, sort: 'severity' }, now, tick);
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

/**
 * What the extension does with every state the refresher emits (`onState`, the core calls of
 * activate()'s eachState), and on every relative-time tick (`render`): the insights service's
 * onState, then the core calls of ViewRenderer.render (src/vscode/viewRenderer.ts), without the
 * vscode objects: tree models (TreeFeed), message, status bar and badge (with its HealthTracker),
 * anomaly marks from the service; then the run notifications' alertsFor (mode 'all', the one that
 * looks at most) and the anomaly notifications' newAlerts. Not the problem prompts (adapter only).
 * The tree events are what SyncTreeProvider fires for TreeFeed's update: one whole-tree
 * refresh, or one event carrying the changed elements.
 */
import type { Snapshot, SnapshotDiff, ViewState } from '../src/core/api/contract';
import { InsightsService } from '../src/core/insights/service';
import { alertsFor } from '../src/core/state/alerts';
import { statusBarModel, viewMessage } from '../src/core/view/statusBarModel';
import { TreeFeed } from '../src/core/view/treeFeed';
import { NO_FILTER } from '../src/core/view/viewFilter';
import { HealthTracker } from '../src/core/view/snapshotHealth';
import { anomalousSyncs, badgeModel, NO_ANOMALIES, withAnomalies } from '../src/core/view/anomalyText';

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
  private readonly health = new HealthTracker();
  readonly events: TreeEvents = { renders: 0, wholeTree: 0, elements: 0 };
  private now = 0;
  /** no executions fetcher: runs are judged from what the polls show (backfills do not run) */
  private readonly insights = new InsightsService({
    clock: { now: () => this.now, setTimeout: () => 0, clearTimeout: () => undefined },
    logger: { trace() {}, debug() {}, info() {}, warn() {}, error() {} },
    executions: () => undefined,
    mode: () => 'notify',
    judgeOptions: () => ({}),
  });
  /** the run notifications' last snapshot (RunNotifications) */
  private previous?: Snapshot;

  constructor(private readonly intervalMs: number) {}

  /** A state from the refresher, as activate()'s eachState handles it (with `diff`, the refresher's). */
  onState(state: ViewState, diff: SnapshotDiff | undefined, now: number): void {
    this.now = now;
    this.insights.onState(state);
    this.render(state, now);
    if (!state.snapshot) this.previous = undefined;
    else if (diff) {
      alertsFor(diff, this.previous, state.snapshot, 'all');
      this.previous = state.snapshot;
    }
    this.insights.newAlerts();
  }

  /** `tick`: the relative-time tick (only the time moved). */
  render(state: ViewState, now: number, tick = false): void {
    this.now = now;
    this.events.renders++;
    const signedIn = state.auth === 'signedIn';
    // The insights service's anomalies, as ViewRenderer passes them.
    const anomalies = signedIn ? this.insights.anomalies() : NO_ANOMALIES;
    const update = this.feed.update({ snapshot: signedIn ? state.snapshot : undefined, filter: NO_FILTER, sort: 'severity', anomalies }, now, tick);
    if (update.kind === 'all') this.events.wholeTree++;
    else if (update.kind === 'some') this.events.elements += update.elements.length;
    const anomalous = anomalousSyncs(state.snapshot, anomalies);
    viewMessage(state, now, this.intervalMs);
    withAnomalies(statusBarModel(state, now, this.intervalMs, (snapshot) => this.health.of(snapshot)), anomalous);
    if (state.snapshot && signedIn) badgeModel(this.health.of(state.snapshot).failed.length, anomalous.length);
  }

  /** events since `before` */
  since(before: TreeEvents): TreeEvents {
    return { renders: this.events.renders - before.renders, wholeTree: this.events.wholeTree - before.wholeTree, elements: this.events.elements - before.elements };
  }

  mark(): TreeEvents {
    return { ...this.events };
  }
}

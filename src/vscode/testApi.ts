import type * as vscode from 'vscode';
import type { TreeNodeModel, ViewState } from '../core/api/contract';
import type { ViewFilter } from '../core/view/viewFilter';
import type { Asker } from './asker';
import type { StatusBarSnapshot } from './statusBar';

/**
 * What `activate()` returns: a read-only window onto the extension for integration tests and
 * other extensions (`vscode.extensions.getExtension('polytomic-community.polytomic-bulk-syncs').exports`).
 * Keep these names stable: the integration and browser suites are written against them.
 */
export interface PolytomicApi {
  /** the one shared state every view renders */
  getState(): ViewState;
  /** fires after every view has rendered a new state */
  onDidChangeState(listener: (state: ViewState) => void): vscode.Disposable;
  /** what the tree shows now: the top-level syncs, or the children of `element` */
  getChildren(element?: TreeNodeModel): TreeNodeModel[];
  /** the TreeItem VS Code is given for `model`, with its tooltip resolved as on hover */
  getTreeItem(model: TreeNodeModel): vscode.TreeItem;
  /** the status-bar item as shown: tooltip is the Markdown source, backgroundColor a theme colour id */
  getStatusBarItem(): StatusBarSnapshot;
  /** a manual refresh; resolves when it has finished and the views have rendered its result */
  refreshNow(): Promise<void>;
  /** texts of the run alerts (failure / completion notifications) shown so far, oldest first */
  getShownAlerts(): string[];
  /** the view's badge as set: the number of failing syncs; undefined when none */
  getBadge(): { value: number; tooltip: string } | undefined;
  /** the filter in effect (polytomic.filter / polytomic.clearFilter) */
  getFilter(): ViewFilter;
  /** the view's description (active filter, sort) and message (errors, stale data, empty filter) */
  getViewHeader(): { description?: string; message?: string };
}

/** The texts of the last run notifications shown, oldest first, for getShownAlerts(). */
export class ShownAlerts {
  private static readonly MAX = 50;
  private readonly texts: string[] = [];

  add(text: string): void {
    this.texts.push(text);
    if (this.texts.length > ShownAlerts.MAX) this.texts.shift();
  }

  list(): string[] {
    return [...this.texts];
  }
}

/**
 * What `activate()` returns when VS Code runs the extension's tests (ExtensionMode.Test) and only
 * then: the same API, plus the one seam the in-host suite needs to answer the extension's
 * questions (confirmations, Sign In, the host prompts) through the same code paths the dialogs use.
 */
export interface PolytomicTestApi extends PolytomicApi {
  /** who answers questions from now on; undefined = the real dialogs again */
  setAsker(asker: Asker | undefined): void;
}

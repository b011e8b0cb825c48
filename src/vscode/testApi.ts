import type * as vscode from 'vscode';
import type { TreeNodeModel, ViewState } from '../core/contract';
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
  /** the TreeItem VS Code is given for `model` */
  getTreeItem(model: TreeNodeModel): vscode.TreeItem;
  /** the status-bar item as shown: tooltip is the Markdown source, backgroundColor a theme colour id */
  getStatusBarItem(): StatusBarSnapshot;
  /** a manual refresh; resolves when it has finished and the views have rendered its result */
  refreshNow(): Promise<void>;
}

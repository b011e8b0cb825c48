import * as vscode from 'vscode';
import type { TreeNodeModel } from '../core/api/contract';
import { tooltipMarkdown } from '../core/view/treeNodes';
import { TreeFeed, type TreeInputs } from '../core/view/treeFeed';

export const VIEW_ID = 'polytomic.syncs';

/**
 * Renders core tree models 1:1 as TreeItems. When to rebuild and which elements to fire for is
 * decided by the pure TreeFeed (core), whose TreeReconciler also keeps one element object per id for
 * the life of the view.
 */
export class SyncTreeProvider implements vscode.TreeDataProvider<TreeNodeModel>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<TreeNodeModel | TreeNodeModel[] | undefined>();
  readonly onDidChangeTreeData = this.changed.event;

  private readonly feed = new TreeFeed();
  private readonly reconciler = this.feed.reconciler;

  /**
   * Shows these inputs at `now` (`tick`: only the time moved) and notifies VS Code minimally: the
   * whole tree when the set or order of top-level syncs changed, the changed elements otherwise,
   * nothing when nothing changed. Returns what was fired, for the log.
   */
  update(inputs: TreeInputs, now: number, tick = false): 'all' | 'none' | number {
    const update = this.feed.update(inputs, now, tick);
    if (update.kind === 'all') {
      this.changed.fire(undefined);
      return 'all';
    }
    if (update.kind === 'none') return 'none';
    this.changed.fire(update.elements);
    return update.elements.length;
  }

  /** How many top-level rows the tree shows. */
  get rows(): number {
    return this.feed.rows;
  }

  getTreeItem(element: TreeNodeModel): vscode.TreeItem {
    return toTreeItem(this.reconciler.get(element.id) ?? element);
  }

  /**
   * VS Code asks for the tooltip when the user hovers: only then is its Markdown built, with the
   * relative times of that moment. VS Code keeps it until the element is redrawn (TreeFeed).
   */
  resolveTreeItem(item: vscode.TreeItem, element: TreeNodeModel): vscode.TreeItem {
    const now = Date.now();
    const current = this.reconciler.get(element.id) ?? element;
    item.tooltip = untrustedMarkdown(tooltipMarkdown(current, now));
    this.feed.tooltipShown(current.id, now);
    return item;
  }

  /** The TreeItem with its tooltip resolved, as the user sees it on hover (the extension's API, getTreeItem). */
  resolvedTreeItem(element: TreeNodeModel): vscode.TreeItem {
    return this.resolveTreeItem(this.getTreeItem(element), element);
  }

  getChildren(element?: TreeNodeModel): TreeNodeModel[] {
    if (!element) return this.reconciler.rootElements;
    return this.reconciler.get(element.id)?.children ?? [];
  }

  getParent(element: TreeNodeModel): TreeNodeModel | undefined {
    return this.reconciler.parentOf(element.id);
  }

  /** The current element for an id (reveal). */
  get(id: string): TreeNodeModel | undefined {
    return this.reconciler.get(id);
  }

  dispose(): void {
    this.changed.dispose();
  }
}

export function toTreeItem(model: TreeNodeModel): vscode.TreeItem {
  const item = new vscode.TreeItem(
    model.label,
    model.collapsible === 'collapsed' ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None,
  );
  item.id = model.id;
  item.description = model.description;
  item.iconPath = new vscode.ThemeIcon(model.icon, model.color ? new vscode.ThemeColor(model.color) : undefined);
  // item.tooltip stays unset: resolveTreeItem fills it on hover.
  item.contextValue = model.contextValue;
  item.accessibilityInformation = { label: model.description ? `${model.label}, ${model.description}` : model.label };
  return item;
}

/** Markdown built from server text: no command links, no HTML, no theme icons. */
export function untrustedMarkdown(value: string): vscode.MarkdownString {
  const md = new vscode.MarkdownString(value, false);
  md.supportThemeIcons = false;
  md.isTrusted = false;
  md.supportHtml = false;
  return md;
}

import * as vscode from 'vscode';
import type { TreeNodeModel } from '../core/contract';

export const VIEW_ID = 'polytomic.syncs';

/**
 * Renders core tree models 1:1 as TreeItems. VS Code identifies the element it was given by
 * object reference, so each id keeps one element object for the life of the view; a refresh
 * copies the new model into it and fires only for elements whose rendering changed.
 */
export class SyncTreeProvider implements vscode.TreeDataProvider<TreeNodeModel>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<TreeNodeModel | TreeNodeModel[] | undefined>();
  readonly onDidChangeTreeData = this.changed.event;

  private roots: TreeNodeModel[] = [];
  private readonly byId = new Map<string, TreeNodeModel>();
  private readonly parentById = new Map<string, TreeNodeModel | undefined>();
  /** what each element last rendered as (its own fields plus its child ids), to detect changes */
  private readonly renderedById = new Map<string, string>();

  /**
   * Replaces the models and notifies VS Code minimally: the whole tree when the set or order of
   * top-level syncs changed, the changed elements otherwise, nothing when nothing changed.
   * Returns what was fired, for the log.
   */
  update(models: readonly TreeNodeModel[]): 'all' | 'none' | number {
    const oldRootIds = this.roots.map((r) => r.id);
    const seen = new Set<string>();
    const changed: TreeNodeModel[] = [];

    const reconcile = (model: TreeNodeModel, parent: TreeNodeModel | undefined): TreeNodeModel => {
      seen.add(model.id);
      const children = model.children.map((c) => reconcile(c, undefined));
      const rendered = renderKey(model);
      let element = this.byId.get(model.id);
      if (!element) {
        element = { ...model, children };
        this.byId.set(model.id, element);
      } else {
        if (this.renderedById.get(model.id) !== rendered) changed.push(element);
        Object.assign(element, model, { children });
      }
      for (const child of children) this.parentById.set(child.id, element);
      this.parentById.set(model.id, parent);
      this.renderedById.set(model.id, rendered);
      return element;
    };

    const newRoots = models.map((m) => reconcile(m, undefined));
    for (const id of [...this.byId.keys()]) {
      if (!seen.has(id)) {
        this.byId.delete(id);
        this.parentById.delete(id);
        this.renderedById.delete(id);
      }
    }
    this.roots = newRoots;

    const rootsChanged = oldRootIds.length !== newRoots.length || newRoots.some((r, i) => r.id !== oldRootIds[i]);
    if (rootsChanged) {
      this.changed.fire(undefined);
      return 'all';
    }
    // An element whose parent is also being refreshed is covered by the parent's refresh.
    const changedIds = new Set(changed.map((e) => e.id));
    const minimal = changed.filter((e) => {
      const parent = this.parentById.get(e.id);
      return !parent || !changedIds.has(parent.id);
    });
    if (minimal.length === 0) return 'none';
    this.changed.fire(minimal);
    return minimal.length;
  }

  getTreeItem(element: TreeNodeModel): vscode.TreeItem {
    return toTreeItem(this.byId.get(element.id) ?? element);
  }

  getChildren(element?: TreeNodeModel): TreeNodeModel[] {
    if (!element) return this.roots;
    return this.byId.get(element.id)?.children ?? [];
  }

  getParent(element: TreeNodeModel): TreeNodeModel | undefined {
    return this.parentById.get(element.id);
  }

  /** The current element for an id (reveal, tests). */
  get(id: string): TreeNodeModel | undefined {
    return this.byId.get(id);
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
  item.tooltip = untrustedMarkdown(model.tooltipMarkdown);
  item.contextValue = model.contextValue;
  item.accessibilityInformation = { label: model.description ? `${model.label}, ${model.description}` : model.label };
  return item;
}

/** Markdown built from server text: no command links, no HTML; codicons only when used. */
export function untrustedMarkdown(value: string): vscode.MarkdownString {
  const md = new vscode.MarkdownString(value, /\$\([a-z0-9-~]+\)/i.test(value));
  md.isTrusted = false;
  md.supportHtml = false;
  return md;
}

function renderKey(m: TreeNodeModel): string {
  return JSON.stringify([
    m.label,
    m.description,
    m.icon,
    m.color,
    m.tooltipMarkdown,
    m.contextValue,
    m.collapsible,
    m.children.map((c) => c.id),
  ]);
}

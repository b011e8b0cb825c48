/**
 * The pure half of the tree adapter: which tree elements a refresh must re-render.
 *
 * VS Code identifies an element by object reference, so each node id keeps one element object for
 * the life of the view; a refresh copies the new model into it. This class decides what changed
 * (the whole tree when the set or order of top-level syncs changed; otherwise the elements whose
 * rendering changed, minus those covered by a changed parent) without touching VS Code, so the
 * benchmark and unit tests can count change events exactly.
 */
import type { TreeNodeModel } from './contract';

export type TreeUpdate = { kind: 'all' } | { kind: 'none' } | { kind: 'some'; elements: TreeNodeModel[] };

export class TreeReconciler {
  private roots: TreeNodeModel[] = [];
  private readonly byId = new Map<string, TreeNodeModel>();
  private readonly parentById = new Map<string, TreeNodeModel | undefined>();
  /** what each element last rendered as (its own fields plus its child ids), to detect changes */
  private readonly renderedById = new Map<string, string>();

  update(models: readonly TreeNodeModel[]): TreeUpdate {
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
    if (rootsChanged) return { kind: 'all' };
    // An element whose parent is also being refreshed is covered by the parent's refresh.
    const changedIds = new Set(changed.map((e) => e.id));
    const minimal = changed.filter((e) => {
      const parent = this.parentById.get(e.id);
      return !parent || !changedIds.has(parent.id);
    });
    return minimal.length === 0 ? { kind: 'none' } : { kind: 'some', elements: minimal };
  }

  get rootElements(): TreeNodeModel[] {
    return this.roots;
  }

  get(id: string): TreeNodeModel | undefined {
    return this.byId.get(id);
  }

  parentOf(id: string): TreeNodeModel | undefined {
    return this.parentById.get(id);
  }
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

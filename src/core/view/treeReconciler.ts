/**
 * The pure half of the tree adapter: which tree elements a refresh must re-render.
 *
 * VS Code identifies an element by object reference, so each node id keeps one element object for
 * the life of the view; a refresh copies the new model into it. This class decides what changed
 * (the whole tree when the set or order of top-level syncs changed; otherwise the elements whose
 * rendering changed, minus those covered by a changed parent) without touching VS Code, so the
 * benchmark and unit tests can count change events exactly.
 * An element is a copy of its model with its own children array: every node has the same properties
 * in one order (treeNodes.ts), so copies keep one object shape and fast property access at 100,000 nodes.
 */
import type { TreeNodeModel } from '../api/contract';
import { sameView } from './nodeView';

export type TreeUpdate = { kind: 'all' } | { kind: 'none' } | { kind: 'some'; elements: TreeNodeModel[] };

interface Entry {
  element: TreeNodeModel;
  parent: TreeNodeModel | undefined;
  /** the update that last saw this id; older entries are gone from the tree */
  generation: number;
  /**
   * The model last copied into the element. Models are never mutated, so the same model object
   * again (buildSyncNode returns an unchanged branch as the same object) means nothing to redraw
   * in the whole branch.
   */
  model: TreeNodeModel;
  children: Entry[];
}

export class TreeReconciler {
  private roots: TreeNodeModel[] = [];
  private rootEntries: Entry[] = [];
  private readonly byId = new Map<string, Entry>();
  private generation = 0;
  private changed: TreeNodeModel[] = [];

  update(models: readonly TreeNodeModel[]): TreeUpdate {
    const oldRoots = this.roots;
    this.generation++;
    this.changed = [];
    this.seenCount = 0;
    const newRoots = new Array<TreeNodeModel>(models.length);
    const oldRootEntries = this.rootEntries;
    const rootEntries = new Array<Entry>(models.length);
    for (let i = 0; i < models.length; i++) {
      rootEntries[i] = this.reconcile(models[i], undefined, oldRootEntries[i]);
      newRoots[i] = rootEntries[i].element;
    }
    this.rootEntries = rootEntries;
    const generation = this.generation;
    if (this.byId.size > this.seenCount) {
      for (const [id, entry] of this.byId) if (entry.generation !== generation) this.byId.delete(id);
    }
    this.roots = newRoots;

    let rootsChanged = oldRoots.length !== newRoots.length;
    for (let i = 0; !rootsChanged && i < newRoots.length; i++) rootsChanged = newRoots[i].id !== oldRoots[i].id;
    if (rootsChanged) return { kind: 'all' };
    // An element whose parent is also being refreshed is covered by the parent's refresh.
    const changed = this.changed;
    this.changed = [];
    if (changed.length === 0) return { kind: 'none' };
    const changedIds = new Set(changed.map((e) => e.id));
    const minimal = changed.filter((e) => {
      const parent = this.byId.get(e.id)?.parent;
      return !parent || !changedIds.has(parent.id);
    });
    return { kind: 'some', elements: minimal };
  }

  /** distinct ids seen by the current update (no sweep for removed ids when it is all of them) */
  private seenCount = 0;

  /** `hint`: the entry that held this position last time (usually the same id: no map lookup). */
  private reconcile(model: TreeNodeModel, parent: TreeNodeModel | undefined, hint?: Entry): Entry {
    const entry = hint !== undefined && hint.element.id === model.id ? hint : this.byId.get(model.id);
    if (entry && entry.model === model && entry.parent === parent) {
      this.touch(entry);
      return entry;
    }
    const modelChildren = model.children;
    if (!entry) {
      const children = new Array<TreeNodeModel>(modelChildren.length);
      const childEntries = new Array<Entry>(modelChildren.length);
      const element: TreeNodeModel = { ...model, children };
      const created: Entry = { element, parent, generation: this.generation, model, children: childEntries };
      this.byId.set(model.id, created);
      this.seenCount++;
      for (let i = 0; i < modelChildren.length; i++) {
        childEntries[i] = this.reconcile(modelChildren[i], element);
        children[i] = childEntries[i].element;
      }
      return created;
    }
    const element = entry.element;
    entry.parent = parent;
    if (entry.generation !== this.generation) this.seenCount++;
    entry.generation = this.generation;
    entry.model = model;
    // The children arrays are copied only when a child differs from last time (usually none do:
    // one element per id, in the same order), so most updates allocate nothing here.
    const oldEntries = entry.children;
    const oldChildren = element.children;
    let entries = oldEntries;
    let children = oldChildren;
    if (modelChildren.length !== oldEntries.length) {
      entries = [];
      children = [];
    }
    for (let i = 0; i < modelChildren.length; i++) {
      const child = this.reconcile(modelChildren[i], element, oldEntries[i]);
      if (entries === oldEntries) {
        if (child === oldEntries[i]) continue;
        entries = oldEntries.slice(0, i);
        children = oldChildren.slice(0, i);
      }
      entries.push(child);
      children.push(child.element);
    }
    entry.children = entries;
    if (!sameRendering(element, model, children)) this.changed.push(element);
    Object.assign(element, model);
    element.children = children;
    return entry;
  }

  /** An unchanged branch: still in the tree. */
  private touch(entry: Entry): void {
    if (entry.generation !== this.generation) this.seenCount++;
    entry.generation = this.generation;
    for (const child of entry.children) this.touch(child);
  }

  get rootElements(): TreeNodeModel[] {
    return this.roots;
  }

  get(id: string): TreeNodeModel | undefined {
    return this.byId.get(id)?.element;
  }

  parentOf(id: string): TreeNodeModel | undefined {
    return this.byId.get(id)?.parent;
  }
}

/** Whether `element` (as last rendered) and `model` (with its reconciled children) look the same. */
function sameRendering(element: TreeNodeModel, model: TreeNodeModel, children: TreeNodeModel[]): boolean {
  const before = element.children;
  if (before.length !== children.length) return false;
  for (let i = 0; i < children.length; i++) if (before[i].id !== children[i].id) return false;
  return sameView(element, model);
}

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
  /**
   * Its place in its parent's children (or among the roots) when last placed. A row that moved
   * shifts the ones after it by one: the next model is then looked for at the same shift (one
   * array read) rather than by id in a map of every node, which at 2,000 syncs × 14 schemas
   * costs microseconds per lookup (the bulk of a followed poll's reconcile, measured).
   */
  index: number;
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
    this.dropped = [];
    // The whole tree is refreshed when the roots' ids or their order changed: then which elements
    // read differently does not matter, and is not worked out (sameRendering per redrawn element).
    const rootsChanged = !sameIds(oldRoots, models);
    this.collectChanged = !rootsChanged;
    const newRoots = new Array<TreeNodeModel>(models.length);
    const oldRootEntries = this.rootEntries;
    const rootEntries = new Array<Entry>(models.length);
    const generation = this.generation;
    // old position of the entry expected at i: i + shift (rows that moved shift the others)
    let shift = 0;
    for (let i = 0; i < models.length; i++) {
      const hint = oldRootEntries[i + shift];
      // The usual root: the same branch (model object) where the shift says, as last time.
      const entry = hint !== undefined && hint.model === models[i] && hint.parent === undefined ? hint : this.reconcile(models[i], undefined, hint);
      if (entry !== hint && oldRootEntries[entry.index] === entry) shift = entry.index - i;
      entry.generation = generation;
      entry.index = i;
      rootEntries[i] = entry;
      newRoots[i] = entry.element;
    }
    this.rootEntries = rootEntries;
    // Ids gone from the tree: only an entry that held a place last time (a root, or a child of a
    // redrawn branch) and was not placed again this time, with what it held.
    for (const entry of oldRootEntries) this.forgetIfGone(entry);
    for (const entry of this.dropped) this.forgetIfGone(entry);
    this.dropped = [];
    this.roots = newRoots;

    // one element per id: the same ids in the same order are the same element objects
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

  /** children entries of redrawn branches as they were before this update (see forgetIfGone) */
  private dropped: Entry[] = [];
  /** whether this update lists the elements that read differently (not when it refreshes the whole tree) */
  private collectChanged = true;

  /** `hint`: the entry that held this position last time (usually the same id: no map lookup). */
  private reconcile(model: TreeNodeModel, parent: TreeNodeModel | undefined, hint?: Entry): Entry {
    const entry = hint !== undefined && hint.element.id === model.id ? hint : this.byId.get(model.id);
    if (entry && entry.model === model && entry.parent === parent) {
      // The same branch as last time: its descendants are still the same entries, left unvisited.
      entry.generation = this.generation;
      return entry;
    }
    const modelChildren = model.children;
    if (!entry) {
      const children = new Array<TreeNodeModel>(modelChildren.length);
      const childEntries = new Array<Entry>(modelChildren.length);
      const element: TreeNodeModel = { ...model, children };
      const created: Entry = { element, parent, generation: this.generation, model, children: childEntries, index: -1 };
      this.byId.set(model.id, created);
      for (let i = 0; i < modelChildren.length; i++) {
        childEntries[i] = this.reconcile(modelChildren[i], element);
        childEntries[i].index = i;
        children[i] = childEntries[i].element;
      }
      return created;
    }
    const element = entry.element;
    entry.parent = parent;
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
    let shift = 0;
    for (let i = 0; i < modelChildren.length; i++) {
      const hint = oldEntries[i + shift];
      const child = this.reconcile(modelChildren[i], element, hint);
      if (child !== hint && oldEntries[child.index] === child) shift = child.index - i;
      child.index = i;
      if (entries === oldEntries) {
        if (child === oldEntries[i]) continue;
        entries = oldEntries.slice(0, i);
        children = oldChildren.slice(0, i);
      }
      entries.push(child);
      children.push(child.element);
    }
    if (entries !== oldEntries) for (const old of oldEntries) this.dropped.push(old);
    entry.children = entries;
    if (this.collectChanged && !sameRendering(element, model, children)) this.changed.push(element);
    Object.assign(element, model);
    element.children = children;
    return entry;
  }

  /**
   * An entry that held a place before this update: unless this update placed it again (as the
   * same branch or redrawn), its id and its descendants' leave the tree, except a descendant that
   * was placed elsewhere. Entries under an unchanged branch are not marked (the branch is skipped
   * whole), but they are never here: an unchanged branch keeps its children, which had no other
   * parent.
   */
  private forgetIfGone(entry: Entry): void {
    if (entry.generation === this.generation) return;
    if (this.byId.get(entry.element.id) === entry) this.byId.delete(entry.element.id);
    for (const child of entry.children) this.forgetIfGone(child);
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

/** Whether the roots shown (`elements`) have the ids of `models`, in order. */
function sameIds(elements: readonly TreeNodeModel[], models: readonly TreeNodeModel[]): boolean {
  if (elements.length !== models.length) return false;
  for (let i = 0; i < models.length; i++) if (elements[i].id !== models[i].id) return false;
  return true;
}

/** Whether `element` (as last rendered) and `model` (with its reconciled children) look the same. */
function sameRendering(element: TreeNodeModel, model: TreeNodeModel, children: TreeNodeModel[]): boolean {
  const before = element.children;
  if (before.length !== children.length) return false;
  for (let i = 0; i < children.length; i++) if (before[i].id !== children[i].id) return false;
  return sameView(element, model);
}


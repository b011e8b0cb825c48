/**
 * The tree: sync nodes, each with its schema nodes, in the order the user chose. A builder keeps
 * what the last build made, so a refresh rebuilds only what changed (see TreeModelBuilder).
 */
import type { Snapshot, SyncSnapshot, TreeNodeModel } from '../api/contract';
import { addToSummary, compareSchemas, compareSyncs, newSummary, parseTime, schemaNode, syncNode } from './treeNodes';
import { schemaReadsTheSame, syncReadsTheSame, type SchemaTooltipSource, type SyncTooltipSource } from './nodeView';
import { applyFilter, schemaComparator, type SortOrder, type ViewFilter } from './viewFilter';

export interface TreeViewOptions {
  /** which syncs to show; default all */
  filter?: ViewFilter;
  /** default 'severity': worst first, then by name */
  sort?: SortOrder;
}

interface BuiltNode {
  node: TreeNodeModel;
  sort: SortOrder;
}

/**
 * Builds tree models refresh after refresh; one per view. It remembers:
 * - the last node built per sync object. buildSnapshot reuses unchanged sync objects, so a sync
 *   whose data did not change gets its previous node back (one object for the whole branch: the
 *   reconciler then skips it by reference) unless a relative time it shows reads differently now;
 *   then only the nodes whose text moved are rebuilt. Weak: a node lives as long as the snapshot
 *   that holds its sync.
 * - the sync order last shown (severity order, no filter). Starting from it, usually the same or
 *   nearly, lets Array.prototype.sort (TimSort, adaptive) finish in about one comparison per sync
 *   instead of n log n collator comparisons.
 */
export class TreeModelBuilder {
  private readonly built = new WeakMap<SyncSnapshot, BuiltNode>();
  private lastOrder: string[] = [];

  /**
   * Sync nodes, each with its schema nodes; by default worst first then by name (schemas too).
   * A filter keeps whole syncs (with all their schemas, for context).
   */
  build(snapshot: Snapshot, now: number, options: TreeViewOptions = {}): TreeNodeModel[] {
    const sort = options.sort ?? 'severity';
    const syncs = options.filter || sort !== 'severity' ? applyFilter(snapshot, options.filter, sort) : this.sortSyncs(snapshot.syncs);
    const nodes = new Array<TreeNodeModel>(syncs.length);
    for (let i = 0; i < syncs.length; i++) nodes[i] = this.syncNode(syncs[i], now, sort);
    return nodes;
  }

  private syncNode(sync: SyncSnapshot, now: number, sort: SortOrder): TreeNodeModel {
    const built = this.built.get(sync);
    let node: TreeNodeModel;
    if (built && built.sort === sort) {
      const old = built.node;
      let children = old.children;
      for (let i = 0; i < children.length; i++) {
        const child = children[i];
        if (schemaReadsTheSame(child.tooltip as SchemaTooltipSource, now)) continue;
        if (children === old.children) children = children.slice();
        const source = child.tooltip as SchemaTooltipSource;
        children[i] = schemaNode(sync, source.schema, now, source.startedAt, source.completedAt);
      }
      if (children === old.children && syncReadsTheSame(old.tooltip as SyncTooltipSource, now)) return old;
      // Same data, so same order and summary; only the text of relative times moved.
      node = syncNode(sync, (old.tooltip as SyncTooltipSource).summary, children, now);
    } else {
      node = buildSyncNodeAfresh(sync, now, sort);
    }
    this.built.set(sync, { node, sort });
    return node;
  }

  /** Worst first, then by name (compareSyncs is a total order: the result does not depend on the input order). */
  private sortSyncs(syncs: readonly SyncSnapshot[]): SyncSnapshot[] {
    const byId = new Map<string, SyncSnapshot>();
    for (const sync of syncs) byId.set(sync.id, sync);
    const ordered: SyncSnapshot[] = [];
    for (const id of this.lastOrder) {
      const sync = byId.get(id);
      if (sync) {
        ordered.push(sync);
        byId.delete(id);
      }
    }
    for (const sync of byId.values()) ordered.push(sync);
    ordered.sort(compareSyncs);
    this.lastOrder = ordered.map((s) => s.id);
    return ordered;
  }
}

/** One build with nothing remembered (tests, one-off renders); a view keeps a TreeModelBuilder. */
export function buildTreeModel(snapshot: Snapshot, now: number, options: TreeViewOptions = {}): TreeNodeModel[] {
  return new TreeModelBuilder().build(snapshot, now, options);
}

function buildSyncNodeAfresh(sync: SyncSnapshot, now: number, sort: SortOrder): TreeNodeModel {
  const schemas = sync.schemas.slice().sort(sort === 'severity' ? compareSchemas : schemaComparator(sort));
  const summary = newSummary(schemas.length);
  const children = new Array<TreeNodeModel>(schemas.length);
  for (let i = 0; i < schemas.length; i++) {
    const schema = schemas[i];
    const completed = parseTime(schema.completedAt);
    children[i] = schemaNode(sync, schema, now, parseTime(schema.startedAt), completed);
    addToSummary(summary, schema, completed);
  }
  return syncNode(sync, summary, children, now);
}

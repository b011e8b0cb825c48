/**
 * The tree: sync nodes, each with its schema nodes, in the order the user chose. A builder keeps
 * what the last build made, so a refresh rebuilds only what changed (see TreeModelBuilder).
 */
import type { SchemaSnapshot, Snapshot, SyncSnapshot, TreeNodeModel } from '../api/contract';
import { addToSummary, compareSchemas, compareSyncs, newSummary, parseTime, schemaNode, syncDescription, syncDescriptionChangesAt, syncNode } from './treeNodes';
import type { SyncTooltipSource } from './nodeView';
import { placeSorted } from './snapshotHealth';
import { applyFilter, isFiltered, schemaComparator, type SortOrder, type ViewFilter } from './viewFilter';

export interface TreeViewOptions {
  /** which syncs to show; default all */
  filter?: ViewFilter;
  /** default 'severity': worst first, then by name */
  sort?: SortOrder;
}

interface BuiltNode {
  node: TreeNodeModel;
  sort: SortOrder;
  /** the node's description reads the same at every time in [from, until) (syncDescriptionChangesAt) */
  from: number;
  until: number;
}

/**
 * Builds tree models refresh after refresh; one per view. It remembers:
 * - the last node built per sync object. buildSnapshot reuses unchanged sync objects, so a sync
 *   whose data did not change gets its previous node back (one object for the whole branch: the
 *   reconciler then skips it by reference) unless its description, which may show a relative
 *   time, reads differently now; then only the sync node is rebuilt (schema nodes show no time
 *   but in their tooltips, which are rendered at hover time). With the node it keeps until when
 *   the description reads the same (syncDescriptionChangesAt), so a tick or a poll formats only
 *   the descriptions that can have moved, not 2,000 of them. Weak: a node lives as long as the
 *   snapshot that holds its sync.
 * - the syncs in the order last shown. The same snapshot, filter and sort (a relative-time tick)
 *   keep it as it is. A new snapshot in severity order is compared with the last one position by
 *   position (buildSnapshot and mergeFollowed keep unchanged rows as the same objects, in place):
 *   the unchanged rows keep their relative order (compareSyncs is a total order over the row's
 *   data), so only the k changed rows are placed, by binary search (k log n comparisons instead of
 *   n collator comparisons). Many changes (a whole-scope poll) sort again starting from the last
 *   order, usually the same or nearly, which lets Array.prototype.sort (TimSort, adaptive) finish
 *   in about one comparison per sync.
 */
export class TreeModelBuilder {
  private readonly built = new WeakMap<SyncSnapshot, BuiltNode>();
  /**
   * The last node built per schema row. A sync whose data changed (a run moved on) is a new row,
   * but most of its schema rows are the same objects again (buildSnapshot): their nodes are too,
   * so the reconciler skips them by reference. A schema node shows only its row and its sync's id
   * (its tooltip is rendered at hover time).
   */
  private readonly schemaNodes = new WeakMap<SchemaSnapshot, TreeNodeModel>();
  /** the snapshot rows last sorted in severity order, and that order */
  private lastSorted?: { rows: readonly SyncSnapshot[]; ordered: SyncSnapshot[] };
  private lastSyncs?: { snapshot: Snapshot; filter: ViewFilter | undefined; sort: SortOrder; syncs: SyncSnapshot[] };

  /**
   * Sync nodes, each with its schema nodes; by default worst first then by name (schemas too).
   * A filter keeps whole syncs (with all their schemas, for context).
   */
  build(snapshot: Snapshot, now: number, options: TreeViewOptions = {}): TreeNodeModel[] {
    const syncs = this.orderedSyncs(snapshot, options.filter, options.sort ?? 'severity');
    const sort = options.sort ?? 'severity';
    const nodes = new Array<TreeNodeModel>(syncs.length);
    for (let i = 0; i < syncs.length; i++) nodes[i] = this.syncNode(syncs[i], now, sort);
    return nodes;
  }

  private orderedSyncs(snapshot: Snapshot, filter: ViewFilter | undefined, sort: SortOrder): SyncSnapshot[] {
    const last = this.lastSyncs;
    if (last && last.snapshot === snapshot && last.filter === filter && last.sort === sort) return last.syncs;
    const syncs = (filter && isFiltered(filter)) || sort !== 'severity' ? applyFilter(snapshot, filter, sort) : this.sortSyncs(snapshot.syncs);
    this.lastSyncs = { snapshot, filter, sort, syncs };
    return syncs;
  }

  private syncNode(sync: SyncSnapshot, now: number, sort: SortOrder): TreeNodeModel {
    const built = this.built.get(sync);
    let node: TreeNodeModel;
    if (built && built.sort === sort) {
      if (now >= built.from && now < built.until) return built.node;
      const old = built.node;
      // Same data, so same order, children and summary; only a relative time may read differently.
      const summary = (old.tooltip as SyncTooltipSource).summary;
      const until = syncDescriptionChangesAt(sync, summary, now);
      if (syncDescription(sync, summary, now) === old.description) {
        built.from = now;
        built.until = until;
        return old;
      }
      node = syncNode(sync, summary, old.children, now);
      this.built.set(sync, { node, sort, from: now, until });
      return node;
    }
    node = buildSyncNodeAfresh(sync, now, sort, this.schemaNodes);
    this.built.set(sync, { node, sort, from: now, until: syncDescriptionChangesAt(sync, (node.tooltip as SyncTooltipSource).summary, now) });
    return node;
  }

  /** Worst first, then by name (compareSyncs is a total order: the result does not depend on the input order). */
  private sortSyncs(rows: readonly SyncSnapshot[]): SyncSnapshot[] {
    const last = this.lastSorted;
    let ordered: SyncSnapshot[] | undefined;
    if (last && last.rows.length === rows.length) {
      const gone = new Set<SyncSnapshot>();
      const added: SyncSnapshot[] = [];
      for (let i = 0; i < rows.length; i++) {
        if (rows[i] !== last.rows[i]) {
          gone.add(last.rows[i]);
          added.push(rows[i]);
        }
      }
      if (added.length === 0) ordered = last.ordered;
      else if (added.length * 8 <= rows.length) ordered = placeSorted(last.ordered.filter((sync) => !gone.has(sync)), added.sort(compareSyncs));
    }
    ordered ??= resort(last?.ordered ?? [], rows);
    this.lastSorted = { rows, ordered };
    return ordered;
  }
}

/** `rows` in severity order, starting from `previous` (the last order: TimSort is adaptive). */
function resort(previous: readonly SyncSnapshot[], rows: readonly SyncSnapshot[]): SyncSnapshot[] {
  const byId = new Map<string, SyncSnapshot>();
  for (const sync of rows) byId.set(sync.id, sync);
  const ordered: SyncSnapshot[] = [];
  for (const { id } of previous) {
    const sync = byId.get(id);
    if (sync) {
      ordered.push(sync);
      byId.delete(id);
    }
  }
  for (const sync of byId.values()) ordered.push(sync);
  return ordered.sort(compareSyncs);
}

/** One build with nothing remembered (tests, one-off renders); a view keeps a TreeModelBuilder. */
export function buildTreeModel(snapshot: Snapshot, now: number, options: TreeViewOptions = {}): TreeNodeModel[] {
  return new TreeModelBuilder().build(snapshot, now, options);
}

function buildSyncNodeAfresh(sync: SyncSnapshot, now: number, sort: SortOrder, schemaNodes: WeakMap<SchemaSnapshot, TreeNodeModel>): TreeNodeModel {
  const schemas = sync.schemas.slice().sort(sort === 'severity' ? compareSchemas : schemaComparator(sort));
  const summary = newSummary(schemas.length);
  const children = new Array<TreeNodeModel>(schemas.length);
  for (let i = 0; i < schemas.length; i++) {
    const schema = schemas[i];
    const completed = parseTime(schema.completedAt);
    const known = schemaNodes.get(schema);
    if (known !== undefined && known.syncId === sync.id) children[i] = known;
    else schemaNodes.set(schema, (children[i] = schemaNode(sync, schema, now, parseTime(schema.startedAt), completed)));
    addToSummary(summary, schema, completed);
  }
  return syncNode(sync, summary, children, now);
}

/**
 * The tree: sync nodes, each with its schema nodes, in the order the user chose. A builder keeps
 * what the last build made, so a refresh rebuilds only what changed (see TreeModelBuilder).
 */
import type { SchemaSnapshot, Snapshot, SyncSnapshot, TreeNodeModel } from '../api/contract';
import { addToSummary, compareSchemas, compareSyncs, newSummary, parseTime, schemaNode, syncDescription, syncDescriptionChangesAt, syncNode } from './treeNodes';
import type { SyncTooltipSource } from './nodeView';

type SchemaTooltipSource = Extract<TreeNodeModel['tooltip'], { kind: 'schema' }>;
import { placeSorted } from './snapshotHealth';
import { rowsChangedInPlace } from '../state/snapshot';
import { applyFilter, isFiltered, schemaComparator, type SortOrder, type ViewFilter } from './viewFilter';

export interface TreeViewOptions {
  /** which syncs to show; default all */
  filter?: ViewFilter;
  /** default 'severity': worst first, then by name */
  sort?: SortOrder;
}

interface BuiltNode {
  sync: SyncSnapshot;
  node: TreeNodeModel;
  sort: SortOrder;
  /** the node's description reads the same at every time in [from, until) (syncDescriptionChangesAt) */
  from: number;
  until: number;
}

/** What the last build showed: the nodes in order, and the snapshot rows, filter and sort they came from. */
interface Shown {
  snapshot: Snapshot;
  filter: ViewFilter | undefined;
  sort: SortOrder;
  /** one per row shown, in the order shown */
  built: BuiltNode[];
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
 * - what it showed last, in order. The same snapshot, filter and sort (a relative-time tick)
 *   keep the order as it is. A new snapshot in severity order, unfiltered, is compared with the
 *   last one position by position (buildSnapshot and mergeFollowed keep unchanged rows as the
 *   same objects, in place): the unchanged rows keep their nodes and their relative order
 *   (compareSyncs is a total order over the row's data), so only the k changed rows are built and
 *   placed, by binary search (k log n comparisons instead of n collator comparisons, and no
 *   lookup per unchanged row). A changed row's schemas start from the order its last node showed
 *   and take the times that node parsed (when the text is the same). Many changes (a whole-scope
 *   poll) sort again starting from the last order, usually the same or nearly, which lets
 *   Array.prototype.sort (TimSort, adaptive) finish in about one comparison per sync.
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
  /** the last build unfiltered in severity order (the one a new snapshot's changed rows are placed into) */
  private lastSeverity?: Shown;
  private last?: Shown;

  /**
   * Sync nodes, each with its schema nodes; by default worst first then by name (schemas too).
   * A filter keeps whole syncs (with all their schemas, for context).
   */
  build(snapshot: Snapshot, now: number, options: TreeViewOptions = {}): TreeNodeModel[] {
    const filter = options.filter;
    const sort = options.sort ?? 'severity';
    const built = this.shown(snapshot, filter, sort, now);
    const nodes = new Array<TreeNodeModel>(built.length);
    for (let i = 0; i < built.length; i++) nodes[i] = this.current(built[i], now);
    return nodes;
  }

  /** The rows to show, in order, each with its last built node (new rows built at `now`). */
  private shown(snapshot: Snapshot, filter: ViewFilter | undefined, sort: SortOrder, now: number): BuiltNode[] {
    const last = this.last;
    if (last && last.snapshot === snapshot && last.filter === filter && last.sort === sort) return last.built;
    let built: BuiltNode[];
    if ((filter && isFiltered(filter)) || sort !== 'severity') {
      built = applyFilter(snapshot, filter, sort).map((sync) => this.builtNode(sync, now, sort));
    } else {
      built = this.placedInLastOrder(snapshot, now) ?? this.sorted(snapshot, now);
      this.lastSeverity = { snapshot, filter, sort, built };
    }
    this.last = { snapshot, filter, sort, built };
    return built;
  }

  /**
   * The last severity order with the rows that changed in place rebuilt and placed again; undefined
   * when the rows are not in place or too many changed (then sorting again costs less).
   */
  private placedInLastOrder(snapshot: Snapshot, now: number): BuiltNode[] | undefined {
    const last = this.lastSeverity;
    const changed = last && rowsChangedInPlace(last.snapshot, snapshot);
    if (!last || !changed) return undefined;
    const before = last.snapshot.syncs;
    const gone = new Set(changed.map((i) => before[i]));
    const added = changed.map((i) => this.builtNode(snapshot.syncs[i], now, 'severity', before[i]));
    if (added.length === 0) return last.built;
    const kept = last.built.filter((b) => !gone.has(b.sync));
    return placeSorted(kept, added.sort(compareBuilt), compareBuilt);
  }

  /** Every row, worst first then by name, starting from the last order (TimSort is adaptive). */
  private sorted(snapshot: Snapshot, now: number): BuiltNode[] {
    return resort(this.lastSeverity?.built ?? [], snapshot.syncs).map((sync) => this.builtNode(sync, now, 'severity'));
  }

  /** The node kept for this row, or one built now; `previous`: the row this one replaces (same id), whose node it starts from. */
  private builtNode(sync: SyncSnapshot, now: number, sort: SortOrder, previous?: SyncSnapshot): BuiltNode {
    const known = this.built.get(sync);
    if (known && known.sort === sort) return known;
    const before = previous && previous.id === sync.id ? this.built.get(previous) : undefined;
    const node = buildSyncNodeAfresh(sync, now, sort, this.schemaNodes, before?.sort === sort ? before.node : undefined);
    const built: BuiltNode = { sync, node, sort, from: now, until: syncDescriptionChangesAt(sync, (node.tooltip as SyncTooltipSource).summary, now) };
    this.built.set(sync, built);
    return built;
  }

  /** The row's node as it reads at `now`: the same, or rebuilt when its description moved. */
  private current(built: BuiltNode, now: number): TreeNodeModel {
    if (now >= built.from && now < built.until) return built.node;
    const { sync, node: old } = built;
    // Same data, so same order, children and summary; only a relative time may read differently.
    const summary = (old.tooltip as SyncTooltipSource).summary;
    built.from = now;
    built.until = syncDescriptionChangesAt(sync, summary, now);
    if (syncDescription(sync, summary, now) !== old.description) built.node = syncNode(sync, summary, old.children, now);
    return built.node;
  }
}

function compareBuilt(a: BuiltNode, b: BuiltNode): number {
  return compareSyncs(a.sync, b.sync);
}

/** `rows` in severity order, starting from `previous` (the last order: TimSort is adaptive). */
function resort(previous: readonly BuiltNode[], rows: readonly SyncSnapshot[]): SyncSnapshot[] {
  const byId = new Map<string, SyncSnapshot>();
  for (const sync of rows) byId.set(sync.id, sync);
  const ordered: SyncSnapshot[] = [];
  for (const { sync: { id } } of previous) {
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

/**
 * A sync node built for this row. `previous`: the node of the row it replaces (same sync, same
 * sort), if any: its schemas' order is where sorting starts (usually still in order: about one
 * comparison per schema) and the times it parsed are taken for a schema whose time text is the same.
 */
function buildSyncNodeAfresh(sync: SyncSnapshot, now: number, sort: SortOrder, schemaNodes: WeakMap<SchemaSnapshot, TreeNodeModel>, previous?: TreeNodeModel): TreeNodeModel {
  const before = sort === 'severity' && previous !== undefined ? byName(previous.children) : undefined;
  const schemas = (before ? inLastOrder(sync.schemas, previous!.children) : undefined) ?? sync.schemas.slice();
  schemas.sort(sort === 'severity' ? compareSchemas : schemaComparator(sort));
  const summary = newSummary(schemas.length);
  const children = new Array<TreeNodeModel>(schemas.length);
  for (let i = 0; i < schemas.length; i++) {
    const schema = schemas[i];
    const known = schemaNodes.get(schema);
    let completed: number | undefined;
    if (known !== undefined && known.syncId === sync.id) {
      children[i] = known;
      completed = (known.tooltip as SchemaTooltipSource).completedAt;
    } else {
      const last = before?.get(schema.schema);
      const old = last?.tooltip as SchemaTooltipSource | undefined;
      const started = old && old.schema.startedAt === schema.startedAt ? old.startedAt : parseTime(schema.startedAt);
      completed = old && old.schema.completedAt === schema.completedAt ? old.completedAt : parseTime(schema.completedAt);
      schemaNodes.set(schema, (children[i] = schemaNode(sync, schema, now, started, completed, last)));
    }
    addToSummary(summary, schema, completed);
  }
  return syncNode(sync, summary, children, now);
}

/** Schema nodes by schema name; undefined when two share a name. */
function byName(nodes: readonly TreeNodeModel[]): Map<string, TreeNodeModel> | undefined {
  const map = new Map<string, TreeNodeModel>();
  for (const node of nodes) if (node.schema !== undefined) map.set(node.schema, node);
  return map.size === nodes.length ? map : undefined;
}

/** `rows` in the order `shown` showed their names, then the rest; undefined when two rows share a name. */
function inLastOrder(rows: readonly SchemaSnapshot[], shown: readonly TreeNodeModel[]): SchemaSnapshot[] | undefined {
  const left = new Map<string, SchemaSnapshot>();
  for (const row of rows) left.set(row.schema, row);
  if (left.size !== rows.length) return undefined;
  const ordered: SchemaSnapshot[] = [];
  for (const node of shown) {
    const row = left.get(node.schema!);
    if (row === undefined) continue;
    ordered.push(row);
    left.delete(node.schema!);
  }
  for (const row of left.values()) ordered.push(row);
  return ordered;
}

/**
 * The seam between the core (no VS Code) and the adapters (src/vscode).
 * Everything an adapter renders comes from these types; keep them free of `vscode` imports.
 *
 * Implementations (see docs/architecture.md):
 *   api/client.ts          PolytomicClient (axios); api/errors.ts ApiError
 *   api/validate.ts        response validation at the boundary
 *   state/statusTable.ts   statusInfo()
 *   state/snapshot.ts      buildSnapshot(), diffSnapshots()
 *   state/pollingPolicy.ts nextRefreshDelay()
 *   state/refresher.ts     Refresher (one refresher, one state)
 *   view/treeNodes.ts      what a node shows; view/treeFeed.ts what the tree redraws
 *   view/statusBarModel.ts statusBarModel(), viewMessage()
 */

/** Minimal logger: VS Code's LogOutputChannel satisfies it; tests pass an array-backed one. */
export interface Logger {
  trace(message: string): void;
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

/** Time source, so policies and the refresher run on a fake clock in tests. */
export interface Clock {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export type Credentials =
  | { kind: 'apiKey'; apiKey: string }
  | { kind: 'deploymentKey'; organizationId: string; deploymentKey: string };

export type ApiVersion = '2024-02-08' | '2025-09-18';

export type Scope =
  | { kind: 'all' }
  | { kind: 'active' }
  | { kind: 'selected'; syncIds: string[] };

/** What went wrong, classified for the user; `message` is safe to show (no secrets, no URLs with keys). */
export type ApiErrorKind =
  | 'unauthorized' // 401 (either body shape)
  | 'forbidden' // 403
  | 'notFound' // 404
  | 'conflict' // 409
  | 'rateLimited' // 429 (retryAfterMs when the server said)
  | 'unavailable' // 503 (retryAfterMs when the server said)
  | 'server' // other 5xx
  | 'client' // other 4xx
  | 'network' // refused, reset, DNS
  | 'timeout'
  | 'malformed' // body not JSON or not the documented shape
  | 'insecure' // credentials would go over plain http to a non-loopback host
  | 'config'; // bad base URL etc.

/** Validated `GET /api/bulk/syncs/status` entry, camelCased. Unknown fields are dropped. */
export interface SchemaStatus {
  schema: string;
  executionId?: string;
  status?: string; // raw server value; may be unknown to us
  statusMessage?: string;
  startedAt?: string; // ISO
  completedAt?: string; // ISO
  recordCount?: number;
  errorCount?: number;
  warningCount?: number;
  /**
   * Set when the server's entry for this schema broke the contract: why (which field, what it
   * got). The other fields are then absent; `schema` is the entry's name, or `schemas[<index>]`
   * when it had none (see `noId`).
   */
  unreadable?: string;
  /** the entry had no usable identity: `schema` / `syncId` is its position in the response */
  noId?: true;
}
export interface SyncStatus {
  syncId: string;
  status?: string;
  nextExecutionTime?: string; // ISO
  schemas: SchemaStatus[];
  /** as SchemaStatus.unreadable, for the sync's own fields; its readable schemas are still listed */
  unreadable?: string;
  noId?: true;
}
/** Validated `GET /api/bulk/syncs` entry (what we use of it). */
export interface BulkSyncSummary {
  id: string;
  name?: string;
  active?: boolean;
}

export type StatusCategory = 'inProgress' | 'success' | 'warning' | 'failure' | 'canceled' | 'idle' | 'unknown';

/** One row of the status table. */
export interface StatusInfo {
  /** the raw value ('' when absent) */
  status: string;
  /** human label, e.g. "Completed with errors"; "Unknown (foo)" for values we do not know */
  label: string;
  /** codicon id without `$()`, e.g. 'sync~spin', 'error', 'pass-filled' */
  icon: string;
  /** theme colour id, e.g. 'testing.iconFailed'; undefined for the default foreground */
  color?: string;
  terminal: boolean;
  category: StatusCategory;
  /** higher is worse; used to sort worst first and to pick a sync's overall severity */
  severity: number;
}

export interface SchemaSnapshot extends SchemaStatus {
  info: StatusInfo;
}
export interface SyncSnapshot {
  id: string;
  /** display name; the id when the server has no name */
  name: string;
  active?: boolean;
  status?: string;
  info: StatusInfo;
  nextExecutionTime?: string;
  /** nextExecutionTime in epoch ms, parsed once when the row is built (NaN when unreadable) */
  nextExecutionMs?: number;
  schemas: SchemaSnapshot[];
  /** see SyncStatus.unreadable */
  unreadable?: string;
  noId?: true;
}
export interface Snapshot {
  /** epoch ms when the response arrived */
  takenAt: number;
  syncs: SyncSnapshot[];
}

/** What a new snapshot brings that the user is told about: failures that were not there before. */
export interface SnapshotDiff {
  /** transitions into a failure category, for alerts: [syncId, schema | undefined, newStatus] */
  newFailures: Array<{ syncId: string; schema?: string; status: string }>;
}

/**
 * What a tree node shows: everything the user can see of it, apart from its children. Each node
 * kind has one function that builds it (treeNodes.ts: schemaNode, syncNode), and one table says how
 * each field compares (nodeView.ts: sameView, one entry per key of this type): a new field does not
 * compile until both say what it is.
 */
export interface NodeView {
  label: string;
  description: string;
  icon: string; // codicon id
  color: string | undefined; // theme colour id
  /**
   * What the tooltip is built from. The Markdown itself (server text escaped) is produced on demand
   * by `tooltipMarkdown(model)` (treeNodes.ts) when the user hovers: building it for every node on
   * every refresh was most of the refresh cost.
   */
  tooltip: TooltipSource;
  /** space-separated tokens, e.g. 'sync running active', 'schema failed' */
  contextValue: string;
  collapsible: 'none' | 'collapsed';
}

/** A tree node as the user sees it; the adapter maps it 1:1 onto a TreeItem. */
export interface TreeNodeModel extends NodeView {
  /** stable across refreshes: `sync:<id>` / `schema:<syncId>/<schema>` */
  id: string;
  kind: 'sync' | 'schema';
  syncId: string;
  schema: string | undefined;
  children: TreeNodeModel[];
}

/** A tree node's tooltip inputs, with the render time so the text is what that refresh showed. */
export type TooltipSource =
  | { kind: 'schema'; schema: SchemaSnapshot; startedAt?: number; completedAt?: number; now: number }
  | { kind: 'sync'; sync: SyncSnapshot; summary: SyncSummary; now: number };

/** What a sync node shows about its schemas. */
export interface SyncSummary {
  total: number;
  done: number;
  failing: number;
  errors: number;
  /** schemas whose entry could not be read */
  unreadable: number;
  latestCompletedAt?: number;
  /** status label -> count, in first-seen order of a worst-first walk */
  byLabel: Map<string, number>;
}

export type AuthState = 'signedOut' | 'signedIn' | 'unauthorized';

/** The one shared state every view renders. */
export interface ViewState {
  auth: AuthState;
  loading: boolean;
  snapshot?: Snapshot; // last good data
  lastSuccessAt?: number;
  /** set while the latest refresh failed: the data (if any) is stale */
  lastError?: { kind: ApiErrorKind; message: string; at: number };
  /** ms until the next automatic refresh is scheduled; undefined = none */
  nextRefreshInMs?: number;
}

export interface StatusBarModel {
  text: string; // with $(codicon)
  tooltipMarkdown: string;
  background?: 'statusBarItem.errorBackground' | 'statusBarItem.warningBackground';
  /** what a click does */
  action: 'focusView' | 'signIn';
  visible: boolean;
}

// ---- Added by the core (additive; nothing above changed) ----------------------------------------

/**
 * Why a refresh was asked for (logged; 'manual' also refreshes the sync-name cache).
 * 'focus' / 'visible': the window regained focus / the view was shown, with stale data.
 */
export type RefreshReason = 'manual' | 'timer' | 'config' | 'startup' | 'focus' | 'visible';

/** What the refresher pulls snapshots from (SnapshotSource in production, a fake in tests). */
export interface SnapshotFetcher {
  /** `manual`: the user asked, so caches (sync names) are refreshed too. Rejects with ApiError. */
  fetch(manual: boolean, options?: FetchOptions): Promise<Snapshot>;
}

/** Why the refresher fetches: lets a source poll less than everything (SnapshotSource). */
export interface FetchOptions {
  reason?: RefreshReason;
}

export interface Disposable {
  dispose(): void;
}

export type ViewStateListener = (state: ViewState, diff?: SnapshotDiff) => void;

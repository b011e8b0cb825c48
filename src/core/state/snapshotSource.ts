/**
 * Builds snapshots from the API. Two kinds of poll:
 * - whole scope: one status call for the scope (`all=true`, `active=true` or the selected ids),
 *   on the first refresh, a manual one, a new source (key or settings changed), focus or the
 *   view shown again, and at least every SURVEY_MS; also whenever nothing is followed;
 * - followed syncs (followedSyncs.ts): between those, only the syncs that run, are queued or are
 *   due by `nextExecutionTime` (a run due after this poll cannot show yet), by repeated `sync_id`
 *   in chunks of a bounded URL length (halved for good when a server or proxy refuses one as too
 *   long), merged into the last snapshot. A run nobody scheduled (started elsewhere) shows at
 *   the next whole-scope poll. If a followed id is gone (404), the same fetch falls back to the
 *   whole scope.
 * The sync list (for names) is fetched only when needed. Names change rarely and the list can
 * take many pages, so it is fetched:
 * - on the first refresh,
 * - when the status response contains a sync id the cached list does not know,
 * - on a manual refresh (the user's way to pick up a rename).
 * An id still unknown after a fresh list (deleted meanwhile, or not visible to the list call) is
 * remembered, so it does not cause a list call on every poll. A listed sync in scope that the
 * status response leaves out is shown all the same, with no runs yet.
 */
import { PolytomicClient, type PolytomicClientOptions } from '../api/client';
import type { BulkSyncSummary, FetchOptions, Logger, RefreshReason, Scope, Snapshot, SnapshotFetcher, SyncStatus } from '../api/contract';
import { isApiError } from '../api/errors';
import { chunkIds, followedIds, MAX_QUERY_CHARS, mergeFollowed, positionsOf, queryChars } from './followedSyncs';
import { MotionTracker } from './motion';
import { buildSnapshot, type SnapshotOrigin } from './snapshot';

/**
 * The whole scope is fetched at least this often. At 2,000 syncs a whole-scope body is about
 * 8 MB, so this sets most of the day's traffic (`npm run bench`): every 5 min is a tenth of a
 * 30 s poller's, and a run nobody scheduled shows within 5 min, as a user glancing at the view
 * now and then would expect.
 */
export const SURVEY_MS = 5 * 60_000;
/** the refresher asks for these when someone looks again or something changed: show everything */
const WHOLE_SCOPE_REASONS: ReadonlySet<RefreshReason> = new Set<RefreshReason>(['manual', 'config', 'startup', 'focus', 'visible']);
/**
 * A run due this soon is followed already: the server's clock may be ahead of ours. A run due later
 * cannot show in this poll; its sync is followed from the first poll after it is due.
 */
const FOLLOW_GRACE_MS = 5_000;
/**
 * How a server or proxy refuses a request line longer than it accepts: 414 URI Too Long (nginx),
 * 431 Request Header Fields Too Large (Node), 400 (gunicorn, some gateways). See docs/http-limits.md.
 */
const TOO_LONG: ReadonlySet<number> = new Set([400, 414, 431]);
/** never below this (about 5 UUIDs): what no server refuses; a refusal at this length is not about length */
const MIN_QUERY_CHARS = 250;

/** The part of PolytomicClient this needs (so tests and benchmarks can pass their own). */
export interface StatusApi {
  getStatuses(scope: Scope): Promise<SyncStatus[]>;
  listSyncs(): Promise<BulkSyncSummary[]>;
}

export interface SnapshotSourceOptions {
  client: StatusApi;
  scope: Scope;
  logger?: Logger;
  now?: () => number;
}

export class SnapshotSource implements SnapshotFetcher {
  private readonly client: StatusApi;
  private readonly scope: Scope;
  private readonly logger?: Logger;
  private readonly now: () => number;
  private names?: Map<string, BulkSyncSummary>;
  private readonly unlisted = new Set<string>();
  /** the last snapshot built: unchanged syncs are shared with it (see buildSnapshot) */
  private previous?: Snapshot;
  /** the last whole-scope snapshot's rows and the statuses they were built from (buildSnapshot reuses them by reference) */
  private origin?: SnapshotOrigin;
  /** sync id -> row index in `previous`, kept while followed polls merge into it (same order) */
  private positions?: Map<string, number>;
  /** when the last whole-scope poll succeeded */
  private surveyedAt?: number;
  /** what runs or is due in `previous`, kept from the rows each poll changed */
  private readonly motion = new MotionTracker();
  /** query characters per followed request: MAX_QUERY_CHARS until a server refuses a request as too long */
  private maxQueryChars = MAX_QUERY_CHARS;

  constructor(options: SnapshotSourceOptions) {
    this.client = options.client;
    this.scope = options.scope;
    this.logger = options.logger;
    this.now = options.now ?? Date.now;
  }


  async fetch(manual: boolean, options: FetchOptions = {}): Promise<Snapshot> {
    const followed = this.toFollow(manual, options);
    if (followed) {
      try {
        return await this.fetchFollowed(followed);
      } catch (err) {
        // A followed sync deleted meanwhile: the whole scope says what is left.
        if (!isApiError(err) || err.kind !== 'notFound') throw err;
        this.logger?.debug('A followed sync was not found: fetching the whole scope instead');
      }
    }
    return this.fetchWholeScope(manual);
  }

  /** The ids of a followed-syncs poll, or undefined when this poll must cover the whole scope. */
  private toFollow(manual: boolean, options: FetchOptions): string[] | undefined {
    const previous = this.previous;
    // Without names (the list call failed) the whole-scope poll tries the list again.
    if (manual || !previous || !this.names || this.surveyedAt === undefined || (options.reason && WHOLE_SCOPE_REASONS.has(options.reason))) return undefined;
    const now = this.now();
    if (now - this.surveyedAt >= SURVEY_MS) return undefined;
    const ids = followedIds(previous, now, FOLLOW_GRACE_MS, SURVEY_MS, this.motion);
    return ids.length > 0 ? ids : undefined;
  }

  private async fetchWholeScope(manual: boolean): Promise<Snapshot> {
    const statuses = await this.client.getStatuses(this.scope);
    if (manual || !this.names || this.hasUnknownIds(statuses)) {
      await this.loadNames(statuses);
    }
    const rows = this.withListedOnly(statuses);
    this.previous = buildSnapshot(rows, this.names ?? new Map(), this.now(), this.previous, this.origin);
    this.origin = { syncs: this.previous.syncs, statuses: rows };
    this.positions = undefined;
    this.surveyedAt = this.now();
    return this.previous;
  }

  /** One status call per chunk of ids, in sequence (never two requests at once), merged into the last snapshot. */
  private async fetchFollowed(ids: string[]): Promise<Snapshot> {
    const previous = this.previous!;
    const statuses: SyncStatus[] = [];
    for (const chunk of chunkIds(ids, this.maxQueryChars)) await this.fetchChunk(chunk, statuses);
    this.positions ??= positionsOf(previous);
    this.previous = mergeFollowed(previous, this.positions, statuses, this.names ?? new Map(), this.now());
    return this.previous;
  }

  /**
   * The statuses of `ids`, added to `into`. Refused as too long (TOO_LONG), the chunk is asked for
   * again in halves; when those are answered, later polls keep to the shorter length. (A refusal
   * for another reason fails again down to a few ids, and is then thrown as it came.)
   */
  private async fetchChunk(ids: string[], into: SyncStatus[]): Promise<void> {
    let part: SyncStatus[];
    try {
      part = await this.client.getStatuses({ kind: 'selected', syncIds: ids });
    } catch (err) {
      const chars = queryChars(ids);
      if (!isApiError(err) || err.status === undefined || !TOO_LONG.has(err.status) || ids.length < 2 || chars <= MIN_QUERY_CHARS) throw err;
      const half = ids.length >> 1;
      await this.fetchChunk(ids.slice(0, half), into);
      await this.fetchChunk(ids.slice(half), into);
      if (chars >> 1 < this.maxQueryChars) {
        this.maxQueryChars = chars >> 1;
        this.logger?.info(`Status request refused (${err.status}), answered in halves: ${this.maxQueryChars} query characters at most from now on`);
      }
      return;
    }
    for (const status of part) into.push(status);
  }

  /**
   * The statuses plus every listed sync in scope that the status response left out (one that has
   * never run, for example): the user owns it and expects to see it, with no runs yet.
   */
  private withListedOnly(statuses: SyncStatus[]): SyncStatus[] {
    const names = this.names;
    if (!names || names.size === 0) return statuses;
    const reported = new Set<string>();
    for (const status of statuses) reported.add(status.syncId);
    const selected = this.scope.kind === 'selected' ? new Set(this.scope.syncIds.map((id) => id.trim())) : undefined;
    let rows: SyncStatus[] | undefined;
    for (const sync of names.values()) {
      if (reported.has(sync.id)) continue;
      if (this.scope.kind === 'active' && sync.active !== true) continue;
      if (selected && !selected.has(sync.id)) continue;
      (rows ??= statuses.slice()).push({ syncId: sync.id, schemas: [] });
    }
    return rows ?? statuses;
  }

  private hasUnknownIds(statuses: SyncStatus[]): boolean {
    const names = this.names;
    if (!names) return true;
    for (const status of statuses) {
      if (!names.has(status.syncId) && !this.unlisted.has(status.syncId)) return true;
    }
    return false;
  }

  private async loadNames(statuses: SyncStatus[]): Promise<void> {
    let list: BulkSyncSummary[];
    try {
      list = await this.client.listSyncs();
    } catch (err) {
      // A rejected key must surface; anything else only costs us names, so show ids for now and
      // try again next time (nothing is cached, so an unknown id triggers another attempt).
      if (isApiError(err) && (err.kind === 'unauthorized' || err.kind === 'insecure' || err.kind === 'config')) throw err;
      this.logger?.warn(`Could not load sync names (showing ids instead): ${err instanceof Error ? err.message : String(err)}`);
      return;
    }
    const names = new Map<string, BulkSyncSummary>();
    for (const sync of list) names.set(sync.id, sync);
    this.names = names;
    this.unlisted.clear();
    for (const status of statuses) if (!names.has(status.syncId)) this.unlisted.add(status.syncId);
  }
}

/** The production wiring: a PolytomicClient for these settings + credentials, behind a SnapshotSource. */
export function createSnapshotSource(options: PolytomicClientOptions & { scope: Scope }): SnapshotSource {
  const { scope, ...clientOptions } = options;
  return new SnapshotSource({ client: new PolytomicClient(clientOptions), scope, logger: options.logger, now: options.now });
}

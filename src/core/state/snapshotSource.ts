/**
 * Builds snapshots from the API: one status call per refresh, plus the sync list (for names)
 * only when needed. Names change rarely and the list can take many pages, so it is fetched:
 * - on the first refresh,
 * - when the status response contains a sync id the cached list does not know,
 * - on a manual refresh (the user's way to pick up a rename).
 * An id still unknown after a fresh list (deleted meanwhile, or not visible to the list call) is
 * remembered, so it does not cause a list call on every poll. A listed sync in scope that the
 * status response leaves out is shown all the same, with no runs yet.
 */
import { PolytomicClient, type PolytomicClientOptions } from '../api/client';
import type { BulkSyncSummary, Logger, Scope, Snapshot, SnapshotFetcher, SyncStatus } from '../api/contract';
import { isApiError } from '../api/errors';
import { buildSnapshot } from './snapshot';

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

  constructor(options: SnapshotSourceOptions) {
    this.client = options.client;
    this.scope = options.scope;
    this.logger = options.logger;
    this.now = options.now ?? Date.now;
  }

  /** How many times the sync list has been fetched (diagnostics, tests). */
  listCalls = 0;

  async fetch(manual: boolean): Promise<Snapshot> {
    const statuses = await this.client.getStatuses(this.scope);
    if (manual || !this.names || this.hasUnknownIds(statuses)) {
      await this.loadNames(statuses);
    }
    this.previous = buildSnapshot(this.withListedOnly(statuses), this.names ?? new Map(), this.now(), this.previous);
    return this.previous;
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
    this.listCalls++;
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

/**
 * Backfill: pages `GET /api/bulk/syncs/{id}/executions` (newest first) into the history until
 * every schema seen has enough runs, the pages run out, or `maxPages` were read. Lazily, once per
 * sync (RunHistory.backfilledAt), when it is first looked at or an anomaly needs a baseline.
 *
 * The page fetcher is the client's `listExecutions` in production. Executions still running are
 * skipped here, so the routine is right whether or not the request asked for `only_terminal`.
 */
import type { ExecutionPage } from '../actions/actionsContract';
import type { RunHistory } from './history';
import { mergeExecution, type MergeCount } from './sources';

/** Fetches one page of a sync's executions, newest first. Rejects with ApiError. */
export type ExecutionPageFetcher = (pageToken: string | undefined, limit: number) => Promise<ExecutionPage>;

export interface BackfillOptions {
  /** runs wanted per schema (default: the history's runsPerSchema) */
  runsWanted?: number;
  /** page size, 1..100 (the endpoint's maximum, the default) */
  pageSize?: number;
  /** at most this many requests (default 5: 500 executions) */
  maxPages?: number;
  /** epoch ms, recorded as the backfill's time when it finished */
  now: number;
}

export interface BackfillResult {
  pages: number;
  /** finished, non-test executions read */
  executions: number;
  /** schema runs new to the history */
  added: number;
  changed: MergeCount['changed'];
  /** 'enough': every schema seen has runsWanted runs; 'end': no more pages; 'maxPages'; 'loop': the server repeated a page token */
  stoppedBecause: 'enough' | 'end' | 'maxPages' | 'loop';
}

/**
 * Reads pages until the history holds enough. Runs are merged page by page, so when a request
 * fails (the promise rejects) what earlier pages brought is kept; the sync is then not marked as
 * backfilled and the next attempt starts again from the newest page (duplicates merge to nothing).
 */
export async function backfill(history: RunHistory, syncId: string, fetchPage: ExecutionPageFetcher, options: BackfillOptions): Promise<BackfillResult> {
  const runsWanted = Math.max(1, Math.min(options.runsWanted ?? history.limits.runsPerSchema, history.limits.runsPerSchema));
  const pageSize = Math.max(1, Math.min(100, Math.floor(options.pageSize ?? 100)));
  const maxPages = Math.max(1, Math.floor(options.maxPages ?? 5));
  const merged: MergeCount = { added: 0, changed: [] };
  /** finished runs seen per schema in this backfill (kept before or not) */
  const seen = new Map<string, number>();
  const tokens = new Set<string>();
  const result = (pages: number, executions: number, stoppedBecause: BackfillResult['stoppedBecause']): BackfillResult => {
    if (stoppedBecause !== 'loop') history.markBackfilled(syncId, options.now);
    return { pages, executions, added: merged.added, changed: merged.changed, stoppedBecause };
  };
  let token: string | undefined;
  let executions = 0;
  for (let pages = 1; ; pages++) {
    const page = await fetchPage(token, pageSize);
    for (const exec of page.executions) {
      if (exec.isTest || !exec.completedAt) continue;
      executions++;
      mergeExecution(history, syncId, exec, merged);
      for (const schema of exec.schemas) if (schema.completedAt) seen.set(schema.schema, (seen.get(schema.schema) ?? 0) + 1);
    }
    if (seen.size > 0 && [...seen.values()].every((n) => n >= runsWanted)) return result(pages, executions, 'enough');
    token = page.nextPageToken;
    if (!token) return result(pages, executions, 'end');
    if (tokens.has(token)) return result(pages, executions, 'loop');
    tokens.add(token);
    if (pages >= maxPages) return result(pages, executions, 'maxPages');
  }
}

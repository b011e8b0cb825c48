/**
 * Test runs and resyncs are not judged. A test execution moves a small sample on purpose, so
 * compared with real runs it always looks like a volume drop; a resync reads everything, so it
 * looks slow. But the status poll does not say what kind of execution it shows (the backfill,
 * which reads executions, skips tests). So before a run found unusual is shown, its execution is
 * fetched once to ask (`is_test`, `is_resync`); the answer is remembered. One request per
 * unusual run, which is rare.
 */
import type { Execution } from '../actions/actionsContract';

/** GET /api/bulk/syncs/{id}/executions/{exec_id} with the current client (rejects with ApiError). */
export type ExecutionFetcher = (syncId: string, executionId: string) => Promise<Execution>;

const REMEMBERED = 2_000;

export class TestRunCheck {
  /** execution id -> whether it was a test (insertion order: oldest first, for the bound) */
  private readonly known = new Map<string, boolean>();
  private readonly asking = new Map<string, Promise<boolean>>();

  /** true / false once known, undefined while not asked yet */
  isTest(executionId: string): boolean | undefined {
    return this.known.get(executionId);
  }

  /**
   * Asks the server once per execution. When it cannot answer (signed out, an error), the run
   * counts as real: an anomaly shown in error is better than one hidden.
   */
  ask(syncId: string, executionId: string, fetch: ExecutionFetcher | undefined): Promise<boolean> {
    const known = this.known.get(executionId);
    if (known !== undefined) return Promise.resolve(known);
    const pending = this.asking.get(executionId);
    if (pending) return pending;
    const answer = (fetch ? fetch(syncId, executionId).then((e) => e.isTest === true || e.isResync === true, () => false) : Promise.resolve(false)).then((test) => {
      this.asking.delete(executionId);
      this.known.set(executionId, test);
      if (this.known.size > REMEMBERED) this.known.delete(this.known.keys().next().value as string);
      return test;
    });
    this.asking.set(executionId, answer);
    return answer;
  }
}

import assert from 'node:assert/strict';
import { PolytomicClient } from '../../src/core/api/client';
import { backfill } from '../../src/core/insights/backfill';
import { RunHistory, type SchemaRuns } from '../../src/core/insights/history';
import { judgeSchema } from '../../src/core/insights/judge';
import { DEMO_API_KEY, startApiServer, type RunningApiServer } from '../../server';

const START = Date.parse('2026-12-01T00:52:00Z');

/** Every run of every schema judged against the runs before it, as the judge saw it when that run was the latest. */
function judgeEveryRun(history: RunHistory, syncId: string): string[] {
  const found: string[] = [];
  for (const schema of history.schemas(syncId)) {
    const runs = history.schemaRuns(syncId, schema)!;
    for (let end = 1; end <= runs.ids.length; end++) {
      const prefix: SchemaRuns = {
        ids: runs.ids.slice(0, end),
        statuses: runs.statuses.slice(0, end),
        started: runs.started.slice(0, end),
        durations: runs.durations.slice(0, end),
        records: runs.records.slice(0, end),
      };
      for (const a of judgeSchema(syncId, schema, prefix)) found.push(`${schema}: ${a.description}`);
    }
  }
  return found;
}

async function historyOf(server: RunningApiServer, syncIds: readonly string[]): Promise<RunHistory> {
  const client = new PolytomicClient({ baseUrl: server.url, apiVersion: '2024-02-08', credentials: { kind: 'apiKey', apiKey: DEMO_API_KEY } });
  const history = new RunHistory();
  for (const id of syncIds) await backfill(history, id, (pageToken, limit) => client.listExecutions(id, { pageToken, limit }), { now: server.now(), maxPages: 2 });
  return history;
}

/**
 * The local server's own runs move steady volumes and take steady times, as real syncs do: the
 * insights judge, with its default thresholds, flags none of them. The only anomalies in the demo
 * and the tests are the ones a lever plants (server/anomalies.ts). Read over HTTP, as the
 * extension backfills them.
 */
describe('the simulated organization: volumes and durations the judge finds ordinary', function () {
  this.timeout(60_000);

  for (const [seed, start] of [[undefined, START], [7, START + 7 * 60_000], [42, START + 11 * 3_600_000]] as const) {
    it(`seed ${seed ?? 'default'}: no run of any sync looks unusual, and a planted volume drop does`, async () => {
      const server = await startApiServer({ port: 0, clock: 'manual', startTime: start, seed, syncs: 40, schemas: 12, scheduleMix: 'typical' });
      try {
        const ids = server.syncIds();
        const history = await historyOf(server, ids);
        const judged = ids.reduce((n, id) => n + history.schemas(id).length, 0);
        assert.ok(judged > 100, `enough schemas judged (${judged})`);
        const unusual = ids.flatMap((id) => judgeEveryRun(history, id));
        assert.deepEqual(unusual, []);

        // The judge is not blind: a lever's drop on an idle sync is found.
        const idle = ids.find((id) => { try { server.makeAnomaly(id, 'volume'); return true; } catch { return false; } });
        assert.ok(idle, 'an idle sync for the lever');
        const planted = judgeEveryRun(await historyOf(server, [idle]), idle);
        assert.equal(planted.length, 1, planted.join('\n'));
        assert.match(planted[0], /0 records · usually/);
      } finally {
        await server.stop();
      }
    });
  }
});

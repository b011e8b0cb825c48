/**
 * The log says which status entries were dropped and why: once when it starts, again when it
 * changes, not on every poll while the server keeps sending the same bad entry.
 */
import assert from 'node:assert/strict';
import { PolytomicClient } from '../../src/core/api/client';
import { DEMO_API_KEY, startApiServer, type RunningApiServer } from '../../server';
import { MemoryLogger, secret } from './helpers/logger';

describe('dropped status entries in the log', function () {
  this.timeout(20_000);
  let server: RunningApiServer;
  before(async () => {
    server = await startApiServer({ port: 0, clock: 'manual', seed: 5, syncs: 5, schemas: 3 });
  });
  after(() => server.stop());

  it('names the entry and the reason once, and again only when the bad entries change', async () => {
    const logger = new MemoryLogger();
    const client = new PolytomicClient({ baseUrl: server.url, apiVersion: '2024-02-08', credentials: { kind: 'apiKey', apiKey: secret(DEMO_API_KEY) }, logger });
    const [first, second] = server.syncIds().filter((id) => server.schemaNames(id).length > 0);
    const warnings = () => logger.lines.filter((l) => l.startsWith('[warn]'));

    server.setFaults({ malformedEntry: { rate: 1, syncId: first } });
    const statuses = await client.getStatuses({ kind: 'all' });
    assert.equal(statuses.length, server.syncIds().length, 'every sync is used');
    assert.equal(warnings().length, 1);
    assert.match(warnings()[0], new RegExp(`^\\[warn\\] GET /api/bulk/syncs/status: dropped data\\[\\d+\\]\\.schemas\\[0\\] \\(sync "${first}", schema "[^"]+"\\) \\(shown as unreadable\\): record_count: expected a non-negative number, got "12"$`));

    await client.getStatuses({ kind: 'all' });
    await client.getStatuses({ kind: 'all' });
    assert.equal(warnings().length, 1, 'the same bad entry is not logged again on every poll');
    assert.ok(logger.lines.some((l) => l.startsWith('[debug]') && l.includes('the same 1 warning(s)')));

    server.setFaults({ malformedEntry: { rate: 1, syncId: second } });
    await client.getStatuses({ kind: 'all' });
    assert.equal(warnings().length, 2, 'a different bad entry is logged');
    assert.match(warnings()[1], new RegExp(`\\(sync "${second}"`));

    server.clearFaults();
    await client.getStatuses({ kind: 'all' });
    server.setFaults({ malformedEntry: { rate: 1, syncId: second } });
    await client.getStatuses({ kind: 'all' });
    assert.equal(warnings().length, 3, 'back after a clean response: logged again');
  });
});

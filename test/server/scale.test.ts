import assert from 'node:assert/strict';
import type { RunningApiServer } from '../../server/index';
import { call, startManual } from './helpers';

// Speed is measured by the benchmarks; this checks that a large organization is served whole and correctly.
describe('api server: scale (2000 syncs x 25 schemas)', function () {
  this.timeout(20_000);
  let server: RunningApiServer;
  before(async () => {
    server = await startManual({ syncs: 2000, schemas: 25 });
  });
  after(() => server.stop());

  it('answers a status call for every sync and schema, also after time moves', async () => {
    for (const step of [0, 10 * 60_000]) {
      server.advance(step);
      const res = await call(server, '/api/bulk/syncs/status?all=true');
      assert.equal(res.status, 200);
      assert.equal(res.json.data.length, 2000);
      const schemas = res.json.data.reduce((n: number, e: { schemas: unknown[] }) => n + e.schemas.length, 0);
      assert.ok(schemas > 2000 * 3 && schemas <= 2000 * 25, `${schemas} schemas`);
      assert.equal(new Set(res.json.data.map((e: { name?: string; sync_id: string }) => e.sync_id)).size, 2000);
    }
    const pages = await call(server, '/api/bulk/syncs?limit=50', { version: '2025-09-18' });
    assert.equal(pages.json.data.length, 50);
  });
});

/**
 * GET /api/bulk/syncs with 120 syncs: every one comes back with its name and active flag, whether
 * the server pages (2025-09-18; 2024-02-08 servers that page, as the docs' "pages of 50" allow) or
 * answers with one array (2024-02-08 as the SDK documents it).
 */
import assert from 'node:assert/strict';
import { PolytomicClient } from '../../src/core/api/client';
import type { ApiVersion, Credentials } from '../../src/core/api/contract';
import { DEMO_API_KEY, startApiServer, type RunningApiServer } from '../../server';
import { secret } from './helpers/logger';
import { startRecordingProxy, type RecordingProxy } from './helpers/recordingProxy';

const apiKey: Credentials = { kind: 'apiKey', apiKey: secret(DEMO_API_KEY) };
const SYNCS = 120;

const cases: Array<{ title: string; version: ApiVersion; legacySyncListPages: boolean; requests: string[] }> = [
  { title: '2024-02-08, one array', version: '2024-02-08', legacySyncListPages: false, requests: ['/api/bulk/syncs'] },
  { title: '2024-02-08, pages of 50', version: '2024-02-08', legacySyncListPages: true, requests: ['/api/bulk/syncs', '/api/bulk/syncs?page_token=…', '/api/bulk/syncs?page_token=…'] },
  {
    title: '2025-09-18, pages of 50',
    version: '2025-09-18',
    legacySyncListPages: false,
    requests: ['/api/bulk/syncs?limit=50', '/api/bulk/syncs?limit=50&page_token=…', '/api/bulk/syncs?limit=50&page_token=…'],
  },
];

describe('sync list: 120 syncs named in full on every API version', function () {
  this.timeout(30_000);
  for (const c of cases) {
    describe(c.title, () => {
      let server: RunningApiServer;
      let proxy: RecordingProxy;
      before(async () => {
        server = await startApiServer({ port: 0, clock: 'manual', startTime: Date.parse('2025-03-10T09:00:00Z'), syncs: SYNCS, schemas: 1, legacySyncListPages: c.legacySyncListPages });
        proxy = await startRecordingProxy(server.url);
      });
      after(async () => {
        await proxy.stop();
        await server.stop();
      });

      it('lists every sync with its name and active flag, following next_page_token', async () => {
        const client = new PolytomicClient({ baseUrl: proxy.url, apiVersion: c.version, credentials: apiKey });
        const syncs = await client.listSyncs();
        assert.deepEqual(syncs.map((s) => s.id), server.syncIds(), 'every sync, once, in order');
        const names = (server.state() as { syncs: Array<{ id: string; name: string; active: boolean }> }).syncs;
        const byId = new Map(names.map((s) => [s.id, s]));
        for (const s of syncs) {
          assert.equal(s.name, byId.get(s.id)?.name, `sync ${s.id} is named`);
          assert.equal(s.active, byId.get(s.id)?.active, `sync ${s.id} has its active flag`);
        }
        assert.deepEqual(
          proxy.requests.map((r) => r.url.replace(/page_token=[^&]+/, 'page_token=…')),
          c.requests,
        );
      });
    });
  }
});

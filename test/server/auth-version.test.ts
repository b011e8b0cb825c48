import assert from 'node:assert/strict';
import { DEMO_API_KEY, DEMO_ORGANIZATION_ID, startApiServer, type RunningApiServer } from '../../server/index';
import { basicHeader, call, startManual } from './helpers';

describe('api server: startup, auth and version header', () => {
  let server: RunningApiServer;
  before(async () => {
    server = await startManual();
  });
  after(() => server.stop());

  it('listens on 127.0.0.1 on a free port and reports its base URL', () => {
    assert.match(server.url, /^http:\/\/127\.0\.0\.1:\d+$/);
    assert.equal(server.url, `http://127.0.0.1:${server.port}`);
    assert.ok(server.port > 0);
  });

  it('stops cleanly and frees the port', async () => {
    const other = await startApiServer({ clock: 'manual', syncs: 1 });
    assert.equal((await call(other, '/api/me')).status, 200);
    await other.stop();
    await assert.rejects(fetch(`${other.url}/api/me`));
  });

  it('accepts the Bearer API key', async () => {
    const res = await call(server, '/api/me', { auth: 'bearer' });
    assert.equal(res.status, 200);
    assert.equal(res.json.data.organization_id, DEMO_ORGANIZATION_ID);
    assert.ok(res.json.data.email);
  });

  it('accepts Basic organization_id:deployment key', async () => {
    const res = await call(server, '/api/me', { auth: 'basic' });
    assert.equal(res.status, 200);
    assert.equal(res.json.data.organization_id, DEMO_ORGANIZATION_ID);
    // Only the SDK's GetIdentityResponseSchema flags: an organization-scoped caller, not a user.
    assert.equal(res.json.data.is_organization, true);
    assert.equal(res.json.data.is_user, false);
    assert.equal('is_deployment_key' in res.json.data, false);
    const status = await call(server, '/api/bulk/syncs/status?all=true', { auth: 'basic' });
    assert.equal(status.status, 200);
    assert.equal(status.json.data.length, server.syncIds().length);
  });

  const rejected: Array<[string, { header: string } | 'none']> = [
    ['a missing Authorization header', 'none'],
    ['a wrong Bearer key', { header: 'Bearer pt_demo_wrong' }],
    ['an empty Bearer key', { header: 'Bearer ' }],
    ['the deployment key sent as Bearer', { header: 'Bearer dk_demo_fedcba9876543210' }],
    ['Basic with a wrong deployment key', { header: basicHeader(DEMO_ORGANIZATION_ID, 'nope') }],
    ['Basic with a wrong organization', { header: basicHeader('00000000-0000-4000-8000-000000000000') }],
    ['Basic without a colon', { header: `Basic ${Buffer.from('just-a-key').toString('base64')}` }],
    ['an unknown scheme', { header: `Token ${DEMO_API_KEY}` }],
  ];
  for (const [what, auth] of rejected) {
    it(`answers ${what} with 401 and the 2024-02-08 error body, never data`, async () => {
      const res = await call(server, '/api/bulk/syncs/status?all=true', { auth });
      assert.equal(res.status, 401);
      assert.equal(res.json.status, 'Unauthorized');
      assert.equal(typeof res.json.error, 'string');
      assert.equal(res.json.data, undefined);
      for (const id of server.syncIds()) assert.ok(!res.text.includes(id));
    });
  }

  it('uses the {status: 401, message} body for other versions', async () => {
    const res = await call(server, '/api/bulk/syncs', { auth: 'none', version: '2025-09-18' });
    assert.equal(res.status, 401);
    assert.equal(res.json.status, 401);
    assert.equal(typeof res.json.message, 'string');
    assert.equal(res.json.data, undefined);
  });

  it('honours keys set by option', async () => {
    const custom = await startManual({ syncs: 2, apiKey: 'pt_custom_key_1', organizationId: 'org-1', deploymentKey: 'dk-1' });
    try {
      assert.equal((await call(custom, '/api/me')).status, 401, 'the demo key no longer works');
      assert.equal((await call(custom, '/api/me', { auth: { header: 'Bearer pt_custom_key_1' } })).status, 200);
      assert.equal((await call(custom, '/api/me', { auth: { header: basicHeader('org-1', 'dk-1') } })).status, 200);
      assert.equal((await call(custom, '/api/me', { auth: 'basic' })).status, 401);
    } finally {
      await custom.stop();
    }
  });

  it('echoes X-Polytomic-Version', async () => {
    for (const version of ['2024-02-08', '2025-09-18', '2023-04-25', '2022-12-12', '2021-05-23']) {
      const res = await call(server, '/api/me', { version });
      assert.equal(res.status, 200, version);
      assert.equal(res.headers.get('x-polytomic-version'), version);
    }
  });

  it('falls back to 2024-02-08 when the version header is missing', async () => {
    const res = await call(server, '/api/bulk/syncs', { version: null });
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('x-polytomic-version'), '2024-02-08');
    assert.ok(res.json.data[0].schedule, '2024-02-08 shape: schedule');
    assert.equal(res.json.pagination, undefined);
    const unauthorized = await call(server, '/api/me', { version: null, auth: 'none' });
    assert.equal(unauthorized.json.status, 'Unauthorized');
  });

  it('rejects an unknown version with 400 and an error body', async () => {
    const res = await call(server, '/api/bulk/syncs/status?all=true', { version: '2099-01-01' });
    assert.equal(res.status, 400);
    assert.equal(res.json.status, 400);
    assert.match(res.json.message, /2099-01-01/);
    assert.match(res.json.message, /2024-02-08/);
    assert.equal(res.json.data, undefined);
  });

  it('answers unknown ids and paths with 404 and an error body', async () => {
    for (const path of [
      '/api/bulk/syncs/00000000-0000-4000-8000-000000000000',
      '/api/bulk/syncs/nope/status',
      `/api/bulk/syncs/${server.syncIds()[0]}/executions/00000000-0000-4000-8000-000000000000`,
      '/api/bulk/syncs/status?sync_id=00000000-0000-4000-8000-000000000000',
      '/api/not-an-endpoint',
    ]) {
      const res = await call(server, path);
      assert.equal(res.status, 404, path);
      assert.equal(res.json.status, 404);
      assert.equal(typeof res.json.message, 'string');
    }
  });

  it('answers a wrong method with 405', async () => {
    const res = await call(server, '/api/bulk/syncs/status', { method: 'POST' });
    assert.equal(res.status, 405);
    assert.equal(res.json.status, 405);
  });
});

describe('api server: CORS', () => {
  it('is off by default and answers preflights when enabled', async () => {
    const plain = await startManual({ syncs: 1 });
    const cors = await startManual({ syncs: 1, cors: true });
    try {
      assert.equal((await call(plain, '/api/me')).headers.get('access-control-allow-origin'), null);
      const preflight = await fetch(`${cors.url}/api/bulk/syncs/status`, {
        method: 'OPTIONS',
        headers: { Origin: 'http://localhost:8080', 'Access-Control-Request-Method': 'GET', 'Access-Control-Request-Headers': 'authorization,x-polytomic-version' },
      });
      assert.equal(preflight.status, 204);
      assert.match(preflight.headers.get('access-control-allow-headers') ?? '', /X-Polytomic-Version/);
      assert.equal((await call(cors, '/api/me')).headers.get('access-control-allow-origin'), '*');
    } finally {
      await plain.stop();
      await cors.stop();
    }
  });
});

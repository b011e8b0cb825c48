import assert from 'node:assert/strict';
import { normalizeBaseUrl } from '../../src/core/api/baseUrl';
import { PolytomicClient } from '../../src/core/api/client';
import { DEMO_API_KEY, startApiServer } from '../../server';
import { secret } from './helpers/logger';

describe('base URL: a bare host means https', () => {
  it('prefixes https:// when no scheme is given, as Polytomic’s Terraform provider does', () => {
    assert.equal(normalizeBaseUrl('polytomic.acme.internal'), 'https://polytomic.acme.internal');
    assert.equal(normalizeBaseUrl('  polytomic.acme.internal:8443/ '), 'https://polytomic.acme.internal:8443');
    assert.equal(normalizeBaseUrl('polytomic.acme.internal/prefix//'), 'https://polytomic.acme.internal/prefix');
    assert.equal(normalizeBaseUrl('localhost:8765'), 'https://localhost:8765', 'host:port is a host, not a scheme');
  });

  it('keeps a URL that has a scheme as it is (the client judges http and odd schemes)', () => {
    assert.equal(normalizeBaseUrl('https://app.polytomic.com/'), 'https://app.polytomic.com');
    assert.equal(normalizeBaseUrl('http://127.0.0.1:8765'), 'http://127.0.0.1:8765');
    assert.equal(normalizeBaseUrl('HTTPS://Polytomic.Example.com'), 'HTTPS://Polytomic.Example.com');
    assert.equal(normalizeBaseUrl('ftp://files.example.com'), 'ftp://files.example.com');
    assert.equal(normalizeBaseUrl(''), '');
  });

  it('a bare loopback host reaches the server over https, not plain http (the request fails on TLS, not as "not a valid URL")', async () => {
    const server = await startApiServer({ port: 0, clock: 'manual', syncs: 1, schemas: 1 });
    try {
      const bare = server.url.replace('http://', '');
      const client = new PolytomicClient({ baseUrl: normalizeBaseUrl(bare), apiVersion: '2024-02-08', credentials: { kind: 'apiKey', apiKey: secret(DEMO_API_KEY) }, timeoutMs: 5_000 });
      const err = await client.me().then(
        () => assert.fail('a plain-http server cannot answer an https request'),
        (e: unknown) => e as Error,
      );
      assert.doesNotMatch(err.message, /not a valid URL/);
      assert.equal(server.requestCount(), 0, 'nothing reached the server in clear');
    } finally {
      await server.stop();
    }
  });
});

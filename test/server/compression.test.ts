import assert from 'node:assert/strict';
import http from 'node:http';
import { gunzipSync } from 'node:zlib';
import { DEMO_API_KEY, type RunningApiServer } from '../../server/index';
import { startManual } from './helpers';

/** GET with node:http, which (unlike fetch) shows the bytes as they crossed the wire. */
function getRaw(url: string, acceptEncoding?: string): Promise<{ headers: http.IncomingHttpHeaders; bytes: Buffer }> {
  const headers: Record<string, string> = { Authorization: `Bearer ${DEMO_API_KEY}`, 'X-Polytomic-Version': '2024-02-08' };
  if (acceptEncoding !== undefined) headers['Accept-Encoding'] = acceptEncoding;
  return new Promise((resolve, reject) => {
    http.get(url, { headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ headers: res.headers, bytes: Buffer.concat(chunks) }));
      res.on('error', reject);
    }).on('error', reject);
  });
}

describe('api server: compression', () => {
  let server: RunningApiServer;
  before(async () => {
    server = await startManual({ syncs: 40 });
  });
  after(() => server.stop());

  it('gzips a large JSON body when the client accepts gzip, and the bytes decode to the same JSON', async () => {
    const plain = await getRaw(`${server.url}/api/bulk/syncs/status?all=true`);
    const zipped = await getRaw(`${server.url}/api/bulk/syncs/status?all=true`, 'gzip, deflate, br');
    assert.equal(plain.headers['content-encoding'], undefined);
    assert.equal(zipped.headers['content-encoding'], 'gzip');
    assert.equal(zipped.headers.vary, 'Accept-Encoding');
    assert.equal(Number(zipped.headers['content-length']), zipped.bytes.length);
    assert.deepEqual(JSON.parse(gunzipSync(zipped.bytes).toString('utf8')), JSON.parse(plain.bytes.toString('utf8')));
    assert.ok(zipped.bytes.length * 4 < plain.bytes.length, `${zipped.bytes.length} bytes gzipped vs ${plain.bytes.length}`);
  });

  it('sends small bodies and clients that refuse gzip the plain bytes', async () => {
    const small = await getRaw(`${server.url}/api/me`, 'gzip');
    assert.equal(small.headers['content-encoding'], undefined);
    assert.ok(JSON.parse(small.bytes.toString('utf8')).data);
    const refused = await getRaw(`${server.url}/api/bulk/syncs/status?all=true`, 'gzip;q=0, identity');
    assert.equal(refused.headers['content-encoding'], undefined);
    assert.ok(Array.isArray(JSON.parse(refused.bytes.toString('utf8')).data));
  });
});

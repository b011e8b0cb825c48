/**
 * A JSON body read as bytes (bodyText.ts): what JSON.parse makes of `jsonText` must be exactly what
 * it makes of the body decoded as UTF-8, for bodies with and without non-ASCII text, a byte order
 * mark, characters outside the BMP and invalid UTF-8; over HTTP, the server's non-ASCII text reaches
 * the statuses (and an error message) unchanged.
 */
import assert from 'node:assert/strict';
import { bodyText, jsonText } from '../../src/core/api/bodyText';
import { Random } from '../../server/prng';
import { client } from './helpers/client';
import { apiError } from './helpers/logger';
import { reply, startRawServer, type RawServer } from './helpers/rawServer';

const PIECES = ['a', 'Orders', ' ', '"', '\\', '\n', '…', 'é', 'naïve', 'Ω', '日本', '🚀', '\u2028', '\u202e', '\u00a0', '\ufeff', '\u0080', '\uffff'];

function randomText(random: Random): string {
  let text = '';
  for (let n = random.int(0, 6); n > 0; n--) text += random.pick(PIECES);
  return text;
}

function randomValue(random: Random, depth: number): unknown {
  const kind = depth > 2 ? random.int(0, 2) : random.int(0, 4);
  if (kind === 0) return randomText(random);
  if (kind === 1) return random.int(-5, 100_000);
  if (kind === 2) return random.pick([true, false, null]);
  if (kind === 3) return Array.from({ length: random.int(0, 4) }, () => randomValue(random, depth + 1));
  const obj: Record<string, unknown> = {};
  for (let n = random.int(0, 4); n > 0; n--) obj[randomText(random)] = randomValue(random, depth + 1);
  return obj;
}

describe('jsonText: the same JSON as the UTF-8 text', () => {
  it('over random documents with non-ASCII keys and values, a byte order mark, and invalid UTF-8 inside strings', () => {
    for (let seed = 1; seed <= 400; seed++) {
      const random = new Random(seed);
      let bytes = Buffer.from(JSON.stringify({ data: randomValue(random, 0) }, null, random.chance(0.5) ? 2 : undefined), 'utf8');
      if (random.chance(0.3)) {
        // bytes that are not UTF-8 (a lone continuation byte, a cut sequence) just after the opening quote of a string
        const quote = bytes.indexOf('"', 1);
        if (quote > 0) bytes = Buffer.concat([bytes.subarray(0, quote + 1), Buffer.from(random.pick([[0x80], [0xe2, 0x80], [0xff, 0xfe], [0xf0, 0x9f, 0x9a]])), bytes.subarray(quote + 1)]);
      }
      if (random.chance(0.2)) bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), bytes]);
      const expected = JSON.parse(bodyText(bytes));
      assert.deepEqual(JSON.parse(jsonText(bytes)), expected, `seed ${seed}`);
    }
  });

  it('an ASCII body is read as it is, and a byte order mark is dropped', () => {
    assert.equal(jsonText(Buffer.from('{"data":[]}')), '{"data":[]}');
    assert.equal(jsonText(Buffer.from('\ufeff{"data":[]}')), '{"data":[]}');
    assert.equal(bodyText(Buffer.from('\ufeffWartung läuft…')), 'Wartung läuft…');
  });
});

describe('PolytomicClient: non-ASCII text in a body', () => {
  let server: RawServer | undefined;
  afterEach(async () => {
    await server?.stop();
    server = undefined;
  });

  it("reaches the statuses as the server wrote it: a schema's message, its name and a sync id", async () => {
    const body = {
      data: [
        { sync_id: 'sync-ä', status: 'failed', schemas: [{ schema: 'Bestellungen 🚀', status: 'failed', status_message: 'Zeitüberschreitung… nach 30 s — «naïve» 日本' }] },
        { sync_id: 'plain', status: 'completed', schemas: [] },
      ],
    };
    server = await startRawServer(reply(200, '\ufeff' + JSON.stringify(body)));
    const statuses = await client(server.url).getStatuses({ kind: 'all' });
    assert.deepEqual(
      statuses.map((s) => [s.syncId, s.schemas.map((x) => [x.schema, x.statusMessage])]),
      [
        ['sync-ä', [['Bestellungen 🚀', 'Zeitüberschreitung… nach 30 s — «naïve» 日本']]],
        ['plain', []],
      ],
    );
  });

  it('a body that is not JSON is quoted as the server wrote it', async () => {
    server = await startRawServer(reply(200, 'Wartung läuft… bitte später'));
    const err = await apiError(client(server.url).getStatuses({ kind: 'all' }));
    assert.equal(err.kind, 'malformed');
    assert.match(err.message, /not JSON \(starts with "Wartung läuft… bitte später"\)/);
  });
});

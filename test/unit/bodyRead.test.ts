/**
 * A body read from a stream (bodyRead.ts): capped, refused when the stream closes before its end, and
 * written into memory kept between bodies (which grows, once, for a body that does not fit).
 */
import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { readBody, type BodyMemory } from '../../src/core/api/bodyRead';
import { classifyTransportError } from '../../src/core/api/httpErrors';

const chunks = (...texts: string[]) => Readable.from(texts.map((t) => Buffer.from(t)));

describe('readBody', () => {
  it('joins the chunks; past the cap it refuses, and the client says the body is too large', async () => {
    assert.equal((await readBody(chunks('{"da', 'ta":', '[]}'), 11)).bytes.toString(), '{"data":[]}');
    const err = await readBody(chunks('{"da', 'ta":', '[]}'), 10).then(
      () => undefined,
      (e: unknown) => e,
    );
    assert.equal(classifyTransportError(err, 'GET /api/bulk/syncs/status', false, 15_000).message, 'Unexpected response from GET /api/bulk/syncs/status: the body is larger than 200 MB.');
  });

  it('a stream closed before its end is a connection closed early', async () => {
    const stream = new Readable({ read() {} });
    stream.push(Buffer.from('{"data":['));
    const reading = readBody(stream, 100);
    stream.destroy();
    const err = await reading.then(
      () => undefined,
      (e: unknown) => e,
    );
    assert.equal(classifyTransportError(err, 'GET /x', false, 15_000).message, 'GET /x: the connection closed before the response was complete (ERR_BAD_RESPONSE)');
  });

  it('writes into kept memory, grows it once for a larger body, and keeps using it', async () => {
    const memory: BodyMemory = {};
    const { bytes: first } = await readBody(chunks('abc', 'def'), 100, memory);
    assert.equal(first.toString(), 'abcdef');
    const kept = memory.buffer;
    assert.ok(kept && first.buffer === kept.buffer);
    const { bytes: second } = await readBody(chunks('xy', 'z'), 100, memory);
    assert.equal(second.toString(), 'xyz');
    assert.equal(memory.buffer, kept, 'a body that fits: the same memory');
    const { bytes: third } = await readBody(chunks('0123', '4567', '89'), 100, memory);
    assert.equal(third.toString(), '0123456789');
    assert.notEqual(memory.buffer, kept, 'a body that does not fit: larger memory');
    assert.ok(memory.buffer!.length >= 10);
  });
});

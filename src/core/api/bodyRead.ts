/**
 * A response body read from axios's stream (`responseType: 'stream'`), capped at `maxBytes`. The
 * chunks are joined once (axios's own buffering joined them, then `jsonText` joined its parts again).
 * With a `BodyMemory`, they are written into memory kept from one body to the next: at 2,000 syncs
 * the whole-scope body is 8.6 MB, and filling 8.6 MB of memory fresh from the system cost 30–60 ms
 * of CPU on the bench machine (each page touched the first time), the same memory again under 1 ms.
 */
import type { Readable } from 'node:stream';

/** Memory a body is written into, kept by its owner for the next body (statusReuse.ts keeps two). */
export interface BodyMemory {
  /** its own memory (never a slice of Node's shared pool); replaced by a larger one when a body outgrows it */
  buffer?: Buffer;
}

/** The body passed the cap; the caller says so in its own words. */
export class BodyTooLarge extends Error {}

/**
 * The whole body; rejects with the stream's error, with BodyTooLarge past `maxBytes`, or when the
 * stream closes before its end. With `memory`, the result is a view of `memory.buffer`, valid until
 * the memory is used again.
 */
export function readBody(stream: Readable, maxBytes: number, memory?: BodyMemory): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const fail = (err: unknown): void => {
      if (settled) return;
      settled = true;
      reject(err);
    };
    stream.on('data', (chunk: Buffer) => {
      if (settled) return;
      const end = size + chunk.length;
      if (end > maxBytes) {
        fail(new BodyTooLarge(`the body is larger than ${maxBytes} bytes`));
        stream.destroy();
        return;
      }
      if (memory?.buffer !== undefined && chunks.length === 0 && end <= memory.buffer.length) memory.buffer.set(chunk, size);
      else chunks.push(chunk);
      size = end;
    });
    stream.on('end', () => {
      if (settled) return;
      settled = true;
      resolve(memory ? into(memory, chunks, size) : Buffer.concat(chunks, size));
    });
    stream.on('error', fail);
    // Closed before its end without an error: what axios's own buffering reported as an aborted stream.
    stream.on('close', () => fail(Object.assign(new Error('stream has been aborted'), { code: 'ERR_BAD_RESPONSE' })));
  });
}

/**
 * The body in `memory`: its first bytes are there already and `rest` (the chunks that did not fit)
 * follow; when there are any, the memory is replaced by a larger one (an eighth to spare), once.
 */
function into(memory: BodyMemory, rest: Buffer[], size: number): Buffer {
  if (rest.length > 0) {
    const next = Buffer.allocUnsafeSlow(size + (size >> 3));
    let at = size;
    for (const chunk of rest) at -= chunk.length;
    if (at > 0) memory.buffer!.copy(next, 0, 0, at);
    for (const chunk of rest) {
      next.set(chunk, at);
      at += chunk.length;
    }
    memory.buffer = next;
  }
  return (memory.buffer ?? Buffer.alloc(0)).subarray(0, size);
}

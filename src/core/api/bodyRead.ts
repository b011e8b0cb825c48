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

/** A failure as axios's own buffering reported it (httpErrors.ts classifies it by these). */
function axiosLike(message: string): Error {
  return Object.assign(new Error(message), { code: 'ERR_BAD_RESPONSE' });
}

/**
 * The whole body; rejects with the stream's error, or when the stream closes before its end. Past
 * `maxBytes` it rejects as axios did (`maxContentLength`), or with `cut` resolves with the first
 * `maxBytes` bytes, `truncated` (a log file). With `memory`, `bytes` is a view of `memory.buffer`,
 * valid until the memory is used again.
 */
export function readBody(stream: Readable, maxBytes: number, memory?: BodyMemory, cut = false): Promise<{ bytes: Buffer; truncated: boolean }> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const finish = (err: unknown, truncated = false): void => {
      if (settled) return;
      settled = true;
      if (err) reject(err);
      else resolve({ bytes: memory ? into(memory, chunks, size) : Buffer.concat(chunks, size), truncated });
    };
    const add = (chunk: Buffer): void => {
      const end = size + chunk.length;
      const room = memory?.buffer;
      if (room && !chunks.length && end <= room.length) room.set(chunk, size);
      else chunks.push(chunk);
      size = end;
    };
    stream.on('data', (chunk: Buffer) => {
      if (settled) return;
      if (size + chunk.length <= maxBytes) return add(chunk);
      if (cut) add(chunk.subarray(0, maxBytes - size));
      finish(cut ? undefined : axiosLike('maxContentLength'), cut);
      stream.destroy();
    });
    stream.on('end', () => finish(undefined));
    stream.on('error', finish);
    // closed before its end without an error
    stream.on('close', () => finish(axiosLike('aborted')));
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
    for (let k = rest.length - 1; k >= 0; k--) rest[k].copy(next, (at -= rest[k].length));
    memory.buffer?.copy(next, 0, 0, at);
    memory.buffer = next;
  }
  return (memory.buffer ?? Buffer.alloc(0)).subarray(0, size);
}

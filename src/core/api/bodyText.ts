/**
 * A response body's bytes as text. UTF-8 decoding is fast only while the bytes are ASCII: V8 decodes
 * a body with one non-ASCII character (a `…` in one status message) the slow way from there on, and
 * the result is a two-byte string. At 2,000 syncs that made decoding the 8.6 MB status body cost
 * three times its JSON.parse (about 65 ms against 20, bench/pollCost.ts). For a body that goes to
 * JSON.parse, `jsonText` instead reads the bytes as Latin-1 (a copy) and writes each run of non-ASCII
 * characters as `\uXXXX` escapes: in valid JSON such characters stand only inside strings, where the
 * escape means the same character, so JSON.parse returns exactly what it returns for the decoded
 * text. Anything else (text outside strings) is invalid JSON either way; the caller then decodes with
 * `bodyText` for its message.
 */
import { isAscii } from 'node:buffer';

/** The byte order mark axios stripped from a decoded body (EF BB BF). */
function bomLength(bytes: Uint8Array): number {
  return bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
}

/** The body decoded as UTF-8 without a leading byte order mark (what axios's `responseType: 'text'` gave). */
export function bodyText(bytes: Buffer): string {
  return bytes.toString('utf8', bomLength(bytes));
}

/** Bytes checked for non-ASCII at a time (isAscii is vectorised; only blocks that fail it are read byte by byte). */
const BLOCK = 4096;

/** Text that JSON.parse reads as it reads `bodyText(bytes)` (see above), as a one-byte string. */
export function jsonText(bytes: Buffer): string {
  const start = bomLength(bytes);
  const body = start === 0 ? bytes : bytes.subarray(start);
  if (isAscii(body)) return body.toString('latin1');
  // Bytes, joined once and read as Latin-1 (joining strings this long cost more than the decoding saved).
  const parts: Buffer[] = [];
  // body[0, from) is in parts already
  let from = 0;
  for (let block = 0; block < body.length; block += BLOCK) {
    const end = Math.min(block + BLOCK, body.length);
    if (from >= end || isAscii(body.subarray(block, end))) continue;
    for (let i = Math.max(block, from); i < end; i++) {
      if (body[i] < 0x80) continue;
      // A run of bytes >= 0x80 holds whole UTF-8 sequences (every byte of one is >= 0x80, and an
      // ASCII byte ends a run), so it decodes on its own as it would in place.
      let j = i + 1;
      while (j < body.length && body[j] >= 0x80) j++;
      parts.push(body.subarray(from, i), Buffer.from(escaped(body.toString('utf8', i, j)), 'latin1'));
      from = j;
      i = j;
    }
  }
  parts.push(body.subarray(from));
  return Buffer.concat(parts).toString('latin1');
}

function escaped(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) out += '\\u' + text.charCodeAt(i).toString(16).padStart(4, '0');
  return out;
}

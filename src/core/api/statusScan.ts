/**
 * Where each entry of a status body lies, without parsing it, for a body shaped exactly
 * `{"data":[e0, e1, …]}` (JSON whitespace allowed, a byte order mark before it): where the first
 * element starts, where an element ends, where the body ends. statusReuse.ts walks the elements with
 * these, compares each with last time's and parses only the ones that changed. The scanner only finds
 * boundaries (strings and their escapes, nesting depth); it does not check an element's content:
 * each element not found unchanged is parsed alone, and one that does not parse sends the body down
 * the full path. Anything else (another key, `data: null`, a trailing comma, a truncated body, an
 * element that is not an object) takes the full path too, with today's messages.
 */

/** The start up to the array's `[`, read as Latin-1 from the first 256 bytes (a byte order mark is ï»¿). */
const HEAD = /^(?:\xef\xbb\xbf)?[ \t\n\r]*\{[ \t\n\r]*"data"[ \t\n\r]*:[ \t\n\r]*\[/;

/** Past the JSON whitespace at `i` (a byte past the end is not whitespace). */
export function skipSpace(body: Uint8Array, i: number): number {
  for (let c = body[i]; c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09; c = body[++i]);
  return i;
}

/** Where the first element of a body that starts `{"data":[` lies (or its `]`), else -1. */
export function firstElement(body: Buffer): number {
  const head = HEAD.exec(body.toString('latin1', 0, 256));
  return head ? skipSpace(body, head[0].length) : -1;
}

/**
 * Where the object starting at `start` ends (exclusive), by its brackets outside strings (a backslash
 * in a string escapes the next byte); -1 when it does not, or is not an object (an entry that is not
 * a sync object takes the full path).
 */
export function valueEnd(body: Uint8Array, start: number): number {
  if (body[start] !== 0x7b) return -1;
  let depth = 0;
  for (let i = start; i < body.length; i++) {
    const c = body[i];
    if (c === 0x22) {
      for (i++; i < body.length && body[i] !== 0x22; i++) if (body[i] === 0x5c) i++;
    } else if (c === 0x7b || c === 0x5b) {
      depth++;
    } else if ((c === 0x7d || c === 0x5d) && --depth === 0) {
      return i + 1;
    }
  }
  return -1;
}

/** Whether `body[i, …)` is `]`, then `}` and nothing else but whitespace: the end of `{"data":[…]}`. */
export function isEnd(body: Buffer, i: number): boolean {
  return body[i] === 0x5d && body[(i = skipSpace(body, i + 1))] === 0x7d && skipSpace(body, i + 1) === body.length;
}

/**
 * Where each entry of a status body lies, without parsing it: for a body shaped exactly
 * `{"data":[e0, e1, …]}` (JSON whitespace allowed, a byte order mark before it), the byte range of
 * each element. statusReuse.ts compares each range with last time's and parses only the ones that
 * changed. The scanner only finds boundaries (strings and their escapes, nesting depth); it does not
 * check an element's content: each element it did not find unchanged is parsed alone, and one that
 * does not parse sends the body down the full path. Anything else (another key, `data: null`, a
 * trailing comma, a truncated body) is `undefined`: the full path, with today's messages.
 */

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const COMMA = 0x2c;
const COLON = 0x3a;
/** `"data"` */
const DATA_KEY = Buffer.from('"data"', 'latin1');

/** The element ranges found: element k is `body[starts[k], ends[k])`; `known[k]`: `known` said where it ends. */
export interface ScannedEntries {
  starts: number[];
  ends: number[];
  known: boolean[];
}

/**
 * Says where an element that starts at `start` ends when it is, byte for byte, one it already knows
 * (then the scanner need not walk it), else -1.
 */
export type KnownElement = (index: number, start: number) => number;

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
}

function skipSpace(body: Uint8Array, i: number): number {
  while (i < body.length && isSpace(body[i])) i++;
  return i;
}

/** Where the JSON value starting at `start` ends (exclusive), by its brackets and strings; -1 if it does not. */
export function valueEnd(body: Uint8Array, start: number): number {
  const first = body[start];
  const n = body.length;
  if (first !== OPEN_BRACE && first !== OPEN_BRACKET && first !== QUOTE) {
    // a number, true, false or null: up to the next delimiter (JSON.parse judges it)
    let i = start;
    while (i < n) {
      const c = body[i];
      if (c === COMMA || c === CLOSE_BRACKET || c === CLOSE_BRACE || isSpace(c) || c === QUOTE || c === OPEN_BRACE || c === OPEN_BRACKET) break;
      i++;
    }
    return i === start ? -1 : i;
  }
  let depth = 0;
  for (let i = start; i < n; i++) {
    const c = body[i];
    if (c === QUOTE) {
      // a string: up to the quote no backslash escapes
      i++;
      while (i < n) {
        const d = body[i];
        if (d === BACKSLASH) i += 2;
        else if (d === QUOTE) break;
        else i++;
      }
      if (i >= n) return -1;
      if (depth === 0) return i + 1;
    } else if (c === OPEN_BRACE || c === OPEN_BRACKET) {
      depth++;
    } else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
      if (--depth === 0) return i + 1;
    }
  }
  return -1;
}

/**
 * The element ranges of a body shaped `{"data":[…]}`, or undefined for any other body (or one cut
 * short). `known` skips the elements that are the same as last time.
 */
export function scanStatusBody(body: Uint8Array, known?: KnownElement): ScannedEntries | undefined {
  const n = body.length;
  let i = n >= 3 && body[0] === 0xef && body[1] === 0xbb && body[2] === 0xbf ? 3 : 0;
  i = skipSpace(body, i);
  if (body[i] !== OPEN_BRACE) return undefined;
  i = skipSpace(body, i + 1);
  for (let k = 0; k < DATA_KEY.length; k++) if (body[i + k] !== DATA_KEY[k]) return undefined;
  i = skipSpace(body, i + DATA_KEY.length);
  if (body[i] !== COLON) return undefined;
  i = skipSpace(body, i + 1);
  if (body[i] !== OPEN_BRACKET) return undefined;
  i = skipSpace(body, i + 1);
  const starts: number[] = [];
  const ends: number[] = [];
  const knownAt: boolean[] = [];
  if (body[i] === CLOSE_BRACKET) {
    i++;
  } else {
    for (;;) {
      if (i >= n) return undefined;
      const index = starts.length;
      let end = known ? known(index, i) : -1;
      knownAt.push(end >= 0);
      if (end < 0) end = valueEnd(body, i);
      if (end < 0) return undefined;
      starts.push(i);
      ends.push(end);
      i = skipSpace(body, end);
      if (body[i] === CLOSE_BRACKET) {
        i++;
        break;
      }
      if (body[i] !== COMMA) return undefined;
      i = skipSpace(body, i + 1);
    }
  }
  i = skipSpace(body, i);
  if (body[i] !== CLOSE_BRACE) return undefined;
  return skipSpace(body, i + 1) === n ? { starts, ends, known: knownAt } : undefined;
}

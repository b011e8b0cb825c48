/**
 * The whole-scope status body, read from what changed. Between two whole-scope polls almost every
 * entry of the body (at 2,000 syncs, 8.6 MB) is byte for byte the same (the local server's typical
 * organization: about 1,830 of 2,000 five minutes apart). `StatusReuse` keeps the last body's
 * bytes, where each entry lay in it (statusScan.ts) and what each gave (validate.ts's StatusEntry);
 * for the next body, an entry whose bytes are the same as the entry at the same index last time
 * gives the same StatusEntry (the same objects, so the snapshot reuses its row by reference), and
 * only the others are read (`jsonText`), parsed and validated, each alone. That is what the whole
 * body gives: the body is exactly `{"data":[e0, e1, …]}`, so JSON.parse of it is the array of the
 * elements' values, and the elements are validated one by one in any case (their warnings name
 * `data[i]`, the same index). Whatever else (a body of another shape, an element that does not
 * parse alone) is `undefined` here, and the caller takes the full path (its messages unchanged).
 * An element equal to last time's is not even walked: last time's bytes were one complete JSON value
 * (they parsed), so the same bytes are that value again and end where it ended. The scanner's
 * boundaries for the others are checked by parsing each alone: a wrong one does not parse, and the
 * body takes the full path, so a scanner bug can cost time but not show other data.
 * One per client, for `all` and `active` (client.ts): a new key, base URL or scope is a new client.
 */
import type { BodyMemory } from './bodyRead';
import { jsonText } from './bodyText';
import { firstElement, isEnd, skipSpace, valueEnd } from './statusScan';
import { parseStatusEntry, type StatusEntry } from './validate';

export class StatusReuse {
  /** the last body read entry by entry: its bytes (a view of `memory`), where each entry lay, what each gave */
  private last?: { bytes: Buffer; starts: number[]; ends: number[]; entries: StatusEntry[] };
  /** where the last body lies */
  private memory: BodyMemory = {};
  /** where the next body is written (bodyRead.ts); undefined while a request has it */
  private spare?: BodyMemory = {};

  /** Memory for the next body (never the last body's), or undefined while another request has it. */
  lend(): BodyMemory | undefined {
    const spare = this.spare;
    this.spare = undefined;
    return spare;
  }

  /** Memory lent for a body that was not read (the request failed, or the body took the full path). */
  giveBack(memory: BodyMemory | undefined): void {
    if (memory) this.spare = memory;
  }

  /**
   * The entries of this body (`entries[i]` from `data[i]`), unchanged ones as last time; undefined
   * when the body must take the full path (then what is kept stays as it was, and `memory` is given
   * back). `memory`: where the body was written, if it was lent; it now holds the last body, and the
   * last one's becomes the spare.
   */
  read(body: Buffer, memory?: BodyMemory): StatusEntry[] | undefined {
    const entries = this.entriesOf(body);
    if (!entries || !memory) {
      this.giveBack(memory);
    } else {
      this.spare = this.memory;
      this.memory = memory;
    }
    return entries;
  }

  /** The body's entries, the unchanged ones last time's; undefined when it must take the full path. */
  private entriesOf(body: Buffer): StatusEntry[] | undefined {
    const last = this.last;
    const starts: number[] = [];
    const ends: number[] = [];
    const entries: StatusEntry[] = [];
    let i = firstElement(body);
    if (i < 0) return undefined;
    if (body[i] !== 0x5d) {
      for (let k = 0; ; k++) {
        let end = -1;
        if (last && k < last.starts.length) {
          // last time's element k was one complete JSON value (it parsed): the same bytes end where it ended
          end = i + last.ends[k] - last.starts[k];
          if (end <= body.length && body.compare(last.bytes, last.starts[k], last.ends[k], i, end) === 0) entries.push(last.entries[k]);
          else end = -1;
        }
        if (end < 0) {
          end = valueEnd(body, i);
          if (end < 0) return undefined;
          try {
            entries.push(parseStatusEntry(JSON.parse(jsonText(body.subarray(i, end))), k));
          } catch {
            return undefined;
          }
        }
        starts.push(i);
        ends.push(end);
        i = skipSpace(body, end);
        if (body[i] !== 0x2c) break;
        i = skipSpace(body, i + 1);
      }
    }
    if (!isEnd(body, i)) return undefined;
    this.last = { bytes: body, starts, ends, entries };
    return entries;
  }
}

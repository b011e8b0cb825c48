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
 * `data[i]`, the same index). Whatever else (the scanner's `undefined`, an element that does not
 * parse alone) is `undefined` here, and the caller takes the full path (its messages unchanged).
 * An element equal to last time's is not even walked: last time's bytes were one complete JSON value
 * (they parsed), so the same bytes are that value again and end where it ended. The scanner's
 * boundaries for the others are checked by parsing each alone: a wrong one does not parse, and the
 * body takes the full path, so a scanner bug can cost time but not show other data.
 * One per client and scope kind (client.ts): a new key, base URL or scope is a new client.
 */
import type { BodyMemory } from './bodyRead';
import { jsonText } from './bodyText';
import { scanStatusBody } from './statusScan';
import { parseStatusEntry, type StatusEntry } from './validate';

export class StatusReuse {
  /** the last body read, a view of `memory` (or of a buffer of its own) */
  private bytes?: Buffer;
  private starts: number[] = [];
  private ends: number[] = [];
  private entries: StatusEntry[] = [];
  /** where `bytes` lie */
  private memory: BodyMemory = {};
  /** where the next body is written (bodyRead.ts); undefined while a request has it */
  private spare?: BodyMemory = {};

  /** Memory for the next body (never the last body's), or undefined while another request has it. */
  lend(): BodyMemory | undefined {
    const spare = this.spare;
    this.spare = undefined;
    return spare;
  }

  /** Memory lent for a body that was not read (the request failed). */
  giveBack(memory: BodyMemory | undefined): void {
    if (memory) this.spare = memory;
  }

  /**
   * The entries of this body (`entries[i]` from `data[i]`), unchanged ones as last time; undefined
   * when the body must take the full path (then what is kept stays as it was). `memory`: where the
   * body was written, if it was lent (it now holds the last body; the last one's becomes the spare).
   */
  read(body: Buffer, memory?: BodyMemory): StatusEntry[] | undefined {
    const entries = this.entriesOf(body);
    if (!entries) {
      this.giveBack(memory);
      return undefined;
    }
    if (memory) {
      this.spare = this.memory;
      this.memory = memory;
    } else {
      // read into a buffer of its own (another request had the spare): the last one's memory is free
      this.spare ??= this.memory;
      this.memory = {};
    }
    return entries;
  }

  private entriesOf(body: Buffer): StatusEntry[] | undefined {
    const last = this.bytes;
    const { starts: lastStarts, ends: lastEnds } = this;
    const scanned = scanStatusBody(
      body,
      last === undefined
        ? undefined
        : (index, start) => {
            if (index >= lastStarts.length) return -1;
            const from = lastStarts[index];
            const end = start + lastEnds[index] - from;
            if (end > body.length || body.compare(last, from, lastEnds[index], start, end) !== 0) return -1;
            return end;
          },
    );
    if (!scanned) return undefined;
    const { starts, ends, known } = scanned;
    const entries: StatusEntry[] = new Array(starts.length);
    for (let i = 0; i < starts.length; i++) {
      if (known[i]) {
        entries[i] = this.entries[i];
        continue;
      }
      let raw: unknown;
      try {
        raw = JSON.parse(jsonText(body.subarray(starts[i], ends[i])));
      } catch {
        return undefined;
      }
      entries[i] = parseStatusEntry(raw, i);
    }
    this.bytes = body;
    this.starts = starts;
    this.ends = ends;
    this.entries = entries;
    return entries;
  }
}

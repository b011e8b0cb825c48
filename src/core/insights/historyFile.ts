/**
 * The run history across sessions: one JSON file (the adapter puts it in the extension's
 * globalStorageUri), bounded in bytes, written atomically (a temp file, then a rename) and
 * debounced by the service. The whole kept history (2,000 syncs x 25 schemas x 30 runs) is about
 * 117 MB as JSON: far too much for globalState, and too much to write every few minutes. So the
 * file holds the most recently updated syncs up to `maxBytes` (16 MB by default, about 370 such
 * syncs); the rest is rebuilt by the backfill when it is next needed.
 *
 * Reading never throws: a missing file is an empty history; a damaged one is reported (the
 * caller logs it) and ignored, and is replaced on the next write.
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { RunHistory } from './history';
import { HISTORY_FORMAT, restoreHistory, serializeHistory, type HistoryJson } from './persist';
import type { HistoryLimits } from './types';

export const DEFAULT_MAX_FILE_BYTES = 16 * 1024 * 1024;

/** Where the text lives: a file in production, anything in tests. */
export interface HistoryStore {
  /** undefined when there is nothing saved yet */
  read(): Promise<string | undefined>;
  write(text: string): Promise<void>;
}

/** What the file holds besides the runs: anomalies already notified, so a restart does not repeat them. */
export interface SavedInsights {
  history: RunHistory;
  alerted: string[];
  /** what was wrong with the file (no server text), for the log */
  problems: string[];
}

const MAX_ALERTED = 5_000;

/**
 * The history as JSON text of at most `maxBytes` (UTF-16 code units, close to bytes for ids):
 * the most recently updated syncs first in, kept in least-recently-updated order.
 */
export function historyText(history: RunHistory, alerted: Iterable<string>, maxBytes = DEFAULT_MAX_FILE_BYTES): string {
  const syncs = serializeHistory(history).syncs;
  const alertedList = [...alerted].slice(-MAX_ALERTED);
  const head = `{"format":${HISTORY_FORMAT},"alerted":${JSON.stringify(alertedList)},"syncs":[`;
  let budget = maxBytes - head.length - 2;
  const parts: string[] = [];
  for (let i = syncs.length - 1; i >= 0; i--) {
    const part = JSON.stringify(syncs[i]);
    if (part.length + 1 > budget) break;
    budget -= part.length + 1;
    parts.push(part);
  }
  return `${head}${parts.reverse().join(',')}]}`;
}

/** Parses what historyText wrote; a damaged text gives an empty history and says why. */
export function parseHistoryText(text: string | undefined, limits: Partial<HistoryLimits> = {}): SavedInsights {
  if (text === undefined) return { ...restoreHistory(undefined, limits), alerted: [] };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    const restored = restoreHistory(undefined, limits);
    return { history: restored.history, alerted: [], problems: ['saved run history is not valid JSON (damaged file?); starting with an empty history'] };
  }
  const restored = restoreHistory(value, limits);
  const raw = (value as Partial<HistoryJson> & { alerted?: unknown } | null)?.alerted;
  const alerted = Array.isArray(raw) ? raw.filter((k): k is string => typeof k === 'string' && k.length <= 1_000).slice(-MAX_ALERTED) : [];
  return { history: restored.history, alerted, problems: restored.problems };
}

/** A file written atomically: a whole old file or a whole new one is there, never half of one. */
export function fileHistoryStore(file: string): HistoryStore {
  return {
    async read() {
      try {
        return await fs.readFile(file, 'utf8');
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
        throw e;
      }
    },
    async write(text) {
      await fs.mkdir(path.dirname(file), { recursive: true });
      const temp = `${file}.${process.pid}.tmp`;
      await fs.writeFile(temp, text, 'utf8');
      await fs.rename(temp, file);
    },
  };
}

/**
 * A run's logs as one read-only document: its tab title, its text, and the short-lived log links
 * kept per execution until they expire.
 */
import { capText } from '../api/errors';
import { stripDirectionControls } from '../view/bidi';

/** Tab title: `<sync> · <schema> · run 1a2b3c4d.log` (short id; the full one is in the text). */
export function logTabTitle(syncName: string, executionId: string, schema?: string): string {
  const clean = (s: string, max: number) => capText(s, max).replace(/[\\/:*?"<>|]+/g, '_');
  const parts = [clean(syncName, 60)];
  if (schema) parts.push(clean(schema, 60));
  parts.push(`run ${clean(executionId.slice(0, 8), 8)}`);
  return `${parts.join(' · ')}.log`;
}

export interface LogPart {
  text: string;
  truncated: boolean;
}

/** The log document: the files in order, a note where one was cut, a clear line when empty. */
export function logDocumentText(header: { syncName: string; executionId: string; schema?: string }, parts: readonly LogPart[]): string {
  const lines = [
    stripDirectionControls(`# Polytomic bulk sync “${header.syncName}”, execution ${header.executionId}${header.schema ? ` (opened from schema ${header.schema})` : ''}`),
    '',
  ];
  if (parts.length === 0) lines.push('(Polytomic has no log files for this execution yet.)');
  parts.forEach((part, i) => {
    if (parts.length > 1) lines.push(`# ---- log file ${i + 1} of ${parts.length} ----`);
    lines.push(part.text.replace(/\n$/, ''));
    if (part.truncated) lines.push(`# ---- log file ${i + 1} was cut here: it is larger than the extension opens ----`);
  });
  return lines.join('\n') + '\n';
}

/**
 * Log links per execution, reused while they are valid (opening a second schema's logs of the same
 * run needs no API call). A link is reused only until one minute before its `Expires`, so clock
 * differences rarely hand out a dead link; when one is refused as expired, forget() it.
 */
export class LogUrlCache {
  private readonly entries = new Map<string, { urls: string[]; expiresAt?: number }>();
  constructor(private readonly now: () => number = Date.now, private readonly marginMs = 60_000) {}

  get(syncId: string, executionId: string): string[] | undefined {
    const key = `${syncId}/${executionId}`;
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt === undefined || entry.expiresAt - this.marginMs <= this.now()) {
      this.entries.delete(key);
      return undefined;
    }
    return entry.urls;
  }

  set(syncId: string, executionId: string, urls: string[], expires?: string): void {
    const expiresAt = expires !== undefined ? Date.parse(expires) : undefined;
    // Without an expiry we cannot know how long a link lives: do not keep it.
    if (expiresAt === undefined || Number.isNaN(expiresAt)) return;
    this.entries.set(`${syncId}/${executionId}`, { urls, expiresAt });
  }

  forget(syncId: string, executionId: string): void {
    this.entries.delete(`${syncId}/${executionId}`);
  }
}

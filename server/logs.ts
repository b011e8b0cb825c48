/**
 * Execution logs: plain text made from an execution's plan (only what happened up to now),
 * served from short-lived signed URLs on this same server, the way Polytomic hands out
 * pre-signed object-store URLs.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type http from 'node:http';
import { executionState, formatCount, schemaState, type Execution, type Organization } from './simulation';

/** Signed log URLs stay valid this long (simulated time). */
export const LOG_URL_TTL_MS = 15 * 60_000;
/** Lines per log file; longer logs are split into several files (several URLs). */
const LINES_PER_FILE = 120;

interface LogLine {
  at: number;
  level: 'INFO' | 'WARN' | 'ERROR' | 'DEBUG';
  text: string;
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

export function logLines(exec: Execution, t: number): string[] {
  const lines: LogLine[] = [];
  const add = (at: number, level: LogLine['level'], text: string): void => {
    if (at <= t) lines.push({ at, level, text });
  };
  const sync = exec.sync;
  const worker = `bulk-worker-${(exec.seq * 7 + sync.index) % 12}`;
  add(exec.createdAt, 'INFO', `execution ${exec.id} created (${exec.type}, fetch_mode=${exec.fetchMode}${exec.isTest ? ', test' : ''}${exec.resyncMode ? `, resync_mode=${exec.resyncMode}` : ''}) for sync "${sync.name}"`);
  add(exec.createdAt + 1, 'DEBUG', `${exec.runs.length} schemas selected: ${exec.runs.map((r) => r.schema).join(', ')}`);
  add(exec.queuedAt, 'INFO', `execution queued; waiting for a worker (concurrency ${sync.lanes})`);
  add(exec.startedAt, 'INFO', `execution picked up by ${worker}`);
  add(exec.startedAt + 5, 'DEBUG', `connected to source ${sync.source.name} and destination ${sync.destination.name}`);
  for (const run of exec.runs) {
    const end = Math.min(run.endAt, run.frozenAt ?? Infinity);
    if (run.startAt < end) {
      add(run.startAt, 'INFO', `[${run.schema}] reading from ${sync.source.name}`);
      const steps = 4;
      for (let i = 1; i < steps; i++) {
        const at = run.startAt + ((run.runEnd - run.startAt) * i) / steps;
        if (at < end) add(at, 'DEBUG', `[${run.schema}] fetched ${formatCount(Math.floor((run.totalRecords * i) / steps))} records so far`);
      }
      if (run.runEnd <= end) add(run.runEnd, 'INFO', `[${run.schema}] read ${formatCount(run.totalRecords)} records; exporting to ${run.outputName}`);
      if (run.exportEnd <= end) add(run.exportEnd, 'INFO', `[${run.schema}] export finished; merging into ${run.outputName}`);
      if (run.totalWarnings > 0 && run.runEnd <= end) add(run.runEnd + 1, 'WARN', `[${run.schema}] ${run.totalWarnings} records with warnings: ${run.recordProblem ?? 'value adjusted'}`);
      if (run.totalErrors > 0 && run.runEnd <= end) add(run.runEnd + 2, 'WARN', `[${run.schema}] ${run.totalErrors} records rejected: ${run.recordProblem ?? 'invalid value'}`);
    }
    const state = schemaState(exec, run, Math.max(t, run.endAt));
    if (run.outcome === 'failed') add(run.endAt, 'ERROR', `[${run.schema}] failed: ${run.message}`);
    else if (run.outcome === 'canceled') add(run.endAt, 'WARN', `[${run.schema}] canceled after ${formatCount(state.records)} records`);
    else if (run.outcome === 'interrupted') add(run.endAt, 'ERROR', `[${run.schema}] interrupted: ${run.message}`);
    else add(run.endAt, 'INFO', `[${run.schema}] completed: ${formatCount(state.records)} records, ${state.errors} errors, ${state.warnings} warnings`);
  }
  if (exec.cancelRequestedAt !== undefined) add(exec.cancelRequestedAt, 'WARN', 'cancellation requested; stopping workers');
  const final = executionState(exec, Math.max(t, exec.endAt));
  add(exec.endAt + 1, final.status === 'completed' ? 'INFO' : final.status === 'errors' || final.status === 'canceled' ? 'WARN' : 'ERROR',
    `execution finished with status ${final.status}: ${final.message}`);
  lines.sort((a, b) => a.at - b.at);
  return lines.map((l) => `${iso(l.at)} ${l.level.padEnd(5)} ${l.text}`);
}

/** Log text split into files, each a list of lines. Always at least one file. */
export function logFiles(exec: Execution, t: number): string[][] {
  const lines = logLines(exec, t);
  const files: string[][] = [];
  for (let i = 0; i < lines.length; i += LINES_PER_FILE) files.push(lines.slice(i, i + LINES_PER_FILE));
  if (files.length === 0) files.push([]);
  return files;
}

export class LogSigner {
  constructor(private readonly secret: string) {}

  sign(execId: string, part: number, expiresSeconds: number): string {
    return createHmac('sha256', this.secret).update(`${execId}/${part}.log:${expiresSeconds}`).digest('hex');
  }

  url(base: string, execId: string, part: number, expiresSeconds: number): string {
    return `${base}/__logs/${execId}/${part}.log?expires=${expiresSeconds}&signature=${this.sign(execId, part, expiresSeconds)}`;
  }

  verify(execId: string, part: number, expiresSeconds: number, signature: string): boolean {
    const expected = Buffer.from(this.sign(execId, part, expiresSeconds), 'utf8');
    const given = Buffer.from(signature, 'utf8');
    return expected.length === given.length && timingSafeEqual(expected, given);
  }
}

/** S3-style error document, as a pre-signed URL would give. */
export function s3Error(code: string, message: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${message}</Message><RequestId>4442587FB7D0A2F9</RequestId></Error>\n`;
}

/** What serving a log file reads: the organization, the URL signer and the clock. */
export interface LogFileContext {
  readonly org: Organization;
  readonly signer: LogSigner;
  /** simulated now, with schedules processed up to it */
  tick(): number;
}

/** GET/HEAD /__logs/<execution>/<n>.log?expires&signature: one file of a log, S3-style errors otherwise. */
export function serveLogFile(ctx: LogFileContext, req: http.IncomingMessage, res: http.ServerResponse, url: URL): void {
  const sendXml = (status: number, code: string, message: string): void => {
    const body = s3Error(code, message);
    res.writeHead(status, { 'Content-Type': 'application/xml', 'Content-Length': String(Buffer.byteLength(body)) });
    res.end(body);
  };
  if (req.method !== 'GET' && req.method !== 'HEAD') return sendXml(405, 'MethodNotAllowed', 'The specified method is not allowed against this resource.');
  const m = /^\/__logs\/([^/]+)\/(\d+)\.log$/.exec(url.pathname);
  const expires = Number(url.searchParams.get('expires'));
  const signature = url.searchParams.get('signature') ?? '';
  if (!m || !Number.isInteger(expires) || !signature) return sendXml(403, 'AccessDenied', 'Query-string authentication requires the expires and signature parameters');
  const execId = m[1];
  const part = Number(m[2]);
  if (!ctx.signer.verify(execId, part, expires, signature)) {
    return sendXml(403, 'SignatureDoesNotMatch', 'The request signature we calculated does not match the signature you provided.');
  }
  const t = ctx.tick();
  if (t > expires * 1000) return sendXml(403, 'AccessDenied', 'Request has expired');
  const exec = ctx.org.executionById(execId);
  const files = exec ? logFiles(exec, t) : [];
  if (!exec || part < 1 || part > files.length) return sendXml(404, 'NoSuchKey', 'The specified key does not exist.');
  const text = files[part - 1].join('\n') + '\n';
  res.writeHead(200, { 'Content-Type': 'text/plain; charset=utf-8', 'Content-Length': String(Buffer.byteLength(text)) });
  res.end(req.method === 'HEAD' ? undefined : text);
}

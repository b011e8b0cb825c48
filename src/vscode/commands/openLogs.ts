/**
 * Polytomic: Open Logs. A schema's execution (or any `{ syncId, executionId }`) → its log text in a
 * read-only editor tab: a virtual document on the `polytomic-log:` scheme.
 *
 * The text is fetched before the tab opens (with a cancellable progress notification), so a failure
 * is a plain message rather than a tab full of error: no log files, expired links, refused links.
 * Log links are pre-signed and short-lived; they are fetched without credentials (see
 * PolytomicClient.fetchLogText) and reused only while valid (LogUrlCache). Each file is read up to
 * a cap and the whole document is capped too, so a huge log cannot freeze the window.
 *
 * Test hook: `executeCommand('polytomic.openLogs', { syncId, executionId, schema? })` resolves
 * `{ ok, message?, uri? }` (uri as a string) without any prompt.
 */
import * as vscode from 'vscode';
import { logDocumentText, logTabTitle, LogUrlCache, type LogPart } from '../../core/actions/logs';
import type { PolytomicClient } from '../../core/api/client';
import { DEFAULT_LOG_MAX_BYTES, LogLinkError } from '../../core/api/logDownload';
import { clientOrExplain, reportFailure, type ActionDeps, type ActionResult } from './context';
import { resolveTarget, type TargetRef } from './target';
import { stripDirectionControls } from '../../core/view/bidi';

export const LOG_SCHEME = 'polytomic-log';
/** the whole document, all files together */
const MAX_DOCUMENT_BYTES = 2 * DEFAULT_LOG_MAX_BYTES;

interface LogRef {
  syncId: string;
  executionId: string;
  syncName: string;
  schema?: string;
}

/** Read-only documents for fetched logs; a tab restored after a reload fetches again. */
export class LogDocuments implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly texts = new Map<string, string>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  readonly urls = new LogUrlCache();
  private readonly closing: vscode.Disposable;

  constructor(private readonly deps: ActionDeps) {
    // Drop the text when its tab is closed: logs can be large.
    this.closing = vscode.workspace.onDidCloseTextDocument((doc) => {
      if (doc.uri.scheme === LOG_SCHEME) this.texts.delete(doc.uri.toString());
    });
  }

  static uriFor(ref: LogRef): vscode.Uri {
    const query = new URLSearchParams({ sync: ref.syncId, execution: ref.executionId, name: ref.syncName });
    if (ref.schema) query.set('schema', ref.schema);
    return vscode.Uri.from({ scheme: LOG_SCHEME, path: `/${logTabTitle(ref.syncName, ref.executionId, ref.schema)}`, query: query.toString() });
  }

  static refOf(uri: vscode.Uri): LogRef | undefined {
    const query = new URLSearchParams(uri.query);
    const syncId = query.get('sync');
    const executionId = query.get('execution');
    if (!syncId || !executionId) return undefined;
    const ref: LogRef = { syncId, executionId, syncName: query.get('name') || syncId };
    const schema = query.get('schema');
    if (schema) ref.schema = schema;
    return ref;
  }

  set(uri: vscode.Uri, text: string): void {
    const key = uri.toString();
    const had = this.texts.has(key);
    this.texts.set(key, text);
    if (had) this.changed.fire(uri);
  }

  async provideTextDocumentContent(uri: vscode.Uri, token: vscode.CancellationToken): Promise<string> {
    const cached = this.texts.get(uri.toString());
    if (cached !== undefined) return cached;
    const ref = LogDocuments.refOf(uri);
    const client = this.deps.client();
    if (!ref) return 'This is not a Polytomic log link.\n';
    if (!client) return 'Sign in to Polytomic to see this log.\n';
    try {
      const text = await fetchLogDocument(client, this, ref, token);
      this.texts.set(uri.toString(), text);
      return text;
    } catch (err) {
      return `Could not load this log: ${err instanceof Error ? err.message : String(err)}\n`;
    }
  }

  dispose(): void {
    this.closing.dispose();
    this.changed.dispose();
    this.texts.clear();
  }
}

class NoLogs extends Error {}

async function fetchLogDocument(client: PolytomicClient, docs: LogDocuments, ref: LogRef, token?: vscode.CancellationToken): Promise<string> {
  let urls = docs.urls.get(ref.syncId, ref.executionId);
  if (!urls) {
    const links = await client.getLogUrls(ref.syncId, ref.executionId);
    urls = links.urls;
    docs.urls.set(ref.syncId, ref.executionId, urls, links.expires);
  }
  if (urls.length === 0) throw new NoLogs();
  const parts: LogPart[] = [];
  let budget = MAX_DOCUMENT_BYTES;
  try {
    for (let i = 0; i < urls.length; i++) {
      if (token?.isCancellationRequested) throw new vscode.CancellationError();
      if (budget <= 0) {
        parts.push({ text: `(${urls.length - i} more log file(s) not opened: the log is larger than the extension opens)`, truncated: false });
        break;
      }
      const what = urls.length > 1 ? `log file ${i + 1} of ${urls.length}` : 'the log file';
      const part = await client.fetchLogText(urls[i], { what, maxBytes: Math.min(DEFAULT_LOG_MAX_BYTES, budget) });
      budget -= part.bytes;
      parts.push({ text: part.text, truncated: part.truncated });
    }
  } catch (err) {
    // An expired or refused link will not work again: the next attempt asks for fresh ones.
    if (err instanceof LogLinkError) docs.urls.forget(ref.syncId, ref.executionId);
    throw err;
  }
  return logDocumentText({ syncName: ref.syncName, executionId: ref.executionId, schema: ref.schema }, parts);
}

export async function openLogs(deps: ActionDeps, docs: LogDocuments, arg?: TargetRef): Promise<ActionResult & { uri?: string }> {
  const target = resolveTarget(deps, arg);
  if (!target) {
    void vscode.window.showInformationMessage('Polytomic: choose a schema in the Bulk Syncs view, or a run in Show Run History, to open its logs.');
    return { ok: false, declined: true };
  }
  if (!target.executionId) {
    const message = `${target.schema ? `Schema “${stripDirectionControls(target.schema)}” of “${target.name}”` : `“${target.name}”`} has no run yet, so there are no logs.`;
    void vscode.window.showInformationMessage(`Polytomic: ${message}`);
    return { ok: false, message };
  }
  const client = clientOrExplain(deps);
  if (!client) return { ok: false, message: 'Not signed in.' };
  const ref: LogRef = { syncId: target.syncId, executionId: target.executionId, syncName: target.name };
  if (target.schema) ref.schema = target.schema;
  const uri = LogDocuments.uriFor(ref);
  let text: string;
  try {
    text = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Polytomic: loading the logs of “${target.name}”…`, cancellable: true },
      (_progress, token) => fetchLogDocument(client, docs, ref, token),
    );
  } catch (err) {
    if (err instanceof vscode.CancellationError) return { ok: false, declined: true };
    if (err instanceof NoLogs) {
      const message = `Polytomic has no logs for this run of “${target.name}” (yet).`;
      void vscode.window.showInformationMessage(`Polytomic: ${message}`);
      return { ok: false, message };
    }
    return reportFailure(deps, 'logs', err, target);
  }
  docs.set(uri, text);
  let doc = await vscode.workspace.openTextDocument(uri);
  // 'log' colours levels and dates; a very large log stays plain text, which is cheaper to show.
  if (text.length < 5 * 1024 * 1024) doc = await vscode.languages.setTextDocumentLanguage(doc, 'log').then((d) => d, () => doc);
  await vscode.window.showTextDocument(doc, { preview: false });
  return { ok: true, uri: uri.toString() };
}

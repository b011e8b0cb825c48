/**
 * The pure part of the sync actions (start, cancel, activate, logs, history, open, copy id):
 * which node offers which action, how the user's start choices become a request body, plain-words
 * errors, confirmations, the sync's page. History rows: history.ts; the log document: logs.ts.
 * No VS Code here; the adapters in src/vscode/commands/ ask
 * the user, call the client and render what these functions return.
 */
import type { SyncSnapshot, TreeNodeModel } from '../api/contract';
import { ApiError, capText, isApiError } from '../api/errors';

// ---------------------------------------------------------------------------------------------
// Which node offers which action

export type NodeAction =
  | 'startRun'
  | 'cancelRun'
  | 'activate'
  | 'deactivate'
  | 'openLogs'
  | 'showHistory'
  | 'openInPolytomic'
  | 'copySyncId'
  | 'copyExecutionId';

/**
 * The regular expressions package.json's `view/item/context` menus test `viewItem` (the node's
 * contextValue tokens, see treeNodes.ts) against. A unit test checks that the manifest uses exactly
 * these, so the menus and nodeActions() cannot drift apart.
 * - no Start while a run is going (the server would answer 409); no Cancel on a finished run or
 *   while a cancel is already on its way (`canceling`);
 * - logs and the execution id only where there is an execution (`idle` = never ran).
 */
export const ACTION_CONTEXT_PATTERNS: Record<NodeAction, RegExp> = {
  startRun: /^sync\b(?!.*\binProgress\b)/,
  cancelRun: /^(sync|schema)\b(?=.*\binProgress\b)(?!.*\bcanceling\b)/,
  activate: /^sync\b.*\binactive\b/,
  deactivate: /^sync\b.*\bactive\b/,
  openLogs: /^schema\b(?!.*\bidle\b)/,
  showHistory: /^sync\b/,
  openInPolytomic: /^sync\b/,
  copySyncId: /^sync\b/,
  copyExecutionId: /^schema\b(?!.*\bidle\b)/,
};

export function nodeActions(node: Pick<TreeNodeModel, 'contextValue'>): NodeAction[] {
  return (Object.keys(ACTION_CONTEXT_PATTERNS) as NodeAction[]).filter((action) => ACTION_CONTEXT_PATTERNS[action].test(node.contextValue));
}

// ---------------------------------------------------------------------------------------------
// Starting a run (the modes and the request body: runModes.ts)

/** The user asked for something the API does not allow; `message` says what to change. */
export class ActionInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ActionInputError';
  }
}

/** `Idempotency-Key`: 32 random characters of [A-Za-z0-9_-] (the API allows 8-255 of them). */
export function newIdempotencyKey(): string {
  // Web Crypto (a global): node:crypto would be loaded at activation for this one call.
  return Buffer.from(globalThis.crypto.getRandomValues(new Uint8Array(24))).toString('base64url');
}

/** Schemas whose latest execution failed: pre-selected when a run is started from a failed sync. */
export function failedSchemaNames(sync: Pick<SyncSnapshot, 'schemas'>): string[] {
  return sync.schemas.filter((s) => s.info.category === 'failure').map((s) => s.schema);
}

// ---------------------------------------------------------------------------------------------
// Plain-words errors

export type ActionKind = 'start' | 'cancel' | 'activate' | 'deactivate' | 'history' | 'logs';

const DOING: Record<ActionKind, string> = {
  start: 'start a run of',
  cancel: 'cancel the run of',
  activate: 'activate',
  deactivate: 'deactivate',
  history: 'load the run history of',
  logs: 'open the logs of',
};

/**
 * One sentence for the user: what could not be done, why, and what to do. `subject` is the sync's
 * display name (or id). The raw error stays in the log.
 */
export function describeActionError(action: ActionKind, err: unknown, subject: string): string {
  const name = `“${capText(subject, 80)}”`;
  if (err instanceof ActionInputError) return err.message;
  if (!isApiError(err)) return `Could not ${DOING[action]} ${name}: ${err instanceof Error ? capText(err.message) : capText(String(err))}`;
  const e: ApiError = err;
  if (e.name === 'LogLinkError' && (e as ApiError & { expired?: boolean }).expired) {
    return `The log links for ${name} expired before they were read (they are only valid for a few minutes). Open the logs again to get fresh links.`;
  }
  switch (e.kind) {
    case 'conflict':
      if (action === 'start') return `A run of ${name} is already going: wait for it to finish or cancel it first.`;
      if (action === 'cancel') {
        return /finished|not running|no execution|in progress/i.test(e.message)
          ? `Nothing to cancel: the run of ${name} has already finished.`
          : `Could not cancel the run of ${name}: ${e.message}`;
      }
      return `Could not ${DOING[action]} ${name}: Polytomic reported a conflict (409). Refresh and try again.`;
    case 'notFound':
      return `Could not ${DOING[action]} ${name}: Polytomic does not know it (404). It may have been deleted; refresh the view.`;
    case 'unauthorized':
      return `Could not ${DOING[action]} ${name}: Polytomic rejected the API key (401). Sign in again.`;
    case 'forbidden':
      return `Could not ${DOING[action]} ${name}: the API key is not allowed to do that (403).`;
    case 'client':
      return `Polytomic refused to ${DOING[action]} ${name}: ${e.message}`;
    default:
      return `Could not ${DOING[action]} ${name}: ${e.message}`;
  }
}

/** A 409 on start: the reason to offer "Show Run" rather than a retry. */
export function isAlreadyRunning(err: unknown): boolean {
  return isApiError(err) && err.kind === 'conflict';
}

// ---------------------------------------------------------------------------------------------
// Open in Polytomic

/**
 * `polytomic.syncUrlTemplate` default. Polytomic does not document its web app's URL for one bulk
 * sync; this is a plausible guess the user can override.
 */
export const DEFAULT_SYNC_URL_TEMPLATE = '${baseUrl}/bulk-syncs/${syncId}';

/**
 * The sync's page in the Polytomic web app: `${baseUrl}` (no trailing slash) and `${syncId}`
 * (URL-encoded) are replaced. Only http(s) results are returned; anything else is an ActionInputError.
 */
export function syncPageUrl(template: string | undefined, baseUrl: string, syncId: string): string {
  const pattern = template && template.trim() !== '' ? template.trim() : DEFAULT_SYNC_URL_TEMPLATE;
  const base = baseUrl.trim().replace(/\/+$/, '');
  const text = pattern.split('${baseUrl}').join(base).split('${syncId}').join(encodeURIComponent(syncId));
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new ActionInputError(`polytomic.syncUrlTemplate does not give a valid URL (${capText(text, 120)}).`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new ActionInputError(`polytomic.syncUrlTemplate must give an http(s) URL, not ${url.protocol}.`);
  }
  return url.toString();
}

/** Confirmation texts (modal): what will happen, in plain words. */
export function cancelConfirmation(subject: string, executionId?: string): string {
  const name = `“${capText(subject, 80)}”`;
  return executionId
    ? `Cancel run ${executionId.slice(0, 8)} of ${name}? Polytomic stops it; tables keep what was written so far.`
    : `Cancel the running sync ${name}? Polytomic stops the current run; tables keep what was written so far.`;
}

export function deactivateConfirmation(subject: string): string {
  return `Deactivate “${capText(subject, 80)}”? Its run in progress will be canceled, and it will not run on its schedule until activated again.`;
}


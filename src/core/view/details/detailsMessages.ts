/**
 * A message the details webview posted, checked before the extension acts on it. The page is
 * ours, but what it posts is treated like any input: only the known actions, only for the sync
 * the panel shows, and only while that sync (and the named schema) is in the current snapshot.
 * What runs is then the existing command with `{ syncId, schema? }`, which checks it once more
 * (src/vscode/commands/targetArg.ts).
 */
import type { SyncSnapshot } from '../../api/contract';

/** The commands a button runs, and `retryHistory`: load the sync's history again after a failure. */
export const DETAILS_ACTIONS = ['startRun', 'cancelRun', 'openLogs', 'retryHistory'] as const;
export type DetailsActionType = (typeof DETAILS_ACTIONS)[number];

export interface DetailsAction {
  type: DetailsActionType;
  syncId: string;
  schema?: string;
}

/** The action, or why the message is refused (no server text in the reason). */
export function parseDetailsMessage(raw: unknown, panelSyncId: string, sync: SyncSnapshot | undefined): DetailsAction | { refused: string } {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return { refused: 'not an object' };
  const { type, syncId, schema } = raw as Record<string, unknown>;
  if (typeof type !== 'string' || !(DETAILS_ACTIONS as readonly string[]).includes(type)) return { refused: 'unknown action' };
  if (typeof syncId !== 'string' || syncId !== panelSyncId) return { refused: 'not the sync this panel shows' };
  if (!sync || sync.id !== syncId || sync.noId) return { refused: 'the sync is no longer in the view' };
  const action: DetailsAction = { type: type as DetailsActionType, syncId };
  if (schema !== undefined) {
    if (typeof schema !== 'string' || !sync.schemas.some((s) => !s.noId && s.schema === schema)) return { refused: 'the schema is not in the view' };
    action.schema = schema;
  }
  if (action.type === 'openLogs' && action.schema === undefined) return { refused: 'logs need a schema' };
  return action;
}

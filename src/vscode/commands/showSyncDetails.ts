/**
 * Polytomic: Show Sync Details. Opens the sync's details panel (recent runs as a chart, each
 * schema's last run against its typical one, the actions), or reveals it when it is open already.
 * From the tree (the sync's node), a caller (`{ syncId }` or the id), or the palette (a picker).
 * Resolves `{ ok, created }`: `created` is false when an open panel was reused.
 */
import * as vscode from 'vscode';
import type { DetailsPanels } from '../details/detailsPanels';
import type { ActionDeps, ActionResult } from './context';
import { targetOrPick } from './target';
import type { TargetRef } from './targetArg';

export async function showSyncDetails(deps: ActionDeps, panels: DetailsPanels, ref?: TargetRef): Promise<ActionResult & { created?: boolean }> {
  const target = await targetOrPick(deps, ref, 'Show the details of which bulk sync?');
  if (!target) return { ok: false, declined: true };
  if (!target.sync || target.sync.noId) {
    const message = `“${target.name}” is not in the Bulk Syncs view: refresh, or check polytomic.scope.`;
    void vscode.window.showWarningMessage(`Polytomic: ${message}`);
    return { ok: false, message };
  }
  return { ok: true, ...panels.show(target.sync) };
}

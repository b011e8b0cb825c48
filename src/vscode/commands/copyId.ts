/**
 * Polytomic: Copy Sync ID / Copy Execution ID (tree context menu; the sync one also from the
 * palette with a picker). Resolves `{ ok, message: <the id> }`.
 */
import * as vscode from 'vscode';
import { resolveTarget, targetOrPick, type ActionDeps, type ActionResult } from './context';
import { stripDirectionControls } from '../../core/bidi';

export async function copySyncId(deps: ActionDeps, arg?: unknown): Promise<ActionResult> {
  const target = await targetOrPick(deps, arg, 'Copy the id of which bulk sync?');
  if (!target) return { ok: false, declined: true };
  await vscode.env.clipboard.writeText(target.syncId);
  vscode.window.setStatusBarMessage(`Polytomic: copied the id of “${target.name}”`, 3000);
  return { ok: true, message: target.syncId };
}

export async function copyExecutionId(deps: ActionDeps, arg?: unknown): Promise<ActionResult> {
  const target = resolveTarget(deps, arg);
  if (!target?.executionId) {
    const message = target ? `${target.schema ? `Schema “${stripDirectionControls(target.schema)}”` : `“${target.name}”`} has no run yet.` : 'Choose a schema in the Bulk Syncs view to copy its execution id.';
    void vscode.window.showInformationMessage(`Polytomic: ${message}`);
    return { ok: false, message };
  }
  await vscode.env.clipboard.writeText(target.executionId);
  vscode.window.setStatusBarMessage(`Polytomic: copied execution id ${target.executionId.slice(0, 8)}…`, 3000);
  return { ok: true, message: target.executionId, executionId: target.executionId };
}

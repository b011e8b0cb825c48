/**
 * Polytomic: Copy Execution ID (a schema node's context menu, or a run in Show Run History).
 * Resolves `{ ok, message: <the id>, executionId }`.
 */
import * as vscode from 'vscode';
import { stripDirectionControls } from '../../core/view/bidi';
import type { ActionDeps, ActionResult } from './context';
import { resolveTarget, type TargetRef } from './target';

export async function copyExecutionId(deps: ActionDeps, ref?: TargetRef): Promise<ActionResult> {
  const target = resolveTarget(deps, ref);
  if (!target?.executionId) {
    const message = target ? `${target.schema ? `Schema “${stripDirectionControls(target.schema)}”` : `“${target.name}”`} has no run yet.` : 'Choose a schema in the Bulk Syncs view to copy its execution id.';
    void vscode.window.showInformationMessage(`Polytomic: ${message}`);
    return { ok: false, message };
  }
  await vscode.env.clipboard.writeText(target.executionId);
  vscode.window.setStatusBarMessage(`Polytomic: copied execution id ${target.executionId.slice(0, 8)}…`, 3000);
  return { ok: true, message: target.executionId, executionId: target.executionId };
}

/**
 * Polytomic: Copy Sync ID (tree context menu, or the palette with a picker). Resolves
 * `{ ok, message: <the id> }`.
 */
import * as vscode from 'vscode';
import type { ActionDeps, ActionResult } from './context';
import { targetOrPick, type TargetRef } from './target';

export async function copySyncId(deps: ActionDeps, ref?: TargetRef): Promise<ActionResult> {
  const target = await targetOrPick(deps, ref, 'Copy the id of which bulk sync?');
  if (!target) return { ok: false, declined: true };
  await vscode.env.clipboard.writeText(target.syncId);
  vscode.window.setStatusBarMessage(`Polytomic: copied the id of “${target.name}”`, 3000);
  return { ok: true, message: target.syncId };
}

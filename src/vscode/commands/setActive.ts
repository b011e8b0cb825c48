/**
 * Polytomic: Activate Sync / Deactivate Sync. Deactivating a sync with a run in progress also
 * cancels that run, so it asks first (modal) in that case; declining sends nothing.
 *
 * Always asks, whoever runs the command: no argument answers the confirmation.
 */
import * as vscode from 'vscode';
import { deactivateConfirmation } from '../../core/actions/actions';
import { clientOrExplain, confirm, refreshAfter, reportFailure, type ActionDeps, type ActionResult } from './context';
import { targetOrPick, type TargetRef } from './target';

export async function setActive(deps: ActionDeps, active: boolean, ref?: TargetRef): Promise<ActionResult> {
  const target = await targetOrPick(
    deps,
    ref,
    active ? 'Activate which bulk sync?' : 'Deactivate which bulk sync?',
    (s) => (active ? s.active === false : s.active !== false),
  );
  if (!target) return { ok: false, declined: true };
  const running = target.sync?.info.category === 'inProgress';
  if (!active && running && !(await confirm(deps, 'deactivate', deactivateConfirmation(target.name), 'Deactivate'))) {
    deps.logger.info(`Deactivate of ${target.syncId} declined; nothing sent`);
    return { ok: false, declined: true };
  }
  const client = clientOrExplain(deps);
  if (!client) return { ok: false, message: 'Not signed in.' };
  try {
    const result = await client.activate(target.syncId, active);
    if (result.active !== active) {
      const message = `Polytomic answered that “${target.name}” is still ${result.active ? 'active' : 'inactive'}.`;
      void vscode.window.showWarningMessage(`Polytomic: ${message}`);
      await refreshAfter(deps, target.syncId);
      return { ok: false, message };
    }
  } catch (err) {
    const result = reportFailure(deps, active ? 'activate' : 'deactivate', err, target);
    await refreshAfter(deps, target.syncId);
    return result;
  }
  const message = active ? `“${target.name}” is active again.` : `“${target.name}” is deactivated${running ? '; its run is being canceled' : ''}.`;
  void vscode.window.showInformationMessage(`Polytomic: ${message}`);
  await refreshAfter(deps, target.syncId);
  return { ok: true, message };
}

/**
 * Polytomic: Cancel Run. On a sync node it cancels the sync's running execution; on a schema node
 * (or with an `executionId`) that one execution. Asks first (modal); declining sends nothing.
 * Cancelling is asynchronous: the tree shows `canceling` at once and `canceled` when the server
 * says so (the refresher polls at its fast interval while anything is in progress).
 *
 * Always asks, whoever runs the command: no argument answers the confirmation.
 */
import * as vscode from 'vscode';
import { cancelConfirmation } from '../../core/actions/actions';
import { clientOrExplain, confirm, refreshAfter, reportFailure, type ActionDeps, type ActionResult } from './context';
import { targetOrPick, type TargetRef } from './target';

export async function cancelRun(deps: ActionDeps, ref?: TargetRef): Promise<ActionResult> {
  const target = await targetOrPick(deps, ref, 'Cancel the run of which bulk sync?', (s) => s.info.category === 'inProgress' && s.status !== 'canceling');
  if (!target) return { ok: false, declined: true };
  // From a schema node: that schema's execution. From a sync node or the palette: the sync's run.
  const executionId = target.schema || ref?.executionId ? target.executionId : undefined;
  if (!(await confirm(deps, 'cancelRun', cancelConfirmation(target.name, executionId), 'Cancel Run'))) {
    deps.logger.info(`Cancel of ${target.syncId} declined; nothing sent`);
    return { ok: false, declined: true };
  }
  const client = clientOrExplain(deps);
  if (!client) return { ok: false, message: 'Not signed in.' };
  try {
    if (executionId) await client.cancelExecution(target.syncId, executionId);
    else await client.cancelSync(target.syncId);
  } catch (err) {
    const result = reportFailure(deps, 'cancel', err, target);
    // It may have finished meanwhile: show the tree as it is now.
    await refreshAfter(deps, target.syncId);
    return result;
  }
  const message = `Canceling “${target.name}”: Polytomic is stopping the run.`;
  void vscode.window.showInformationMessage(`Polytomic: ${message}`);
  await refreshAfter(deps, target.syncId);
  return { ok: true, message, executionId };
}

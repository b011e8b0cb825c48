/**
 * Polytomic: Start Run. Tree (sync node, inline and context menu) or palette (sync picker).
 * Asks: which of Polytomic's run modes (for the API version in use, see core/actions/runModes.ts), then
 * (unless a resync mode) whether it is a test run, then which schemas (the failed ones
 * pre-selected when the sync failed, else all). One POST with a fresh Idempotency-Key; 409 means
 * a run is already going and offers to show it.
 *
 * A resync (which Polytomic calls destructive) is confirmed first (modal), saying what it does.
 * No argument answers these questions, whoever runs the command; the in-host suite answers them
 * through its asker (question ids 'startRun' and 'resync').
 */
import * as vscode from 'vscode';
import { noThemeIcons } from '../../core/view/themeIcons';
import { failedSchemaNames, isAlreadyRunning, newIdempotencyKey } from '../../core/actions/actions';
import type { ApiVersion } from '../../core/api/contract';
import { describeChoice, runModeInfo, runModes, startRequestBody, type StartRunChoice } from '../../core/actions/runModes';
import { clientOrExplain, confirm, refreshAfter, reportFailure, type ActionDeps, type ActionResult } from './context';
import { targetOrPick, type ActionTarget, type TargetRef } from './target';
import { stripDirectionControls } from '../../core/view/bidi';
import { QuickSteps } from '../quickSteps';

export async function startRun(deps: ActionDeps, ref?: TargetRef): Promise<ActionResult> {
  const target = await targetOrPick(deps, ref, 'Start a run of which bulk sync?', (s) => s.info.category !== 'inProgress');
  if (!target) return { ok: false, declined: true };
  const apiVersion = deps.settings().apiVersion;
  const choice = await deps.asker().ask<StartRunChoice>('startRun', `Start a run of “${target.name}”`, () => askChoice(target, apiVersion));
  if (!choice) return { ok: false, declined: true };
  const mode = runModeInfo(choice.mode);
  if (mode?.resync && !(await confirm(deps, 'resync', resyncConfirmation(mode.label, target.name, choice.schemas), mode.label))) {
    deps.logger.info(`Resync of ${target.syncId} declined; nothing sent`);
    return { ok: false, declined: true };
  }
  const client = clientOrExplain(deps);
  if (!client) return { ok: false, message: 'Not signed in.' };

  let executionId: string;
  try {
    const body = startRequestBody(choice, apiVersion, target.sync?.schemas.map((s) => s.schema));
    const key = newIdempotencyKey();
    deps.logger.info(`Start run of ${target.syncId}: ${JSON.stringify(body)}`);
    const exec = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Polytomic: starting a run of “${target.name}”…` },
      () => client.startExecution(target.syncId, body, key),
    );
    executionId = exec.id;
  } catch (err) {
    if (isAlreadyRunning(err)) {
      // The view may not know yet: bring it up to date so "Show Run" lands on the running sync.
      void refreshAfter(deps, target.syncId);
      return reportFailure(deps, 'start', err, target, ['Show Run'], () => void showRun(deps, target.syncId));
    }
    return reportFailure(deps, 'start', err, target);
  }
  const message = `Started ${describeChoice(choice)} of “${target.name}”.`;
  void vscode.window.showInformationMessage(`Polytomic: ${message}`);
  await refreshAfter(deps, target.syncId);
  return { ok: true, message, executionId };
}

/** What a resync does, in plain words, before it is sent. */
export function resyncConfirmation(label: string, name: string, schemas?: string[]): string {
  const which = schemas ? `${schemas.length} schema${schemas.length === 1 ? '' : 's'} of “${name}”` : `every schema of “${name}”`;
  return `${label} ${which}? ${label} is one of Polytomic's resync modes, which Polytomic calls destructive: the destination tables can be rebuilt from the source, replacing what they hold now.`;
}

async function showRun(deps: ActionDeps, syncId: string): Promise<void> {
  await vscode.commands.executeCommand('polytomic.syncs.focus');
  await refreshAfter(deps, syncId);
}

async function askChoice(target: ActionTarget, apiVersion: ApiVersion): Promise<StartRunChoice | undefined> {
  // One picker for every question (quickSteps.ts says why).
  const steps = new QuickSteps(`Start a run of “${target.name}”`);
  try {
    return await askSteps(steps, target, apiVersion);
  } finally {
    steps.dispose();
  }
}

async function askSteps(steps: QuickSteps, target: ActionTarget, apiVersion: ApiVersion): Promise<StartRunChoice | undefined> {
  const [modeItem] = (await steps.ask({
    placeholder: 'What kind of run? (Polytomic’s run modes)',
    items: runModes(apiVersion).map((m) => ({ label: m.label, description: m.description, detail: m.detail, mode: m.mode })),
  })) ?? [];
  if (!modeItem) return undefined;
  const choice: StartRunChoice = { mode: modeItem.mode };
  if (!runModeInfo(modeItem.mode)?.resync) {
    // The API does not combine a test run with a resync mode, so the question is not asked then.
    const [testItem] = (await steps.ask({
      placeholder: 'A real run or a test run?',
      items: [
        { label: 'Real run', detail: 'Write to the destination as usual.', test: false },
        { label: 'Test run', detail: 'Validate the configuration without writing to the destination.', test: true },
      ],
    })) ?? [];
    if (!testItem) return undefined;
    choice.test = testItem.test;
  }
  // A schema entry the server sent without a name is not one to run.
  const runnable = target.sync?.schemas.filter((s) => !s.noId) ?? [];
  const schemas = runnable.map((s) => s.schema);
  if (schemas.length > 1) {
    const failed = target.sync ? failedSchemaNames(target.sync) : [];
    const preselect = new Set(failed.length > 0 ? failed : schemas);
    const items = runnable
      .slice()
      .sort((a, b) => a.schema.localeCompare(b.schema))
      .map((s) => ({ label: noThemeIcons(stripDirectionControls(s.schema)), description: noThemeIcons(s.info.label), picked: preselect.has(s.schema), schema: s.schema }));
    const picked = await steps.ask({
      placeholder: failed.length > 0 ? 'Which schemas? The failed ones are selected.' : 'Which schemas? All are selected.',
      items,
      canPickMany: true,
    });
    if (!picked) return undefined;
    if (picked.length === 0) {
      void vscode.window.showWarningMessage('Polytomic: no schema was chosen, so no run was started.');
      return undefined;
    }
    if (picked.length < schemas.length) choice.schemas = picked.map((p) => p.schema);
  }
  return choice;
}

/**
 * Polytomic: Open in Polytomic. The sync's page in the Polytomic web app, from the setting
 * `polytomic.syncUrlTemplate` (default `${baseUrl}/bulk-syncs/${syncId}`: Polytomic does not
 * document that URL, so the default is a guess the user can correct).
 *
 * Test hook: `executeCommand('polytomic.openInPolytomic', { syncId }, { open: false })` resolves
 * `{ ok, url }` without opening a browser.
 */
import * as vscode from 'vscode';
import { syncPageUrl } from '../../core/actions/actions';
import type { ActionDeps, ActionResult } from './context';
import { COMMANDS } from '../commandIds';
import { targetOrPick } from './target';
import { option, optionsObject, type TargetRef } from './targetArg';

export interface OpenInPolytomicOptions {
  /** false: resolve the URL without opening a browser */
  open?: boolean;
}

/** The command's second argument, checked. */
export function openInPolytomicOptions(arg: unknown): OpenInPolytomicOptions {
  const options = optionsObject(COMMANDS.openInPolytomic, arg);
  const open = option(COMMANDS.openInPolytomic, options, 'open', (v): v is boolean => typeof v === 'boolean', 'true or false');
  return open === undefined ? {} : { open };
}

export async function openInPolytomic(deps: ActionDeps, ref?: TargetRef, options: OpenInPolytomicOptions = {}): Promise<ActionResult & { url?: string }> {
  const target = await targetOrPick(deps, ref, 'Open which bulk sync in Polytomic?');
  if (!target) return { ok: false, declined: true };
  // Not the raw configuration: a workspace's template counts only when its host is allowed.
  const settings = deps.settings();
  let url: string;
  try {
    url = syncPageUrl(settings.syncUrlTemplate, settings.baseUrl, target.syncId);
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    void vscode.window.showErrorMessage(`Polytomic: ${message}`, 'Open Settings').then((choice) => {
      if (choice) void vscode.commands.executeCommand('workbench.action.openSettings', 'polytomic.syncUrlTemplate');
    });
    return { ok: false, message };
  }
  if (options.open === false) return { ok: true, url };
  const opened = await vscode.env.openExternal(vscode.Uri.parse(url, true));
  return { ok: opened, url };
}

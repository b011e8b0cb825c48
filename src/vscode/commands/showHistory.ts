/**
 * Polytomic: Show Run History. A sync's recent executions, newest first, a page at a time ("Load
 * more…"), each with status, start, duration and counts. Choosing one shows its schemas and offers
 * its logs, its id, and (while it runs) Cancel.
 *
 * Test hook: `executeCommand('polytomic.showHistory', { syncId }, { listOnly: true, limit? })`
 * resolves `{ ok, items }` (the first page's HistoryItems) without showing anything;
 * `{ executionId, then: 'openLogs' }` opens that execution's logs without prompts.
 */
import * as vscode from 'vscode';
import { noThemeIcons } from '../../core/view/themeIcons';
import { executionSchemaItems, historyItems, type HistoryItem } from '../../core/actions/history';
import type { ExecutionPage } from '../../core/actions/actionsContract';
import { COMMANDS } from '../commandIds';
import { clientOrExplain, reportFailure, type ActionDeps, type ActionResult } from './context';
import { targetOrPick, type ActionTarget } from './target';
import { option, optionsObject, type TargetRef } from './targetArg';

const PAGE_SIZE = 20;

export interface ShowHistoryOptions {
  listOnly?: boolean;
  limit?: number;
  executionId?: string;
  then?: 'openLogs';
}

/** The command's second argument, checked. */
export function showHistoryOptions(arg: unknown): ShowHistoryOptions {
  const id = COMMANDS.showHistory;
  const given = optionsObject(id, arg);
  const options: ShowHistoryOptions = {};
  const listOnly = option(id, given, 'listOnly', (v): v is boolean => typeof v === 'boolean', 'true or false');
  const limit = option(id, given, 'limit', (v): v is number => Number.isInteger(v) && (v as number) > 0, 'a positive whole number');
  const executionId = option(id, given, 'executionId', (v): v is string => typeof v === 'string' && v !== '', 'an execution id');
  const then = option(id, given, 'then', (v): v is 'openLogs' => v === 'openLogs', "'openLogs'");
  if (listOnly !== undefined) options.listOnly = listOnly;
  if (limit !== undefined) options.limit = limit;
  if (executionId !== undefined) options.executionId = executionId;
  if (then !== undefined) options.then = then;
  return options;
}

type Item = vscode.QuickPickItem & { history?: HistoryItem; more?: boolean };

export async function showHistory(deps: ActionDeps, ref?: TargetRef, options: ShowHistoryOptions = {}): Promise<ActionResult & { items?: HistoryItem[] }> {
  const target = await targetOrPick(deps, ref, 'Show the run history of which bulk sync?');
  if (!target) return { ok: false, declined: true };
  const client = clientOrExplain(deps);
  if (!client) return { ok: false, message: 'Not signed in.' };

  if (options.executionId && options.then === 'openLogs') {
    return (await vscode.commands.executeCommand<ActionResult>(COMMANDS.openLogs, { syncId: target.syncId, executionId: options.executionId })) ?? { ok: false };
  }

  const load = (pageToken?: string): Promise<ExecutionPage> => client.listExecutions(target.syncId, { limit: options.limit ?? PAGE_SIZE, pageToken });
  let page: ExecutionPage;
  try {
    page = await load();
  } catch (err) {
    return reportFailure(deps, 'history', err, target);
  }
  if (options.listOnly) return { ok: true, items: historyItems(page.executions, Date.now()) };
  if (page.executions.length === 0) {
    const message = `“${target.name}” has not run yet.`;
    void vscode.window.showInformationMessage(`Polytomic: ${message}`);
    return { ok: true, message, items: [] };
  }

  const chosen = await pickExecution(deps, target, page, load);
  if (!chosen) return { ok: false, declined: true };
  return showExecution(deps, target, chosen);
}

async function pickExecution(
  deps: ActionDeps,
  target: ActionTarget,
  first: ExecutionPage,
  load: (token?: string) => Promise<ExecutionPage>,
): Promise<HistoryItem | undefined> {
  const quickPick = vscode.window.createQuickPick<Item>();
  quickPick.title = `Runs of “${target.name}” (newest first)`;
  quickPick.placeholder = 'Choose a run to see its schemas and logs';
  quickPick.matchOnDescription = true;
  quickPick.matchOnDetail = true;
  const shown: HistoryItem[] = [];
  let nextToken: string | undefined;
  const render = (page: ExecutionPage) => {
    shown.push(...historyItems(page.executions, Date.now()));
    nextToken = page.nextPageToken;
    const items: Item[] = shown.map((h) => ({ label: `$(${h.icon}) ${noThemeIcons(h.label)}`, description: noThemeIcons(h.description), detail: h.detail && noThemeIcons(h.detail), history: h }));
    if (nextToken) items.push({ label: '$(ellipsis) Load more…', more: true, alwaysShow: true });
    quickPick.items = items;
  };
  render(first);
  return new Promise<HistoryItem | undefined>((resolve) => {
    let done = false;
    const finish = (value: HistoryItem | undefined) => {
      if (done) return;
      done = true;
      resolve(value);
      quickPick.dispose();
    };
    quickPick.onDidAccept(async () => {
      const item = quickPick.selectedItems[0];
      if (!item) return;
      if (item.more && nextToken) {
        quickPick.busy = true;
        try {
          render(await load(nextToken));
        } catch (err) {
          reportFailure(deps, 'history', err, target);
        } finally {
          quickPick.busy = false;
        }
        return;
      }
      finish(item.history);
    });
    quickPick.onDidHide(() => finish(undefined));
    quickPick.show();
  });
}

type ExecutionAction = vscode.QuickPickItem & { run?: 'logs' | 'copy' | 'cancel'; schema?: string };

async function showExecution(deps: ActionDeps, target: ActionTarget, item: HistoryItem): Promise<ActionResult> {
  const client = deps.client();
  if (!client) return { ok: false, message: 'Not signed in.' };
  let exec;
  try {
    exec = await client.getExecution(target.syncId, item.executionId);
  } catch (err) {
    return reportFailure(deps, 'history', err, target);
  }
  const actions: ExecutionAction[] = [
    { label: '$(output) Open Logs', run: 'logs' },
    { label: '$(copy) Copy Execution ID', description: noThemeIcons(exec.id), run: 'copy' },
  ];
  if (item.inProgress) actions.push({ label: '$(debug-stop) Cancel This Run', run: 'cancel' });
  const schemas = executionSchemaItems(exec, Date.now());
  if (schemas.length > 0) actions.push({ label: 'Schemas', kind: vscode.QuickPickItemKind.Separator });
  for (const s of schemas) {
    actions.push({ label: `$(${s.icon}) ${noThemeIcons(s.label)}`, description: s.description && noThemeIcons(s.description), detail: s.detail && noThemeIcons(s.detail), run: 'logs', schema: s.schema });
  }
  const chosen = await vscode.window.showQuickPick(actions, {
    title: `Run ${exec.id.slice(0, 8)} of “${target.name}”: ${item.label}`,
    placeHolder: 'Open the logs (or choose a schema to open the run’s logs from it)',
    matchOnDescription: true,
  });
  if (!chosen) return { ok: false, declined: true };
  const ref = { syncId: target.syncId, executionId: exec.id, ...(chosen.schema ? { schema: chosen.schema } : {}) };
  if (chosen.run === 'copy') return (await vscode.commands.executeCommand<ActionResult>(COMMANDS.copyExecutionId, ref)) ?? { ok: false };
  if (chosen.run === 'cancel') return (await vscode.commands.executeCommand<ActionResult>(COMMANDS.cancelRun, ref)) ?? { ok: false };
  return (await vscode.commands.executeCommand<ActionResult>(COMMANDS.openLogs, ref)) ?? { ok: false };
}

/**
 * Polytomic: Sort By… (view title). `arg` ('severity' | 'name' | 'recent') skips the QuickPick;
 * resolves the order now in effect. The order is the `polytomic.sort` setting.
 */
import * as vscode from 'vscode';
import { normalizeSort, SORT_ORDERS, type SortOrder } from '../../core/view/viewFilter';
import { SECTION } from '../settings';

const SORT_LABELS: Record<SortOrder, { label: string; detail: string }> = {
  severity: { label: 'Severity', detail: 'Failures first, then running, then the rest; by name within each' },
  name: { label: 'Name', detail: 'Alphabetical, ignoring case' },
  recent: { label: 'Most recent activity', detail: 'The latest start or completion among the schemas first' },
};

/**
 * Sets polytomic.sort (in the workspace when it already has a value there, else in the user
 * settings). `arg` (test hook) skips the QuickPick.
 */
export async function chooseSort(current: SortOrder, arg?: unknown): Promise<SortOrder> {
  let sort: SortOrder | undefined;
  if (typeof arg === 'string') {
    sort = normalizeSort(arg);
  } else {
    const picked = await vscode.window.showQuickPick(
      SORT_ORDERS.map((s) => ({ label: SORT_LABELS[s].label, detail: SORT_LABELS[s].detail, description: s === current ? 'current' : undefined, sort: s })),
      { title: 'Sort Bulk Syncs By', placeHolder: 'Order of the bulk syncs in the view' },
    );
    sort = picked?.sort;
  }
  if (!sort || sort === current) return current;
  const config = vscode.workspace.getConfiguration(SECTION);
  const target = config.inspect('sort')?.workspaceValue !== undefined ? vscode.ConfigurationTarget.Workspace : vscode.ConfigurationTarget.Global;
  await config.update('sort', sort, target);
  return sort;
}

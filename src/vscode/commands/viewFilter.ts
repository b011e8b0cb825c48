/**
 * Polytomic: Filter… / Clear Filter / Sort By… (view title). The filter is kept per workspace
 * (workspaceState); the sort order is the `polytomic.sort` setting.
 *
 * Test hooks: `executeCommand('polytomic.filter', { kind: 'failed' })` (or `{ kind: 'text', text }`)
 * and `executeCommand('polytomic.sortBy', 'name')` apply without a prompt; each resolves what is
 * now in effect.
 */
import * as vscode from 'vscode';
import {
  describeFilter,
  NO_FILTER,
  normalizeFilter,
  normalizeSort,
  SORT_ORDERS,
  type SortOrder,
  type ViewFilter,
  type ViewFilterKind,
} from '../../core/viewFilter';
import { SECTION } from '../settings';

const FILTER_KEY = 'polytomic.viewFilter';

/** The view's filter, persisted per workspace. */
export class ViewFilterState implements vscode.Disposable {
  private current: ViewFilter;
  private readonly changed = new vscode.EventEmitter<ViewFilter>();
  readonly onDidChange = this.changed.event;

  constructor(private readonly storage: vscode.Memento) {
    this.current = normalizeFilter(storage.get<unknown>(FILTER_KEY));
  }

  get filter(): ViewFilter {
    return this.current;
  }

  async set(filter: ViewFilter): Promise<void> {
    const next = normalizeFilter(filter);
    this.current = next;
    await this.storage.update(FILTER_KEY, next.kind === 'all' ? undefined : next);
    this.changed.fire(next);
  }

  dispose(): void {
    this.changed.dispose();
  }
}

interface FilterPick extends vscode.QuickPickItem {
  kind_: ViewFilterKind;
}

const FILTER_CHOICES: ReadonlyArray<{ kind: ViewFilterKind; label: string; detail: string }> = [
  { kind: 'all', label: '$(list-flat) All syncs', detail: 'Show every bulk sync in scope' },
  { kind: 'failed', label: '$(error) Failed only', detail: 'Failed or interrupted syncs, syncs with a failed schema, and syncs that completed with errors' },
  { kind: 'running', label: '$(sync) Running only', detail: 'Syncs with a run in progress or queued' },
  { kind: 'active', label: '$(circle-large-filled) Active only', detail: 'Hide deactivated syncs' },
  { kind: 'text', label: '$(search) Text in name…', detail: 'Syncs whose name or id contains some text' },
];

/** Applies `arg` when given (test hook), else asks with a QuickPick (and an InputBox for text). */
export async function chooseFilter(state: ViewFilterState, arg?: unknown): Promise<ViewFilter> {
  if (arg !== undefined && arg !== null && typeof arg === 'object' && 'kind' in arg) {
    const wanted = arg as { kind?: unknown; text?: unknown };
    if (wanted.kind === 'text' && (typeof wanted.text !== 'string' || !wanted.text.trim())) {
      return filterByText(state);
    }
    await state.set(normalizeFilter(arg));
    return state.filter;
  }
  const active = state.filter.kind;
  const items: FilterPick[] = FILTER_CHOICES.map((c) => ({
    label: c.label,
    detail: c.detail,
    description: c.kind === active ? (c.kind === 'text' ? `current: "${state.filter.text ?? ''}"` : 'current') : undefined,
    kind_: c.kind,
  }));
  const picked = await vscode.window.showQuickPick(items, { title: 'Filter Bulk Syncs', placeHolder: 'Show which bulk syncs?' });
  if (!picked) return state.filter;
  if (picked.kind_ === 'text') return filterByText(state);
  await state.set({ kind: picked.kind_ });
  return state.filter;
}

async function filterByText(state: ViewFilterState): Promise<ViewFilter> {
  const text = await vscode.window.showInputBox({
    title: 'Filter Bulk Syncs by Name',
    prompt: 'Show bulk syncs whose name or id contains this text (case-insensitive). Empty shows all.',
    value: state.filter.kind === 'text' ? state.filter.text : '',
  });
  if (text === undefined) return state.filter;
  await state.set(text.trim() ? { kind: 'text', text } : NO_FILTER);
  return state.filter;
}

export async function clearFilter(state: ViewFilterState): Promise<ViewFilter> {
  await state.set(NO_FILTER);
  return state.filter;
}

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

/** The view's description: the active filter, and the order when it is not the default. */
export function viewDescription(filter: ViewFilter, sort: SortOrder): string | undefined {
  const parts: string[] = [];
  const f = describeFilter(filter);
  if (f) parts.push(f);
  if (sort === 'name') parts.push('by name');
  else if (sort === 'recent') parts.push('by recent activity');
  return parts.length ? parts.join(' · ') : undefined;
}

/**
 * Polytomic: Filter… (view title). Applies `arg` when given (`{ kind: 'failed' }`, or
 * `{ kind: 'text', text }`) without a prompt, else asks; resolves the filter now in effect.
 */
import * as vscode from 'vscode';
import { NO_FILTER, normalizeFilter, type ViewFilter, type ViewFilterKind } from '../../core/view/viewFilter';
import type { ViewFilterState } from '../viewFilterState';

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

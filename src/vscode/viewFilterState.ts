/**
 * The view's filter, kept per workspace (workspaceState), and the view's description that names it.
 * Set by Polytomic: Filter… / Clear Filter (./commands/filter.ts, ./commands/clearFilter.ts).
 */
import * as vscode from 'vscode';
import { describeFilter, normalizeFilter, type SortOrder, type ViewFilter } from '../core/view/viewFilter';

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

/** The view's description: the active filter, and the order when it is not the default. */
export function viewDescription(filter: ViewFilter, sort: SortOrder): string | undefined {
  const parts: string[] = [];
  const f = describeFilter(filter);
  if (f) parts.push(f);
  if (sort === 'name') parts.push('by name');
  else if (sort === 'recent') parts.push('by recent activity');
  return parts.length ? parts.join(' · ') : undefined;
}

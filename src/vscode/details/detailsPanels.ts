/**
 * The open sync details panels, one per sync: showing a sync again reveals its panel rather than
 * opening a second one. Built by `createDetailsView` in activate(); state lives here, not in
 * module variables.
 */
import * as vscode from 'vscode';
import type { Logger, SyncSnapshot } from '../../core/api/contract';
import { DetailsPanel } from './detailsPanel';
import { InsightsDetailsSource, type DetailsSource, type InsightsDetailsSourceDeps } from './detailsSource';

export class DetailsPanels implements vscode.Disposable {
  private readonly panels = new Map<string, DetailsPanel>();

  constructor(
    private readonly source: DetailsSource,
    private readonly extensionUri: vscode.Uri,
    private readonly logger: Logger,
  ) {}

  /** Opens the sync's panel, or reveals it when open; `created` says which. */
  show(sync: SyncSnapshot): { created: boolean } {
    const open = this.panels.get(sync.id);
    if (open) {
      open.reveal();
      return { created: false };
    }
    const panel = new DetailsPanel({ source: this.source, extensionUri: this.extensionUri, logger: this.logger }, sync, () => this.panels.delete(sync.id));
    this.panels.set(sync.id, panel);
    return { created: true };
  }

  dispose(): void {
    for (const panel of [...this.panels.values()]) panel.dispose();
    this.panels.clear();
  }
}

/** The details view: its source (the shared state plus the insights service's history) and its panels. */
export function createDetailsView(extensionUri: vscode.Uri, deps: InsightsDetailsSourceDeps): { panels: DetailsPanels; disposables: vscode.Disposable[] } {
  const source = new InsightsDetailsSource(deps);
  const panels = new DetailsPanels(source, extensionUri, deps.logger);
  return { panels, disposables: [panels, source] };
}

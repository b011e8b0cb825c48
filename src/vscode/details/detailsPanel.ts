/**
 * One sync's details webview panel: renders the page the core builds (src/core/view/details/)
 * whenever its source changes, and turns the page's button messages, once checked
 * (parseDetailsMessage), into the existing commands. Its listeners go when the panel closes.
 */
import * as vscode from 'vscode';
import type { Logger, SyncSnapshot } from '../../core/api/contract';
import { buildDetailsModel } from '../../core/insights/detailsModel';
import { panelTitle, renderDetailsHtml } from '../../core/view/details/detailsHtml';
import { parseDetailsMessage, type DetailsActionType } from '../../core/view/details/detailsMessages';
import { COMMANDS } from '../commandIds';
import type { DetailsSource } from './detailsSource';

export const DETAILS_VIEW_TYPE = 'polytomic.syncDetails';

export interface DetailsPanelDeps {
  source: DetailsSource;
  extensionUri: vscode.Uri;
  logger: Logger;
}

export class DetailsPanel implements vscode.Disposable {
  readonly panel: vscode.WebviewPanel;
  // Web Crypto (a global): importing node:crypto here would load it at activation (about 5 ms)
  private readonly nonce = Buffer.from(globalThis.crypto.getRandomValues(new Uint8Array(18))).toString('base64');
  private readonly subscriptions: vscode.Disposable[] = [];
  /** the sync as last seen in the view, kept when it leaves the view */
  private lastSync: SyncSnapshot;
  private lastHtml = '';

  constructor(
    private readonly deps: DetailsPanelDeps,
    sync: SyncSnapshot,
    onClosed: () => void,
  ) {
    this.lastSync = sync;
    const media = vscode.Uri.joinPath(deps.extensionUri, 'media');
    this.panel = vscode.window.createWebviewPanel(DETAILS_VIEW_TYPE, panelTitle(sync.name), vscode.ViewColumn.Active, {
      enableScripts: true,
      enableCommandUris: false,
      enableForms: false,
      localResourceRoots: [media],
    });
    this.subscriptions.push(
      deps.source.onDidChange(() => this.render()),
      this.panel.webview.onDidReceiveMessage((message: unknown) => this.onMessage(message)),
      this.panel.onDidDispose(() => {
        this.disposeListeners();
        onClosed();
      }),
    );
    this.render();
    void deps.source.ensureBackfilled(sync.id);
  }

  get syncId(): string {
    return this.lastSync.id;
  }

  reveal(): void {
    this.panel.reveal();
    // A backfill that failed is tried again when the user asks for the view again.
    void this.deps.source.ensureBackfilled(this.syncId);
  }

  dispose(): void {
    this.panel.dispose();
  }

  private render(): void {
    const sync = this.deps.source.snapshotOf(this.syncId) ?? this.lastSync;
    this.lastSync = sync;
    const { history, load, anomalies } = this.deps.source.historyOf(sync.id);
    const model = buildDetailsModel({ sync, history, load, anomalies });
    const webview = this.panel.webview;
    const media = vscode.Uri.joinPath(this.deps.extensionUri, 'media');
    const html = renderDetailsHtml(model, {
      cspSource: webview.cspSource,
      nonce: this.nonce,
      styleUri: webview.asWebviewUri(vscode.Uri.joinPath(media, 'details.css')).toString(),
      scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(media, 'details.js')).toString(),
    });
    const title = panelTitle(sync.name);
    if (this.panel.title !== title) this.panel.title = title;
    // Setting the same HTML again would reload the page (and lose its scroll position) for nothing.
    if (html !== this.lastHtml) {
      this.lastHtml = html;
      webview.html = html;
    }
  }

  private onMessage(message: unknown): void {
    const action = parseDetailsMessage(message, this.syncId, this.deps.source.snapshotOf(this.syncId));
    if ('refused' in action) {
      this.deps.logger.warn(`details: a message from the ${this.syncId} panel was refused: ${action.refused}`);
      return;
    }
    if (action.type === 'retryHistory') {
      void this.deps.source.ensureBackfilled(this.syncId);
      return;
    }
    void vscode.commands.executeCommand(COMMAND_OF[action.type], action.schema === undefined ? { syncId: action.syncId } : { syncId: action.syncId, schema: action.schema });
  }

  private disposeListeners(): void {
    for (const s of this.subscriptions.splice(0)) s.dispose();
  }
}

/** The command each page button runs (Try Again is the panel's own). */
const COMMAND_OF: Record<Exclude<DetailsActionType, 'retryHistory'>, string> = {
  startRun: COMMANDS.startRun,
  cancelRun: COMMANDS.cancelRun,
  openLogs: COMMANDS.openLogs,
};

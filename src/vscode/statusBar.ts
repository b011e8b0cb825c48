import * as vscode from 'vscode';
import { COMMANDS } from './commandIds';
import type { StatusBarModel } from '../core/api/contract';
import { untrustedMarkdown, VIEW_ID } from './syncTreeProvider';

export const STATUS_BAR_ID = 'polytomic.status';
export const FOCUS_VIEW_COMMAND = `${VIEW_ID}.focus`;
export const SIGN_IN_COMMAND = COMMANDS.signIn;

/** What the status bar shows, in plain values (the extension's API, getStatusBarItem). */
export interface StatusBarSnapshot {
  text: string;
  tooltip: string;
  backgroundColor?: string;
  command?: string;
}

/** The one status-bar item; its id and name let users hide it from the status bar's menu. */
export class StatusBar implements vscode.Disposable {
  private readonly item: vscode.StatusBarItem;
  private current: StatusBarSnapshot = { text: '', tooltip: '' };
  private lastRendered = '';

  constructor() {
    this.item = vscode.window.createStatusBarItem(STATUS_BAR_ID, vscode.StatusBarAlignment.Left, 10);
    this.item.name = 'Polytomic';
  }

  render(model: StatusBarModel): void {
    const command = model.action === 'signIn' ? SIGN_IN_COMMAND : FOCUS_VIEW_COMMAND;
    const key = JSON.stringify([model, command]);
    if (key === this.lastRendered) return; // avoid needless status-bar repaints on every tick
    this.lastRendered = key;

    this.item.text = model.text;
    this.item.tooltip = untrustedMarkdown(model.tooltipMarkdown);
    this.item.backgroundColor = model.background ? new vscode.ThemeColor(model.background) : undefined;
    this.item.command = command;
    this.item.accessibilityInformation = { label: `Polytomic: ${stripCodicons(model.text)}` };
    this.current = { text: model.text, tooltip: model.tooltipMarkdown, backgroundColor: model.background, command };
    if (!model.visible) this.item.hide();
    else this.item.show();
  }

  snapshot(): StatusBarSnapshot {
    return { ...this.current };
  }

  dispose(): void {
    this.item.dispose();
  }
}

function stripCodicons(text: string): string {
  return text.replace(/\$\([a-z0-9-~]+\)\s*/gi, '').trim();
}

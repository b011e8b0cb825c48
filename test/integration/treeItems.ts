/** Reading a TreeItem as the user sees it (icon, label, tooltip words), and the icon each server status shows. */
import * as vscode from 'vscode';

/** Codicons the user sees per server status (the documented values the local server produces). */
export const ICON_FOR_STATUS: Record<string, string> = {
  created: 'loading~spin',
  scheduled: 'loading~spin',
  running: 'sync~spin',
  exporting: 'sync~spin',
  processing: 'sync~spin',
  canceling: 'loading~spin',
  completed: 'pass-filled',
  failed: 'error',
  errors: 'warning',
  interrupted: 'debug-disconnect',
  canceled: 'circle-slash',
};
export const FAILURE_STATUSES = new Set(['failed', 'interrupted']);
export const RUNNING_STATUSES = new Set(['created', 'scheduled', 'running', 'exporting', 'processing', 'canceling']);

export function iconId(item: vscode.TreeItem): string | undefined {
  return item.iconPath instanceof vscode.ThemeIcon ? item.iconPath.id : undefined;
}
export function tooltipText(item: vscode.TreeItem): string {
  const t = item.tooltip;
  return t instanceof vscode.MarkdownString ? t.value : String(t ?? '');
}
export function labelText(item: vscode.TreeItem): string {
  const l = item.label;
  return typeof l === 'string' ? l : (l?.label ?? '');
}

/** Markdown tooltips escape server text; compare on the words, not the punctuation. */
export function words(text: string): string {
  return text.replace(/\\(.)/g, '$1').replace(/[^A-Za-z0-9]+/g, ' ').trim();
}

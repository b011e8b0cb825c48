/**
 * Several questions asked on one QuickPick, one after the other (VS Code's multi-step input).
 * The picker stays open between steps. Separate showQuickPick calls hide the first picker
 * before the second opens, and focus goes back for that moment to whatever had it. Started
 * from the sync details panel's Start Run… button, a later question was seen to close at once
 * on a busy machine (once in five browser-suite runs), so no run started. The likely reason:
 * the webview reports the focus it got back to the workbench after the next picker opened.
 */
import * as vscode from 'vscode';

export interface Step<T extends vscode.QuickPickItem> {
  placeholder: string;
  items: readonly T[];
  /** several answers (checkboxes); `picked` items start selected */
  canPickMany?: boolean;
}

export class QuickSteps implements vscode.Disposable {
  private readonly pick = vscode.window.createQuickPick<vscode.QuickPickItem>();

  constructor(title: string) {
    this.pick.title = title;
  }

  /** The chosen items, or undefined when the user dismissed the picker (Escape, clicking away). */
  ask<T extends vscode.QuickPickItem>(step: Step<T>): Promise<readonly T[] | undefined> {
    const pick = this.pick;
    const many = step.canPickMany === true;
    pick.value = '';
    pick.placeholder = step.placeholder;
    pick.canSelectMany = many;
    pick.items = step.items;
    pick.selectedItems = many ? step.items.filter((item) => item.picked) : [];
    pick.show();
    return new Promise((resolve) => {
      const done = (answer: readonly T[] | undefined) => {
        accepted.dispose();
        hidden.dispose();
        resolve(answer);
      };
      const accepted = pick.onDidAccept(() => {
        const chosen = (many ? pick.selectedItems : pick.activeItems) as readonly T[];
        if (!many && chosen.length === 0) return; // nothing matches the typed text: keep asking
        done(chosen);
      });
      const hidden = pick.onDidHide(() => done(undefined));
    });
  }

  dispose(): void {
    this.pick.dispose();
  }
}

import * as vscode from 'vscode';

/**
 * Every question the extension asks the user goes through an Asker, named by an id. The
 * extension uses the dialogs below; the in-host tests (and only they, through the test API
 * handed out in ExtensionMode.Test) install their own Asker to answer the same questions. No
 * command argument answers a question: a caller from outside (another extension, a keybinding, a
 * `command:` link) always gets the real prompt.
 */
export interface Asker {
  /** a modal confirmation; true when the user chose `button` */
  confirm(id: string, message: string, button: string): Promise<boolean>;
  /** any other question: `show` is the real dialog (a notification's buttons, quick picks, input boxes) */
  ask<T>(id: string, message: string, show: () => Thenable<T | undefined>): Promise<T | undefined>;
}

export const dialogAsker: Asker = {
  async confirm(_id, message, button) {
    return (await vscode.window.showWarningMessage(message, { modal: true }, button)) === button;
  },
  async ask(_id, _message, show) {
    return show();
  },
};

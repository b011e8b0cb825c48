import * as vscode from 'vscode';
import { COMMANDS } from './commandIds';
import { noThemeIcons } from '../core/view/themeIcons';
import type { Logger, Scope, ViewState } from '../core/api/contract';

/**
 * Pop-ups for the few events that need the user: a rejected key and selected sync ids the
 * server does not know. Each shows once per occurrence, never once per poll. Not governed by
 * polytomic.notifications (that setting is RunNotifications'): these ask the user to fix something.
 */
export class ProblemPrompts {
  private lastAuth: ViewState['auth'] | undefined;
  private readonly shownNotFound = new Set<string>();

  constructor(
    private readonly logger: Logger,
    private readonly scope: () => Scope,
  ) {}

  onState(state: ViewState): void {
    const enteredUnauthorized = state.auth === 'unauthorized' && this.lastAuth !== 'unauthorized';
    this.lastAuth = state.auth;
    if (enteredUnauthorized) this.unauthorized();

    if (state.lastError?.kind === 'notFound') {
      const text = this.notFoundText(state.lastError.message);
      if (!this.shownNotFound.has(text)) {
        this.shownNotFound.add(text);
        this.logger.warn(`${text} (${state.lastError.message})`);
        void vscode.window.showErrorMessage(noThemeIcons(text), 'Open Settings').then(
          (choice) => {
            if (choice) void vscode.commands.executeCommand('workbench.action.openSettings', 'polytomic.syncIds');
          },
          () => undefined,
        );
      }
    } else if (state.lastError === undefined && state.snapshot) {
      // A good refresh ends the episode: the same problem later is news again.
      this.shownNotFound.clear();
    }
  }

  /** Forget what was shown, e.g. after the user changed settings or signed in again. */
  reset(): void {
    this.shownNotFound.clear();
  }

  private unauthorized(): void {
    this.logger.warn('Polytomic rejected the key (401)');
    void vscode.window
      .showWarningMessage('Polytomic rejected the key (401). Sign in again to keep watching your bulk syncs.', 'Sign In')
      .then(
        (choice) => {
          if (choice) void vscode.commands.executeCommand(COMMANDS.signIn);
        },
        () => undefined,
      );
  }

  private notFoundText(message: string): string {
    const scope = this.scope();
    const ids = scope.kind === 'selected' ? scope.syncIds : [];
    const named = ids.filter((id) => message.includes(id));
    const which = named.length > 0 ? named : ids;
    if (which.length === 0) return `Polytomic: ${message}`;
    const noun = which.length === 1 ? 'bulk sync' : 'bulk syncs';
    return `Polytomic could not find the selected ${noun} ${which.join(', ')}. Check polytomic.syncIds.`;
  }
}

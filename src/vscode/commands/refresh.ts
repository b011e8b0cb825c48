/** Polytomic: Refresh (view title). Signed out, it offers Sign In instead; a held key asks about the host again. */
import * as vscode from 'vscode';
import type { Refresher } from '../../core/state/refresher';
import { COMMANDS } from '../commandIds';
import type { KeyOriginGuard } from '../keyOriginGuard';

export async function refresh(refresher: Refresher, guard: KeyOriginGuard): Promise<void> {
  if (guard.blocked) return guard.askAgain();
  if (refresher.state.auth === 'signedOut') {
    const choice = await vscode.window.showInformationMessage('Polytomic: sign in to see your bulk syncs.', 'Sign In');
    if (choice) await vscode.commands.executeCommand(COMMANDS.signIn);
    return;
  }
  await refresher.refresh('manual');
}

import * as vscode from 'vscode';
import type { ViewState } from '../core/api/contract';

/** The `when`-clause keys package.json's menus and welcome views test. */
export const CONTEXT_KEYS = {
  filtered: 'polytomic.filtered',
  signedIn: 'polytomic.signedIn',
  unauthorized: 'polytomic.unauthorized',
  loaded: 'polytomic.loaded',
  hasSyncs: 'polytomic.hasSyncs',
  hasStoredKey: 'polytomic.hasStoredKey',
} as const;

export type ContextKey = (typeof CONTEXT_KEYS)[keyof typeof CONTEXT_KEYS];

/** Caches context keys so a poll that changes nothing sends no setContext calls. */
export class ContextKeys {
  private readonly values = new Map<ContextKey, boolean>();

  set(key: ContextKey, value: boolean): void {
    if (this.values.get(key) === value) return;
    this.values.set(key, value);
    void vscode.commands.executeCommand('setContext', key, value);
  }

  /** The keys that follow the view's state (hasStoredKey follows the credentials instead). */
  showState(state: ViewState, filtered: boolean): void {
    this.set(CONTEXT_KEYS.filtered, filtered);
    this.set(CONTEXT_KEYS.signedIn, state.auth === 'signedIn');
    this.set(CONTEXT_KEYS.unauthorized, state.auth === 'unauthorized');
    this.set(CONTEXT_KEYS.loaded, state.snapshot !== undefined);
    this.set(CONTEXT_KEYS.hasSyncs, (state.snapshot?.syncs.length ?? 0) > 0);
  }
}

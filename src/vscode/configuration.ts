/**
 * Settings and credentials applied to the refresher: the one place that reads them, builds the
 * client and the snapshot source, and tells the key-origin guard what it found.
 */
import * as vscode from 'vscode';
import type { Logger } from '../core/api/contract';
import { PolytomicClient } from '../core/api/client';
import { originMismatch } from '../core/api/keyOrigin';
import type { Refresher } from '../core/state/refresher';
import { SnapshotSource } from '../core/state/snapshotSource';
import type { SortOrder } from '../core/view/viewFilter';
import type { ContextKeys } from './contextKeys';
import { CONTEXT_KEYS } from './contextKeys';
import { credentialsFingerprint, describeCredentials, type CredentialStore } from './credentials';
import type { KeyOriginGuard } from './keyOriginGuard';
import type { ProblemPrompts } from './problemPrompts';
import { describeSettings, readSettings, SECTION, type Settings } from './settings';

/**
 * Why the configuration is applied. 'signIn' rebuilds the source even when the key is the same
 * one: signing in again after a 401 (a key restored on the server) must fetch again and leave the
 * unauthorized state.
 */
export type ApplyReason = 'startup' | 'config' | 'signIn';

export interface ConfigurationDeps {
  store: CredentialStore;
  guard: KeyOriginGuard;
  refresher: Refresher;
  problems: ProblemPrompts;
  contextKeys: ContextKeys;
  logger: Logger;
  /** re-renders the current state (sort or stale threshold may have changed) */
  render(): void;
}

/** The settings and client in effect; `apply` re-reads both, rebuilding the source only when needed. */
export class Configuration {
  private current: Settings;
  /** what the current source was built from: a secrets event after our own Sign In refetches nothing */
  private appliedSourceKey?: string;
  /** the client behind the current source: sync actions use it, so they share its settings and key */
  private currentClient?: PolytomicClient;
  private appliedIntervalMs?: number;
  private hasStoredKey?: boolean;
  /**
   * Serialised: Sign In applies the new key itself and the secrets event it causes asks again;
   * the second call must see the first one's result (and wait for its refresh), not race it.
   */
  private applying: Promise<void> = Promise.resolve();

  constructor(private readonly deps: ConfigurationDeps) {
    this.current = readSettings(process.env, deps.guard.allowedOrigin());
  }

  get settings(): Settings {
    return this.current;
  }

  /** The client for the current settings and key; undefined while there is none to send. */
  get client(): PolytomicClient | undefined {
    return this.currentClient;
  }

  /** Applies a sort order at once, ahead of the configuration event, so the caller sees the new order. */
  setSort(sort: SortOrder): void {
    this.current = { ...this.current, sort };
  }

  /** The settings as they read now (Sign In checks the key against these). */
  readNow(): Settings {
    return readSettings(process.env, this.deps.guard.allowedOrigin());
  }

  apply(reason: ApplyReason): Promise<void> {
    const run = this.applying.then(() => this.applyNow(reason));
    this.applying = run.catch(() => undefined);
    return run;
  }

  /** Re-applies on every change of the polytomic.* settings or the stored key. */
  watch(): vscode.Disposable[] {
    return [
      this.deps.store.onDidChange(() => this.reapply()),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration(SECTION)) this.reapply();
      }),
    ];
  }

  /** `apply('config')` for events: a failure is logged, never thrown. */
  reapply(): void {
    this.apply('config').catch((e: unknown) => this.deps.logger.error(`Could not apply the Polytomic settings: ${e instanceof Error ? e.message : String(e)}`));
  }

  private async applyNow(reason: ApplyReason): Promise<void> {
    const { store, guard, refresher, logger } = this.deps;
    const settings = (this.current = this.readNow());
    let resolved = await store.get();
    if (resolved && resolved.verifiedBaseUrl === undefined) {
      // A key stored by an older version: bind it to the user's own base URL (never a workspace's).
      const userBaseUrl = readSettings(process.env, undefined).baseUrl;
      await store.save(resolved.credentials, userBaseUrl);
      resolved = { ...resolved, verifiedBaseUrl: userBaseUrl };
    }
    const keyBaseUrl = resolved?.verifiedBaseUrl;
    const mismatch = keyBaseUrl !== undefined ? originMismatch(keyBaseUrl, settings.baseUrl, settings.baseUrlSource === 'workspace') : undefined;
    guard.update(settings, mismatch, keyBaseUrl);
    const stored = resolved?.source === 'secretStorage';
    if (stored !== this.hasStoredKey) {
      this.hasStoredKey = stored;
      this.deps.contextKeys.set(CONTEXT_KEYS.hasStoredKey, stored);
    }
    const sourceKey = JSON.stringify([settings.baseUrl, settings.apiVersion, settings.scope, credentialsFingerprint(resolved?.credentials), keyBaseUrl]);
    const sourceChanged = sourceKey !== this.appliedSourceKey || reason === 'signIn';
    if (sourceChanged) {
      this.appliedSourceKey = sourceKey;
      logger.info(`Configuration (${reason}): ${describeSettings(settings)}; ${describeCredentials(resolved)}`);
      this.deps.problems.reset();
      if (resolved && !mismatch) {
        this.currentClient = new PolytomicClient({
          baseUrl: settings.baseUrl,
          apiVersion: settings.apiVersion,
          credentials: resolved.credentials,
          credentialsOrigin: keyBaseUrl,
          logger,
        });
        refresher.setSource(new SnapshotSource({ client: this.currentClient, scope: settings.scope, logger }));
      } else {
        this.currentClient = undefined;
        refresher.setSource(undefined);
      }
    }
    if (settings.refreshIntervalMs !== this.appliedIntervalMs) {
      this.appliedIntervalMs = settings.refreshIntervalMs;
      refresher.setInterval(settings.refreshIntervalMs);
    }
    refresher.setPauseWhenUnfocused(settings.pauseWhenUnfocused);
    if (!sourceChanged) this.deps.render(); // sort or interval (stale threshold) may have changed
    if (sourceChanged && this.currentClient && reason !== 'startup') await refresher.refresh('config');
  }
}

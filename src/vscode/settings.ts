import * as vscode from 'vscode';
import { NOTIFICATION_MODES, type NotificationMode } from '../core/alerts';
import { normalizeBaseUrl } from '../core/baseUrl';
import type { ApiVersion, Scope } from '../core/contract';
import { normalizeSort, type SortOrder } from '../core/viewFilter';

export const SECTION = 'polytomic';
export const CLOUD_BASE_URL = 'https://app.polytomic.com';
const API_VERSIONS: readonly ApiVersion[] = ['2024-02-08', '2025-09-18'];
const DEFAULT_API_VERSION: ApiVersion = '2024-02-08';
const DEFAULT_REFRESH_SECONDS = 30;

export interface Settings {
  baseUrl: string;
  /** where baseUrl came from, for the log */
  baseUrlSource: 'setting' | 'env' | 'default';
  apiVersion: ApiVersion;
  scope: Scope;
  /** 0 = manual only */
  refreshIntervalMs: number;
  /** which run events pop up a notification */
  notifications: NotificationMode;
  /** stop polling while the window is unfocused and nothing runs */
  pauseWhenUnfocused: boolean;
  /** order of the syncs in the view */
  sort: SortOrder;
}

type Env = Readonly<Record<string, string | undefined>>;

/**
 * Reads every polytomic.* setting, typed and sanitised: a hand-edited settings.json can hold
 * anything, and a bad value must fall back to the default rather than break refreshing.
 */
export function readSettings(env: Env = process.env): Settings {
  const config = vscode.workspace.getConfiguration(SECTION);

  const { baseUrl, baseUrlSource } = readBaseUrl(config, env);

  const rawVersion = config.get<unknown>('apiVersion');
  const apiVersion = API_VERSIONS.includes(rawVersion as ApiVersion) ? (rawVersion as ApiVersion) : DEFAULT_API_VERSION;

  const rawIds = config.get<unknown>('syncIds');
  const syncIds = Array.isArray(rawIds)
    ? [...new Set(rawIds.filter((id): id is string => typeof id === 'string').map((id) => id.trim()).filter(Boolean))]
    : [];
  const rawScope = config.get<unknown>('scope');
  const scope: Scope =
    rawScope === 'active'
      ? { kind: 'active' }
      : rawScope === 'selected'
        ? { kind: 'selected', syncIds }
        : { kind: 'all' };

  const rawInterval = config.get<unknown>('refreshInterval');
  const seconds =
    typeof rawInterval === 'number' && Number.isFinite(rawInterval) && rawInterval >= 0 ? rawInterval : DEFAULT_REFRESH_SECONDS;

  const rawNotifications = config.get<unknown>('notifications');
  const notifications = NOTIFICATION_MODES.includes(rawNotifications as NotificationMode) ? (rawNotifications as NotificationMode) : 'failures';
  const pauseWhenUnfocused = config.get<unknown>('pauseWhenUnfocused') !== false;
  const sort = normalizeSort(config.get<unknown>('sort'));

  return {
    baseUrl,
    baseUrlSource,
    apiVersion,
    scope,
    refreshIntervalMs: Math.round(seconds * 1000),
    notifications,
    pauseWhenUnfocused,
    sort,
  };
}

/**
 * POLYTOMIC_DEPLOYMENT_URL (the variable Polytomic's own tooling uses for on-prem hosts) replaces
 * only the built-in default: a value the user set in any settings scope always wins.
 */
function readBaseUrl(config: vscode.WorkspaceConfiguration, env: Env): Pick<Settings, 'baseUrl' | 'baseUrlSource'> {
  const inspected = config.inspect<string>('baseUrl');
  const explicit = [
    inspected?.workspaceFolderLanguageValue,
    inspected?.workspaceLanguageValue,
    inspected?.globalLanguageValue,
    inspected?.workspaceFolderValue,
    inspected?.workspaceValue,
    inspected?.globalValue,
  ].find((v): v is string => typeof v === 'string' && v.trim() !== '');
  if (explicit !== undefined) return { baseUrl: trimSlash(explicit), baseUrlSource: 'setting' };
  const fromEnv = env.POLYTOMIC_DEPLOYMENT_URL?.trim();
  if (fromEnv) return { baseUrl: trimSlash(fromEnv), baseUrlSource: 'env' };
  const fallback = typeof inspected?.defaultValue === 'string' && inspected.defaultValue ? inspected.defaultValue : CLOUD_BASE_URL;
  return { baseUrl: trimSlash(fallback), baseUrlSource: 'default' };
}

/** A bare host means https (core/baseUrl.ts); trailing slashes go. */
function trimSlash(url: string): string {
  return normalizeBaseUrl(url);
}

/** A one-line description for the log; never includes credentials (settings hold none). */
export function describeSettings(s: Settings): string {
  const scope = s.scope.kind === 'selected' ? `selected (${s.scope.syncIds.length} ids)` : s.scope.kind;
  const interval = s.refreshIntervalMs === 0 ? 'manual' : `${s.refreshIntervalMs / 1000}s`;
  return `baseUrl=${s.baseUrl} (${s.baseUrlSource}) apiVersion=${s.apiVersion} scope=${scope} refresh=${interval} notifications=${s.notifications} pauseWhenUnfocused=${s.pauseWhenUnfocused} sort=${s.sort}`;
}

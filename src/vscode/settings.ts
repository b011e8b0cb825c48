import * as vscode from 'vscode';
import { NOTIFICATION_MODES, type NotificationMode } from '../core/state/alerts';
import { normalizeBaseUrl } from '../core/api/baseUrl';
import { originOf } from '../core/api/origin';
import type { ApiVersion, Scope } from '../core/api/contract';
import { normalizeSort, type SortOrder } from '../core/view/viewFilter';
import { ANOMALY_MODES, type AnomalyMode } from '../core/insights/service';
import type { JudgeOptions } from '../core/insights/types';

export const SECTION = 'polytomic';
export const CLOUD_BASE_URL = 'https://app.polytomic.com';
const API_VERSIONS: readonly ApiVersion[] = ['2024-02-08', '2025-09-18'];
const DEFAULT_API_VERSION: ApiVersion = '2024-02-08';
const DEFAULT_REFRESH_SECONDS = 30;

export interface Settings {
  baseUrl: string;
  /** where baseUrl came from: user settings, an allowed workspace value, the environment, the default */
  baseUrlSource: 'setting' | 'workspace' | 'env' | 'default';
  /** a workspace (or folder) value of polytomic.baseUrl that is being ignored: its host is not allowed */
  ignoredWorkspaceBaseUrl?: string;
  /** polytomic.syncUrlTemplate as it applies (a workspace value only when its host is allowed) */
  syncUrlTemplate?: string;
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
  /** polytomic.anomalies: runs unlike their usual ones are notified, only marked, or not judged */
  anomalies: AnomalyMode;
  /** polytomic.insights.*: the judgement's thresholds the user changed (the rest are the defaults) */
  insights: Partial<JudgeOptions>;
}

type Env = Readonly<Record<string, string | undefined>>;

/**
 * Reads every polytomic.* setting, typed and sanitised: a hand-edited settings.json can hold
 * anything, and a bad value must fall back to the default rather than break refreshing.
 * Workspace files are untrusted: their polytomic.baseUrl and polytomic.syncUrlTemplate apply only
 * when the workspace is trusted and the user allowed that host for it (`allowedWorkspaceOrigin`).
 */
export function readSettings(env: Env = process.env, allowedWorkspaceOrigin?: string): Settings {
  const config = vscode.workspace.getConfiguration(SECTION);
  const allowed = vscode.workspace.isTrusted ? allowedWorkspaceOrigin : undefined;

  const { baseUrl, baseUrlSource, ignoredWorkspaceBaseUrl } = readBaseUrl(config, env, allowed);
  const syncUrlTemplate = readSyncUrlTemplate(config, allowed, baseUrl);

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
  const rawAnomalies = config.get<unknown>('anomalies');
  const anomalies = ANOMALY_MODES.includes(rawAnomalies as AnomalyMode) ? (rawAnomalies as AnomalyMode) : 'notify';

  return {
    baseUrl,
    baseUrlSource,
    ...(ignoredWorkspaceBaseUrl !== undefined ? { ignoredWorkspaceBaseUrl } : {}),
    ...(syncUrlTemplate !== undefined ? { syncUrlTemplate } : {}),
    apiVersion,
    scope,
    refreshIntervalMs: Math.round(seconds * 1000),
    notifications,
    pauseWhenUnfocused,
    sort,
    anomalies,
    insights: readInsights(config),
  };
}

/** The thresholds, each only when it is a number in its range (a hand-edited value can be anything). */
function readInsights(config: vscode.WorkspaceConfiguration): Partial<JudgeOptions> {
  const out: Partial<JudgeOptions> = {};
  const minRuns = config.get<unknown>('insights.minRuns');
  if (typeof minRuns === 'number' && Number.isInteger(minRuns) && minRuns >= 3 && minRuns <= 29) out.minRuns = minRuns;
  const drop = config.get<unknown>('insights.volumeDropRatio');
  if (typeof drop === 'number' && drop > 0 && drop < 1) out.dropRatio = drop;
  const slow = config.get<unknown>('insights.slowFactor');
  if (typeof slow === 'number' && slow > 1 && slow <= 100) out.slowRatio = slow;
  return out;
}

/**
 * POLYTOMIC_DEPLOYMENT_URL (the variable Polytomic's own tooling uses for on-prem hosts) replaces
 * only the built-in default: a value the user set in their settings always wins. A workspace or
 * folder value wins only when its origin is the one the user allowed for this workspace.
 */
function readBaseUrl(
  config: vscode.WorkspaceConfiguration,
  env: Env,
  allowedWorkspaceOrigin: string | undefined,
): Pick<Settings, 'baseUrl' | 'baseUrlSource' | 'ignoredWorkspaceBaseUrl'> {
  const inspected = config.inspect<string>('baseUrl');
  const workspace = firstText(inspected?.workspaceFolderLanguageValue, inspected?.workspaceLanguageValue, inspected?.workspaceFolderValue, inspected?.workspaceValue);
  if (workspace !== undefined && allowedWorkspaceOrigin !== undefined && originOf(trimSlash(workspace)) === allowedWorkspaceOrigin) {
    return { baseUrl: trimSlash(workspace), baseUrlSource: 'workspace' };
  }
  const ignored = workspace !== undefined ? { ignoredWorkspaceBaseUrl: trimSlash(workspace) } : {};
  const user = firstText(inspected?.globalLanguageValue, inspected?.globalValue);
  if (user !== undefined) return { baseUrl: trimSlash(user), baseUrlSource: 'setting', ...ignored };
  const fromEnv = deploymentUrlFromEnv(env);
  if (fromEnv) return { baseUrl: fromEnv, baseUrlSource: 'env', ...ignored };
  const fallback = typeof inspected?.defaultValue === 'string' && inspected.defaultValue ? inspected.defaultValue : CLOUD_BASE_URL;
  return { baseUrl: trimSlash(fallback), baseUrlSource: 'default', ...ignored };
}

/** POLYTOMIC_DEPLOYMENT_URL as a base URL, or undefined when it is not set. */
export function deploymentUrlFromEnv(env: Env): string | undefined {
  const fromEnv = env.POLYTOMIC_DEPLOYMENT_URL?.trim();
  return fromEnv ? trimSlash(fromEnv) : undefined;
}

/**
 * The user's template, or a workspace one whose page is on the allowed host (a workspace must not
 * point Open in Polytomic at a look-alike page).
 */
function readSyncUrlTemplate(config: vscode.WorkspaceConfiguration, allowedWorkspaceOrigin: string | undefined, baseUrl: string): string | undefined {
  const inspected = config.inspect<string>('syncUrlTemplate');
  const workspace = firstText(inspected?.workspaceFolderLanguageValue, inspected?.workspaceLanguageValue, inspected?.workspaceFolderValue, inspected?.workspaceValue);
  if (workspace !== undefined && allowedWorkspaceOrigin !== undefined) {
    // Where the page really is once filled in (`${baseUrl}@elsewhere` is elsewhere).
    const origin = originOf(workspace.trim().split('${baseUrl}').join(baseUrl).split('${syncId}').join('x'));
    if (origin === allowedWorkspaceOrigin) return workspace;
  }
  return firstText(inspected?.globalLanguageValue, inspected?.globalValue);
}

function firstText(...values: unknown[]): string | undefined {
  return values.find((v): v is string => typeof v === 'string' && v.trim() !== '');
}

/** A bare host means https (core/api/baseUrl.ts); trailing slashes go. */
function trimSlash(url: string): string {
  return normalizeBaseUrl(url);
}

/** A one-line description for the log; never includes credentials (settings hold none). */
export function describeSettings(s: Settings): string {
  const scope = s.scope.kind === 'selected' ? `selected (${s.scope.syncIds.length} ids)` : s.scope.kind;
  const interval = s.refreshIntervalMs === 0 ? 'manual' : `${s.refreshIntervalMs / 1000}s`;
  return `baseUrl=${s.baseUrl} (${s.baseUrlSource}) apiVersion=${s.apiVersion} scope=${scope} refresh=${interval} notifications=${s.notifications} pauseWhenUnfocused=${s.pauseWhenUnfocused} sort=${s.sort} anomalies=${s.anomalies} insights=${JSON.stringify(s.insights)}`;
}

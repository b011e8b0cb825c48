/**
 * How anomalies (insights, issue 16) show: marks on the tree's nodes, the count the badge and the
 * status bar share, and the notification text. One input, the service's anomalies by sync, so the
 * tree, the badge, the status bar and the notification never disagree. Server text (sync and
 * schema names) is made safe here for where it goes: direction controls stripped in plain-text
 * descriptions, escaped in Markdown, capped and unable to draw icons or links in notifications.
 */
import type { Snapshot, StatusBarModel, TreeNodeModel } from '../api/contract';
import type { Anomaly } from '../insights/types';
import { notificationText } from '../state/alerts';
import { stripDirectionControls } from './bidi';
import { formatCount, plural } from './format';
import { escapeMarkdown } from './markdown';
import { noThemeIcons } from './themeIcons';
import { isFailing } from './viewFilter';

/** Not the failure's `error` nor the errors' `warning`: an anomaly is a run that looked fine. */
export const ANOMALY_ICON = 'pulse';
export const ANOMALY_COLOR = 'editorWarning.foreground';

export type AnomaliesBySync = ReadonlyMap<string, readonly Anomaly[]>;

/** No anomalies (signed out, or polytomic.anomalies off). */
export const NO_ANOMALIES: AnomaliesBySync = new Map();

/**
 * Whether two sets of anomalies mark the tree the same: same syncs, and per sync the same
 * anomalies (kind, schema) reading the same. The service hands out a new map on every call, so
 * this compares content; there are a handful of anomalies, not one per row.
 */
export function sameAnomalies(a: AnomaliesBySync, b: AnomaliesBySync): boolean {
  if (a === b) return true;
  if (a.size !== b.size) return false;
  for (const [syncId, list] of a) {
    const other = b.get(syncId);
    if (!other || other.length !== list.length) return false;
    for (let i = 0; i < list.length; i++) {
      const x = list[i];
      const y = other[i];
      if (x.kind !== y.kind || x.description !== y.description || (x.kind !== 'stale' && y.kind !== 'stale' && x.schema !== y.schema)) return false;
    }
  }
  return true;
}

const MAX_LISTED = 5;
const MAX_NAME = 80;

/** `orders: 0 records · usually ~12,400`, or the sync's own (staleness) description. */
function syncLevelText(a: Anomaly): string {
  return a.kind === 'stale' ? a.description : `${stripDirectionControls(a.schema)}: ${a.description}`;
}

/**
 * The tree with anomalies marked: a schema node gets the anomaly icon and the anomaly as its
 * description; a sync node gets it in front of its description, and the icon unless it is
 * failing (a failure outranks an anomaly). Nodes without anomalies are returned as they are.
 */
export function markAnomalies(nodes: readonly TreeNodeModel[], anomalies: AnomaliesBySync): TreeNodeModel[] {
  if (anomalies.size === 0) return nodes as TreeNodeModel[];
  return nodes.map((node) => {
    const found = anomalies.get(node.syncId);
    if (!found || found.length === 0 || node.kind !== 'sync') return node;
    const children = node.children.map((child) => {
      const mine = found.filter((a) => a.kind !== 'stale' && a.schema === child.schema);
      if (mine.length === 0) return child;
      return { ...child, icon: ANOMALY_ICON, color: ANOMALY_COLOR, description: mine.map((a) => a.description).join(' · ') };
    });
    const lead = found.length === 1 ? syncLevelText(found[0]) : `${formatCount(found.length)} anomalies · ${syncLevelText(found[0])}`;
    const keepIcon = node.icon === 'error' || node.contextValue.includes('failure');
    return {
      ...node,
      icon: keepIcon ? node.icon : ANOMALY_ICON,
      color: keepIcon ? node.color : ANOMALY_COLOR,
      description: node.description ? `${lead} · ${node.description}` : lead,
      children,
    };
  });
}

/** Syncs in the snapshot with an anomaly that are not failing (a failing one is counted as failing). */
export function anomalousSyncs(snapshot: Snapshot | undefined, anomalies: AnomaliesBySync): Array<{ id: string; name: string; anomalies: readonly Anomaly[] }> {
  if (!snapshot || anomalies.size === 0) return [];
  const found: Array<{ id: string; name: string; anomalies: readonly Anomaly[] }> = [];
  for (const sync of snapshot.syncs) {
    const list = anomalies.get(sync.id);
    if (list && list.length > 0 && !isFailing(sync)) found.push({ id: sync.id, name: sync.name, anomalies: list });
  }
  return found;
}

/** The view badge: failing syncs plus syncs with an anomaly, said apart in its tooltip. */
export function badgeModel(failing: number, anomalous: number): { value: number; tooltip: string } | undefined {
  if (failing + anomalous === 0) return undefined;
  const parts: string[] = [];
  if (failing > 0) parts.push(`${plural(failing, 'bulk sync')} failing`);
  if (anomalous > 0) parts.push(failing > 0 ? `${formatCount(anomalous)} with an anomaly` : `${plural(anomalous, 'bulk sync')} with an anomaly`);
  return { value: failing + anomalous, tooltip: parts.join(', ') };
}

/**
 * The status bar with the anomalies counted: after failures and errors (`$(error) 2 failed ·
 * $(pulse) 1 anomaly`), instead of "running" / "ok" otherwise. Unchanged without anomalies.
 */
export function withAnomalies(model: StatusBarModel, syncs: ReadonlyArray<{ name: string; anomalies: readonly Anomaly[] }>): StatusBarModel {
  if (syncs.length === 0 || model.action !== 'focusView') return model;
  const count = syncs.reduce((n, s) => n + s.anomalies.length, 0);
  const label = `$(${ANOMALY_ICON}) ${plural(count, 'anomaly', 'anomalies')}`;
  const lines = syncs.slice(0, MAX_LISTED).map((s) => `- **${escapeMarkdown(s.name, 200)}**: ${s.anomalies.map((a) => escapeMarkdown(syncLevelText(a), 300)).join('; ')}`);
  if (syncs.length > MAX_LISTED) lines.push(`- and ${formatCount(syncs.length - MAX_LISTED)} more`);
  const section = `**${plural(syncs.length, 'bulk sync')} with runs unlike their usual ones**\n\n${lines.join('\n')}`;
  if (model.background) {
    return { ...model, text: `${model.text} · ${label}`, tooltipMarkdown: `${model.tooltipMarkdown}\n\n${section}` };
  }
  const stale = /( \(stale[^)]*\))$/.exec(model.text)?.[1] ?? '';
  return { ...model, text: `${label}${stale}`, tooltipMarkdown: `${section}\n\n${model.tooltipMarkdown}`, background: 'statusBarItem.warningBackground' };
}

export interface AnomalyAlert {
  /** plain text, capped; names quoted and unable to draw icons */
  message: string;
  /** what "Show" reveals: the schema node of the first anomaly, or its sync */
  revealNodeId: string;
}

/** One notification for the anomalies new in one change (like failures: grouped, not one each). */
export function anomalyAlert(fresh: readonly Anomaly[], names: ReadonlyMap<string, string>): AnomalyAlert | undefined {
  if (fresh.length === 0) return undefined;
  const quoted = (syncId: string) => `"${notificationText(names.get(syncId) ?? syncId, MAX_NAME)}"`;
  const one = (a: Anomaly) => (a.kind === 'stale' ? `${quoted(a.syncId)}: ${a.description}` : `${quoted(a.syncId)} ${notificationText(a.schema, MAX_NAME)}: ${a.description}`);
  const shown = fresh.slice(0, 3).map(one);
  const more = fresh.length > shown.length ? ` and ${formatCount(fresh.length - shown.length)} more` : '';
  const head = fresh.length === 1 ? 'A Polytomic run looks unusual' : `${formatCount(fresh.length)} Polytomic runs look unusual`;
  const first = fresh[0];
  return {
    message: noThemeIcons(notificationText(`${head}: ${shown.join('; ')}${more}`, 500)),
    revealNodeId: first.kind === 'stale' ? `sync:${first.syncId}` : `schema:${first.syncId}/${first.schema}`,
  };
}

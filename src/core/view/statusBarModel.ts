/**
 * The status bar item and the tree view's message line: the whole snapshot's health in a few words,
 * and how fresh the data is.
 */
import type { Snapshot, StatusBarModel, SyncSnapshot, ViewState } from '../api/contract';
import { formatCount, formatRelative, formatSince, plural } from './format';
import { escapeMarkdown } from './markdown';
import { snapshotHealth, type Health } from './snapshotHealth';

const MAX_LISTED = 10;

/** `sorted`: worst first, then by name (as Health keeps them) */
function listSyncs(sorted: readonly SyncSnapshot[]): string {
  const lines = sorted.slice(0, MAX_LISTED).map((sync) => {
    const failing = sync.schemas.filter((s) => s.info.category === 'failure').map((s) => s.schema);
    let line = `- **${escapeMarkdown(sync.name, 200)}**: ${escapeMarkdown(sync.info.label)}`;
    if (failing.length) {
      const shown = failing.slice(0, 5).map((s) => escapeMarkdown(s, 100)).join(', ');
      line += ` (${plural(failing.length, 'schema')} failed: ${shown}${failing.length > 5 ? ', …' : ''})`;
    }
    return line;
  });
  if (sorted.length > MAX_LISTED) lines.push(`- and ${formatCount(sorted.length - MAX_LISTED)} more`);
  return lines.join('\n');
}

/**
 * When the data has been stale for long: refreshes have been failing and the last good data is
 * older than two refresh intervals. Undefined while fresh, after a single missed refresh, in
 * manual mode (intervalMs 0 or unknown) and without data.
 */
export function staleSince(state: ViewState, now: number, intervalMs: number | undefined): number | undefined {
  if (!state.lastError || !state.snapshot || !intervalMs || intervalMs <= 0) return undefined;
  const since = state.lastSuccessAt ?? state.snapshot.takenAt;
  return now - since > 2 * intervalMs ? since : undefined;
}

function staleNote(state: ViewState, now: number, intervalMs?: number): string {
  if (!state.lastError) return '';
  const since = staleSince(state, now, intervalMs);
  const when =
    since !== undefined
      ? `**Stale since ${formatSince(since, now)}** (${formatRelative(now - since)}). `
      : state.lastSuccessAt !== undefined
        ? `Last updated ${formatRelative(now - state.lastSuccessAt)}. `
        : '';
  return `\n\n${when}Latest refresh failed: ${escapeMarkdown(state.lastError.message, 500)}`;
}

/**
 * The status bar: the one place a failure shows while the view is closed.
 * Order of precedence: signed out, key rejected, no data at all, failures, completed-with-errors,
 * running, all fine. A failed refresh with older data adds " (stale)" rather than hiding the data,
 * " (stale since 09:30)" once the data is older than two intervals (`intervalMs`, see staleSince).
 * `health`: where the counts come from (a view passes its HealthTracker; default: from scratch).
 */
export function statusBarModel(state: ViewState, now: number, intervalMs?: number, health?: (snapshot: Snapshot) => Health): StatusBarModel {
  if (state.auth === 'signedOut') {
    return {
      text: '$(account) Polytomic: Sign in',
      tooltipMarkdown: 'Not signed in to Polytomic. Click to enter an API key.',
      action: 'signIn',
      visible: true,
    };
  }
  if (state.auth === 'unauthorized') {
    const reason = state.lastError ? `\n\n${escapeMarkdown(state.lastError.message, 500)}` : '';
    return {
      text: '$(warning) Polytomic: key rejected',
      tooltipMarkdown: `Polytomic rejected the API key. Click to enter a new one.${reason}`,
      background: 'statusBarItem.warningBackground',
      action: 'signIn',
      visible: true,
    };
  }
  const snapshot = state.snapshot;
  if (!snapshot) {
    if (state.lastError) {
      return {
        text: '$(warning) Polytomic: unreachable',
        tooltipMarkdown: `Could not load bulk syncs: ${escapeMarkdown(state.lastError.message, 500)}`,
        background: 'statusBarItem.warningBackground',
        action: 'focusView',
        visible: true,
      };
    }
    return {
      text: state.loading ? '$(sync~spin) Polytomic' : '$(circle-outline) Polytomic',
      tooltipMarkdown: state.loading ? 'Loading bulk syncs…' : 'Bulk syncs not loaded yet.',
      action: 'focusView',
      visible: true,
    };
  }
  const since = staleSince(state, now, intervalMs);
  const stale = since !== undefined ? ` (stale since ${formatSince(since, now)})` : state.lastError ? ' (stale)' : '';
  const note = staleNote(state, now, intervalMs);
  const h = (health ?? snapshotHealth)(snapshot);
  if (h.failed.length > 0) {
    return {
      text: `$(error) ${formatCount(h.failed.length)} failed${stale}`,
      tooltipMarkdown: `**${plural(h.failed.length, 'bulk sync')} failed**\n\n${listSyncs(h.failed)}${note}`,
      background: 'statusBarItem.errorBackground',
      action: 'focusView',
      visible: true,
    };
  }
  if (h.withErrors.length > 0) {
    return {
      text: `$(warning) ${formatCount(h.withErrors.length)} with errors${stale}`,
      tooltipMarkdown: `**${plural(h.withErrors.length, 'bulk sync')} completed with errors**\n\n${listSyncs(h.withErrors)}${note}`,
      background: 'statusBarItem.warningBackground',
      action: 'focusView',
      visible: true,
    };
  }
  if (h.running > 0) {
    return {
      text: `$(sync~spin) ${formatCount(h.running)} running${stale}`,
      tooltipMarkdown: `${plural(h.running, 'bulk sync')} running, none failed.${note}`,
      action: 'focusView',
      visible: true,
    };
  }
  return {
    text: h.total > 0 ? `$(check) ${plural(h.total, 'sync')} ok${stale}` : `$(pass) Polytomic${stale}`,
    tooltipMarkdown: (h.total > 0 ? `No failures in ${plural(h.total, 'bulk sync')}.` : 'No bulk syncs in scope.') + note,
    action: 'focusView',
    visible: true,
  };
}

/**
 * The tree view's message line (plain text, not Markdown). Undefined when the data is fresh, and
 * when signed out (the view's welcome content covers that). Says "Stale since …" once the data is
 * older than two intervals (`intervalMs`, see staleSince).
 */
export function viewMessage(state: ViewState, now: number, intervalMs?: number): string | undefined {
  // VS Code shows a view's welcome content only while its message is empty: signed out and
  // key rejected are explained (with a Sign In button) by the welcome views, so no message.
  if (state.auth !== 'signedIn') return undefined;
  const error = state.lastError;
  if (!error) return undefined;
  if (!state.snapshot) return `Could not load bulk syncs: ${error.message}`;
  const stale = staleSince(state, now, intervalMs);
  if (stale !== undefined) {
    return `Stale since ${formatSince(stale, now)} (${formatRelative(now - stale)}): refreshes are failing. ${error.message}`;
  }
  const since = state.lastSuccessAt ?? state.snapshot.takenAt;
  return `Last updated ${formatRelative(now - since)}: ${error.message}`;
}

/**
 * The one status table: every status value the API documents, what it looks like and how bad it is.
 * Everything that shows or ranks a status (tree, status bar, alerts, sorting) reads it from here.
 */
import { stripDirectionControls } from '../view/bidi';
import type { StatusInfo } from '../api/contract';

/**
 * Severity, worst first, so that sorting and "the overall state" agree everywhere:
 * - failed: the run ended without delivering data; the user has to act.
 * - interrupted: the run stopped part-way (deploy, worker loss); usually needs a re-run, so it ranks
 *   just below failed.
 * - errors: the run finished but some records/schemas errored; data arrived, with gaps.
 * - unknown: a value this version does not know; it might be a new kind of failure, so it must not
 *   hide below the healthy states.
 * - in progress: changing right now, worth watching, nothing to do yet.
 * - canceled: someone chose to stop it; informative, not alarming.
 * - completed: healthy.
 * - idle (no runs yet): nothing to say.
 */
export const SEVERITY = {
  failed: 100,
  interrupted: 90,
  errors: 80,
  unknown: 70,
  inProgress: 50,
  canceled: 30,
  completed: 20,
  idle: 10,
} as const;

type Row = Omit<StatusInfo, 'status'>;

// Theme colour ids are from VS Code's theme colour reference; codicon ids from the codicon set.
const IN_PROGRESS_COLOR = 'charts.blue';
const QUEUED_COLOR = 'testing.iconQueued';

const TABLE: Readonly<Record<string, Row>> = {
  created: {
    label: 'Created',
    icon: 'loading~spin',
    color: QUEUED_COLOR,
    terminal: false,
    category: 'inProgress',
    severity: SEVERITY.inProgress,
  },
  scheduled: {
    label: 'Scheduled',
    icon: 'loading~spin',
    color: QUEUED_COLOR,
    terminal: false,
    category: 'inProgress',
    severity: SEVERITY.inProgress,
  },
  running: {
    label: 'Running',
    icon: 'sync~spin',
    color: IN_PROGRESS_COLOR,
    terminal: false,
    category: 'inProgress',
    severity: SEVERITY.inProgress,
  },
  exporting: {
    label: 'Exporting',
    icon: 'sync~spin',
    color: IN_PROGRESS_COLOR,
    terminal: false,
    category: 'inProgress',
    severity: SEVERITY.inProgress,
  },
  processing: {
    label: 'Processing',
    icon: 'sync~spin',
    color: IN_PROGRESS_COLOR,
    terminal: false,
    category: 'inProgress',
    severity: SEVERITY.inProgress,
  },
  canceling: {
    label: 'Canceling',
    icon: 'loading~spin',
    color: 'disabledForeground',
    terminal: false,
    category: 'inProgress',
    severity: SEVERITY.inProgress,
  },
  completed: {
    label: 'Completed',
    icon: 'pass-filled',
    color: 'testing.iconPassed',
    terminal: true,
    category: 'success',
    severity: SEVERITY.completed,
  },
  failed: {
    label: 'Failed',
    icon: 'error',
    color: 'testing.iconFailed',
    terminal: true,
    category: 'failure',
    severity: SEVERITY.failed,
  },
  // Not documented as terminal, but it is the state behind the `bulk_sync.completed_with_error` event.
  errors: {
    label: 'Completed with errors',
    icon: 'warning',
    color: 'list.warningForeground',
    terminal: true,
    category: 'warning',
    severity: SEVERITY.errors,
  },
  // The run stopped without finishing: for alerts it counts as a failure (data did not all arrive).
  interrupted: {
    label: 'Interrupted',
    icon: 'debug-disconnect',
    color: 'problemsWarningIcon.foreground',
    terminal: true,
    category: 'failure',
    severity: SEVERITY.interrupted,
  },
  canceled: {
    label: 'Canceled',
    icon: 'circle-slash',
    color: 'disabledForeground',
    terminal: true,
    category: 'canceled',
    severity: SEVERITY.canceled,
  },
};

const IDLE: Row = {
  // Absent: the API reports no run (also a listed sync the status response leaves out).
  label: 'No runs yet',
  icon: 'circle-outline',
  color: undefined,
  terminal: true,
  category: 'idle',
  severity: SEVERITY.idle,
};

/**
 * A row whose server entry broke the contract (validate.ts): what its status is cannot be known.
 * Ranked with unknown values (it might hide a failure) but never counted as failing or running.
 */
export const UNREADABLE: StatusInfo = Object.freeze({
  status: 'unreadable',
  label: 'Unreadable',
  icon: 'bracket-error',
  color: 'list.warningForeground',
  terminal: false,
  category: 'unknown',
  severity: SEVERITY.unknown,
});

/** Every status value the API documents (sync and schema), in table order. */
export const KNOWN_STATUSES: readonly string[] = Object.keys(TABLE);

const cache = new Map<string, StatusInfo>();

/**
 * Look a status up. Absent/empty means "no runs yet"; a value we do not know still renders,
 * as "Unknown (<value>)", ranked above the healthy states.
 * Results are shared frozen objects: cheap at 100,000 schemas and safe to compare by `status`.
 */
export function statusInfo(status: string | undefined): StatusInfo {
  const key = status ?? '';
  const hit = cache.get(key);
  if (hit) return hit;
  let info: StatusInfo;
  if (key === '') {
    info = { status: '', ...IDLE };
  } else if (Object.prototype.hasOwnProperty.call(TABLE, key)) {
    info = { status: key, ...TABLE[key] };
  } else {
    info = {
      status: key,
      // Shown in plain text (descriptions, quick picks): no direction control may reorder it (bidi.ts).
      label: `Unknown (${stripDirectionControls(key.length > 60 ? key.slice(0, 59) + '…' : key)})`,
      icon: 'question',
      color: undefined,
      // We cannot know whether it will change by itself; assume it might, so polling continues.
      terminal: false,
      category: 'unknown',
      severity: SEVERITY.unknown,
    };
    // Do not let a server that invents a new value per response grow the cache without bound.
    if (cache.size > 1000) return Object.freeze(info);
  }
  Object.freeze(info);
  cache.set(key, info);
  return info;
}

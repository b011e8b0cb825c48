/**
 * Start Run: the kinds of run Polytomic defines, and how the user's choice becomes the body of
 * `POST /api/bulk/syncs/{id}/executions` for the API version in use. The facts (and where they come
 * from) are in docs/polytomic-api.md, "Starting a run".
 *
 * - `fetch_mode` (`BulkFetchMode`: none | incremental | full): `none` is normal operation;
 *   `incremental` and `full` apply to syncs from Salesforce only, so they are labelled so.
 * - `resync_mode` (`BulkResyncMode`: refetch | resync | rebuild): documented from 2025-09-18 on.
 *   The 2024-02-08 reference knows only the boolean `resync`, which the newer definition calls
 *   "Deprecated: use resync_mode instead. Equivalent to resync_mode=rebuild". So on 2024-02-08 the
 *   one resync offered is Rebuild, sent as `resync: true`; Refetch and Resync need 2025-09-18.
 * - `test` does not combine with `resync` or `resync_mode`.
 */
import type { StartExecutionRequest } from './actionsContract';
import { ActionInputError } from './actions';
import type { ApiVersion } from '../api/contract';
import { capText } from '../api/errors';

export type RunMode = 'normal' | 'fetchIncremental' | 'fetchFull' | 'refetch' | 'resync' | 'rebuild';

export interface StartRunChoice {
  mode: RunMode;
  /** a test run: Polytomic validates the configuration without writing to the destination */
  test?: boolean;
  /** only these schemas; undefined = all */
  schemas?: string[];
}

export interface RunModeInfo {
  mode: RunMode;
  /** Polytomic's name for it */
  label: string;
  /** where it applies (shown beside the label), e.g. "Salesforce sources only" */
  description?: string;
  /** what Polytomic says it does, and the field sent */
  detail: string;
  /** a resync mode: cannot be a test run */
  resync: boolean;
}

const SALESFORCE_ONLY = 'Salesforce sources only';
const RESYNC_NOTE = 'One of Polytomic’s resync modes, for destructive or full-refresh style reruns. Cannot be a test run.';

const MODES: Record<RunMode, RunModeInfo> = {
  normal: { mode: 'normal', label: 'Normal run', detail: 'Polytomic’s normal operation: the sync does what it usually does.', resync: false },
  fetchIncremental: {
    mode: 'fetchIncremental',
    label: 'Incremental fetch',
    description: SALESFORCE_ONLY,
    detail: 'Fetch records by their modification time (fetch_mode: incremental). From any other source this is a normal run.',
    resync: false,
  },
  fetchFull: {
    mode: 'fetchFull',
    label: 'Full fetch',
    description: SALESFORCE_ONLY,
    detail: 'Fetch every record, to catch up formula and rollup fields whose updates incremental runs miss (fetch_mode: full). From any other source this is a normal run.',
    resync: false,
  },
  refetch: { mode: 'refetch', label: 'Refetch', detail: `resync_mode: refetch. ${RESYNC_NOTE}`, resync: true },
  resync: { mode: 'resync', label: 'Resync', detail: `resync_mode: resync. ${RESYNC_NOTE}`, resync: true },
  rebuild: { mode: 'rebuild', label: 'Rebuild', detail: `resync_mode: rebuild, what the older resync flag does. ${RESYNC_NOTE}`, resync: true },
};

/** The API versions that know `resync_mode`; older ones know only the boolean `resync`. */
function hasResyncMode(version: ApiVersion): boolean {
  return version === '2025-09-18';
}

/** The modes Start Run offers on this API version, in the order shown. */
export function runModes(version: ApiVersion): RunModeInfo[] {
  if (hasResyncMode(version)) return [MODES.normal, MODES.fetchIncremental, MODES.fetchFull, MODES.refetch, MODES.resync, MODES.rebuild];
  return [
    MODES.normal,
    MODES.fetchIncremental,
    MODES.fetchFull,
    { ...MODES.rebuild, detail: `Sent as resync: true, which Polytomic defines as equal to resync_mode rebuild (API ${version} has no other resync). ${RESYNC_NOTE}` },
  ];
}

export function runModeInfo(mode: RunMode): RunModeInfo | undefined {
  return Object.prototype.hasOwnProperty.call(MODES, mode) ? MODES[mode] : undefined;
}

/** "a run", "an incremental fetch", "a test full fetch (2 schemas)": for "Started … of “Orders”." */
export function describeChoice(choice: StartRunChoice): string {
  const info = runModeInfo(choice.mode);
  const mode = !info || choice.mode === 'normal' ? 'run' : info.label.toLowerCase();
  const parts = [choice.test ? `test ${mode}` : mode];
  if (choice.schemas) parts.push(`(${choice.schemas.length} schema${choice.schemas.length === 1 ? '' : 's'})`);
  const phrase = parts.join(' ');
  return `${/^[aeiou]/.test(phrase) ? 'an' : 'a'} ${phrase}`;
}

/**
 * The user's choices → the request body for `version`. `allSchemas` (the sync's schemas, when
 * known) lets a selection of every schema be sent as "all" (no `schemas` field), which is what the
 * user meant and keeps the run a full one rather than a partial one.
 */
export function startRequestBody(choice: StartRunChoice, version: ApiVersion, allSchemas?: readonly string[]): StartExecutionRequest {
  const info = runModeInfo(choice.mode);
  if (!info) throw new ActionInputError(`Unknown run mode ${JSON.stringify(capText(String(choice.mode), 40))}.`);
  const body: StartExecutionRequest = {};
  if (choice.mode === 'fetchIncremental') body.fetch_mode = 'incremental';
  else if (choice.mode === 'fetchFull') body.fetch_mode = 'full';
  else if (info.resync) {
    if (hasResyncMode(version)) body.resync_mode = choice.mode as 'refetch' | 'resync' | 'rebuild';
    else if (choice.mode === 'rebuild') body.resync = true;
    else throw new ActionInputError(`A ${info.label.toLowerCase()} needs Polytomic API version 2025-09-18 (polytomic.apiVersion); on ${version} the only resync is Rebuild.`);
  }
  if (choice.test) {
    // The API rejects the combination (400); say so before sending anything.
    if (info.resync) throw new ActionInputError(`A test run cannot be a ${info.label.toLowerCase()}: choose a normal run or a fetch mode for a test run.`);
    body.test = true;
  }
  if (choice.schemas !== undefined) {
    const schemas = [...new Set(choice.schemas)];
    if (schemas.length === 0) throw new ActionInputError('No schemas were chosen: choose at least one, or start a run of the whole sync.');
    const everything = allSchemas !== undefined && allSchemas.length > 0 && allSchemas.every((s) => schemas.includes(s)) && schemas.length === allSchemas.length;
    if (!everything) body.schemas = schemas;
  }
  return body;
}

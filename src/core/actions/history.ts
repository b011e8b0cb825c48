/**
 * The run history quick pick's rows: one per execution, then one per schema of the chosen run.
 * Server text is stripped of direction controls; nothing here is Markdown.
 */
import type { Execution, ExecutionSchema } from './actionsContract';
import type { StatusInfo } from '../api/contract';
import { capText } from '../api/errors';
import { formatDuration, formatMoment, plural } from '../view/format';
import { statusInfo } from '../state/statusTable';
import { stripDirectionControls } from '../view/bidi';

export interface HistoryItem {
  executionId: string;
  /** status label, e.g. "Completed with errors" */
  label: string;
  /** started · duration · counts */
  description: string;
  /** flags: test, full/incremental fetch, resync, only some schemas */
  detail: string;
  icon: string;
  color?: string;
  info: StatusInfo;
  /** still going: it can be canceled */
  inProgress: boolean;
}

function ms(iso: string | undefined): number | undefined {
  if (iso === undefined) return undefined;
  const value = Date.parse(iso);
  return Number.isNaN(value) ? undefined : value;
}

function counts(x: { recordCount?: number; errorCount?: number; warningCount?: number }): string[] {
  const parts: string[] = [];
  if (x.recordCount !== undefined) parts.push(plural(x.recordCount, 'record'));
  if (x.errorCount) parts.push(plural(x.errorCount, 'error'));
  if (x.warningCount) parts.push(plural(x.warningCount, 'warning'));
  return parts;
}

function timing(x: { startedAt?: string; completedAt?: string; createdAt?: string }, terminal: boolean, now: number): string[] {
  const started = ms(x.startedAt);
  const completed = ms(x.completedAt);
  const parts: string[] = [];
  if (started !== undefined) parts.push(`started ${formatMoment(started, now)}`);
  else {
    const created = ms(x.createdAt);
    if (created !== undefined) parts.push(`created ${formatMoment(created, now)}`);
  }
  if (started !== undefined && completed !== undefined && completed >= started) parts.push(`took ${formatDuration(completed - started)}`);
  else if (started !== undefined && !terminal && now >= started) parts.push(`running for ${formatDuration(now - started)}`);
  return parts;
}

export function historyItem(exec: Execution, now: number): HistoryItem {
  const info = statusInfo(exec.status);
  const flags: string[] = [];
  if (exec.isTest) flags.push('test run');
  if (exec.isResync) flags.push('resync');
  if (exec.fetchMode === 'full' || exec.fetchMode === 'incremental') flags.push(`${exec.fetchMode} fetch`);
  if (exec.isPartial) flags.push(`only ${plural(exec.schemas.length, 'schema')}`);
  else if (exec.schemas.length > 0) flags.push(plural(exec.schemas.length, 'schema'));
  if (exec.type) flags.push(exec.type);
  flags.push(`id ${exec.id}`);
  const item: HistoryItem = {
    executionId: exec.id,
    label: info.label,
    description: [...timing(exec, info.terminal, now), ...counts(exec)].join(' · '),
    detail: stripDirectionControls(flags.join(' · ')),
    icon: info.icon,
    info,
    inProgress: !info.terminal && info.category === 'inProgress',
  };
  if (info.color !== undefined) item.color = info.color;
  return item;
}

/** Newest first (the API's default order, re-established in case a server sends otherwise). */
export function historyItems(executions: readonly Execution[], now: number): HistoryItem[] {
  const keyed = executions.map((e, i) => ({ e, i, at: ms(e.createdAt) ?? ms(e.startedAt) }));
  keyed.sort((a, b) => (a.at !== undefined && b.at !== undefined && a.at !== b.at ? b.at - a.at : a.i - b.i));
  return keyed.map(({ e }) => historyItem(e, now));
}

export interface ExecutionSchemaItem {
  schema: string;
  label: string;
  description: string;
  detail?: string;
  icon: string;
  color?: string;
}

/** An execution's schemas, worst first, for the second step of History. */
export function executionSchemaItems(exec: Execution, now: number): ExecutionSchemaItem[] {
  const rows = exec.schemas.map((s: ExecutionSchema) => ({ s, info: statusInfo(s.status) }));
  rows.sort((a, b) => b.info.severity - a.info.severity || a.s.schema.localeCompare(b.s.schema));
  return rows.map(({ s, info }) => {
    const item: ExecutionSchemaItem = {
      schema: s.schema,
      label: stripDirectionControls(s.schema),
      description: [info.label, ...counts(s), ...timing(s, info.terminal, now)].join(' · '),
      icon: info.icon,
    };
    if (s.statusMessage) item.detail = capText(s.statusMessage, 300);
    if (info.color !== undefined) item.color = info.color;
    return item;
  });
}

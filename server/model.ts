/**
 * The simulated organization's data model: syncs, executions and schema runs (each planned in
 * full when created), the statuses they move through, and the options that plan them.
 */
import type { DestinationKind, SourceKind } from './catalog';
import type { Schedule } from './schedule';

export const EXECUTION_STATUSES = [
  'created', 'scheduled', 'running', 'exporting', 'canceling', 'canceled', 'completed', 'failed',
  'processing', 'errors', 'interrupted',
] as const;
export const SCHEMA_STATUSES = [
  'created', 'scheduled', 'running', 'exporting', 'canceled', 'completed', 'failed', 'interrupted', 'processing',
] as const;

export type ExecutionOutcome = 'completed' | 'errors' | 'failed' | 'interrupted' | 'canceled';
export type SchemaOutcome = 'completed' | 'failed' | 'canceled' | 'interrupted';
export type FetchMode = 'none' | 'incremental' | 'full';
export type ResyncMode = 'refetch' | 'resync' | 'rebuild';

/** Time a cancellation takes to reach the workers; meanwhile the execution is `canceling`. */
export const CANCEL_DELAY_MS = 3_000;

export interface SchemaRun {
  schema: string;
  outputName: string;
  /** leaves `scheduled` and starts reading */
  startAt: number;
  runEnd: number;
  exportEnd: number;
  procEnd: number;
  /** becomes terminal (<= procEnd when the plan ends early) */
  endAt: number;
  outcome: SchemaOutcome;
  message: string;
  totalRecords: number;
  totalErrors: number;
  totalWarnings: number;
  /** progress stops here (cancellation requested); the run shows that state until endAt */
  frozenAt?: number;
  /** set by the setSchemaStatus lever */
  override?: { status: string; message?: string; at: number };
  /** a per-record problem, for logs and messages */
  recordProblem?: string;
}

export interface Execution {
  id: string;
  seq: number;
  sync: Sync;
  type: 'scheduled' | 'manual';
  createdAt: number;
  queuedAt: number;
  startedAt: number;
  endAt: number;
  outcome: ExecutionOutcome;
  message: string;
  isTest: boolean;
  isResync: boolean;
  isPartial: boolean;
  fetchMode: FetchMode;
  resyncMode?: ResyncMode;
  runs: SchemaRun[];
  cancelRequestedAt?: number;
  /** last time an intervention changed the plan */
  changedAt?: number;
  /** built on first use by runFor() */
  runMap?: Map<string, SchemaRun>;
}

export interface Sync {
  index: number;
  id: string;
  name: string;
  active: boolean;
  source: SourceKind;
  destination: DestinationKind;
  sourceConnectionId: string;
  destinationConnectionId: string;
  schedule: Schedule;
  schemas: string[];
  sizes: Map<string, number>;
  /** the share of a schema's rows a normal run moves: its own, steady from run to run */
  shares: Map<string, number>;
  outputNames: Map<string, string>;
  lanes: number;
  createdAt: number;
  updatedAt: number;
  executions: Execution[];
  latestBySchema: Map<string, Execution>;
  /** periodic schedules: the next tick not yet processed */
  nextRunAt: number;
  /** continuous schedules: no run starts before this (set on activation and catch-up) */
  notBefore: number;
  execSeq: number;
  /** set by the stall lever (server/anomalies.ts): the schedule starts no more runs */
  stalled?: boolean;
}

export interface SchemaState {
  status: string;
  message: string;
  records: number;
  errors: number;
  warnings: number;
  startedAt: number | null;
  completedAt: number | null;
}

/** see ApiServerOptions.scheduleMix */
export type ScheduleMix = 'demo' | 'typical';

export interface OrganizationOptions {
  syncs: number;
  schemas: number;
  seed: number;
  startTime: number;
  /** default 'demo' */
  scheduleMix?: ScheduleMix;
}

export interface StartOptions {
  type: 'scheduled' | 'manual';
  schemas?: string[];
  isTest?: boolean;
  fetchMode?: FetchMode;
  resyncMode?: ResyncMode;
  forceOutcome?: ExecutionOutcome;
  /** with a failed outcome: the whole execution stops (global) or one schema fails (schema) */
  failureKind?: 'global' | 'schema';
  failureMessage?: string;
}

/** The part a generated sync plays in the organization (the first ones are fixed for a demo). */
export type Role = 'running' | 'failed' | 'errors' | 'completed' | 'inactive' | 'continuousRunning';

/** A lever (control endpoint, anomaly) named a sync or schema that does not exist. */
export class LeverError extends Error {}

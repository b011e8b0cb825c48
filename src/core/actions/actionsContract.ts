/**
 * Types of the sync actions (start, cancel, activate, history, logs): what the client returns and
 * sends. Kept beside contract.ts (same rules: no vscode imports, validated at the boundary).
 */
import type { SchemaStatus } from '../api/contract';

/** One schema of an execution (`GET /api/bulk/syncs/{id}/executions/{exec_id}`), camelCased. */
export interface ExecutionSchema extends SchemaStatus {
  outputName?: string;
}

/** Validated Execution (start, get, list). Unknown fields are dropped. */
export interface Execution {
  id: string;
  status?: string;
  statusMessage?: string;
  type?: string;
  createdAt?: string; // ISO
  startedAt?: string;
  completedAt?: string;
  updatedAt?: string;
  recordCount?: number;
  errorCount?: number;
  warningCount?: number;
  isTest?: boolean;
  isResync?: boolean;
  isPartial?: boolean;
  fetchMode?: string;
  schemas: ExecutionSchema[];
}

/**
 * Body of `POST /api/bulk/syncs/{id}/executions` (snake_case as sent), the official SDK's
 * `StartBulkSyncRequest`. `resync_mode` exists from API 2025-09-18 on; `resync` is what 2024-02-08
 * knows (the newer definition: "Equivalent to resync_mode=rebuild"). See runModes.ts.
 */
export interface StartExecutionRequest {
  fetch_mode?: 'none' | 'incremental' | 'full';
  resync_mode?: 'refetch' | 'resync' | 'rebuild';
  resync?: boolean;
  schemas?: string[];
  test?: boolean;
}

export interface ExecutionPage {
  executions: Execution[];
  nextPageToken?: string;
}

/** `GET .../executions/{exec_id}/logs`: short-lived pre-signed URLs. */
export interface LogUrls {
  urls: string[];
  /** ISO; undefined when the server did not say */
  expires?: string;
}

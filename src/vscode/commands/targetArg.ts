/**
 * An action command's arguments, checked at the edge as the server's answers are by the core's
 * validators. VS Code passes the tree's TreeNodeModel from a menu; a caller (another command, a
 * notification's button, a test, a keybinding) may pass a sync id or
 * `{ syncId, executionId?, schema? }`; the palette passes nothing, and the command then offers a
 * picker. Anything else is refused with a message that says what the command takes.
 *
 * No `vscode` here: test/unit/commandArgs.test.ts runs it under plain Node.
 */
import type { TreeNodeModel } from '../../core/api/contract';
import type { CommandId } from '../commandIds';

/** A command's first argument, checked: which sync (and schema or execution) it names. */
export interface TargetRef {
  syncId: string;
  schema?: string;
  executionId?: string;
  /** from the tree (context menu / inline) rather than the palette or a caller */
  fromTree: boolean;
}

/** A command was given an argument it does not take; its message is shown to the user. */
export class CommandArgumentError extends Error {}

/** The command's first argument → a TargetRef; undefined when none was given (the palette). */
export function parseTarget(command: CommandId, arg: unknown): TargetRef | undefined {
  if (arg === undefined || arg === null) return undefined;
  if (typeof arg === 'string' && arg.trim() !== '') return { syncId: arg, fromTree: false };
  if (isNode(arg) && arg.syncId.trim() !== '') {
    return withOptional({ syncId: arg.syncId, fromTree: true }, arg.schema, undefined);
  }
  if (typeof arg === 'object' && !Array.isArray(arg)) {
    const record = arg as Record<string, unknown>;
    const { syncId, schema, executionId } = record;
    if (typeof syncId === 'string' && syncId.trim() !== '' && optionalString(schema) && optionalString(executionId)) {
      return withOptional({ syncId, fromTree: false }, schema, executionId);
    }
  }
  throw new CommandArgumentError(
    `${command} takes a bulk sync from the Bulk Syncs view, a sync id, or { syncId, schema?, executionId? } (strings); it was given ${describe(arg)}.`,
  );
}

/**
 * A command's second argument, when it takes options: an object (checked field by field by the
 * command), or nothing. A list is VS Code's multi-selection from a tree menu, not options.
 */
export function optionsObject(command: CommandId, arg: unknown): Record<string, unknown> {
  if (arg === undefined || arg === null || Array.isArray(arg)) return {};
  if (typeof arg === 'object') return arg as Record<string, unknown>;
  throw new CommandArgumentError(`${command} takes its options as an object; it was given ${describe(arg)}.`);
}

/** One option's value when it has the expected type; anything else is refused with a message. */
export function option<T>(command: CommandId, options: Record<string, unknown>, name: string, is: (v: unknown) => v is T, what: string): T | undefined {
  const value = options[name];
  if (value === undefined) return undefined;
  if (is(value)) return value;
  throw new CommandArgumentError(`${command}: the option ${name} must be ${what}.`);
}

function isNode(value: unknown): value is TreeNodeModel {
  return typeof value === 'object' && value !== null && 'kind' in value && 'contextValue' in value && typeof (value as { syncId?: unknown }).syncId === 'string';
}

function optionalString(value: unknown): boolean {
  return value === undefined || typeof value === 'string';
}

function withOptional(ref: TargetRef, schema: unknown, executionId: unknown): TargetRef {
  if (typeof schema === 'string' && schema) ref.schema = schema;
  if (typeof executionId === 'string' && executionId) ref.executionId = executionId;
  return ref;
}

function describe(arg: unknown): string {
  if (Array.isArray(arg)) return 'a list';
  if (typeof arg === 'object') return 'an object without a sync id';
  if (typeof arg === 'string') return 'an empty string';
  return `a ${typeof arg}`;
}

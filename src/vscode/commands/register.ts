import * as vscode from 'vscode';
import type { Logger } from '../../core/api/contract';
import { isApiError } from '../../core/api/errors';
import type { CommandId } from '../commandIds';

/**
 * Every command goes through here: a failure becomes one friendly message and one log line,
 * never an unhandled rejection in the extension host. The handler gets VS Code's arguments as
 * `unknown`: each command checks its own (an action's target: ./targetArg.ts).
 */
export function registerCommand<T>(
  id: CommandId,
  logger: Logger,
  handler: (...args: unknown[]) => T | Promise<T>,
  onError?: T,
): vscode.Disposable {
  return vscode.commands.registerCommand(id, async (...args: unknown[]) => {
    try {
      return await handler(...args);
    } catch (e) {
      logger.error(`${id} failed: ${errorText(e)}`);
      void vscode.window.showErrorMessage(`Polytomic: ${errorText(e)}`);
      return onError;
    }
  });
}

export function errorText(e: unknown): string {
  if (isApiError(e)) return e.message;
  return e instanceof Error ? e.message : String(e);
}

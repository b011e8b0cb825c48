/**
 * Every command the extension contributes, by the name the code uses. package.json's
 * `contributes.commands` declares exactly these (test/unit/commandIds.test.ts checks both ways);
 * registration, the code that runs one command from another, and the tests use these names.
 */
export const COMMANDS = {
  refresh: 'polytomic.refresh',
  signIn: 'polytomic.signIn',
  signOut: 'polytomic.signOut',
  showLog: 'polytomic.showLog',
  allowWorkspaceHost: 'polytomic.allowWorkspaceHost',
  forgetWorkspaceHost: 'polytomic.forgetWorkspaceHost',
  filter: 'polytomic.filter',
  clearFilter: 'polytomic.clearFilter',
  sortBy: 'polytomic.sortBy',
  startRun: 'polytomic.startRun',
  cancelRun: 'polytomic.cancelRun',
  activate: 'polytomic.activate',
  deactivate: 'polytomic.deactivate',
  openLogs: 'polytomic.openLogs',
  showHistory: 'polytomic.showHistory',
  openInPolytomic: 'polytomic.openInPolytomic',
  copySyncId: 'polytomic.copySyncId',
  copyExecutionId: 'polytomic.copyExecutionId',
  showSyncDetails: 'polytomic.showSyncDetails',
} as const;

export type CommandName = keyof typeof COMMANDS;
export type CommandId = (typeof COMMANDS)[CommandName];

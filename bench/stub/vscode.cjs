// A stand-in for the `vscode` module, for measuring (not testing) activation outside VS Code:
// every API the extension touches at activation exists and does nothing.
'use strict';
const noop = () => undefined;
const disposable = () => ({ dispose: noop });
const event = () => disposable;

class EventEmitter {
  constructor() { this.listeners = new Set(); this.event = (l) => { this.listeners.add(l); return { dispose: () => this.listeners.delete(l) }; }; }
  fire(v) { for (const l of this.listeners) l(v); }
  dispose() { this.listeners.clear(); }
}
class StubDisposable { constructor(fn) { this.fn = fn; } dispose() { if (this.fn) this.fn(); } static from(...d) { return new StubDisposable(() => d.forEach((x) => x.dispose())); } }
class TreeItem { constructor(label, state) { this.label = label; this.collapsibleState = state; } }
class ThemeIcon { constructor(id, color) { this.id = id; this.color = color; } }
class ThemeColor { constructor(id) { this.id = id; } }
class MarkdownString { constructor(value, icons) { this.value = value; this.supportThemeIcons = icons; } }
class CancellationError extends Error {}
const Uri = { parse: (s) => ({ toString: () => s }), from: (c) => ({ toString: () => `${c.scheme}:${c.path}` }), file: (p) => ({ fsPath: p }) };

const outputChannel = () => ({ name: 'Polytomic', trace: noop, debug: noop, info: noop, warn: noop, error: noop, append: noop, appendLine: noop, show: noop, dispose: noop, onDidChangeLogLevel: event(), logLevel: 2 });
const configuration = () => ({ get: (_key, fallback) => fallback, has: () => false, inspect: () => undefined, update: async () => undefined });

module.exports = {
  EventEmitter, Disposable: StubDisposable, TreeItem, ThemeIcon, ThemeColor, MarkdownString, CancellationError, Uri,
  TreeItemCollapsibleState: { None: 0, Collapsed: 1, Expanded: 2 },
  StatusBarAlignment: { Left: 1, Right: 2 },
  ProgressLocation: { SourceControl: 1, Window: 10, Notification: 15 },
  ConfigurationTarget: { Global: 1, Workspace: 2, WorkspaceFolder: 3 },
  QuickPickItemKind: { Separator: -1, Default: 0 },
  ExtensionMode: { Production: 1, Development: 2, Test: 3 },
  window: {
    state: { focused: true },
    createOutputChannel: outputChannel,
    createTreeView: () => ({ dispose: noop, onDidChangeVisibility: event(), onDidChangeSelection: event(), onDidExpandElement: event(), onDidCollapseElement: event(), visible: true, reveal: async () => undefined }),
    createStatusBarItem: () => ({ show: noop, hide: noop, dispose: noop }),
    onDidChangeWindowState: event(),
    withProgress: async (_o, task) => task({ report: noop }),
    showInformationMessage: async () => undefined,
    showWarningMessage: async () => undefined,
    showErrorMessage: async () => undefined,
    setStatusBarMessage: disposable,
  },
  workspace: {
    getConfiguration: configuration,
    onDidChangeConfiguration: event(),
    onDidCloseTextDocument: event(),
    registerTextDocumentContentProvider: disposable,
  },
  commands: { registerCommand: disposable, executeCommand: async () => undefined, getCommands: async () => [] },
  env: { clipboard: { writeText: async () => undefined }, openExternal: async () => true },
  extensions: { getExtension: () => undefined },
  languages: { setTextDocumentLanguage: async (d) => d },
};

// Run in a fresh node process: require a module (with `vscode` resolved to the stub) and, for the
// extension, call activate() with a fake context; prints the in-process time in ms as JSON.
'use strict';
const started = process.hrtime.bigint();
const Module = require('node:module');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const stub = path.join(__dirname, 'vscode.cjs');
const resolve = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  return request === 'vscode' ? stub : resolve.call(this, request, ...rest);
};
const target = process.argv[2];
const mod = require(path.resolve(target));
const memento = () => { const m = new Map(); return { get: (k, d) => (m.has(k) ? m.get(k) : d), update: async (k, v) => void m.set(k, v), keys: () => [...m.keys()] }; };
const context = {
  subscriptions: [],
  secrets: { get: async () => undefined, store: async () => undefined, delete: async () => undefined, onDidChange: () => ({ dispose() {} }) },
  workspaceState: memento(),
  globalState: memento(),
  extensionUri: { fsPath: process.cwd() },
  extensionPath: process.cwd(),
  // the insights history lives here (read at activation); a fresh empty directory, as on first install
  globalStorageUri: { fsPath: fs.mkdtempSync(path.join(os.tmpdir(), 'polytomic-cold-start-')) },
  extensionMode: 1,
};
for (const name of ['POLYTOMIC_API_KEY', 'POLYTOMIC_DEPLOYMENT_KEY', 'POLYTOMIC_ORGANIZATION_ID', 'POLYTOMIC_DEPLOYMENT_URL']) delete process.env[name];
Promise.resolve(typeof mod.activate === 'function' ? mod.activate(context) : undefined).then(
  () => {
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    process.stdout.write(JSON.stringify({ ms }) + '\n');
    for (const d of context.subscriptions) try { d.dispose(); } catch { /* measuring only */ }
    fs.rmSync(context.globalStorageUri.fsPath, { recursive: true, force: true });
    process.exit(0);
  },
  (err) => {
    process.stderr.write(String(err && err.stack || err) + '\n');
    process.exit(1);
  },
);

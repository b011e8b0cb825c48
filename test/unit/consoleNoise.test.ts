/**
 * The browser suite's console check (test/e2e/consoleNoise.ts): the workbench's own complaints,
 * as VS Code 1.100 and 1.139 really log them, are told apart by source and message; anything the
 * extension causes, or anything merely resembling the noise, still fails the suite.
 */
import assert from 'node:assert/strict';
import { isWorkbenchNoise, type ConsoleEntry } from '../e2e/consoleNoise';

const WORKBENCH = 'http://127.0.0.1:41715/stable-53c2f3253bcf32886706fc023e794bbeb253c90f/static/out/vs/code/browser/workbench/workbench.js';
const STACK = `\n    at ume.writeFile (${WORKBENCH}:5225:125912)\n    at async rRt.flush (${WORKBENCH}:5228:104125)`;
/** A ThrottledDelayer's timer running Throttler.queue, as 1.100.3 logged it after a reload. */
const THROTTLER_STACK = `\n    at fy.queue (${WORKBENCH}:33:56089)\n    at ${WORKBENCH}:33:57652\n    at ${WORKBENCH}:33:57297`;
const error = (text: string, source = WORKBENCH): ConsoleEntry => ({ type: 'error', text, source });

/** Captured from the browser suite's runs on code-server 4.100.3 and 4.139.1. */
const WORKBENCH_NOISE = [
  error('Failed to load resource: the server responded with a status of 404 (Not Found)', 'http://127.0.0.1:36629/stable-409c64e0df4d53530e59c16acc2b5d5766f717b0/static/node_modules/vsda/rust/web/vsda_bg.wasm'),
  error('Failed to load resource: the server responded with a status of 404 (Not Found)', 'http://127.0.0.1:36629/stable-409c64e0df4d53530e59c16acc2b5d5766f717b0/static/node_modules/vsda/rust/web/vsda.js'),
  error('%c  ERR color: #f33 [lifecycle] Long running operations during shutdown are unsupported in the web (id: join.disconnectRemote)'),
  error("%c  ERR color: #f33 Unable to write file 'vscode-log:/20261130T185600/window.log' (Error: IndexedDB database 'vscode-web-db' is closed.)"),
  error(`%c  ERR color: #f33 Unable to write file 'vscode-log:/20261130T191757/window.log' (Error: IndexedDB database 'vscode-web-db' is closed.): Error: Unable to write file 'vscode-log:/20261130T191757/window.log' (Error: IndexedDB database 'vscode-web-db' is closed.)${STACK}`),
  error(`%c  ERR color: #f33 oa: Unable to write file 'vscode-log:/20261130T190458/window.log' (Error: IndexedDB database 'vscode-web-db' is closed.)${STACK}`),
  error(`%c  ERR color: #f33 Error: Timed out waiting for authentication provider 'github' to register.${STACK}`),
  error(`%c  ERR color: #f33 Throttler is disposed: Error: Throttler is disposed${THROTTLER_STACK}`),
];

describe('browser console check: workbench noise versus errors we cause', () => {
  it("recognises each of the workbench's own complaints", () => {
    for (const entry of WORKBENCH_NOISE) assert.ok(isWorkbenchNoise(entry), entry.text);
  });

  it('keeps every error that names the extension or comes from its extension host', () => {
    for (const text of [
      'Polytomic: Could not reach app.polytomic.com to check the key: GET /api/me: host not found (ENOTFOUND). Check polytomic.baseUrl and your network.',
      '%c[Extension Host] %crejected promise not handled within 1 second: TypeError: x is undefined',
      // the noise's own wording, but about our files
      "%c  ERR color: #f33 Unable to write file 'vscode-log:/20261130T185600/exthost1/polytomic-community.polytomic-bulk-syncs/window.log' (Error: IndexedDB database 'vscode-web-db' is closed.)",
    ]) {
      assert.equal(isWorkbenchNoise(error(text)), false, text);
    }
  });

  it('a known message from another source, or with more than a stack trace after it, is not noise', () => {
    assert.equal(isWorkbenchNoise(error('Failed to load resource: the server responded with a status of 404 (Not Found)', 'http://127.0.0.1:36629/stable-x/static/out/media/polytomic.svg')), false);
    assert.equal(isWorkbenchNoise(error("%c  ERR color: #f33 Error: Timed out waiting for authentication provider 'github' to register.", 'http://127.0.0.1:1/some/extension.js')), false);
    assert.equal(isWorkbenchNoise(error("%c  ERR color: #f33 Error: Timed out waiting for authentication provider 'github' to register.\nand then something else")), false);
    assert.equal(isWorkbenchNoise(error("%c  ERR color: #f33 Unable to write file 'vscode-log:/1/window.log' (Error: disk full)")), false);
  });

  it('a disposed throttler is noise only when the whole trace is inside the workbench bundle', () => {
    const ours = 'http://127.0.0.1:41715/stable-x/vscode-remote-resource?path=/ext/polytomic-community.polytomic-bulk-syncs-0.1.0/dist/extension.js';
    // without a trace nothing says where it ran
    assert.equal(isWorkbenchNoise(error('%c  ERR color: #f33 Throttler is disposed: Error: Throttler is disposed')), false);
    // a frame of another script on the way
    assert.equal(isWorkbenchNoise(error(`%c  ERR color: #f33 Throttler is disposed: Error: Throttler is disposed${THROTTLER_STACK}\n    at refresh (${ours}:1:2)`)), false);
    // logged by another script
    assert.equal(isWorkbenchNoise(error(`%c  ERR color: #f33 Throttler is disposed: Error: Throttler is disposed${THROTTLER_STACK}`, ours)), false);
    // another message from the same place
    assert.equal(isWorkbenchNoise(error(`%c  ERR color: #f33 Throttler is busy: Error: Throttler is busy${THROTTLER_STACK}`)), false);
  });
});

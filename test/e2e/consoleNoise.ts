/**
 * The browser console, sorted: what the extension causes (kept, and the suite fails on it) and the
 * workbench's own noise, recognised by what it is (the script or resource it comes from and its
 * exact message), never by retrying or by time. Every entry says why it is not ours.
 */
export interface ConsoleEntry {
  /** console message type: 'error', 'warning', 'log', ... */
  type: string;
  text: string;
  /** URL of the script that logged it (for a failed load: the resource) */
  source: string;
}

interface Noise {
  why: string;
  source: RegExp;
  /** matched against the message's first line; any further lines must be a stack trace */
  message: RegExp;
  /** when set, the trace must be there and every frame of it in a script this matches */
  frames?: RegExp;
}

/** The web workbench's own bundle (VS Code 1.100 and 1.139 both load it from here). */
const WORKBENCH = /\/static\/out\/vs\/code\/browser\/workbench\/workbench\.js$/;

/** A stack frame in that bundle: `    at [async ]name (url:line:col)` or `    at url:line:col`. */
const WORKBENCH_FRAME = /^\s+at (?:async )?(?:\S+ \()?https?:\/\/[^/\s]+\/[^\s]*\/static\/out\/vs\/code\/browser\/workbench\/workbench\.js:\d+:\d+\)?$/;

const WINDOW_LOG_CLOSED = String.raw`Unable to write file 'vscode-log:[^']*/window\.log' \(Error: IndexedDB database 'vscode-web-db' is closed\.\)`;

const NOISE: Noise[] = [
  {
    why: 'vsda (signing of the VS Code protocol) is absent from open-source builds; the workbench asks for it and carries on',
    source: /\/static\/node_modules\/vsda\/rust\/web\/vsda(_bg\.wasm|\.js)$/,
    message: /^Failed to load resource: the server responded with a status of 404 \(Not Found\)$/,
  },
  {
    why: 'the workbench unloading for a window reload: it cannot wait for its own shutdown work in a browser',
    source: WORKBENCH,
    message: /^\[lifecycle\] Long running operations during shutdown are unsupported in the web \(id: [\w.]+\)$/,
  },
  {
    why: "the workbench writing its own window log to IndexedDB while the page unloads, after the browser closed the database",
    source: WORKBENCH,
    // 1.100 may repeat the message after the error's name; 1.139 prefixes its (minified) class name
    message: new RegExp(`^(?:[\\w$]+: )?${WINDOW_LOG_CLOSED}(?:: Error: ${WINDOW_LOG_CLOSED})?$`),
  },
  {
    // Seen once, on 1.100.3 under load, logged by the page being left in the reload step. Its whole trace is Throttler.queue <- ThrottledDelayer.trigger's task <- the
    // Delayer's timer (1.100.3's workbench.js 33:56089, 33:57652, 33:57297): a ThrottledDelayer
    // whose owner had disposed it was triggered, and its timer fired. The web workbench runs its
    // whole shutdown inside `beforeunload` (BrowserLifecycleService: onWillShutdown, then
    // onDidShutdown), where BrowserStorageService.close() disposes the storage and its 100 ms
    // flush delayer "to ensure that no timeouts or callbacks get triggered in this phase"; yet
    // the page keeps running until the reload's new document arrives, seconds later on a busy
    // machine, and a write in that window ends here. The timer drops the caller, so the trace
    // cannot name the writer; the extension writes storage only when the user signs in, filters
    // the view or decides about a workspace's host, none of which the reload step does.
    why: 'the workbench, already shut down for a window reload, queuing work on a throttler it disposed while the page still runs',
    source: WORKBENCH,
    message: /^(?:[\w$]+: )?Throttler is disposed(?:: Error: Throttler is disposed)?$/,
    frames: WORKBENCH_FRAME,
  },
  {
    why: "VS Code 1.139's built-in GitHub and chat features ask for a GitHub session; code-server registers no GitHub sign-in",
    source: WORKBENCH,
    message: /^Error: Timed out waiting for authentication provider 'github' to register\.$/,
  },
];

/** The workbench's log service prefixes its lines with a CSS-styled level: `%c  ERR color: #f33 `. */
function logServiceMessage(text: string): string {
  return text.replace(/^%c\s*[A-Z]+\s+color:\s*#[0-9a-f]{3,6}\s+/i, '');
}

/** True when the entry is one of the workbench's known complaints and says nothing of ours. */
export function isWorkbenchNoise(entry: ConsoleEntry): boolean {
  if (/polytomic|\[Extension Host\]/i.test(entry.text)) return false;
  const [first, ...rest] = logServiceMessage(entry.text).split('\n');
  if (!rest.every((line) => /^\s+at \S/.test(line))) return false;
  return NOISE.some(
    (noise) =>
      noise.source.test(entry.source) &&
      noise.message.test(first) &&
      (!noise.frames || (rest.length > 0 && rest.every((line) => noise.frames!.test(line)))),
  );
}

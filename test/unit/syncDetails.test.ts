/**
 * The sync details view's page, built under plain Node from a snapshot and a run history: what it
 * draws (one bar per run, coloured by status; the schema table; the empty, loading and error
 * states) and what it must never let server text do (markup, direction controls, links).
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { SyncSnapshot } from '../../src/core/api/contract';
import { buildDetailsModel, recentRuns, type DetailsInput, type HistoryLoad } from '../../src/core/insights/detailsModel';
import { RunHistory } from '../../src/core/insights/history';
import { EMPTY_TEXT, panelTitle, renderDetailsHtml } from '../../src/core/view/details/detailsHtml';
import { parseDetailsMessage } from '../../src/core/view/details/detailsMessages';
import { schema, snapshotOf, sync } from './helpers/fixtures';
import { DAY, MINUTE, MONDAY_2AM, series } from './helpers/insights';

const RESOURCES = { cspSource: 'https://file+.vscode-resource.vscode-cdn.net', nonce: 'bm9uY2Utb2YtdGhpcy1wYWdl', styleUri: 'https://file+.vscode-resource.vscode-cdn.net/ext/media/details.css', scriptUri: 'https://file+.vscode-resource.vscode-cdn.net/ext/media/details.js' };
const HOSTILE = '<script>alert(1)</script> $(zap) "quoted" \u202Etxt.exe';

function syncSnapshot(name: string, schemas = ['orders', 'users'], status = 'completed'): SyncSnapshot {
  const snap = snapshotOf([sync('sync-1', status, schemas.map((s) => schema(s, status, { executionId: 'exec-9' })))], [{ id: 'sync-1', name, active: true }]);
  return snap.syncs[0];
}

/** `count` daily runs of each schema, the same execution ids across schemas; `status(i)` per run. */
function historyWith(count: number, schemas: string[], status: (i: number) => string = () => 'completed', records: (i: number) => number = () => 1000): RunHistory {
  const history = new RunHistory();
  for (const name of schemas) {
    for (const run of series({ runs: count, records, status, durationMs: (i) => (10 + i) * MINUTE })) history.add('sync-1', name, run);
  }
  return history;
}

function page(input: Partial<DetailsInput> & { sync: SyncSnapshot; history: RunHistory }, load: HistoryLoad = { state: 'ready' }): string {
  return renderDetailsHtml(buildDetailsModel({ load, ...input }), RESOURCES);
}

const bars = (html: string, chart: 'duration' | 'records') => {
  const figure = new RegExp(`<figure class="chart" id="chart-${chart}">([\\s\\S]*?)</figure>`).exec(html);
  return figure ? [...figure[1].matchAll(/<rect class="([^"]*)"[^>]*><title>([^<]*)<\/title><\/rect>/g)].map((m) => ({ cls: m[1], title: m[2] })) : [];
};

describe('sync details view: the page', () => {
  it('draws one duration bar and one records bar per run, coloured by its status, with its figures in a <title>', () => {
    const status = (i: number) => (i === 3 ? 'failed' : i === 5 ? 'errors' : 'completed');
    const html = page({ sync: syncSnapshot('Nightly orders'), history: historyWith(7, ['orders', 'users'], status, (i) => 100 * (i + 1)) });
    const duration = bars(html, 'duration');
    assert.equal(duration.length, 7, 'one bar per execution, not per schema run');
    assert.deepEqual(
      duration.map((b) => b.cls),
      ['bar s-success', 'bar s-success', 'bar s-success', 'bar s-failure', 'bar s-success', 'bar s-warning', 'bar s-success'],
    );
    assert.match(duration[3].title, /^Failed · \d{4}-\d\d-\d\d \d\d:\d\d:\d\d · 13 min · 800 records · 2 schemas$/);
    const records = bars(html, 'records');
    assert.equal(records.length, 7);
    assert.ok(records.every((b) => b.cls === 'bar records'));
    assert.match(records[6].title, /1,400 records/, 'records of both schemas of the run added up');
    assert.match(html, /<svg class="runs"[^>]* role="img" aria-label="Duration of each run, coloured by status: 7 runs, longest or largest 16 min"/);
    assert.match(html, /<ul class="legend"[^>]*><li><span class="swatch s-success"[^>]*><\/span>Completed<\/li><li><span class="swatch s-failure"[^>]*><\/span>Failed<\/li><li><span class="swatch s-warning"[^>]*><\/span>Completed with errors<\/li><\/ul>/);
  });

  it("colours each status class with the theme's chart colour (media/details.css)", () => {
    const css = fs.readFileSync(path.join(__dirname, '..', '..', 'media', 'details.css'), 'utf8');
    const fill = (cls: string) => new RegExp(`\\.${cls}[^{]*\\{[^}]*fill: var\\((--vscode-[\\w-]+)`).exec(css)?.[1];
    assert.equal(fill('s-success'), '--vscode-charts-green');
    assert.equal(fill('s-warning'), '--vscode-charts-yellow');
    assert.equal(fill('s-failure'), '--vscode-charts-red');
    assert.equal(fill('s-inProgress'), '--vscode-charts-blue');
    assert.doesNotMatch(css, /#[0-9a-f]{3,8}\b|rgb\(|hsl\(/i, 'theme variables only, no fixed colours');
  });

  it('keeps at most 30 runs, the newest', () => {
    const history = historyWith(30, ['orders']);
    for (const run of series({ runs: 12, start: MONDAY_2AM + 30 * DAY, records: () => 5, idPrefix: 'late' })) history.add('sync-1', 'users', run);
    const runs = recentRuns(history, 'sync-1', 30);
    assert.equal(runs.length, 30);
    assert.equal(runs[29].executionId, 'late-11');
    assert.equal(runs[0].executionId, 'exec-12');
  });

  it('shows each schema with its last and typical (median) records and duration, and flags a drop to 0', () => {
    const history = historyWith(12, ['orders', 'users'], undefined, (i) => (i === 11 ? 0 : 12_000 + (i % 3) * 100));
    const html = page({ sync: syncSnapshot('Nightly'), history });
    const row = /<tr class="anomalous"><th scope="row">orders<\/th>(.*?)<\/tr>/.exec(html);
    assert.ok(row, 'the orders row is marked');
    const cells = [...row[1].matchAll(/<td[^>]*>(.*?)<\/td>/g)].map((m) => m[1].replace(/<[^>]+>/g, ''));
    assert.deepEqual(cells.slice(0, 6), ['Completed', '0', '12,100', '21 min', '15 min', '0 records · usually ~12,100']);
    assert.match(html, /<h2 id="anomalies-heading">Unusual last runs<\/h2><ul><li><strong>orders<\/strong>: 0 records · usually ~12,100<\/li>/);
    assert.match(html, /<th scope="col">Schema<\/th>/, 'the table has column headers');
  });

  it('says "No finished runs yet" when there is no history, "Loading" while it loads, and keeps what it knows when loading fails', () => {
    const empty = page({ sync: syncSnapshot('New sync'), history: new RunHistory() });
    assert.ok(empty.includes(`<p class="empty">${EMPTY_TEXT}</p>`));
    assert.doesNotMatch(empty, /<svg|<rect/);
    const loading = page({ sync: syncSnapshot('New sync'), history: new RunHistory() }, { state: 'loading' });
    assert.match(loading, /<p class="banner loading" role="status">Loading run history…<\/p>/);
    assert.ok(!loading.includes(EMPTY_TEXT), 'not "no runs" before we know');
    const failed = page({ sync: syncSnapshot('Old sync'), history: historyWith(4, ['orders']) }, { state: 'failed', message: 'Polytomic answered 503 <b>busy</b>' });
    assert.match(failed, /<p class="banner error" role="alert">Could not load the run history: Polytomic answered 503 &lt;b&gt;busy&lt;\/b&gt;\. Showing the runs already known\. <button type="button" data-action="retryHistory" data-sync="sync-1">Try Again<\/button><\/p>/);
    assert.equal(bars(failed, 'duration').length, 4, 'the runs already known are still drawn');
  });

  it('offers Start Run on an idle sync, Cancel Run on a running one, and Logs on schemas that ran', () => {
    const idle = page({ sync: syncSnapshot('S'), history: historyWith(2, ['orders']) });
    assert.match(idle, /<button type="button" data-action="startRun" data-sync="sync-1">Start Run…<\/button>/);
    assert.doesNotMatch(idle, /data-action="cancelRun"/);
    assert.match(idle, /<button type="button" data-action="openLogs" data-sync="sync-1" data-schema="orders" aria-label="Logs of orders">Logs<\/button>/);
    const running = page({ sync: syncSnapshot('S', ['orders'], 'running'), history: historyWith(2, ['orders']) });
    assert.match(running, /data-action="cancelRun"/);
    assert.doesNotMatch(running, /data-action="startRun"/);
  });
});

describe('sync details view: server text and the page policy', () => {
  const html = page(
    { sync: syncSnapshot(HOSTILE, [HOSTILE, 'users']), history: historyWith(3, [HOSTILE]) },
    { state: 'failed', message: `timeout ${HOSTILE}` },
  );

  it('escapes hostile names, schema names and errors: no markup, no direction controls, `$(` only as text', () => {
    assert.equal((html.match(/<script/g) ?? []).length, 1, 'only our own script tag');
    assert.ok(html.includes('<h1>&lt;script&gt;alert(1)&lt;/script&gt; $(zap) &quot;quoted&quot; txt.exe</h1>'), 'the name, as text');
    assert.ok(html.includes('<title>&lt;script&gt;alert(1)&lt;/script&gt;'), 'the page title too');
    assert.ok(html.includes('<th scope="row">&lt;script&gt;alert(1)&lt;/script&gt; $(zap) &quot;quoted&quot; txt.exe</th>'), 'the schema name');
    assert.ok(html.includes('data-schema="&lt;script&gt;alert(1)&lt;/script&gt; $(zap) &quot;quoted&quot; txt.exe"'), 'a quote cannot leave the attribute');
    assert.ok(html.includes('Could not load the run history: timeout &lt;script&gt;'), 'the error');
    assert.doesNotMatch(html, /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/, 'no direction control anywhere');
    assert.doesNotMatch(html, /codicon/, 'no theme icon drawn');
  });

  it('makes the panel title plain: no direction controls, no theme icons, one line', () => {
    assert.equal(panelTitle('Invoices \u202Etxt.exe\n$(check) ok'), 'Invoices txt.exe ＄(check) ok');
    assert.equal(panelTitle('x'.repeat(80)), 'x'.repeat(59) + '…');
    assert.equal(panelTitle('\u202E'), 'Sync details');
  });

  it('has a strict Content-Security-Policy: nothing by default, the script only with the nonce, no inline style', () => {
    const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html)?.[1];
    assert.ok(csp, 'a CSP meta tag');
    const directives = new Map(csp.split(';').map((d) => d.trim().split(/\s+/)).map(([name, ...values]) => [name, values]));
    assert.deepEqual(directives.get('default-src'), ["'none'"]);
    assert.deepEqual(directives.get('script-src'), [`'nonce-${RESOURCES.nonce}'`]);
    assert.deepEqual(directives.get('style-src'), [RESOURCES.cspSource]);
    assert.doesNotMatch(csp, /unsafe-|\*|data:|http:/);
    assert.match(html, new RegExp(`<script nonce="${RESOURCES.nonce}" src="${RESOURCES.scriptUri.replace(/[.+]/g, '\\$&')}"></script>`));
    assert.doesNotMatch(html, /\sstyle=|\son\w+=|<a\s|command:|<img|<iframe|<link(?![^>]*rel="stylesheet" href="https:\/\/file\+\.vscode-resource)/i);
  });
});

describe('sync details view: messages from the page', () => {
  const snap = syncSnapshot('S', ['orders']);

  it('acts only on a known action, for the panel’s sync, and a schema that sync has', () => {
    assert.deepEqual(parseDetailsMessage({ type: 'startRun', syncId: 'sync-1' }, 'sync-1', snap), { type: 'startRun', syncId: 'sync-1' });
    assert.deepEqual(parseDetailsMessage({ type: 'openLogs', syncId: 'sync-1', schema: 'orders' }, 'sync-1', snap), { type: 'openLogs', syncId: 'sync-1', schema: 'orders' });
    const refused = (raw: unknown, gone = false) => {
      const result = parseDetailsMessage(raw, 'sync-1', gone ? undefined : snap);
      return 'refused' in result ? result.refused : 'accepted';
    };
    assert.deepEqual(parseDetailsMessage({ type: 'retryHistory', syncId: 'sync-1' }, 'sync-1', snap), { type: 'retryHistory', syncId: 'sync-1' });
    assert.equal(refused({ type: 'activate', syncId: 'sync-1' }), 'unknown action');
    assert.equal(refused({ type: 'startRun', syncId: 'sync-2' }), 'not the sync this panel shows');
    assert.equal(refused({ type: 'startRun', syncId: 'sync-1' }, true), 'the sync is no longer in the view');
    assert.equal(refused({ type: 'openLogs', syncId: 'sync-1', schema: 'payroll' }), 'the schema is not in the view');
    assert.equal(refused({ type: 'openLogs', syncId: 'sync-1' }), 'logs need a schema');
    assert.equal(refused('startRun'), 'not an object');
    assert.equal(refused({ type: 'cancelRun', syncId: 'sync-1', schema: 7 }), 'the schema is not in the view');
  });
});

/**
 * The sync details webview's page, from a DetailsModel (../../insights/detailsModel.ts). Pure and
 * deterministic (no clock): the adapter sets it as the webview's HTML, and only when it changed.
 *
 * Security: a strict Content-Security-Policy (nothing by default; the stylesheet and the one
 * script only from the webview's own resource origin, the script only with this page's nonce; no inline style, no remote anything), every server string through escapeHtml, no links.
 * The buttons carry what the script posts back (`data-action`, `data-sync`, `data-schema`); the
 * extension checks every message (./detailsMessages.ts) before acting.
 */
import type { DetailsModel, SchemaRow } from '../../insights/detailsModel';
import { formatCount, formatDuration } from '../format';
import { runCharts } from './detailsChart';
import { stripDirectionControls } from '../bidi';
import { noThemeIcons } from '../themeIcons';
import { escapeHtml } from './html';

export interface PageResources {
  /** the webview's `cspSource` */
  cspSource: string;
  /** a fresh random value per panel (base64 or hex); the script tag must carry it */
  nonce: string;
  /** webview URIs of media/details.css and media/details.js */
  styleUri: string;
  scriptUri: string;
}

export function contentSecurityPolicy(r: Pick<PageResources, 'cspSource' | 'nonce'>): string {
  return [
    "default-src 'none'",
    `style-src ${r.cspSource}`,
    `img-src ${r.cspSource}`,
    `font-src ${r.cspSource}`,
    `script-src 'nonce-${r.nonce}'`,
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
}

/** The panel's title (plain text, outside the page) from a sync name: no direction controls, no theme icons, one line, capped. */
export function panelTitle(name: string): string {
  const text = noThemeIcons(stripDirectionControls(name)).replace(/[\r\n\t]+/g, ' ').trim();
  return text.length > 60 ? text.slice(0, 59) + '…' : text || 'Sync details';
}

export const EMPTY_TEXT = 'No finished runs yet';

export function renderDetailsHtml(model: DetailsModel, r: PageResources): string {
  const name = escapeHtml(model.name);
  return [
    '<!DOCTYPE html><html lang="en"><head><meta charset="UTF-8">',
    `<meta http-equiv="Content-Security-Policy" content="${contentSecurityPolicy(r).replace(/[&"<>]/g, '')}">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1.0">',
    `<link rel="stylesheet" href="${escapeHtml(r.styleUri)}">`,
    `<title>${name}</title></head><body data-sync="${escapeHtml(model.syncId, 200)}">`,
    `<header><h1>${name}</h1>`,
    `<p class="summary">${escapeHtml(model.info.label)}${model.active === undefined ? '' : model.active ? ' · active' : ' · inactive'}</p>`,
    actions(model),
    '</header>',
    banner(model),
    anomalies(model),
    `<section aria-labelledby="runs-heading"><h2 id="runs-heading">Recent runs</h2>${runs(model)}</section>`,
    `<section aria-labelledby="schemas-heading"><h2 id="schemas-heading">Schemas</h2>${schemaTable(model)}</section>`,
    `<script nonce="${escapeHtml(r.nonce)}" src="${escapeHtml(r.scriptUri)}"></script>`,
    '</body></html>',
  ].join('\n');
}

function button(action: string, syncId: string, label: string, schema?: string): string {
  const schemaAttr = schema === undefined ? '' : ` data-schema="${escapeHtml(schema)}"`;
  const aria = schema === undefined ? '' : ` aria-label="${escapeHtml(`${label} of ${schema}`)}"`;
  return `<button type="button" data-action="${action}" data-sync="${escapeHtml(syncId, 200)}"${schemaAttr}${aria}>${escapeHtml(label)}</button>`;
}

function actions(model: DetailsModel): string {
  const buttons = model.inProgress ? [button('cancelRun', model.syncId, 'Cancel Run')] : [button('startRun', model.syncId, 'Start Run…')];
  return `<div class="actions">${buttons.join('')}</div>`;
}

function banner(model: DetailsModel): string {
  if (model.load.state === 'loading') return '<p class="banner loading" role="status">Loading run history…</p>';
  if (model.load.state === 'failed') {
    const known = model.runs.length > 0 ? ' Showing the runs already known.' : '';
    return `<p class="banner error" role="alert">Could not load the run history: ${escapeHtml(model.load.message)}.${known} ${button('retryHistory', model.syncId, 'Try Again')}</p>`;
  }
  return '';
}

function runs(model: DetailsModel): string {
  if (model.runs.length === 0) return `<p class="empty">${model.load.state === 'loading' ? 'Loading…' : EMPTY_TEXT}</p>`;
  const categories = [...new Map(model.runs.map((run) => [run.info.category, run.info.label])).entries()];
  const legend = categories.map(([category, label]) => `<li><span class="swatch s-${category}" aria-hidden="true"></span>${escapeHtml(label)}</li>`).join('');
  return `${runCharts(model.runs)}<ul class="legend" aria-label="Bar colours">${legend}</ul>`;
}

function anomalies(model: DetailsModel): string {
  if (model.anomalies.length === 0) return '';
  const items = model.anomalies.map((a) => `<li><strong>${escapeHtml(a.schema)}</strong>: ${escapeHtml(a.description)}</li>`).join('');
  return `<section class="anomalies" aria-labelledby="anomalies-heading"><h2 id="anomalies-heading">Unusual last runs</h2><ul>${items}</ul></section>`;
}

const count = (n: number | undefined) => (n === undefined ? '—' : formatCount(Math.round(n)));
const duration = (ms: number | undefined) => (ms === undefined ? '—' : formatDuration(ms) || '0 s');

function schemaTable(model: DetailsModel): string {
  if (model.schemas.length === 0) return '<p class="empty">No schemas.</p>';
  const head =
    '<thead><tr><th scope="col">Schema</th><th scope="col">Status</th><th scope="col" class="num">Last records</th><th scope="col" class="num">Typical records</th>' +
    '<th scope="col" class="num">Last duration</th><th scope="col" class="num">Typical duration</th><th scope="col">Flags</th><th scope="col"><span class="visually-hidden">Actions</span></th></tr></thead>';
  return `<table class="schemas">${head}<tbody>${model.schemas.map((row) => schemaRow(model, row)).join('')}</tbody></table>`;
}

function schemaRow(model: DetailsModel, row: SchemaRow): string {
  const flags = row.anomalies.map((a) => `<span class="flag ${a.kind}">${escapeHtml(a.description)}</span>`).join(' ');
  const logs = row.executionId && row.info.category !== 'idle' ? button('openLogs', model.syncId, 'Logs', row.schema) : '';
  const cls = row.anomalies.length > 0 ? ' class="anomalous"' : '';
  return (
    `<tr${cls}><th scope="row">${escapeHtml(row.schema)}</th><td><span class="dot s-${row.info.category}" aria-hidden="true"></span>${escapeHtml(row.info.label)}</td>` +
    `<td class="num">${count(row.lastRecords)}</td><td class="num">${count(row.typicalRecords)}</td>` +
    `<td class="num">${duration(row.lastDurationMs)}</td><td class="num">${duration(row.typicalDurationMs)}</td>` +
    `<td>${flags}</td><td>${logs}</td></tr>`
  );
}

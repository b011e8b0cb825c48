/**
 * The details view's chart as inline SVG (no script, no remote resource): one bar per run,
 * oldest on the left. The top chart is each run's duration, its bar coloured by status through a
 * class (`s-<category>`, mapped to the theme's chart colours in media/details.css); the bottom
 * chart is the records each run moved. Every bar carries a <title> with its figures, which screen
 * readers and the hover tooltip read, so colour is never the only cue.
 */
import type { StatusCategory } from '../../api/contract';
import type { RunBar } from '../../insights/detailsModel';
import { formatAbsolute, formatCount, formatDuration, plural } from '../format';
import { escapeHtml } from './html';

const WIDTH = 640;
const PLOT_LEFT = 72;
const PLOT_RIGHT = WIDTH - 8;
const MAX_BAR = 28;

/** The class a bar of that status category gets (the stylesheet colours it). */
export function barClass(category: StatusCategory): string {
  return `bar s-${category}`;
}

/** What one run's <title> says, e.g. `Completed · 2024-01-15 09:30:00 · 4 min 10 s · 12,400 records`. */
export function runTitle(run: RunBar): string {
  const records = run.records === undefined ? 'records not reported' : plural(run.records, 'record');
  return `${run.info.label} · ${formatAbsolute(run.startedAt)} · ${formatDuration(run.durationMs) || '0 s'} · ${records} · ${plural(run.schemas, 'schema')}`;
}

interface Series {
  id: string;
  label: string;
  height: number;
  value(run: RunBar): number | undefined;
  axis(max: number): string;
  cls(run: RunBar): string;
}

const DURATION: Series = {
  id: 'duration',
  label: 'Duration of each run, coloured by status',
  height: 150,
  value: (run) => run.durationMs,
  axis: (max) => formatDuration(max) || '0 s',
  cls: (run) => barClass(run.info.category),
};

const RECORDS: Series = {
  id: 'records',
  label: 'Records moved by each run',
  height: 110,
  value: (run) => run.records,
  axis: (max) => formatCount(Math.round(max)),
  cls: () => 'bar records',
};

/** Both charts, or '' when there is no run to draw. */
export function runCharts(runs: readonly RunBar[]): string {
  if (runs.length === 0) return '';
  return chart(runs, DURATION) + chart(runs, RECORDS);
}

function chart(runs: readonly RunBar[], series: Series): string {
  const top = 8;
  const bottom = series.height - 18;
  const plotHeight = bottom - top;
  const max = Math.max(0, ...runs.map((r) => series.value(r) ?? 0));
  const slot = (PLOT_RIGHT - PLOT_LEFT) / runs.length;
  const barWidth = Math.max(2, Math.min(MAX_BAR, slot * 0.7));
  const bars = runs.map((run, i) => {
    const value = series.value(run);
    const x = PLOT_LEFT + i * slot + (slot - barWidth) / 2;
    // A run with a value of 0 still gets a 1-px bar, so it can be seen and hovered.
    const h = value === undefined ? 0 : max > 0 ? Math.max(1, (value / max) * plotHeight) : 1;
    const cls = value === undefined ? 'bar missing' : series.cls(run);
    return `<rect class="${cls}" data-execution="${escapeHtml(run.executionId, 200)}" x="${x.toFixed(1)}" y="${(bottom - h).toFixed(1)}" width="${barWidth.toFixed(1)}" height="${h.toFixed(1)}"><title>${escapeHtml(runTitle(run))}</title></rect>`;
  });
  const first = formatAbsolute(runs[0].startedAt).slice(0, 16);
  const last = formatAbsolute(runs[runs.length - 1].startedAt).slice(0, 16);
  return [
    `<figure class="chart" id="chart-${series.id}">`,
    `<figcaption>${escapeHtml(series.label)}</figcaption>`,
    `<svg class="runs" viewBox="0 0 ${WIDTH} ${series.height}" role="img" aria-label="${escapeHtml(`${series.label}: ${plural(runs.length, 'run')}, longest or largest ${series.axis(max)}`)}">`,
    `<line class="axis" x1="${PLOT_LEFT}" y1="${bottom}" x2="${PLOT_RIGHT}" y2="${bottom}"/>`,
    `<text class="tick" x="${PLOT_LEFT - 6}" y="${top + 10}" text-anchor="end">${escapeHtml(series.axis(max))}</text>`,
    `<text class="tick" x="${PLOT_LEFT - 6}" y="${bottom}" text-anchor="end">0</text>`,
    `<text class="tick" x="${PLOT_LEFT}" y="${series.height - 4}">${escapeHtml(first)}</text>`,
    `<text class="tick" x="${PLOT_RIGHT}" y="${series.height - 4}" text-anchor="end">${escapeHtml(last)}</text>`,
    `<g class="bars">${bars.join('')}</g>`,
    `</svg></figure>`,
  ].join('');
}

/** The bundle and start-up rows of the bench table, shared by bench/index.ts and bench/bundleOnly.ts. */
import { measureBundle } from './bundle';
import { fmt, kb, type Row } from './util';

export function bundleRows(): Row[] {
  const bundle = measureBundle();
  const rows: Row[] = [];
  rows.push({ figure: 'bundle dist/extension.js (minified)', value: kb(bundle.bundleBytes), reference: bundle.baselineBytes ? `before: ${kb(bundle.baselineBytes)}` : '', target: '<= 200.0 KB', verdict: bundle.bundleBytes <= 200 * 1024 ? 'met' : 'missed' });
  rows.push({ figure: '.vsix', value: kb(bundle.vsixBytes), reference: '', target: '', verdict: '' });
  const base = bundle.baselineInProcessMs;
  const ratio = bundle.baselineRatio;
  rows.push({
    figure: `require + activate in-process (production bundle, stub vscode, signed out; median of ${bundle.samples} rounds, each a fresh process per module)`,
    value: `${fmt(bundle.inProcessMs, 1)} ms`,
    reference:
      `before: ${base === undefined ? 'n/a (no git)' : `${fmt(base, 1)} ms`}; empty module ${fmt(bundle.inProcessEmptyMs, 1)} ms` +
      (ratio === undefined ? '' : `; per-round ratio median ${fmt(ratio, 2)}x`),
    target: '<= half of before',
    verdict: base === undefined ? '' : bundle.inProcessMs <= base / 2 ? `met (${fmt(bundle.inProcessMs / base, 2)}x)` : `missed (${fmt(bundle.inProcessMs / base, 2)}x)`,
  });
  rows.push({ figure: 'cold start: new process, require + activate', value: `${fmt(bundle.processRatio, 2)}x (${fmt(bundle.coldMs, 0)} ms)`, reference: `empty module ${fmt(bundle.emptyMs, 0)} ms`, target: '', verdict: '' });
  return rows;
}

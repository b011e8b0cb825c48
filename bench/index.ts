/**
 * `npm run bench`: every figure the README's Performance section quotes, each measured in the same
 * run as its reference so machine noise cancels. Prints one table plus the assumptions behind it.
 * Run with `node --expose-gc --import tsx bench/index.ts` (what the npm script does).
 */
import * as os from 'node:os';
import { measureBundle } from './bundle';
import { DAY_LENGTH, INTERVAL_MS, simulateDay, UNFOCUSED, type DayResult } from './day';
import { measureHeap } from './heap';
import { insightsRows } from './insightsRows';
import { describeStages, measureRefreshCost } from './refreshCost';
import { measureTreeEvents } from './treeEvents';
import { fmt, kb, type Row } from './util';

async function main(): Promise<void> {
  const started = Date.now();
  const rows: Row[] = [];
  const notes: string[] = [];

  const costs = [];
  for (const [syncs, reps] of [[1, 41], [100, 21], [1000, 9], [5000, 5]] as const) {
    process.stderr.write(`refresh cost: ${syncs} syncs…\n`);
    costs.push(await measureRefreshCost(syncs, reps));
  }
  const base = costs[costs.length - 2];
  for (const c of costs) {
    const perSchema = (c.refreshMs / c.schemas) * 1000;
    const big = c.syncs === 5000;
    rows.push({
      figure: `refresh cost, ${fmt(c.syncs, 0)} syncs (${fmt(c.schemas, 0)} schemas, ${kb(c.bodyBytes)})`,
      value: `${fmt(c.ratio, 2)}x (${fmt(c.refreshMs, 1)} ms; ${fmt(perSchema, 2)} µs/schema)`,
      reference: `JSON.parse ${fmt(c.parseMs, 1)} ms`,
      target: big ? '< 3x' : 'linear',
      verdict: big ? (c.ratio < 3 ? 'met' : `missed by ${fmt(c.ratio / 3, 1)}x`) : '',
    });
    if (c.stages) notes.push(`stages at ${fmt(c.syncs, 0)} syncs: ${describeStages(c.stages)}`);
  }
  const last = costs[costs.length - 1];
  const growth = (last.refreshMs / last.schemas) / (base.refreshMs / base.schemas);
  rows.push({ figure: 'growth 1,000 → 5,000 syncs (time per schema)', value: `${fmt(growth, 2)}x`, reference: '1.00x = linear', target: 'linear', verdict: growth < 1.3 ? 'met' : 'missed' });

  for (const [org, mix] of [['demo organization', 'demo'], ['typical organization', 'typical']] as const) {
    process.stderr.write(`simulated day, ${org}…\n`);
    const day = await simulateDay({ scheduleMix: mix });
    pushDayRows(rows, day, org);
    const kinds = Object.entries(day.scheduleKinds).map(([kind, n]) => `${n} ${kind}`).join(', ');
    notes.push(
      `day, ${org}: the local server's ${mix === 'demo' ? 'default organization' : "scheduleMix 'typical' (what customers usually run)"} (seed 42; ${day.syncs} syncs: ${kinds}); ` +
        `${day.runs} runs started during the day, median ${fmt(day.medianRunMs / 60_000, 1)} min, longest ${fmt(day.maxRunMs / 60_000, 1)} min (first to last in-progress sample); ` +
        `something runs ${fmt(100 * day.busyShare, 0)} % of the day.`,
    );
  }
  notes.push(
    `both days: ${DAY_LENGTH / 3_600_000} h from Mon 09:00 UTC, refresh interval ${INTERVAL_MS / 1000} s, window unfocused ${UNFOCUSED.map(([a, b]) => `${9 + a / 3_600_000}:00+${(b - a) / 60_000} min`).join(' and ')} ` +
      `(pauseWhenUnfocused on: no polling then, but a look 5 s after each scheduled run starts, followed at the interval while it runs); ` +
      "every new run's outcome is drawn by the server (74 % completed, 12 % with errors, 10 % failed, 4 % interrupted: more failures than real life, so there is plenty to notice); " +
      'failure = a schema execution entering failed / completed with errors / interrupted, timed from its completed_at; ' +
      'an uncounted oracle reads the server every 10 s; the fixed poller is the oracle sampled every 30 s, focused or not. ' +
      'While anything runs the extension polls every 30 s like the fixed poller (the notice target needs it), so requests/day cannot fall below busy share x 960.',
  );

  process.stderr.write('tree change events…\n');
  const tree = await measureTreeEvents();
  rows.push({ figure: `tree change events, nothing changed (${fmt(tree.nodes, 0)} nodes)`, value: tree.unchanged, reference: '', target: '0', verdict: tree.unchanged === '0' ? 'met' : 'missed' });
  rows.push({ figure: 'tree change events, same data 30 s later', value: tree.unchangedLater, reference: 'nodes whose relative times changed', target: '', verdict: '' });
  rows.push({ figure: "tree change events, one schema's message changed", value: tree.oneSchema, reference: '', target: 'only that branch', verdict: tree.oneSchemaOnlyThatBranch ? 'met' : 'missed' });
  rows.push({ figure: 'tree change events, one schema failed', value: tree.oneSchemaFailed, reference: '', target: '', verdict: '' });

  process.stderr.write('bundle and cold start…\n');
  const bundle = measureBundle();
  rows.push({ figure: 'bundle dist/extension.js (minified)', value: kb(bundle.bundleBytes), reference: '', target: '', verdict: '' });
  rows.push({ figure: '.vsix', value: kb(bundle.vsixBytes), reference: '', target: '', verdict: '' });
  rows.push({
    figure: 'cold start: new process, require + activate',
    value: `${fmt(bundle.processRatio, 2)}x (${fmt(bundle.coldMs, 0)} ms)`,
    reference: `empty module ${fmt(bundle.emptyMs, 0)} ms`,
    target: '',
    verdict: '',
  });
  rows.push({ figure: 'require + activate inside the process', value: `${fmt(bundle.inProcessMs, 1)} ms`, reference: `empty module ${fmt(bundle.inProcessEmptyMs, 1)} ms`, target: '', verdict: '' });

  process.stderr.write('heap…\n');
  const heap = await measureHeap();
  const growthPct = (100 * heap.growth) / heap.after100;
  rows.push({
    figure: `heap after 10,000 refreshes (${heap.syncs} syncs)`,
    value: `${fmt(heap.after10k / 1048576, 1)} MB (${growthPct >= 0 ? '+' : ''}${fmt(growthPct, 1)} %)`,
    reference: `after 100: ${fmt(heap.after100 / 1048576, 1)} MB`,
    target: 'no growth',
    verdict: growthPct < 5 ? 'met' : `missed (+${fmt(growthPct, 0)} %)`,
  });

  process.stderr.write('insights history and judgement…\n');
  rows.push(...insightsRows());

  const widths = ['figure', 'value', 'reference', 'target', 'verdict'].map((k) => Math.max(k.length, ...rows.map((r) => r[k as keyof Row].length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
  console.log(line(['figure', 'value', 'reference', 'target', 'verdict']));
  console.log(line(widths.map((w) => '-'.repeat(w))));
  for (const r of rows) console.log(line([r.figure, r.value, r.reference, r.target, r.verdict]));
  console.log('');
  for (const note of notes) console.log(`- ${note}`);
  console.log(`- machine: ${os.cpus()[0]?.model ?? 'unknown CPU'}, ${os.cpus().length} cores, node ${process.version}; bench took ${fmt((Date.now() - started) / 1000, 0)} s`);
}

/** The simulated day's figures for one organization. */
function pushDayRows(rows: Row[], day: DayResult, org: string): void {
  const quarter = day.fixedPollerRequests / 4;
  const seconds = (ms: number) => `${fmt(ms / 1000, 1)} s`;
  rows.push({
    figure: `requests per 8-hour day (${day.syncs} syncs, ${org})`,
    value: `${day.requests} (${fmt((100 * day.requests) / day.fixedPollerRequests, 0)} %)`,
    reference: `fixed 30 s poller ${day.fixedPollerRequests}`,
    target: `<= ${quarter} (25 %)`,
    verdict: day.requests <= quarter ? 'met' : `missed by ${day.requests - quarter} (${fmt(day.requests / quarter, 1)}x)`,
  });
  rows.push({
    figure: `  floor: 30 s polling whenever anything runs (busy share x ${day.fixedPollerRequests})`,
    value: `${fmt(day.busyShare * day.fixedPollerRequests, 0)}`,
    reference: `something runs ${fmt(100 * day.busyShare, 0)} % of the day`,
    target: '',
    verdict: '',
  });
  rows.push({
    figure: `  failures noticed, window focused (${day.focusedFailures} schema failures)`,
    value: `max ${seconds(day.maxFocusedLatencyMs)} after they happened`,
    reference: `fixed poller max ${seconds(day.fixedPollerMaxLatencyMs)}`,
    target: `<= ${INTERVAL_MS / 1000} s`,
    verdict: day.maxFocusedLatencyMs <= INTERVAL_MS ? 'met' : `missed by ${seconds(day.maxFocusedLatencyMs - INTERVAL_MS)}`,
  });
  const late = day.unfocusedFailures - day.unfocusedSeenWhileUnfocused;
  rows.push({
    figure: `  failures while unfocused (${day.unfocusedFailures}; ${day.unfocusedSeenWhileUnfocused} seen before focus returned)`,
    value: `max ${seconds(day.maxUnfocusedLatencyMs)} after they happened` + (late > 0 ? `; ${late} at refocus, max ${seconds(day.maxAfterRefocusMs)} after it` : ''),
    reference: '',
    target: `<= ${INTERVAL_MS / 1000} s`,
    verdict: day.maxUnfocusedLatencyMs <= INTERVAL_MS ? 'met' : `missed by ${seconds(day.maxUnfocusedLatencyMs - INTERVAL_MS)}`,
  });
  rows.push({
    figure: '  failures never seen (superseded by a later run first)',
    value: `${day.missed}`,
    reference: `fixed poller ${day.fixedPollerMissed}`,
    target: `<= ${day.fixedPollerMissed}`,
    verdict: day.missed <= day.fixedPollerMissed ? 'met' : `missed by ${day.missed - day.fixedPollerMissed}`,
  });
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});

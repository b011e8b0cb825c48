/**
 * `npm run bench`: every figure the README's Performance section quotes, each measured in the same
 * run as its reference so machine noise cancels. Prints one table plus the assumptions behind it.
 * Run with `node --expose-gc --import tsx bench/index.ts` (what the npm script does).
 */
import * as os from 'node:os';
import { bundleRows } from './bundleRows';
import { DAY_LENGTH, INTERVAL_MS, simulateDay, UNFOCUSED, type DayResult } from './day';
import { measureHeap } from './heap';
import { insightsRows } from './insightsRows';
import { measuredPolls, measurePollCost, WARMUP_POLLS, type PollCost } from './pollCost';
import { simulateScaleDay, type ScaleDayResult } from './scaleDay';
import { fmt, kb, type Row } from './util';

async function main(): Promise<void> {
  const started = Date.now();
  const rows: Row[] = [];
  const notes: string[] = [];
  const sizes = (process.env.BENCH_SYNCS ?? '100,2000,5000').split(',').map(Number);

  for (const syncs of sizes) {
    process.stderr.write(`poll cost: ${syncs} syncs…\n`);
    pushPollRows(rows, await measurePollCost(syncs, measuredPolls(syncs)));
  }
  notes.push(
    'poll cost: the real Refresher → SnapshotSource → PolytomicClient (axios, gzip) over HTTP to the local server in a child process (its work is not counted) → snapshot → render path ' +
      '(bench/renderPath.ts onState: what activate() runs on each state, i.e. InsightsService.onState, the core calls of ViewRenderer.render (tree models, TreeReconciler, message, status bar and badge with their HealthTracker, anomaly marks), alertsFor in mode all and newAlerts; not the problem prompts), 25 schemas max per sync, scheduleMix typical, 30 s interval; ' +
      `each timer-driven poll timed from the timer to the last state change, CPU = process.cpuUsage of this process; medians over the polls after the first ${WARMUP_POLLS} (the first 5 min after start: code compiled, insights filling, the second whole-scope body's memory set up), which are reported apart; 22 polls after those (2,000 syncs: 42, 4 of them whole-scope; 5,000: 12); ` +
      'JSON.parse of the bodies that poll fetched, same run (median of 5, each after a full GC). ' +
      'Relative-time tick: CPU of one render 20 s later with no new data (wall beside it: on a loaded machine it is mostly time spent waiting for a core). ' +
      'Bare GET: the same followed requests with Node\'s http.get over a kept-alive connection, gunzipSync, toString and JSON.parse, nothing checked or shown (bench/childServer.ts bareJson): the floor under any client of this API, same run. ' +
      '"render" is the part of the CPU spent in onState (insights, render path, alerts; the refresher emits twice per poll, loading on and off).',
  );

  for (const syncs of [100, 2000].filter((n) => n <= Math.max(...sizes))) {
    const days: ScaleDayResult[] = [];
    for (const compress of [true, false]) {
      process.stderr.write(`simulated day, ${syncs} syncs, ${compress ? 'compressed' : 'uncompressed'}…\n`);
      days.push(await simulateScaleDay(syncs, compress));
    }
    pushScaleDayRows(rows, days, syncs === 2000);
  }
  notes.push(
    'bytes per day: bench/scaleDay.ts, 8 h from Mon 09:00 UTC, window unfocused 12:00-13:00 and 15:00-15:45, bytes counted on the local server\'s sockets (both directions, headers included); ' +
      'the full-list 30 s poller is 960 x the mean wire size of the whole-scope requests the extension made that day (the same request); ' +
      'failures = schema runs that ended failed / with errors / interrupted (the server\'s record), noticed = when the extension\'s state first showed them; ' +
      '3 runs nobody scheduled are injected (a quiet sync fails as if run from elsewhere) and timed apart.',
  );

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
    `8-sync days: ${DAY_LENGTH / 3_600_000} h from Mon 09:00 UTC, refresh interval ${INTERVAL_MS / 1000} s, window unfocused ${UNFOCUSED.map(([a, b]) => `${9 + a / 3_600_000}:00+${(b - a) / 60_000} min`).join(' and ')} ` +
      `(pauseWhenUnfocused on: no polling then, but a look 5 s after each scheduled run starts, followed at the interval while it runs); ` +
      "every new run's outcome is drawn by the server (74 % completed, 12 % with errors, 10 % failed, 4 % interrupted); " +
      'an uncounted oracle reads the server every 10 s; the fixed poller is the oracle sampled every 30 s, focused or not.',
  );

  process.stderr.write('bundle and start-up…\n');
  rows.push(...bundleRows());

  process.stderr.write('heap…\n');
  const heap = await measureHeap();
  const growthPct = (100 * heap.growth) / heap.early;
  rows.push({
    figure: `heap after ${fmt(heap.refreshes, 0)} refreshes (${fmt(heap.syncs, 0)} syncs, refresher + source, timer-driven)`,
    value: `${fmt(heap.late / 1048576, 1)} MB (${growthPct >= 0 ? '+' : ''}${fmt(growthPct, 1)} %)`,
    reference: `after ${heap.earlyAt}: ${fmt(heap.early / 1048576, 1)} MB`,
    target: 'flat (< +5 %)',
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

function pushPollRows(rows: Row[], c: PollCost): void {
  const size = `${fmt(c.syncs, 0)} syncs, ${fmt(c.schemas, 0)} schemas`;
  const at2000 = c.syncs === 2000;
  const w = c.whole;
  rows.push({
    figure: `whole-scope poll CPU (${size}, ${kb(w.bodyBytes)})`,
    value: `${fmt(w.ratio, 2)}x (${fmt(w.cpuMs, 0)} ms CPU, render ${fmt(w.renderCpuMs, 0)}; ${fmt(w.wallMs, 0)} ms wall)`,
    reference: `JSON.parse ${fmt(w.parseMs, 1)} ms`,
    target: at2000 ? '<= 4x' : '',
    verdict: at2000 ? (w.ratio <= 4 ? 'met' : `missed (${fmt(w.ratio / 4, 1)}x over)`) : '',
  });
  const f = c.followed;
  const allowed = Math.max(4 * f.parseMs, 5);
  rows.push({
    figure: `followed-syncs poll CPU (${size}; ${fmt(c.followedSyncs, 0)} followed, ${fmt(f.requests, 0)} requests, ${kb(f.bodyBytes)})`,
    value: `${fmt(f.cpuMs, 1)} ms CPU (render ${fmt(f.renderCpuMs, 1)}; ${fmt(f.wallMs, 0)} ms wall)`,
    reference: `JSON.parse ${fmt(f.parseMs, 2)} ms; bare GET + gunzip + parse of the same requests ${fmt(f.bareMs, 1)} ms`,
    target: at2000 ? `<= max(4x parse, 5 ms) = ${fmt(allowed, 1)} ms` : '',
    verdict: at2000 ? (f.cpuMs <= allowed ? 'met' : `missed (${fmt(f.cpuMs / allowed, 1)}x over; ${fmt(f.cpuMs - f.renderCpuMs, 1)} ms without render)`) : '',
  });
  rows.push({
    figure: `  first ${c.startup.polls} polls after start (${size})`,
    value: `followed ${fmt(c.startup.followedCpuMs, 1)} ms CPU (median); whole-scope ${c.startup.wholeCpuMs.map((ms) => fmt(ms, 0)).join(', ')} ms CPU`,
    reference: 'not in the figures above',
    target: '',
    verdict: '',
  });
  rows.push({
    figure: `  tree events per poll (${size})`,
    value: `whole-scope: ${fmt(w.elements, 0)} elements + ${fmt(w.wholeTree, 0)} whole-tree; followed: ${fmt(f.elements, 0)} + ${fmt(f.wholeTree, 0)}`,
    reference: '',
    target: '',
    verdict: '',
  });
  rows.push({
    figure: `relative-time tick (${size}, render path, no new data; CPU as the polls)`,
    value: `${fmt(c.tick.ms, 1)} ms CPU (${fmt(c.tick.wallMs, 1)} ms wall), ${fmt(c.tick.elements, 0)} elements + ${fmt(c.tick.wholeTree, 0)} whole-tree`,
    reference: '',
    target: at2000 ? '<= 5 ms, <= 100 updates' : '',
    verdict: at2000 ? (c.tick.ms <= 5 && c.tick.elements + c.tick.wholeTree <= 100 ? 'met' : 'missed') : '',
  });
}

function pushScaleDayRows(rows: Row[], days: ScaleDayResult[], withTargets: boolean): void {
  for (const d of days) {
    const share = (100 * d.bytes) / d.fixedPollerBytes;
    rows.push({
      figure: `bytes per 8-hour day, ${fmt(d.syncs, 0)} syncs (typical schedules), ${d.compressed ? 'gzip' : 'uncompressed'}`,
      value: `${mb(d.bytes)} (${fmt(share, 1)} %; ${d.requests} requests, ${d.wholeScopeRequests} whole-scope)`,
      reference: `full-list 30 s poller ${mb(d.fixedPollerBytes)}`,
      target: withTargets ? '<= 20 %' : '',
      verdict: withTargets ? (share <= 20 ? 'met' : 'missed') : '',
    });
  }
  const d = days[0];
  rows.push({
    figure: `  failures of scheduled runs noticed (${fmt(d.syncs, 0)} syncs; ${d.failures} failures)`,
    value: `max ${fmt(d.maxLatencyMs / 1000, 1)} s after they happened; ${d.missed} never seen`,
    reference: '',
    target: `<= ${INTERVAL_MS / 1000} s`,
    verdict: d.maxLatencyMs <= INTERVAL_MS ? 'met' : 'missed',
  });
  rows.push({
    figure: `  runs nobody scheduled (${d.unscheduled} injected)`,
    value: `max ${fmt(d.maxUnscheduledLatencyMs / 1000, 0)} s after they happened`,
    reference: 'the whole-scope poll',
    target: '<= 300 s',
    verdict: d.maxUnscheduledLatencyMs <= 300_000 ? 'met' : 'missed',
  });
}

function mb(bytes: number): string {
  return `${fmt(bytes / 1048576, 1)} MB`;
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

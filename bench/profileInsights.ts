/**
 * Where insights' share of a poll goes: `node --expose-gc --import tsx bench/profileInsights.ts [tenth|followed|all|nothing]`
 * runs bench/insightsPoll.ts (2,000 syncs x 25 schemas, 30 runs kept) with V8's sampling profiler
 * on during the measured onState calls of that kind only (default: tenth, 10 % of the syncs finished
 * a run), and prints the functions with the most self and total time.
 */
import { Session } from 'node:inspector';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { measureInsightsPoll } from './insightsPoll';
import { fmt } from './util';

interface Node {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: Node[];
  samples: number[];
  timeDeltas: number[];
}

const kind = process.argv[2] ?? 'tenth';
const session = new Session();
session.connect();
// The in-thread session answers synchronously, so the profiler brackets exactly one onState call.
const post = (method: string, params?: object): unknown => {
  let result: unknown;
  session.post(method, params, (err, answer) => {
    if (err) throw err;
    result = answer;
  });
  return result;
};
post('Profiler.enable');
post('Profiler.setSamplingInterval', { interval: 100 });
const self = new Map<string, number>();
const total = new Map<string, number>();
let calls = 0;
let wallMs = 0;
measureInsightsPoll(2000, 25, 30, (k, onState) => {
  if (k !== kind) {
    const started = performance.now();
    onState();
    return performance.now() - started;
  }
  post('Profiler.start');
  const started = performance.now();
  onState();
  const ms = performance.now() - started;
  const { profile } = post('Profiler.stop') as { profile: Profile };
  add(profile);
  calls++;
  wallMs += ms;
  return ms;
});
session.disconnect();
const show = (title: string, m: Map<string, number>) => {
  console.log(`\n${title} (ms per call, ${calls} ${kind} calls, ${fmt(wallMs / calls, 1)} ms each):`);
  for (const [name, us] of [...m].sort((a, b) => b[1] - a[1]).slice(0, 30)) console.log(`${fmt(us / 1000 / calls, 2).padStart(8)}  ${name}`);
};
show('self time', self);
show('total time', total);

/** Adds one profile's self and total (inclusive, each function once per stack) time in µs. */
function add(profile: Profile): void {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const label = (n: Node) => `${n.callFrame.functionName || '(anonymous)'} ${path.basename(n.callFrame.url)}:${n.callFrame.lineNumber + 1}`;
  for (let i = 0; i < profile.samples.length; i++) {
    const dt = profile.timeDeltas[i + 1] ?? 0;
    let node = byId.get(profile.samples[i])!;
    self.set(label(node), (self.get(label(node)) ?? 0) + dt);
    const seen = new Set<string>();
    for (;;) {
      const l = label(node);
      if (!seen.has(l)) {
        seen.add(l);
        total.set(l, (total.get(l) ?? 0) + dt);
      }
      const p = parent.get(node.id);
      if (p === undefined) break;
      node = byId.get(p)!;
    }
  }
}

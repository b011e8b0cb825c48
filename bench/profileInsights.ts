/**
 * Where insights' share of a poll goes: `node --expose-gc --import tsx bench/profileInsights.ts [tenth|followed|all|nothing]`
 * runs bench/insightsPoll.ts (2,000 syncs x 25 schemas, 30 runs kept) with V8's sampling profiler
 * on during the measured onState calls of that kind only (default: tenth, 10 % of the syncs finished
 * a run), and prints the functions with the most self and total time.
 */
import { Session } from 'node:inspector';
import { performance } from 'node:perf_hooks';
import { measureInsightsPoll } from './insightsPoll';
import { fmt } from './util';
import { ProfileSums, type Profile } from './cpuProfile';


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
const sums = new ProfileSums();
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
  sums.add(profile);
  calls++;
  wallMs += ms;
  return ms;
});
session.disconnect();
sums.print((title) => `${title} (ms per call, ${calls} ${kind} calls, ${fmt(wallMs / calls, 1)} ms each)`, calls, 30);

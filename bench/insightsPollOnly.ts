/**
 * Only what insights add to one poll (bench/insightsPoll.ts), without the history-size rows:
 * `node --expose-gc --import tsx bench/insightsPollOnly.ts [cpu]`. With `cpu`, each onState is
 * timed in process CPU time (user + system, every thread), which a loaded machine disturbs less
 * than wall time.
 */
import { measureInsightsPoll, type OnStateTimer } from './insightsPoll';
import { fmt } from './util';

const cpu = process.argv[2] === 'cpu';
const cpuTimer: OnStateTimer = (_kind, onState) => {
  const started = process.cpuUsage();
  onState();
  const used = process.cpuUsage(started);
  return (used.user + used.system) / 1000;
};
const p = cpu ? measureInsightsPoll(2000, 25, 30, cpuTimer) : measureInsightsPoll();
const line = (what: string, ms: number) => console.log(`${what}: ${fmt(ms, 2)} ms`);
console.log(`${fmt(p.syncs, 0)} syncs, ${fmt(p.schemas, 0)} schemas, ${fmt(p.runsKept, 0)} runs kept; onState in ${cpu ? 'CPU' : 'wall'} time`);
line('the poll itself (parse to tree changes, wall)', p.pollMs);
line('insights, nothing new', p.nothingNewMs);
line(`insights, followed poll (${p.followedSyncs} syncs finished a run)`, p.followedMs);
line('insights, 10 % of the syncs finished a run', p.tenthNewMs);
line('insights, every schema finished a run', p.allNewMs);

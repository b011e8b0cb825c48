/**
 * Only the relative-time tick row of `npm run bench` at 2,000 syncs (under a minute instead of
 * about twelve), for working on ticks: `node --expose-gc --import tsx bench/tickOnly.ts`.
 * Same measurement as bench/index.ts, after fewer polls (BENCH_POLLS, default 4); BENCH_SYNCS
 * picks the sizes.
 */
import { measurePollCost } from './pollCost';
import { fmt } from './util';

async function main(): Promise<void> {
  const sizes = (process.env.BENCH_SYNCS ?? '2000').split(',').map(Number);
  const polls = Number(process.env.BENCH_POLLS ?? 4);
  for (const syncs of sizes) {
    const c = await measurePollCost(syncs, polls);
    console.log(`relative-time tick (${fmt(c.syncs, 0)} syncs, ${fmt(c.schemas, 0)} schemas, after ${polls} polls): ${fmt(c.tick.ms, 1)} ms CPU (${fmt(c.tick.wallMs, 1)} ms wall), ${fmt(c.tick.elements, 0)} elements + ${fmt(c.tick.wholeTree, 0)} whole-tree (median of the ticks)`);
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});

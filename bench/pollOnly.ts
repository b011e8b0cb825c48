/**
 * Only the poll-cost rows of `npm run bench` (whole-scope and followed-syncs poll CPU, tree events,
 * relative-time tick) at 2,000 syncs, for working on the per-poll path:
 * `node --expose-gc --import tsx bench/pollOnly.ts`. Same measurement as bench/index.ts;
 * BENCH_SYNCS picks the sizes, BENCH_POLLS the number of measured polls (default as there).
 */
import { measuredPolls, measurePollCost } from './pollCost';
import { fmt, kb } from './util';

async function main(): Promise<void> {
  const sizes = (process.env.BENCH_SYNCS ?? '2000').split(',').map(Number);
  for (const syncs of sizes) {
    const polls = Number(process.env.BENCH_POLLS ?? measuredPolls(syncs));
    const c = await measurePollCost(syncs, polls);
    const { whole: w, followed: f } = c;
    console.log(`${fmt(c.syncs, 0)} syncs, ${fmt(c.schemas, 0)} schemas, ${polls} polls:`);
    console.log(`- whole-scope poll (${w.polls}, ${kb(w.bodyBytes)}): ${fmt(w.ratio, 2)}x JSON.parse ${fmt(w.parseMs, 1)} ms; CPU ${fmt(w.cpuMs, 1)} ms, render ${fmt(w.renderCpuMs, 1)}; ${fmt(w.elements, 0)} elements + ${fmt(w.wholeTree, 0)} whole-tree`);
    console.log(`- followed poll (${f.polls}, ${fmt(c.followedSyncs, 0)} syncs, ${fmt(f.requests, 0)} requests, ${kb(f.bodyBytes)}): CPU ${fmt(f.cpuMs, 1)} ms, render ${fmt(f.renderCpuMs, 1)}; target max(4x ${fmt(f.parseMs, 2)}, 5) = ${fmt(Math.max(4 * f.parseMs, 5), 1)} ms; bare GET + gunzip + parse ${fmt(f.bareMs, 1)} ms; ${fmt(f.elements, 0)} elements + ${fmt(f.wholeTree, 0)} whole-tree`);
    console.log(`- first ${c.startup.polls} polls after start (not above): followed ${fmt(c.startup.followedCpuMs, 1)} ms CPU median, whole-scope ${c.startup.wholeCpuMs.map((ms) => fmt(ms, 0)).join(', ')} ms`);
    console.log(`- relative-time tick: ${fmt(c.tick.ms, 1)} ms CPU (${fmt(c.tick.wallMs, 1)} ms wall), ${fmt(c.tick.elements, 0)} elements + ${fmt(c.tick.wholeTree, 0)} whole-tree`);
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});

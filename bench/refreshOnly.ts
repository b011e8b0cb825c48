/**
 * Only the refresh-cost rows of `npm run bench` (about 15 s instead of a minute), for working on
 * the refresh path: `node --expose-gc --import tsx bench/refreshOnly.ts`. Same measurement and
 * same row format as bench/index.ts.
 */
import { describeStages, measureRefreshCost } from './refreshCost';
import { fmt, kb } from './util';

async function main(): Promise<void> {
  const sizes = (process.env.BENCH_SYNCS ?? '1,100,1000,5000').split(',').map(Number);
  const reps: Record<number, number> = { 1: 41, 100: 21, 1000: 9, 5000: 5 };
  const costs = [];
  for (const syncs of sizes) costs.push(await measureRefreshCost(syncs, reps[syncs] ?? 5));
  for (const c of costs) {
    const perSchema = (c.refreshMs / c.schemas) * 1000;
    console.log(
      `refresh cost, ${fmt(c.syncs, 0)} syncs (${fmt(c.schemas, 0)} schemas, ${kb(c.bodyBytes)}): ` +
        `${fmt(c.ratio, 2)}x (${fmt(c.refreshMs, 1)} ms; ${fmt(perSchema, 2)} µs/schema), JSON.parse ${fmt(c.parseMs, 1)} ms`,
    );
  }
  const base = costs.find((c) => c.syncs === 1000);
  const last = costs.find((c) => c.syncs === 5000);
  if (base && last) {
    const growth = last.refreshMs / last.schemas / (base.refreshMs / base.schemas);
    console.log(`growth 1,000 → 5,000 syncs (time per schema): ${fmt(growth, 2)}x`);
  }
  for (const c of costs) if (c.stages) console.log(`- stages at ${fmt(c.syncs, 0)} syncs: ${describeStages(c.stages)}`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});

/**
 * Where a poll's CPU goes: `node --expose-gc --import tsx bench/profilePoll.ts [followed|whole]`
 * runs bench/pollCost.ts's polls at 2,000 syncs (BENCH_SYNCS, BENCH_POLLS as there; BENCH_WARMUP=0 profiles the first polls after start too; BENCH_TOP functions listed, default 40) with V8's
 * sampling profiler on during each measured poll of that kind only, prints the functions with the
 * most self and total time over those polls, and writes the merged samples' profiles to
 * `poll-<kind>-<i>.cpuprofile` in the working directory when BENCH_PROFILE_DIR is set.
 */
import { Session } from 'node:inspector/promises';
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { measuredPolls, measurePollCost, WARMUP_POLLS } from './pollCost';
import { fmt } from './util';
import { ProfileSums, type Profile } from './cpuProfile';

async function main(): Promise<void> {
  const kind = process.argv[2] === 'whole' ? 'whole' : 'followed';
  const syncs = Number(process.env.BENCH_SYNCS ?? 2000);
  const polls = Number(process.env.BENCH_POLLS ?? measuredPolls(syncs));
  const dir = process.env.BENCH_PROFILE_DIR;
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 100 });
  const sums = new ProfileSums();
  let profiled = 0;
  let sampledMs = 0;
  await measurePollCost(syncs, polls, {
    before: async () => void (await session.post('Profiler.start')),
    after: async (whole) => {
      const { profile } = (await session.post('Profiler.stop')) as unknown as { profile: Profile };
      if (whole !== (kind === 'whole')) return;
      if (dir) writeFileSync(path.join(dir, `poll-${kind}-${profiled}.cpuprofile`), JSON.stringify(profile));
      profiled++;
      sampledMs += sums.add(profile);
    },
  }, Number(process.env.BENCH_WARMUP ?? WARMUP_POLLS));
  session.disconnect();
  sums.print((title) => `${title} (ms per poll, ${profiled} ${kind} polls, ${fmt(sampledMs / profiled, 1)} ms sampled per poll)`, profiled, Number(process.env.BENCH_TOP ?? 40));
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});

/**
 * Where a poll's CPU goes: `node --expose-gc --import tsx bench/profilePoll.ts [followed|whole]`
 * runs bench/pollCost.ts's polls at 2,000 syncs (BENCH_SYNCS, BENCH_POLLS as there) with V8's
 * sampling profiler on during each measured poll of that kind only, prints the functions with the
 * most self and total time over those polls, and writes the merged samples' profiles to
 * `poll-<kind>-<i>.cpuprofile` in the working directory when BENCH_PROFILE_DIR is set.
 */
import { Session } from 'node:inspector/promises';
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { measurePollCost } from './pollCost';
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
  startTime: number;
  endTime: number;
}

async function main(): Promise<void> {
  const kind = process.argv[2] === 'whole' ? 'whole' : 'followed';
  const syncs = Number(process.env.BENCH_SYNCS ?? 2000);
  const polls = Number(process.env.BENCH_POLLS ?? 22);
  const dir = process.env.BENCH_PROFILE_DIR;
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 100 });
  const self = new Map<string, number>();
  const total = new Map<string, number>();
  let profiled = 0;
  let sampledMs = 0;
  await measurePollCost(syncs, polls, {
    before: async () => void (await session.post('Profiler.start')),
    after: async (whole) => {
      const { profile } = (await session.post('Profiler.stop')) as unknown as { profile: Profile };
      if (whole !== (kind === 'whole')) return;
      if (dir) writeFileSync(path.join(dir, `poll-${kind}-${profiled}.cpuprofile`), JSON.stringify(profile));
      profiled++;
      sampledMs += add(profile, self, total);
    },
  });
  session.disconnect();
  const show = (title: string, m: Map<string, number>) => {
    console.log(`\n${title} (ms per poll, ${profiled} ${kind} polls, ${fmt(sampledMs / profiled, 1)} ms sampled per poll):`);
    for (const [name, us] of [...m].sort((a, b) => b[1] - a[1]).slice(0, 40)) console.log(`${fmt(us / 1000 / profiled, 2).padStart(8)}  ${name}`);
  };
  show('self time', self);
  show('total time', total);
}

/** Adds one profile's self and total (inclusive, each function once per stack) time in µs; returns its sampled ms. */
function add(profile: Profile, self: Map<string, number>, total: Map<string, number>): number {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const label = (n: Node) => `${n.callFrame.functionName || '(anonymous)'} ${path.basename(n.callFrame.url)}:${n.callFrame.lineNumber + 1}`;
  let sum = 0;
  for (let i = 0; i < profile.samples.length; i++) {
    const dt = profile.timeDeltas[i + 1] ?? 0;
    sum += dt;
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
  return sum / 1000;
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});

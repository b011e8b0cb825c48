/** V8 CPU profiles (the inspector's Profiler.stop) summed by function, for bench/profilePoll.ts and bench/profileInsights.ts. */
import * as path from 'node:path';
import { fmt } from './util';

interface Node {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
export interface Profile {
  nodes: Node[];
  samples: number[];
  timeDeltas: number[];
}

/** Self and total (inclusive, each function once per stack) time in µs by `function file:line`, over the profiles added. */
export class ProfileSums {
  readonly self = new Map<string, number>();
  readonly total = new Map<string, number>();

  /** Adds one profile; returns its sampled ms. */
  add(profile: Profile): number {
    const byId = new Map(profile.nodes.map((n) => [n.id, n]));
    const parent = new Map<number, number>();
    for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
    const label = (n: Node) => `${n.callFrame.functionName || '(anonymous)'} ${path.basename(n.callFrame.url)}:${n.callFrame.lineNumber + 1}`;
    let sum = 0;
    for (let i = 0; i < profile.samples.length; i++) {
      const dt = profile.timeDeltas[i + 1] ?? 0;
      sum += dt;
      let node = byId.get(profile.samples[i])!;
      this.self.set(label(node), (this.self.get(label(node)) ?? 0) + dt);
      const seen = new Set<string>();
      for (;;) {
        const l = label(node);
        if (!seen.has(l)) {
          seen.add(l);
          this.total.set(l, (this.total.get(l) ?? 0) + dt);
        }
        const p = parent.get(node.id);
        if (p === undefined) break;
        node = byId.get(p)!;
      }
    }
    return sum / 1000;
  }

  /** Prints the `top` functions of self and of total time, in ms per `per` (polls, calls). */
  print(heading: (title: string) => string, per: number, top: number): void {
    for (const [title, m] of [['self time', this.self], ['total time', this.total]] as const) {
      console.log(`\n${heading(title)}:`);
      for (const [name, us] of [...m].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`${fmt(us / 1000 / per, 2).padStart(8)}  ${name}`);
    }
  }
}

/**
 * Bundle and .vsix size (`npm run package`, the production build), and cold start: fresh node
 * processes that require dist/extension.js (with `vscode` resolved to a stub) and call activate()
 * with a fake context, against fresh processes that require an empty module the same way, and
 * against the bundle as it was before issue 15's start-up work (BASELINE_COMMIT, built here from
 * git with today's node_modules), interleaved in the same run so machine noise hits all three:
 * `repeats` rounds, each one fresh process per module (order alternating), medians over rounds.
 * `node --import tsx bench/bundleOnly.ts` runs only this part.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { median } from './util';

const root = path.resolve(__dirname, '..');
/** main before issue 15's start-up work (axios loaded at activation, undici probed, follow-redirects shipped) */
export const BASELINE_COMMIT = '723f9029d3281539f7217b71fc67dbe1f851fb2c';

export interface BundleResult {
  bundleBytes: number;
  vsixBytes: number;
  coldMs: number;
  emptyMs: number;
  /** whole process, spawn to exit */
  processRatio: number;
  /** require (+ activate) inside the process */
  inProcessMs: number;
  inProcessEmptyMs: number;
  /** the same for the baseline bundle (undefined when it could not be built: no git history) */
  baselineInProcessMs?: number;
  baselineBytes?: number;
  /** median over rounds of (bundle / baseline) measured in the same round */
  baselineRatio?: number;
  /** rounds: each runs the empty module, the bundle and the baseline once, in a fresh process each */
  samples: number;
}

/** The production bundle of BASELINE_COMMIT, built in a temporary directory; undefined without git. */
function buildBaseline(): string | undefined {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'polytomic-baseline-'));
  const archive = spawnSync('sh', ['-c', `git -C "${root}" archive ${BASELINE_COMMIT} src esbuild.js tsconfig.json package.json | tar -x -C "${dir}"`], { encoding: 'utf8' });
  if (archive.status !== 0) return undefined;
  fs.symlinkSync(path.join(root, 'node_modules'), path.join(dir, 'node_modules'));
  const build = spawnSync(process.execPath, ['esbuild.js', '--production'], { cwd: dir, encoding: 'utf8' });
  if (build.status !== 0) return undefined;
  return path.join(dir, 'dist', 'extension.js');
}

function run(target: string): { wall: number; inside: number } {
  const started = performance.now();
  const out = spawnSync(process.execPath, [path.join(__dirname, 'stub', 'coldStart.cjs'), target], { cwd: root, encoding: 'utf8' });
  const wall = performance.now() - started;
  if (out.status !== 0) throw new Error(`cold start of ${target} failed: ${out.stderr}`);
  return { wall, inside: (JSON.parse(out.stdout.trim().split('\n').pop()!) as { ms: number }).ms };
}

export function measureBundle(repeats = 15): BundleResult {
  const pack = spawnSync('npm', ['run', 'package'], { cwd: root, encoding: 'utf8' });
  if (pack.status !== 0) throw new Error(`npm run package failed:\n${pack.stdout}\n${pack.stderr}`);
  const bundle = path.join(root, 'dist', 'extension.js');
  const vsix = path.join(root, 'dist', 'polytomic-bulk-syncs.vsix');
  const empty = path.join(__dirname, 'stub', 'empty.cjs');
  const walls: number[] = [];
  const emptyWalls: number[] = [];
  const inside: number[] = [];
  const emptyInside: number[] = [];
  const baselineInside: number[] = [];
  const baseline = buildBaseline();
  run(bundle); // warm the file cache: "cold" is a new process, not a cold disk
  if (baseline) run(baseline);
  const roundRatios: number[] = [];
  for (let i = 0; i < repeats; i++) {
    // the order alternates round by round, so whichever runs first (or after a pause) is not always the same module
    const c = baseline && i % 2 ? run(baseline) : undefined;
    const a = run(empty);
    const b = run(bundle);
    const d = baseline && !(i % 2) ? run(baseline) : c;
    emptyWalls.push(a.wall);
    emptyInside.push(a.inside);
    walls.push(b.wall);
    inside.push(b.inside);
    if (d) {
      baselineInside.push(d.inside);
      roundRatios.push(b.inside / d.inside);
    }
  }
  const ratios = walls.map((w, i) => w / emptyWalls[i]);
  return {
    bundleBytes: fs.statSync(bundle).size,
    vsixBytes: fs.statSync(vsix).size,
    coldMs: median(walls),
    emptyMs: median(emptyWalls),
    processRatio: median(ratios),
    inProcessMs: median(inside),
    inProcessEmptyMs: median(emptyInside),
    baselineInProcessMs: baseline ? median(baselineInside) : undefined,
    baselineBytes: baseline ? fs.statSync(baseline).size : undefined,
    baselineRatio: baseline ? median(roundRatios) : undefined,
    samples: repeats,
  };
}

/**
 * Refresh cost at 1, 100, 1,000 and 5,000 syncs x up to 20 schemas, against the local server:
 * each refresh is timed right next to a JSON.parse of the same body, and the figure is the median
 * of their ratios, so machine noise cancels. Bodies alternate between two consecutive polls
 * (30 s of simulated time apart), so every timed refresh diffs against real previous data.
 */
import { startApiServer } from '../server/index';
import { statusBody, syncNames } from './fetchBody';
import { stageTimes, ViewPipeline } from './pipeline';
import { fmt, gc, median, timeMs } from './util';

export interface RefreshCostResult {
  syncs: number;
  schemas: number;
  bodyBytes: number;
  parseMs: number;
  refreshMs: number;
  ratio: number;
  stages?: Record<string, number>;
}

const START = Date.parse('2025-03-10T09:00:00Z');

export async function measureRefreshCost(syncs: number, reps: number): Promise<RefreshCostResult> {
  const server = await startApiServer({ clock: 'manual', startTime: START, syncs, schemas: 20 });
  try {
    const names = await syncNames(server);
    const bodies = [await statusBody(server)];
    server.advance(30_000);
    bodies.push(await statusBody(server));
    const schemas = (JSON.parse(bodies[0]) as { data: Array<{ schemas: unknown[] }> }).data.reduce((n, s) => n + s.schemas.length, 0);
    const pipeline = new ViewPipeline(names);
    pipeline.refresh(bodies[0], START); // first load: not timed (no previous data)
    const ratios: number[] = [];
    const parses: number[] = [];
    const refreshes: number[] = [];
    for (let i = 0; i < reps; i++) {
      const body = bodies[(i + 1) % 2];
      const now = START + (i + 1) * 30_000;
      gc();
      const parse = timeMs(() => JSON.parse(body));
      gc();
      const refresh = timeMs(() => pipeline.refresh(body, now));
      parses.push(parse);
      refreshes.push(refresh);
      ratios.push(refresh / parse);
    }
    const result: RefreshCostResult = {
      syncs,
      schemas,
      bodyBytes: Buffer.byteLength(bodies[0]),
      parseMs: median(parses),
      refreshMs: median(refreshes),
      ratio: median(ratios),
    };
    if (syncs >= 1000) {
      gc();
      result.stages = stageTimes(pipeline, bodies[reps % 2], START + (reps + 1) * 30_000, names);
    }
    return result;
  } finally {
    await server.stop();
  }
}

export function describeStages(stages: Record<string, number>): string {
  return Object.entries(stages)
    .map(([name, ms]) => `${name} ${fmt(ms, 0)} ms`)
    .join(', ');
}

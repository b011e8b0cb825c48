/**
 * Tree change events per refresh (what the adapter fires through onDidChangeTreeData), counted by
 * the pure TreeReconciler the adapter uses: a refresh with nothing changed, the same data 30 s
 * later (relative times move), and one schema changed on the server.
 */
import { startApiServer } from '../server/index';
import { statusBody, syncNames } from './fetchBody';
import { ViewPipeline } from './pipeline';
import type { TreeUpdate } from '../src/core/view/treeReconciler';

const START = Date.parse('2025-03-10T09:00:00Z');

export interface TreeEventsResult {
  nodes: number;
  unchanged: string;
  unchangedLater: string;
  oneSchema: string;
  oneSchemaOnlyThatBranch: boolean;
  oneSchemaFailed: string;
}

function describe(update: TreeUpdate): { count: number | 'all'; ids: string[] } {
  if (update.kind === 'all') return { count: 'all', ids: [] };
  if (update.kind === 'none') return { count: 0, ids: [] };
  return { count: update.elements.length, ids: update.elements.map((e) => e.id) };
}

export async function measureTreeEvents(): Promise<TreeEventsResult> {
  const server = await startApiServer({ clock: 'manual', startTime: START, syncs: 100, schemas: 20 });
  try {
    const names = await syncNames(server);
    const pipeline = new ViewPipeline(names);
    const body = await statusBody(server);
    pipeline.refresh(body, START);
    const nodes = pipeline.snapshot!.syncs.reduce((n, s) => n + 1 + s.schemas.length, 0);
    const unchanged = describe(pipeline.refresh(body, START).update);
    const later = describe(pipeline.refresh(body, START + 30_000).update);
    // One schema of an idle sync changes on the server (no time passes, so nothing else moves):
    // first its message only, then it fails (which moves its sync to the top: worst first).
    const target = pipeline.snapshot!.syncs.find((s) => s.info.category === 'success' && s.schemas.length > 1)!;
    const schema = target.schemas[0];
    server.setSchemaStatus(target.id, schema.schema, schema.status ?? 'completed', 'A new message from the server');
    pipeline.refresh(body, START + 30_000);
    const changed = describe(pipeline.refresh(await statusBody(server), START + 30_000).update);
    server.setSchemaStatus(target.id, schema.schema, 'failed', 'Injected for the benchmark');
    const failed = describe(pipeline.refresh(await statusBody(server), START + 30_000).update);
    const onlyThatBranch = changed.ids.length > 0 && changed.ids.every((id) => id === `sync:${target.id}` || id.startsWith(`schema:${target.id}/`));
    return {
      nodes,
      unchanged: String(unchanged.count),
      unchangedLater: String(later.count),
      oneSchema: `${changed.count} (${changed.ids.join(', ').replace(target.id, '<id>')})`,
      oneSchemaOnlyThatBranch: onlyThatBranch,
      oneSchemaFailed: failed.count === 'all' ? 'whole tree (the sync moves to the top: worst first)' : `${failed.count}`,
    };
  } finally {
    await server.stop();
  }
}

import assert from 'node:assert/strict';
import fc from 'fast-check';
import { PolytomicClient } from '../../src/core/api/client';
import { ApiError } from '../../src/core/api/errors';
import { buildSnapshot } from '../../src/core/state/snapshot';
import { buildTreeModel } from '../../src/core/view/treeModel';
import { tooltipMarkdown } from '../../src/core/view/treeNodes';
import { parseStatusResponse, parseSyncList } from '../../src/core/api/validate';
import { DEMO_API_KEY, startApiServer } from '../../server/index';
import { startRawServer } from '../unit/helpers/rawServer';
import { counts, seenTexts } from './counts';

const START = Date.parse('2025-03-10T09:00:00Z');
const STATUS_PREFIX = 'Unexpected response from GET /api/bulk/syncs/status: ';

type Outcome = 'accepted' | 'partial' | 'rejected';

/**
 * Accepted data renders without nonsense; a body with entries that break the contract is used in
 * part (those entries are unreadable rows with a reason, logged); a body unusable as a whole is
 * rejected with one clear message. Anything else (a crash, NaN, a silent drop) fails.
 */
function checkStatusBody(body: unknown): Outcome {
  let statuses;
  const warnings: string[] = [];
  try {
    statuses = parseStatusResponse(body, (w) => warnings.push(w));
  } catch (err) {
    assert.ok(err instanceof ApiError, `not an ApiError: ${String(err)}`);
    assert.equal(err.kind, 'malformed');
    assert.ok(err.message.startsWith(STATUS_PREFIX), err.message);
    assert.ok(err.message.length < 400, `message too long: ${err.message.length}`);
    assert.match(err.message.slice(STATUS_PREFIX.length), /^(response|data|pagination)[\w.[\]]*(: | )/, `names the bad place: ${err.message}`);
    seenTexts.push(err.message);
    counts.refusedWhole++;
    return 'rejected';
  }
  seenTexts.push(...warnings);
  const snapshot = buildSnapshot(statuses, new Map(), START);
  for (const node of buildTreeModel(snapshot, START)) {
    for (const n of [node, ...node.children]) {
      for (const text of [n.label, n.description, tooltipMarkdown(n)]) {
        assert.ok(!/\bundefined\b|\bNaN\b|\[object Object\]/.test(text), `nonsense rendered: ${text}`);
      }
    }
  }
  let unreadable = 0;
  for (const s of statuses) {
    assert.ok(typeof s.syncId === 'string' && s.syncId.trim() !== '');
    if (s.unreadable !== undefined) unreadable++;
    for (const c of s.schemas) {
      if (c.unreadable !== undefined) {
        unreadable++;
        assert.deepEqual(Object.keys(c).filter((k) => k !== 'noId').sort(), ['schema', 'unreadable'], 'nothing of a bad entry is used');
        assert.match(c.unreadable, /^(entry|[a-z_A-Z]+): /, `the reason names the field: ${c.unreadable}`);
      }
      for (const n of [c.recordCount, c.errorCount, c.warningCount]) assert.ok(n === undefined || (Number.isFinite(n) && n >= 0));
      for (const d of [c.startedAt, c.completedAt]) assert.ok(d === undefined || !Number.isNaN(Date.parse(d)));
    }
  }
  // every dropped entry is in the log (the first ten of them, then a count)
  const logged = warnings.filter((w) => w.includes('dropped ')).length;
  assert.equal(logged, Math.min(unreadable, 10) + (unreadable > 10 ? 1 : 0), warnings.join('\n'));
  if (unreadable === 0) return 'accepted';
  counts.usedInPart++;
  return 'partial';
}

/** Replace, delete or retype one value somewhere inside a valid body. */
function mutationArb(valid: unknown): fc.Arbitrary<unknown> {
  const paths: Array<Array<string | number>> = [];
  const walk = (v: unknown, path: Array<string | number>) => {
    paths.push(path);
    if (Array.isArray(v)) v.slice(0, 3).forEach((x, i) => walk(x, [...path, i]));
    else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) walk(x, [...path, k]);
  };
  walk(valid, []);
  const replacement = fc.oneof(
    fc.jsonValue({ maxDepth: 2 }),
    fc.constantFrom(null, '', -1, Number.MAX_VALUE, 'abc', '0001-01-01T00:00:00Z', '2024-13-45T99:00:00Z', [], {}, true, 'reticulating'),
  );
  return fc.tuple(fc.constantFrom(...paths), fc.oneof(replacement.map((r) => ({ kind: 'set' as const, r })), fc.constant({ kind: 'delete' as const, r: undefined })), fc.integer({ min: 1, max: 3 })).map(([path, op, times]) => {
    const copy = JSON.parse(JSON.stringify(valid)) as unknown;
    if (path.length === 0) return op.r;
    let target = copy as Record<string | number, unknown>;
    for (const key of path.slice(0, -1)) target = target[key] as Record<string | number, unknown>;
    const last = path[path.length - 1];
    for (let i = 0; i < times; i++) {
      if (op.kind === 'delete') delete target[last];
      else target[last] = op.r;
    }
    return copy;
  });
}

describe('reliability: fuzzing response validation', function () {
  this.timeout(60_000);
  let valid: unknown;
  before(async () => {
    const server = await startApiServer({ clock: 'manual', startTime: START, syncs: 6, schemas: 6 });
    const res = await fetch(`${server.url}/api/bulk/syncs/status?all=true`, { headers: { Authorization: `Bearer ${DEMO_API_KEY}`, 'X-Polytomic-Version': '2024-02-08' } });
    valid = await res.json();
    await server.stop();
  });

  it('random JSON values: each accepted, used in part, or rejected with a clear message', () => {
    const seen = { accepted: 0, partial: 0, rejected: 0 };
    fc.assert(fc.property(fc.oneof(fc.jsonValue(), fc.record({ data: fc.oneof(fc.constant(null), fc.array(fc.jsonValue({ maxDepth: 3 }))) })), (body) => {
      seen[checkStatusBody(body)]++;
    }), { numRuns: 2000, seed: 1 });
    counts.bodiesFuzzed += 2000;
    assert.ok(seen.rejected > 0 && seen.accepted > 0 && seen.partial > 0, JSON.stringify(seen));
  });

  it('mutated real bodies: one bad value costs its entry, not the response', () => {
    const seen = { accepted: 0, partial: 0, rejected: 0 };
    fc.assert(fc.property(mutationArb(valid), (body) => {
      seen[checkStatusBody(body)]++;
    }), { numRuns: 3000, seed: 2 });
    counts.bodiesFuzzed += 3000;
    assert.ok(seen.partial > 300 && seen.accepted > 300, JSON.stringify(seen));
    // only a change at the top (the body, `data`) can make the whole body unusable
    assert.ok(seen.rejected < seen.partial / 4, JSON.stringify(seen));
  });

  it('sync lists: random and mutated bodies never crash; a bad entry costs only itself', () => {
    const seen = { accepted: 0, partial: 0, rejected: 0 };
    fc.assert(fc.property(fc.oneof(fc.jsonValue(), fc.record({ data: fc.array(fc.record({ id: fc.jsonValue(), name: fc.jsonValue(), active: fc.jsonValue() }, { requiredKeys: [] })), pagination: fc.jsonValue() }, { requiredKeys: [] })), (body) => {
      const warnings: string[] = [];
      try {
        const { syncs } = parseSyncList(body, (w) => warnings.push(w));
        for (const sync of syncs) assert.ok(typeof sync.id === 'string' && sync.id.trim() !== '');
      } catch (err) {
        assert.ok(err instanceof ApiError && err.kind === 'malformed' && err.message.startsWith('Unexpected response from GET /api/bulk/syncs: '), String(err));
        seen.rejected++;
        counts.refusedWhole++;
        return;
      }
      seenTexts.push(...warnings);
      if (warnings.some((w) => w.includes(': dropped '))) {
        seen.partial++;
        counts.usedInPart++;
      } else seen.accepted++;
    }), { numRuns: 1000, seed: 3 });
    counts.bodiesFuzzed += 1000;
    assert.ok(seen.partial > 0 && seen.accepted > 0 && seen.rejected > 0, JSON.stringify(seen));
  });

  it('raw bytes over HTTP (cut, garbled, HTML, empty): the client reports each plainly', async () => {
    let next = '';
    const raw = await startRawServer((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(next);
    });
    const text = JSON.stringify(valid);
    const dropped: string[] = [];
    const logger = { trace() {}, debug() {}, info() {}, warn: (m: string) => dropped.push(m), error() {} };
    const client = new PolytomicClient({ baseUrl: raw.url, apiVersion: '2024-02-08', credentials: { kind: 'apiKey', apiKey: DEMO_API_KEY }, logger });
    const bodies = fc.sample(
      fc.oneof(
        fc.nat({ max: text.length }).map((n) => text.slice(0, n)),
        fc.tuple(fc.nat({ max: text.length - 1 }), fc.string({ minLength: 1, maxLength: 3 })).map(([i, s]) => text.slice(0, i) + s + text.slice(i + 1)),
        fc.string({ maxLength: 200 }),
        fc.constantFrom('<html><body>502 Bad Gateway</body></html>', '', '   ', 'null', '[]', '{"data":{}}'),
      ),
      { numRuns: 300, seed: 4 },
    );
    try {
      for (const body of bodies) {
        next = body;
        dropped.length = 0;
        try {
          const statuses = await client.getStatuses({ kind: 'all' });
          // a garbled byte inside one value costs that entry (logged, unless the same as last time)
          if (statuses.some((s) => s.unreadable !== undefined || s.schemas.some((c) => c.unreadable !== undefined))) counts.usedInPart++;
          seenTexts.push(...dropped);
        } catch (err) {
          assert.ok(err instanceof ApiError, String(err));
          assert.equal(err.kind, 'malformed', err.message);
          assert.ok(err.message.length < 400);
          seenTexts.push(err.message);
          counts.refusedWhole++;
        }
      }
    } finally {
      await raw.stop();
    }
    counts.bodiesFuzzed += bodies.length;
  });
});

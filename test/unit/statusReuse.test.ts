/**
 * The whole-scope status body read again only where it changed (statusReuse.ts, statusScan.ts), over
 * HTTP through the client: over sequences of polls of a body that changes as real ones do (a field of
 * one entry, entries added, removed or reordered) and in ways real ones should not (cut short, one
 * entry not JSON, other top-level keys, `data` twice), with strings holding `"`, `\`, `\"`, brackets,
 * non-ASCII text, a byte order mark and odd whitespace, each poll's statuses and warnings are exactly
 * what a from-scratch parse of that body gives (or the same error), and an entry whose bytes did not
 * change is the very object the last poll gave, while one that changed is new.
 */
import assert from 'node:assert/strict';
import { gzipSync } from 'node:zlib';
import type { SyncStatus } from '../../src/core/api/contract';
import { bodyText } from '../../src/core/api/bodyText';
import { parseStatusResponse } from '../../src/core/api/validate';
import { Random } from '../../server/prng';
import { client } from './helpers/client';
import { apiError, MemoryLogger } from './helpers/logger';
import { startRawServer, type RawServer } from './helpers/rawServer';

const PIECES = ['a', 'Orders', ' ', '"', '\\', '\\"', '"\\', '{', '}', '[', ']', ',', ':', '…', 'é', '日本', '🚀', '\u2028', '\ufeff', '\n', '\t', '\u0000'];
const STATUSES = ['completed', 'failed', 'running', 'canceled', 'errors', 'queued', 'reticulating'];

function text(random: Random): string {
  let out = '';
  for (let n = random.int(0, 5); n > 0; n--) out += random.pick(PIECES);
  return out;
}

function entry(random: Random, id: string): Record<string, unknown> {
  const schemas = Array.from({ length: random.int(0, 4) }, (_, j) => {
    const schema: Record<string, unknown> = { schema: `s${j}${random.chance(0.3) ? text(random) : ''}`, status: random.pick(STATUSES), record_count: random.int(0, 5000) };
    if (random.chance(0.6)) schema.status_message = text(random);
    if (random.chance(0.5)) schema.started_at = `2025-03-10T0${random.int(0, 9)}:00:00Z`;
    // a field that breaks the contract: the schema is an unreadable row, and the log says so
    if (random.chance(0.05)) schema.error_count = '12';
    return schema;
  });
  const sync: Record<string, unknown> = { sync_id: id, status: random.pick(STATUSES), schemas };
  if (random.chance(0.5)) sync.nextExecutionTime = `2025-03-1${random.int(0, 9)}T10:00:00Z`;
  if (random.chance(0.1)) sync[`x${text(random)}`] = { nested: [text(random), { deeper: text(random) }] };
  return sync;
}

function serialize(random: Random, value: unknown): string {
  return JSON.stringify(value, null, random.chance(0.2) ? random.pick([1, 2, '\t']) : undefined);
}

/** The body around its elements: whitespace, a byte order mark, or (`odd`) a shape the scanner must not take. */
function assemble(random: Random, elements: string[], odd: string | undefined): string {
  const space = () => random.pick(['', ' ', '\n', '\r\n', '\t', '  \n  ']);
  const sep = () => `${space()},${space()}`;
  const list = elements.join(sep());
  switch (odd) {
    case 'truncated': {
      const whole = `{"data":[${list}]}`;
      return whole.slice(0, random.int(1, whole.length - 1));
    }
    case 'invalid entry': {
      const broken = elements.slice();
      broken[random.int(0, Math.max(0, broken.length - 1))] = random.pick(['{"sync_id":"x",}', '{"sync_id":"x" "status":"failed"}', '{"sync_id":"a\\"}', '{"a":[}', 'nul', '01', '{"sync_id":"x"]']);
      return `{"data":[${broken.join(',')}]}`;
    }
    case 'other key':
      return random.chance(0.5) ? `{"meta":{"x":"]}"},"data":[${list}]}` : `{"data":[${list}],"meta":1}`;
    case 'data twice':
      return random.chance(0.5) ? `{"data":[],"data":[${list}]}` : `{"data":[${list}],"data":[${elements.slice(0, 1).join(',')}]}`;
    case 'data null':
      return '{"data":null}';
    case 'trailing comma':
      return `{"data":[${list},]}`;
    case 'not an object':
      return `[${list}]`;
    case 'escaped key':
      return `{"d\\u0061ta":[${list}]}`;
    case 'text after':
      return `{"data":[${list}]}${random.pick([' x', '}', ',', '\u0000'])}`;
  }
  return `${random.chance(0.1) ? '\ufeff' : ''}${space()}{${space()}"data"${space()}:${space()}[${space()}${list}${space()}]${space()}}${space()}`;
}

/** One random step: what real bodies do from poll to poll (kept), and now and then an odd body (this poll only). */
function mutate(random: Random, entries: Array<{ id: string; text: string }>, next: () => string): string | undefined {
  for (let n = random.int(0, 2); n > 0; n--) {
    const k = random.int(0, Math.max(0, entries.length - 1));
    const step = random.int(0, 14);
    if (step <= 3 && entries.length > 0) entries[k] = { id: entries[k].id, text: serialize(random, entry(random, entries[k].id)) };
    else if (step === 4) {
      const id = next();
      entries.splice(random.int(0, entries.length), 0, { id, text: serialize(random, entry(random, id)) });
    } else if (step === 5 && entries.length > 0) entries.splice(k, 1);
    else if (step === 6 && entries.length > 1) {
      const j = random.int(0, entries.length - 1);
      [entries[k], entries[j]] = [entries[j], entries[k]];
    } else if (step === 7 && entries.length > 1) {
      // a repeated sync id (the first is kept, the log says so)
      const other = entries[random.int(0, entries.length - 1)].id;
      entries[k] = { id: other, text: serialize(random, entry(random, other)) };
    } else if (step === 9 && entries.length > 0 && /"(failed|errors)"/.test(entries[k].text)) {
      // the same length, one status different (failed and errors are both six letters)
      entries[k] = { id: entries[k].id, text: entries[k].text.replace(/"(failed|errors)"/, (m) => (m === '"failed"' ? '"errors"' : '"failed"')) };
    } else if (step === 8 && entries.length > 0) {
      // an entry that is not a sync object: an unreadable row
      entries[k] = { id: `#${k}`, text: random.pick(['5', '"x]"', 'null', '[1,{"a":"]"}]', '{"status":"failed"}', '{"sync_id":"  "}']) };
    }
  }
  return random.chance(0.2) ? random.pick(['truncated', 'invalid entry', 'other key', 'data twice', 'data null', 'trailing comma', 'not an object', 'escaped key', 'text after']) : undefined;
}

type Expected = { statuses: SyncStatus[]; warnings: string[] } | { error: string };

/** What a from-scratch parse of the body gives: the UTF-8 text through JSON.parse and parseStatusResponse. */
function fromScratch(bytes: Buffer): Expected {
  let body: unknown;
  try {
    body = JSON.parse(bodyText(bytes));
  } catch {
    return { error: 'not JSON' };
  }
  const warnings: string[] = [];
  try {
    return { statuses: parseStatusResponse(body, (w) => warnings.push(w)), warnings };
  } catch (err) {
    return { error: (err as Error).message };
  }
}

/** Whether statuses[i] is the status of element i: every element an object with its own readable id. */
function oneToOne(elements: string[]): boolean {
  const ids = new Set<string>();
  for (const element of elements) {
    const value = JSON.parse(element) as { sync_id?: unknown };
    if (typeof value !== 'object' || value === null || Array.isArray(value) || typeof value.sync_id !== 'string' || value.sync_id.trim() === '' || ids.has(value.sync_id)) return false;
    ids.add(value.sync_id);
  }
  return true;
}

describe('PolytomicClient: the whole-scope status body read again only where it changed', () => {
  let server: RawServer | undefined;
  afterEach(async () => {
    await server?.stop();
    server = undefined;
  });

  it('over random sequences of polls: the statuses and warnings of a from-scratch parse, unchanged entries as the same objects', async function () {
    this.timeout(60_000);
    let current = Buffer.alloc(0);
    let gzip = false;
    server = await startRawServer((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json', ...(gzip ? { 'Content-Encoding': 'gzip' } : {}) });
      res.end(gzip ? gzipSync(current) : current);
    });
    let reusedInAll = 0;
    let changedInAll = 0;
    let fullPath = 0;
    for (let seed = 1; seed <= 8; seed++) {
      const random = new Random(seed);
      const logger = new MemoryLogger();
      const polling = client(server.url, { logger });
      let counter = 0;
      const next = () => `sync-${seed}-${counter++}${random.chance(0.2) ? text(random) : ''}`;
      const entries = Array.from({ length: random.int(0, 20) }, () => {
        const id = next();
        return { id, text: serialize(random, entry(random, id)) };
      });
      /** the last body read entry by entry: its elements and (when one to one) its statuses */
      let memo: { elements: string[]; statuses?: SyncStatus[] } | undefined;
      let lastWarnings = '';
      for (let poll = 0; poll < 60; poll++) {
        const odd = poll === 0 ? undefined : mutate(random, entries, next);
        const elements = entries.map((e) => e.text);
        current = Buffer.from(assemble(random, elements, odd), 'utf8');
        gzip = random.chance(0.5);
        const where = `seed ${seed}, poll ${poll}${odd ? ` (${odd})` : ''}`;
        const expected = fromScratch(current);
        logger.lines.length = 0;
        if ('error' in expected) {
          const err = await apiError(polling.getStatuses({ kind: 'all' }));
          assert.equal(err.kind, 'malformed', where);
          const fresh = await apiError(client(server.url).getStatuses({ kind: 'all' }));
          assert.equal(err.message, fresh.message, where);
          if (expected.error !== 'not JSON') assert.equal(err.message, expected.error, where);
          else assert.match(err.message, /^Unexpected response from GET \/api\/bulk\/syncs\/status: the body is (not JSON|empty)/, where);
          fullPath++;
          continue;
        }
        const statuses = await polling.getStatuses({ kind: 'all' });
        assert.deepEqual(statuses, expected.statuses, where);
        const key = expected.warnings.join('\n');
        const warned = logger.lines.filter((l) => l.startsWith('[warn] ')).map((l) => l.slice(7));
        assert.deepEqual(warned, key === lastWarnings ? [] : expected.warnings, where);
        lastWarnings = key;
        // an odd body, or an entry that is not an object (an unreadable row): the full path
        if (odd !== undefined || !elements.every((e) => e.startsWith('{'))) {
          fullPath++;
          continue;
        }
        const mapped = oneToOne(elements);
        if (memo?.statuses && mapped) {
          for (let i = 0; i < elements.length; i++) {
            if (i < memo.elements.length && elements[i] === memo.elements[i]) {
              assert.equal(statuses[i], memo.statuses[i], `${where}: entry ${i} did not change, its status is last time's object`);
              reusedInAll++;
            } else {
              assert.ok(!memo.statuses.includes(statuses[i]), `${where}: entry ${i} changed, its status is new`);
              changedInAll++;
            }
          }
        }
        memo = { elements, statuses: mapped ? statuses : undefined };
      }
    }
    // the sequences exercised both paths and both kinds of entry
    assert.ok(reusedInAll > 400 && changedInAll > 60 && fullPath > 60, `reused ${reusedInAll}, changed ${changedInAll}, full path ${fullPath}`);
  });

  it('one entry changed in place: it reads as the server now says (the same length, or strings with escapes and brackets), the others are last time\'s objects', async () => {
    const entries = [
      { sync_id: 'a', status: 'completed', schemas: [{ schema: 'q "x" ]}', status: 'completed', status_message: 'a\\"b ] } { … 日本' }] },
      { sync_id: 'b', status: 'failed', schemas: [{ schema: 'orders', status: 'failed', status_message: 'timed out' }] },
      { sync_id: 'c', status: 'running', schemas: [] },
    ];
    let body = '';
    server = await startRawServer((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(body);
    });
    const polling = client(server.url);
    const poll = async () => {
      body = JSON.stringify({ data: entries }, null, 1);
      const statuses = await polling.getStatuses({ kind: 'all' });
      assert.deepEqual(statuses, parseStatusResponse(JSON.parse(body)));
      return statuses;
    };
    const first = await poll();
    entries[1].status = 'errors';
    const second = await poll();
    assert.equal(second[1].status, 'errors');
    assert.deepEqual([second[0] === first[0], second[1] === first[1], second[2] === first[2]], [true, false, true]);
    entries[1].schemas[0].status_message = 'say \\"no\\" ] } { [ \\\\ … 🚀';
    const third = await poll();
    assert.equal(third[1].schemas[0].statusMessage, 'say \\"no\\" ] } { [ \\\\ … 🚀');
    assert.deepEqual([third[0] === first[0], third[1] === second[1], third[2] === first[2]], [true, false, true]);
  });
});

import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { SyncStatus } from '../../src/core/api/contract';
import { RunHistory } from '../../src/core/insights/history';
import { restoreHistory, serializeHistory } from '../../src/core/insights/persist';
import { mergeExecution, mergeStatuses } from '../../src/core/insights/sources';
import type { RunRecord } from '../../src/core/insights/types';
import { DAY, HOUR, MINUTE, MONDAY_2AM, historyOf, series } from './helpers/insights';

const iso = (ms: number) => new Date(ms).toISOString();
const ids = (history: RunHistory, syncId = 'sync-1', schema = 'orders') => history.runs(syncId, schema).map((r) => r.executionId);

describe('insights: the run history', () => {
  it('keeps the newest 30 runs of a schema, oldest first', () => {
    const history = historyOf(series({ runs: 100, everyMs: HOUR, records: (i) => i }));
    const kept = history.runs('sync-1', 'orders');
    assert.equal(kept.length, 30);
    assert.deepEqual(kept.map((r) => r.records), Array.from({ length: 30 }, (_, i) => 70 + i));
    assert.equal(history.add('sync-1', 'orders', { executionId: 'older', status: 'completed', startedAt: MONDAY_2AM, completedAt: MONDAY_2AM + 1 }), 'tooOld');
  });

  it('keeps the schemas with the newest runs, and the most recently updated syncs', () => {
    const history = new RunHistory({ schemasPerSync: 3, syncs: 3 });
    const run = (id: string, at: number): RunRecord => ({ executionId: id, status: 'completed', startedAt: at, completedAt: at + MINUTE, records: 1 });
    for (const [k, name] of ['a', 'b', 'c', 'd'].entries()) history.add('s1', name, run(`e${k}`, MONDAY_2AM + k * HOUR));
    assert.deepEqual(history.schemas('s1').sort(), ['b', 'c', 'd']);
    assert.equal(history.add('s1', 'old', run('e-old', MONDAY_2AM - DAY)), 'tooOld', 'a schema older than all kept is not kept');
    assert.deepEqual(history.schemas('s1').sort(), ['b', 'c', 'd']);
    history.add('s2', 'x', run('x1', MONDAY_2AM));
    history.add('s3', 'x', run('x1', MONDAY_2AM));
    history.add('s1', 'd', run('e9', MONDAY_2AM + 9 * HOUR)); // s1 is the most recently updated now
    history.add('s4', 'x', run('x1', MONDAY_2AM));
    assert.deepEqual(history.syncIds(), ['s3', 's1', 's4'], 's2 was updated least recently');
    assert.deepEqual(history.size(), { syncs: 3, schemas: 5, runs: 6 });
  });

  it('bounds hold for any mix of runs, and what is kept is the newest of them', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 5 }), fc.integer({ min: 0, max: 60 })), { maxLength: 300 }), (adds) => {
        const history = new RunHistory({ runsPerSchema: 7, schemasPerSync: 4 });
        for (const [schema, n] of adds) history.add('s', `t${schema}`, { executionId: `e${n}`, status: 'completed', startedAt: MONDAY_2AM + n * HOUR, completedAt: MONDAY_2AM + n * HOUR + MINUTE });
        assert.ok(history.schemas('s').length <= 4);
        for (const schema of history.schemas('s')) {
          const runs = history.runs('s', schema);
          assert.ok(runs.length <= 7);
          const all = [...new Set(adds.filter(([t]) => `t${t}` === schema).map(([, n]) => n))].sort((a, b) => a - b);
          const kept = runs.map((r) => Number(r.executionId.slice(1)));
          if (new Set(adds.map(([t]) => t)).size <= 4) {
            assert.deepEqual(kept, all.slice(-7));
          } else {
            // a schema dropped for the schema bound and seen again starts afresh with what came since
            assert.ok(kept.length >= 1 && kept.every((n) => all.includes(n)));
            assert.deepEqual(kept, [...new Set(kept)].sort((a, b) => a - b));
          }
        }
      }),
    );
  });

  it('merging is idempotent and order-independent: the same runs give the same history', () => {
    const runs = series({ runs: 40, everyMs: HOUR, records: (i) => i * 10 });
    fc.assert(
      fc.property(fc.shuffledSubarray(runs, { minLength: 40, maxLength: 40 }), fc.array(fc.integer({ min: 0, max: 39 }), { maxLength: 40 }), (shuffled, repeats) => {
        const history = historyOf(runs);
        const again = historyOf([...shuffled, ...repeats.map((i) => runs[i])]);
        assert.deepEqual(serializeHistory(again), serializeHistory(history));
        for (const r of runs) history.add('sync-1', 'orders', r);
        assert.deepEqual(serializeHistory(again), serializeHistory(history));
      }),
    );
  });

  it('refuses what is not a finished run, and keeps nothing of it', () => {
    const history = new RunHistory();
    const ok: RunRecord = { executionId: 'e1', status: 'completed', startedAt: MONDAY_2AM, completedAt: MONDAY_2AM + MINUTE };
    for (const bad of [{ ...ok, executionId: '' }, { ...ok, completedAt: MONDAY_2AM - 1 }, { ...ok, startedAt: NaN }, { ...ok, records: -5 }, { ...ok, status: '' }]) {
      assert.equal(history.add('sync-1', 'orders', bad), 'invalid', JSON.stringify(bad));
    }
    assert.equal(history.add('', 'orders', ok), 'invalid');
    assert.deepEqual(history.size(), { syncs: 0, schemas: 0, runs: 0 });
    assert.throws(() => new RunHistory({ runsPerSchema: 0 }), /runsPerSchema must be a whole number >= 1/);
  });
});

describe('insights: keeping the history across sessions', () => {
  it('survives JSON unchanged, ids like __proto__ included', () => {
    const history = historyOf(series({ runs: 12, records: (i) => (i === 3 ? 0 : 100 + i) }));
    history.add('__proto__', 'constructor', { executionId: 'x', status: 'failed', startedAt: MONDAY_2AM, completedAt: MONDAY_2AM + MINUTE });
    history.markBackfilled('sync-1', MONDAY_2AM + 13 * DAY);
    const { history: restored, problems } = restoreHistory(JSON.parse(JSON.stringify(serializeHistory(history))));
    assert.deepEqual(problems, []);
    assert.deepEqual(restored.runs('sync-1', 'orders'), history.runs('sync-1', 'orders'));
    assert.deepEqual(restored.runs('__proto__', 'constructor').map((r) => r.status), ['failed']);
    assert.equal(restored.backfilledAt('sync-1'), MONDAY_2AM + 13 * DAY);
    assert.deepEqual(serializeHistory(restored), serializeHistory(history));
  });

  it('skips what is damaged, says where, and keeps the rest', () => {
    const saved = serializeHistory(historyOf(series({ runs: 3, records: () => 7 })));
    const damaged = JSON.parse(JSON.stringify(saved));
    damaged.syncs[0].schemas[0].runs[1] = ['e-bad', 'completed', 'yesterday', 5, 7];
    damaged.syncs[0].schemas.push({ name: 42, runs: [] });
    damaged.syncs.push('not a sync');
    const { history, problems } = restoreHistory(damaged);
    assert.deepEqual(ids(history), ['exec-0', 'exec-2']);
    assert.deepEqual(problems, [
      'syncs[0].schemas[0].runs[1] skipped: not a finished run',
      'syncs[0].schemas[1] skipped: not a schema with a name and runs',
      'syncs[1] skipped: not a sync with an id and schemas',
    ]);
  });

  it('an unknown format or shape starts empty with a message; nothing saved starts empty silently', () => {
    assert.match(restoreHistory({ format: 2, syncs: [] }).problems[0], /format 2, expected 1/);
    assert.match(restoreHistory('garbage').problems[0], /not an object with a list of syncs/);
    assert.deepEqual(restoreHistory(undefined).problems, []);
  });

  it('a history saved with larger limits is trimmed to the current ones', () => {
    const saved = serializeHistory(historyOf(series({ runs: 30, records: (i) => i })));
    const { history } = restoreHistory(saved, { runsPerSchema: 10 });
    assert.deepEqual(history.runs('sync-1', 'orders').map((r) => r.records), [20, 21, 22, 23, 24, 25, 26, 27, 28, 29]);
  });
});

describe('insights: runs from the status poll and from executions', () => {
  const t = MONDAY_2AM;
  const poll = (execId: string, status: string, completed: boolean): SyncStatus[] => [
    {
      syncId: 'sync-1',
      status,
      schemas: [
        { schema: 'orders', executionId: execId, status, startedAt: iso(t), completedAt: completed ? iso(t + 5 * MINUTE) : undefined, recordCount: 1200 },
        { schema: 'users', executionId: execId, status: 'running', startedAt: iso(t) },
        // a status no one knows, even with an end time, is not taken for a finished run
        { schema: 'events', executionId: execId, status: 'paused', startedAt: iso(t), completedAt: iso(t + MINUTE), recordCount: 3 },
      ],
    },
  ];

  it('a finished schema run seen in a poll is kept once; running or unknown ones are not', () => {
    const history = new RunHistory();
    assert.deepEqual(mergeStatuses(history, poll('e1', 'running', false)), { added: 0, changed: [] });
    assert.deepEqual(mergeStatuses(history, poll('e1', 'completed', true)), { added: 1, changed: [{ syncId: 'sync-1', schema: 'orders' }] });
    assert.deepEqual(mergeStatuses(history, poll('e1', 'completed', true)), { added: 0, changed: [] }, 'the next poll adds nothing');
    assert.deepEqual(history.runs('sync-1', 'orders'), [{ executionId: 'e1', status: 'completed', startedAt: t, completedAt: t + 5 * MINUTE, records: 1200 }]);
    assert.deepEqual(history.schemas('sync-1'), ['orders']);
  });

  it('executions give one run per finished schema; test executions are skipped', () => {
    const history = new RunHistory();
    const schemas = [{ schema: 'orders', status: 'completed', startedAt: iso(t), completedAt: iso(t + MINUTE), recordCount: 5 }];
    mergeExecution(history, 'sync-1', { id: 'test-run', isTest: true, completedAt: iso(t + MINUTE), schemas });
    assert.equal(history.size().runs, 0);
    const count = mergeExecution(history, 'sync-1', { id: 'real', completedAt: iso(t + MINUTE), schemas: [...schemas, { schema: 'users', status: 'canceled' }] });
    assert.equal(count.added, 1);
    assert.deepEqual(ids(history), ['real']);
  });
});

import assert from 'node:assert/strict';
import fc from 'fast-check';
import { judgeAll, judgeSchema } from '../../src/core/insights/judge';
import type { RunHistory } from '../../src/core/insights/history';
import type { RunRecord } from '../../src/core/insights/types';
import { DAY, HOUR, MINUTE, MONDAY_2AM, historyOf, isWeekend, series } from './helpers/insights';

const judge = (history: RunHistory, syncId = 'sync-1', schema = 'orders') => {
  const runs = history.schemaRuns(syncId, schema);
  assert.ok(runs, 'the schema has a history');
  return judgeSchema(syncId, schema, runs);
};

/** 12,400 records, give or take 2 %, 10 minutes give or take 10 %, every night at 02:00 */
const steady = (i: number) => 12_400 + ((i * 37) % 5 - 2) * 120;
const steadyDuration = (i: number) => 10 * MINUTE + ((i * 13) % 7 - 3) * 20_000;

/** `earlier` ordinary runs then one run with the given records / duration. */
function lastNight(earlier: number, last: Partial<RunRecord>): RunRecord[] {
  const runs = series({ runs: earlier + 1, records: steady, durationMs: steadyDuration });
  const final = { ...runs[earlier], ...last };
  if (last.completedAt === undefined && last.startedAt === undefined) final.completedAt = final.startedAt + steadyDuration(earlier);
  runs[earlier] = final;
  return runs;
}

describe('insights: judging a schema against its own runs', () => {
  it('a drop to 0 is flagged as "0 records · usually ~12,400"', () => {
    const found = judge(historyOf(lastNight(20, { records: 0 })));
    assert.equal(found.length, 1);
    const [a] = found;
    assert.equal(a.kind, 'volume');
    assert.equal(a.description, '0 records · usually ~12,400');
    assert.equal(a.executionId, 'exec-20');
    assert.equal(a.syncId, 'sync-1');
    assert.equal(a.schema, 'orders');
  });

  it('a large drop that is not 0 is flagged too', () => {
    const [a] = judge(historyOf(lastNight(20, { records: 1_500 })));
    assert.equal(a?.description, '1,500 records · usually ~12,400');
  });

  it('a 10x slowdown is flagged as "took 1 h 40 min · usually ~10 min"', () => {
    const runs = lastNight(20, {});
    runs[20].completedAt = runs[20].startedAt + 100 * MINUTE;
    const found = judge(historyOf(runs));
    assert.deepEqual(found.map((a) => a.kind), ['duration']);
    assert.equal(found[0].description, 'took 1 h 40 min · usually ~10 min');
  });

  it('the thresholds hold: a drop to 45 % or a run 2.5x as long is not flagged; to 35 % or 3.5x is', () => {
    assert.deepEqual(judge(historyOf(lastNight(20, { records: 5_580 }))), []);
    assert.equal(judge(historyOf(lastNight(20, { records: 4_340 })))[0]?.description, '4,340 records · usually ~12,400');
    const took = (minutes: number) => {
      const runs = lastNight(20, {});
      runs[20].completedAt = runs[20].startedAt + minutes * MINUTE;
      return judge(historyOf(runs));
    };
    assert.deepEqual(took(25), []);
    assert.equal(took(35)[0]?.description, 'took 35 min · usually ~10 min');
  });

  it('no judgement with too little history: 4 earlier runs say nothing, 5 do', () => {
    assert.deepEqual(judge(historyOf(lastNight(4, { records: 0 }))), []);
    assert.deepEqual(judge(historyOf(lastNight(5, { records: 0 }))).map((a) => a.kind), ['volume']);
  });

  it('failed earlier runs do not count as history, and a failed run is not judged (it is a failure)', () => {
    const runs = lastNight(8, { records: 0 }).map((r, i) => (i >= 1 && i <= 4 ? { ...r, status: 'failed', records: 0 } : r));
    assert.deepEqual(judge(historyOf(runs)), [], 'only 4 successful earlier runs');
    const failed = lastNight(20, { records: 0, status: 'failed' });
    assert.deepEqual(judge(historyOf(failed)), []);
  });

  it('a run "completed with errors" is judged like a completed one', () => {
    assert.equal(judge(historyOf(lastNight(20, { records: 0, status: 'errors' })))[0]?.kind, 'volume');
  });

  it('a small schema (typically under 10 records) is not judged on volume', () => {
    const runs = series({ runs: 21, records: (i) => (i === 20 ? 0 : 4) });
    assert.deepEqual(judge(historyOf(runs)), []);
  });

  it('a schema whose volume swings widely is not flagged for a low but ordinary run; 0 still is', () => {
    // anywhere from 0 to 20,000: 600 is low, but no lower than such a schema goes now and then
    const swings = (last: number) => series({ runs: 30, records: (i) => (i === 29 ? last : [900, 19_000, 4_000, 15_500, 11_000, 7_500][i % 6]) });
    assert.deepEqual(judge(historyOf(swings(600))), []);
    assert.equal(judge(historyOf(swings(0)))[0]?.description, '0 records · usually ~13,300');
  });

  it('normal variation (±30 %) is never flagged, whatever the cadence and size', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 10, max: 50_000_000 }),
        fc.integer({ min: MINUTE, max: 6 * HOUR }),
        fc.constantFrom(15 * MINUTE, HOUR, DAY, 7 * DAY),
        fc.array(fc.tuple(fc.double({ min: 0.7, max: 1.3, noNaN: true }), fc.double({ min: 0.7, max: 1.3, noNaN: true })), { minLength: 6, maxLength: 30 }),
        (records, duration, everyMs, noise) => {
          const runs = series({
            runs: noise.length,
            everyMs,
            records: (i) => Math.round(records * noise[i][0]),
            durationMs: (i) => Math.round(duration * noise[i][1]),
          });
          assert.deepEqual(judge(historyOf(runs)), []);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('a drop to 0 and a 10x slowdown are flagged after any history of ordinary (±30 %) runs', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 15, max: 50_000_000 }),
        fc.integer({ min: MINUTE, max: 6 * HOUR }),
        fc.constantFrom(15 * MINUTE, HOUR, DAY),
        fc.array(fc.tuple(fc.double({ min: 0.7, max: 1.3, noNaN: true }), fc.double({ min: 0.7, max: 1.3, noNaN: true })), { minLength: 6, maxLength: 30 }),
        (records, duration, everyMs, noise) => {
          const last = noise.length - 1;
          const runs = series({
            runs: noise.length,
            everyMs,
            records: (i) => (i === last ? 0 : Math.round(records * noise[i][0])),
            durationMs: (i) => Math.round(duration * (i === last ? 10 : noise[i][1])),
          });
          assert.deepEqual(judge(historyOf(runs)).map((a) => a.kind), ['volume', 'duration']);
        },
      ),
      { numRuns: 300 },
    );
  });

  describe('weekly patterns', () => {
    /** weekdays ~12,400 (±30 %), weekends a share of that */
    const weekly = (weekendShare: number, noise: number[]) => (i: number, day: number) => Math.round(12_400 * (isWeekend(day) ? weekendShare : 1) * noise[i % noise.length]);

    it('quiet weekends (even 0) raise no alarm on any day, with two weeks of history or more', () => {
      fc.assert(
        fc.property(
          fc.integer({ min: 14, max: 30 }),
          fc.constantFrom(0, 0.05, 0.2),
          fc.array(fc.double({ min: 0.7, max: 1.3, noNaN: true }), { minLength: 7, maxLength: 30 }),
          fc.integer({ min: 0, max: 6 }),
          (days, weekendShare, noise, offset) => {
            const runs = series({ runs: days, start: MONDAY_2AM + offset * DAY, records: weekly(weekendShare, noise) });
            assert.deepEqual(judge(historyOf(runs)), []);
          },
        ),
        { numRuns: 300 },
      );
    });

    it('with quiet weekends, a weekday that moves 0 is still flagged against earlier weekdays of its kind', () => {
      // 28 nights from a Monday, then Monday night moves nothing
      const runs = series({ runs: 29, records: (i, day) => (i === 28 ? 0 : isWeekend(day) ? 0 : 12_400 + (i % 3) * 150) });
      const found = judge(historyOf(runs));
      assert.equal(found.length, 1);
      assert.equal(found[0].kind === 'volume' && found[0].baseline, 'sameWeekday');
      assert.equal(found[0].description, '0 records · usually ~12,500');
    });

    it('a rhythm on three levels (busy Mon-Tue, normal Wed-Fri, quiet weekends): a Tuesday at 3,000 is flagged, at 14,000 not', () => {
      const level = (day: number) => (day === 1 || day === 2 ? 20_000 : isWeekend(day) ? 2_000 : 12_000);
      // 30 nights from a Monday: the last one is a Tuesday; ±5 % noise
      const tuesday = (records: number) => series({ runs: 30, records: (i, day) => (i === 29 ? records : Math.round(level(day) * (1 + (((i * 7) % 11) - 5) / 100))) });
      const found = judge(historyOf(tuesday(3_000)));
      assert.equal(found[0]?.description, '3,000 records · usually ~19,700');
      assert.deepEqual(judge(historyOf(tuesday(14_000))), []);
    });

    it('Monday runs that always take longer (the weekend backlog) are not slow; a Monday 10x its usual is', () => {
      const duration = (i: number, day: number) => (day === 1 ? 50 * MINUTE : 10 * MINUTE) + (i % 4) * 30_000;
      const runs = series({ runs: 29, records: steady, durationMs: duration }); // the last one is a Monday
      assert.deepEqual(judge(historyOf(runs)), []);
      const slow = runs.slice();
      slow[28] = { ...slow[28], completedAt: slow[28].startedAt + 500 * MINUTE };
      const found = judge(historyOf(slow));
      assert.equal(found[0]?.kind, 'duration');
      assert.equal(found[0].description, 'took 8 h 20 min · usually ~51 min');
    });
  });

  it('judgeAll judges every schema of every sync and names them', () => {
    const history = historyOf(lastNight(20, {}), 'sync-a', 'customers');
    for (const r of lastNight(20, { records: 0 })) history.add('sync-a', 'orders', r);
    for (const r of lastNight(20, { completedAt: MONDAY_2AM + 20 * DAY + 3 * HOUR })) history.add('sync-b', 'events', r);
    const found = judgeAll(history).map((a) => `${a.syncId}/${a.kind === 'stale' ? '' : a.schema} ${a.kind}`);
    assert.deepEqual(found.sort(), ['sync-a/orders volume', 'sync-b/events duration']);
  });
});

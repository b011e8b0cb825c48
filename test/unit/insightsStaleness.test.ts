import assert from 'node:assert/strict';
import { judgeStaleness, scheduleInterval } from '../../src/core/insights/staleness';
import { medianBySelection, medianInPlace } from '../../src/core/insights/stats';
import { Random } from '../../server/prng';
import { DAY, HOUR, MINUTE, MONDAY_2AM, historyOf, series } from './helpers/insights';

describe('insights: staleness', () => {
  // hourly runs of 10 minutes for a day; the last one ends at 23:10 on Monday
  const hourly = historyOf(series({ runs: 22, everyMs: HOUR, records: () => 500 }));
  const lastEnd = MONDAY_2AM + 21 * HOUR + 10 * MINUTE;
  const hourlySync = { syncId: 'sync-1', active: true, schedule: { ms: HOUR } };

  it('an active hourly sync with no success for 5 hours is stale, and says so', () => {
    const a = judgeStaleness(hourly, hourlySync, lastEnd + 5 * HOUR);
    assert.equal(a?.kind, 'stale');
    assert.equal(a?.description, 'no successful run for 5 h · expected every 1 h');
    assert.equal(a?.lastSuccessAt, lastEnd);
    assert.equal(a?.intervalFrom, 'schedule');
  });

  it('one missed run is not stale yet (two intervals plus 15 minutes of slack)', () => {
    assert.equal(judgeStaleness(hourly, hourlySync, lastEnd + 2 * HOUR + 14 * MINUTE), undefined);
    assert.ok(judgeStaleness(hourly, hourlySync, lastEnd + 2 * HOUR + 16 * MINUTE));
  });

  it('inactive, manual, or never-successful syncs are not judged', () => {
    const late = lastEnd + 3 * DAY;
    assert.equal(judgeStaleness(hourly, { ...hourlySync, active: false }, late), undefined);
    assert.equal(judgeStaleness(hourly, { ...hourlySync, active: undefined }, late), undefined);
    assert.equal(judgeStaleness(hourly, { ...hourlySync, schedule: 'unscheduled' }, late), undefined);
    const failing = historyOf(series({ runs: 22, everyMs: HOUR, records: () => 0, status: () => 'failed' }));
    assert.equal(judgeStaleness(failing, hourlySync, late), undefined);
  });

  it('without a schedule it reads, the interval comes from the history (from 5 runs on)', () => {
    const sixHourly = historyOf(series({ runs: 10, everyMs: 6 * HOUR, records: () => 500 }));
    const end = MONDAY_2AM + 9 * 6 * HOUR + 10 * MINUTE;
    const a = judgeStaleness(sixHourly, { syncId: 'sync-1', active: true }, end + 13 * HOUR);
    assert.equal(a?.description, 'no successful run for 13 h · expected every 6 h');
    assert.equal(a?.intervalFrom, 'history');
    assert.equal(judgeStaleness(sixHourly, { syncId: 'sync-1', active: true }, end + 12 * HOUR), undefined);
    const short = historyOf(series({ runs: 5, everyMs: 6 * HOUR, records: () => 500 }));
    assert.equal(judgeStaleness(short, { syncId: 'sync-1', active: true }, end + 3 * DAY), undefined, '4 gaps are too few');
  });

  it('reads both API versions\' schedules; the most frequent of several wins; unknown ones give no interval', () => {
    assert.deepEqual(scheduleInterval({ schedule: { frequency: 'hourly', minute: '5' } }), { ms: HOUR });
    assert.deepEqual(scheduleInterval({ schedule: { frequency: 'daily', hour: '2', minute: '0' } }), { ms: DAY });
    assert.deepEqual(scheduleInterval({ schedule: { frequency: 'weekly', day_of_week: 'monday' } }), { ms: 7 * DAY });
    assert.deepEqual(scheduleInterval({ schedule: { frequency: 'custom', minute: '*/15', hour: '*' } }), { ms: 15 * MINUTE });
    assert.deepEqual(scheduleInterval({ schedule: { frequency: 'custom', minute: '30', hour: '*/4' } }), { ms: 4 * HOUR });
    assert.equal(scheduleInterval({ schedule: { frequency: 'manual' } }), 'unscheduled');
    assert.deepEqual(scheduleInterval({ default_schedule: { frequency: 'daily' }, additional_schedules: [{ frequency: 'hourly' }] }), { ms: HOUR });
    for (const unknown of [{ schedule: { frequency: 'continuous' } }, { schedule: { frequency: 'custom', minute: '0', hour: '9-17' } }, { schedule: 'daily' }, {}, null, { schedule: { frequency: 'daily' }, additional_schedules: [{ frequency: 'dbtcloud' }] }]) {
      assert.equal(scheduleInterval(unknown), undefined, JSON.stringify(unknown));
    }
  });

  it('the median duration (the slack) by selection equals the sorted median, over random samples', () => {
    const random = new Random(3);
    for (let t = 0; t < 2000; t++) {
      // few distinct values too: durations repeat, and equal runs are where partitions go wrong
      const spread = random.pick([2, 5, 1000, 1e7]);
      const values = Array.from({ length: random.int(1, 800) }, () => random.int(0, spread) * random.pick([1, 60_000]));
      if (random.chance(0.2)) values.sort((a, b) => a - b);
      if (random.chance(0.1)) values.reverse();
      assert.equal(medianBySelection(Float64Array.from(values)), medianInPlace(values.slice()), `${values.length} values`);
    }
    assert.ok(Number.isNaN(medianBySelection(new Float64Array(0))));
  });
});

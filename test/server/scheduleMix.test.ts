import assert from 'node:assert/strict';
import { startApiServer } from '../../server/index';
import { call, startManual } from './helpers';

interface ListedSync {
  id: string;
  active: boolean;
  schedule: { frequency: string; minute?: string };
}

async function schedules(options: Parameters<typeof startManual>[0]): Promise<ListedSync[]> {
  const server = await startManual(options);
  try {
    const res = await call(server, '/api/bulk/syncs');
    assert.equal(res.status, 200);
    return res.json.data as ListedSync[];
  } finally {
    await server.stop();
  }
}

describe('api server: scheduleMix', () => {
  it("'typical': hourly and daily syncs, exactly one every 15 min, nothing continuous, weekly or manual", async () => {
    for (const seed of [42, 7, 1234]) {
      const syncs = await schedules({ scheduleMix: 'typical', seed });
      assert.equal(syncs.length, 8);
      const kinds = syncs.map((s) => (s.schedule.frequency === 'custom' ? `custom ${s.schedule.minute}` : s.schedule.frequency));
      assert.equal(kinds.filter((k) => k === 'custom */15').length, 1, `seed ${seed}: ${kinds.join(', ')}`);
      assert.ok(kinds.every((k) => k === 'hourly' || k === 'daily' || k === 'custom */15'), `seed ${seed}: ${kinds.join(', ')}`);
    }
  });

  it("'typical' still shows a run in progress and a failure right away; the default ('demo') keeps its continuous sync", async () => {
    const server = await startManual({ scheduleMix: 'typical' });
    try {
      const res = await call(server, '/api/bulk/syncs/status?all=true');
      const statuses = res.json.data.map((e: { status?: string }) => e.status);
      assert.ok(statuses.includes('running'), statuses.join(', '));
      assert.ok(statuses.includes('failed'), statuses.join(', '));
    } finally {
      await server.stop();
    }
    const demo = await schedules({});
    assert.ok(demo.some((s) => s.schedule.frequency === 'continuous'));
    assert.deepEqual(
      demo.map((s) => s.schedule),
      (await schedules({ scheduleMix: 'demo' })).map((s) => s.schedule),
    );
  });

  it('rejects an unknown mix', async () => {
    await assert.rejects(startApiServer({ scheduleMix: 'busy' as never }), /scheduleMix must be 'demo' or 'typical'/);
  });
});

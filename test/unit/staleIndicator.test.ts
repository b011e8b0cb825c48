import assert from 'node:assert/strict';
import type { Snapshot, ViewState } from '../../src/core/api/contract';
import { formatSince } from '../../src/core/view/format';
import { staleSince, statusBarModel, viewMessage } from '../../src/core/view/statusBarModel';
import { MIN, T0, snapshotOf, sync } from './helpers/fixtures';

const ok: Snapshot = snapshotOf([sync('a', 'completed', []), sync('b', 'failed', [])]);
const failing = (at: number): ViewState => ({
  auth: 'signedIn',
  loading: false,
  snapshot: ok,
  lastSuccessAt: T0,
  lastError: { kind: 'network', message: 'GET /api/bulk/syncs/status: connection refused (ECONNREFUSED)', at },
});

describe('stale indicator', () => {
  it('one missed refresh: marked stale, no "since" yet', () => {
    const now = T0 + 45_000;
    assert.equal(staleSince(failing(now), now, 30_000), undefined);
    assert.equal(statusBarModel(failing(now), now, 30_000).text, '$(error) 1 failed (stale)');
    assert.match(viewMessage(failing(now), now, 30_000) ?? '', /^Last updated 45 s ago: /);
  });

  it('older than two intervals while requests fail: view and status bar say since when', () => {
    const now = T0 + 3 * MIN;
    const since = formatSince(T0, now);
    assert.match(since, /^\d\d:\d\d$/);
    assert.equal(staleSince(failing(now), now, 30_000), T0);
    assert.equal(statusBarModel(failing(now), now, 30_000).text, `$(error) 1 failed (stale since ${since})`);
    assert.match(statusBarModel(failing(now), now, 30_000).tooltipMarkdown, new RegExp(`\\*\\*Stale since ${since}\\*\\* \\(3 min ago\\)`));
    assert.equal(
      viewMessage(failing(now), now, 30_000),
      `Stale since ${since} (3 min ago): refreshes are failing. GET /api/bulk/syncs/status: connection refused (ECONNREFUSED)`,
    );
  });

  it('not stale: fresh data, manual mode, or no data at all', () => {
    const now = T0 + 60 * MIN;
    assert.equal(staleSince({ ...failing(now), lastError: undefined }, now, 30_000), undefined);
    assert.equal(staleSince(failing(now), now, 0), undefined);
    assert.equal(staleSince({ ...failing(now), snapshot: undefined }, now, 30_000), undefined);
    assert.equal(viewMessage({ ...failing(now), lastError: undefined }, now, 30_000), undefined);
  });

  it('"since" shows the date when it was another day', () => {
    assert.match(formatSince(T0 - 26 * 60 * MIN, T0), /^\d{4}-\d\d-\d\d \d\d:\d\d$/);
  });
});

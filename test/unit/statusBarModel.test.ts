import assert from 'node:assert/strict';
import type { Snapshot, ViewState } from '../../src/core/api/contract';
import { statusBarModel, viewMessage } from '../../src/core/view/statusBarModel';
import { MIN, T0, schema, snapshotOf, sync } from './helpers/fixtures';

describe('status bar and view message', () => {
  const ok = snapshotOf([sync('a', 'completed', []), sync('b', 'completed', [])]);
  const signedIn = (snapshot?: Snapshot, extra: Partial<ViewState> = {}): ViewState => ({ auth: 'signedIn', loading: false, snapshot, lastSuccessAt: snapshot ? T0 : undefined, ...extra });

  it('signed out: asks to sign in', () => {
    const model = statusBarModel({ auth: 'signedOut', loading: false }, T0);
    assert.equal(model.text, '$(account) Polytomic: Sign in');
    assert.equal(model.action, 'signIn');
    assert.equal(viewMessage({ auth: 'signedOut', loading: false }, T0), undefined);
  });

  it('key rejected: warns and asks to sign in again', () => {
    const state: ViewState = { auth: 'unauthorized', loading: false, snapshot: ok, lastError: { kind: 'unauthorized', message: 'GET /api/bulk/syncs/status: the API key was rejected (401)', at: T0 } };
    const model = statusBarModel(state, T0);
    assert.equal(model.text, '$(warning) Polytomic: key rejected');
    assert.equal(model.action, 'signIn');
    assert.equal(model.background, 'statusBarItem.warningBackground');
    assert.equal(viewMessage(state, T0), undefined, 'a message would hide the "key rejected" welcome view');
  });

  it('no data and an error: unreachable, reason in the tooltip', () => {
    const state = signedIn(undefined, { lastError: { kind: 'network', message: 'GET /api/bulk/syncs/status: connection refused (ECONNREFUSED)', at: T0 } });
    const model = statusBarModel(state, T0);
    assert.equal(model.text, '$(warning) Polytomic: unreachable');
    assert.match(model.tooltipMarkdown, /connection refused \\\(ECONNREFUSED\\\)/);
    assert.equal(viewMessage(state, T0), 'Could not load bulk syncs: GET /api/bulk/syncs/status: connection refused (ECONNREFUSED)');
  });

  it('loading before any data', () => {
    assert.equal(statusBarModel(signedIn(undefined, { loading: true }), T0).text, '$(sync~spin) Polytomic');
  });

  it('failures win: counts syncs with a failed sync or schema, lists them escaped', () => {
    const snap = snapshotOf(
      [
        sync('a', 'failed', []),
        sync('b', 'running', [schema('lead_<b>', 'failed')]),
        sync('c', 'errors', []),
        sync('d', 'running', []),
        sync('e', 'completed', []),
      ],
      [{ id: 'a', name: 'Orders [prod](command:x)' }],
    );
    const model = statusBarModel(signedIn(snap), T0);
    assert.equal(model.text, '$(error) 2 failed');
    assert.equal(model.background, 'statusBarItem.errorBackground');
    assert.equal(model.action, 'focusView');
    assert.ok(model.tooltipMarkdown.includes('**Orders \\[prod\\]\\(command\\:x\\)**: Failed'), model.tooltipMarkdown);
    assert.ok(model.tooltipMarkdown.includes('lead\\_\\<b\\>'), model.tooltipMarkdown);
  });

  it('lists at most ten failures', () => {
    const snap = snapshotOf(Array.from({ length: 13 }, (_, i) => sync(`s${i}`, 'failed', [])));
    const model = statusBarModel(signedIn(snap), T0);
    assert.equal(model.text, '$(error) 13 failed');
    assert.match(model.tooltipMarkdown, /and 3 more/);
  });

  it('then completed-with-errors, then running, then all ok', () => {
    assert.equal(statusBarModel(signedIn(snapshotOf([sync('c', 'errors', []), sync('d', 'running', [])])), T0).text, '$(warning) 1 with errors');
    assert.equal(statusBarModel(signedIn(snapshotOf([sync('d', 'running', []), sync('e', 'scheduled', []), sync('f', 'completed', [])])), T0).text, '$(sync~spin) 2 running');
    const fine = statusBarModel(signedIn(ok), T0);
    assert.equal(fine.text, '$(check) 2 syncs ok');
    assert.equal(fine.background, undefined);
    assert.equal(statusBarModel(signedIn(snapshotOf([])), T0).text, '$(pass) Polytomic');
  });

  it('stale data is kept and marked, with the reason', () => {
    const state = signedIn(ok, { lastSuccessAt: T0, lastError: { kind: 'server', message: 'GET /api/bulk/syncs/status: server error (500)', at: T0 + 3 * MIN } });
    const model = statusBarModel(state, T0 + 3 * MIN);
    assert.equal(model.text, '$(check) 2 syncs ok (stale)');
    assert.match(model.tooltipMarkdown, /Last updated 3 min ago\. Latest refresh failed: GET \\\/api\\\/bulk\\\/syncs\\\/status\\: server error \\\(500\\\)/);
    assert.equal(viewMessage(state, T0 + 3 * MIN), 'Last updated 3 min ago: GET /api/bulk/syncs/status: server error (500)');
  });

  it('fresh data has no view message', () => {
    assert.equal(viewMessage(signedIn(ok), T0), undefined);
  });
});

import assert from 'node:assert/strict';
import { SimClock, untilIdle } from '../support/simClock';
import { PolytomicClient } from '../../src/core/api/client';
import type { Logger, Snapshot, ViewState } from '../../src/core/api/contract';
import { Refresher } from '../../src/core/state/refresher';
import { SnapshotSource, type StatusApi } from '../../src/core/state/snapshotSource';
import { buildTreeModel } from '../../src/core/view/treeModel';
import { statusBarModel, viewMessage } from '../../src/core/view/statusBarModel';
import { DEMO_API_KEY, startApiServer, type Faults, type RunningApiServer } from '../../server/index';
import { counts, seenTexts } from './counts';

const START = Date.parse('2025-03-10T09:00:00Z');
const INTERVAL = 30_000;
const REFRESHES = 3000;

const MIXED: Faults = {
  serverError: { rate: 0.06 },
  rateLimit: { rate: 0.03, retryAfterSeconds: 2 },
  unavailable: { rate: 0.03, retryAfterSeconds: 1 },
  truncatedBody: { rate: 0.05 },
  nonJsonBody: { rate: 0.04 },
  connectionReset: { rate: 0.04 },
  unknownStatus: { rate: 0.05 },
};
/** every so often the profile changes for a while: slow answers (timeouts), a sneaky 200 HTML page, a revoked key */
const PHASES: Array<{ name: string; faults: Faults }> = [
  { name: 'mixed', faults: MIXED },
  { name: 'slow', faults: { ...MIXED, latencyMs: 60 } },
  { name: 'html 200', faults: { ...MIXED, nonJsonBody: { rate: 0.3, status: 200 } } },
  { name: 'revoked key', faults: { unauthorized: true } },
];

class CollectingLogger implements Logger {
  errors: string[] = [];
  private push(level: string, message: string): void {
    seenTexts.push(`[${level}] ${message}`);
    if (level === 'error') this.errors.push(message);
  }
  trace(m: string): void { this.push('trace', m); }
  debug(m: string): void { this.push('debug', m); }
  info(m: string): void { this.push('info', m); }
  warn(m: string): void { this.push('warn', m); }
  error(m: string): void { this.push('error', m); }
}

describe('reliability: thousands of refreshes under a mixed fault profile', function () {
  this.timeout(180_000);
  let server: RunningApiServer;
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown) => unhandled.push(reason);

  before(async () => {
    process.on('unhandledRejection', onUnhandled);
    process.on('uncaughtException', onUnhandled);
    server = await startApiServer({ clock: 'manual', startTime: START, seed: 7 });
  });
  after(async () => {
    process.off('unhandledRejection', onUnhandled);
    process.off('uncaughtException', onUnhandled);
    await server.stop();
  });

  it('never throws or leaks a rejection, always keeps the last good data, renders every state, and recovers at the first attempt after the faults stop', async () => {
    const clock = new SimClock(START, server);
    const logger = new CollectingLogger();
    // Two real clients. In the "slow" phase the server waits 60 ms before answering, so a 40 ms
    // timeout fails every request, however fast or loaded the machine. Every other request gets a
    // timeout no healthy local answer comes near, so load cannot turn a recovery into a failure.
    const clientWith = (timeoutMs: number) =>
      new PolytomicClient({ baseUrl: server.url, apiVersion: '2024-02-08', credentials: { kind: 'apiKey', apiKey: DEMO_API_KEY }, logger, timeoutMs, now: () => clock.now() });
    const patient = clientWith(30_000);
    const impatient = clientWith(40);
    let current = patient;
    const api: StatusApi = { getStatuses: (scope) => current.getStatuses(scope), listSyncs: () => current.listSyncs() };
    const source = new SnapshotSource({ client: api, scope: { kind: 'all' }, logger, now: () => clock.now() });
    let seed = 99;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const refresher = new Refresher({ clock, logger, intervalMs: INTERVAL, source, random });

    let lastGood: Snapshot | undefined;
    const problems: string[] = [];
    let renders = 0;
    let failedRefreshes = 0;
    let unknownSeen = 0;
    const errorKinds = new Set<string>();
    refresher.onDidChange((state: ViewState, diff) => {
      try {
        const models = state.snapshot ? buildTreeModel(state.snapshot, clock.now()) : [];
        const bar = statusBarModel(state, clock.now(), INTERVAL);
        const message = viewMessage(state, clock.now(), INTERVAL) ?? '';
        for (const text of [bar.text, bar.tooltipMarkdown, message, ...models.map((m) => m.description)]) {
          if (/undefined|NaN|\[object Object\]/.test(text)) problems.push(`nonsense rendered: ${text}`);
        }
        renders++;
      } catch (err) {
        problems.push(`render threw: ${String(err)}`);
      }
      if (state.loading) return;
      if (diff) {
        lastGood = state.snapshot;
        if (state.snapshot?.syncs.some((s) => s.status === 'reticulating' || s.schemas.some((c) => c.status === 'reticulating'))) unknownSeen++;
      } else if (state.lastError) {
        seenTexts.push(state.lastError.message);
        errorKinds.add(state.lastError.kind);
        if (lastGood && state.snapshot !== lastGood) problems.push(`a failed refresh (${state.lastError.kind}) lost the last good data`);
        if (!state.lastError.message || state.lastError.message.length > 600) problems.push(`unclear error: ${state.lastError.message}`);
      }
    });

    const settle = () => untilIdle(() => refresher.state.loading);
    let refreshes = 0;
    const step = async () => {
      const before = refresher.state;
      const due = clock.nextDue();
      if (due === undefined) {
        // Stopped (revoked key): the user refreshes by hand, as the view's Sign In Again would.
        void refresher.refresh('manual');
      } else {
        await clock.advanceTo(due, settle);
      }
      await settle();
      refreshes++;
      if (refresher.state.lastError && refresher.state.lastError !== before.lastError) failedRefreshes++;
    };

    refresher.start();
    await settle();
    refreshes++;
    const recoveries: number[] = [];
    let phase = 0;
    while (refreshes < REFRESHES) {
      const { faults } = PHASES[phase % PHASES.length];
      server.setFaults(faults);
      current = faults.latencyMs ? impatient : patient;
      const phaseLength = faults.unauthorized ? 5 : faults.latencyMs ? 20 : 200;
      for (let i = 0; i < phaseLength && refreshes < REFRESHES; i++) await step();
      // The faults stop: the very next attempt must succeed and clear the error, whatever wait
      // the policy had planned (a backoff or Retry-After from the last failure).
      server.clearFaults();
      current = patient;
      const stoppedAt = clock.now();
      const wasFailing = refresher.state.lastError !== undefined;
      await step();
      assert.equal(refresher.state.lastError, undefined, `still failing after the faults stopped (phase ${PHASES[phase % PHASES.length].name})`);
      assert.equal(refresher.state.auth, 'signedIn');
      if (wasFailing) recoveries.push(clock.now() - stoppedAt);
      // ...and then polls on the normal schedule: within one interval.
      const next = clock.nextDue();
      assert.ok(next !== undefined && next - clock.now() <= 10 * 60_000, 'back to the normal schedule after recovering');
      phase++;
    }
    refresher.dispose();

    counts.refreshes += refreshes;
    counts.faultsInjected += failedRefreshes + unknownSeen;
    assert.deepEqual(problems.slice(0, 5), []);
    assert.deepEqual(unhandled, [], 'no unhandled rejection or uncaught exception');
    assert.deepEqual(logger.errors, [], 'no exception escaped into the error log');
    assert.ok(failedRefreshes > REFRESHES / 5, `faults were injected (${failedRefreshes} failed refreshes)`);
    assert.ok(errorKinds.has('timeout'), `the slow phases timed out (error kinds seen: ${[...errorKinds].join(', ')})`);
    assert.ok(unknownSeen > 10, `unknown statuses reached the views (${unknownSeen})`);
    assert.ok(renders > REFRESHES, 'every state was rendered');
    console.log(`      ${refreshes} refreshes, ${failedRefreshes} failed, ${unknownSeen} with unknown statuses; ${recoveries.length} recoveries, slowest ${Math.max(...recoveries) / 1000} s after the faults stopped (the wait already planned)`);
  });
});

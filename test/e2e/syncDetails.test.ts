/**
 * The sync details view in a real VS Code (code-server + packaged .vsix) driven through headless
 * Chromium: Show Sync Details from the palette opens a webview for a sync with history, which
 * draws one bar per finished run (inside the webview's nested iframes), coloured with the
 * theme's chart colours, with no Content-Security-Policy complaint; its Start Run… button runs
 * the command and the panel follows the view's refresh; the row's inline button reveals the same
 * panel. The screenshot of the view is the README's (docs/images/sync-details.png).
 */
import * as assert from 'node:assert/strict';
import type { FrameLocator, Page } from 'playwright-core';
import { clearNotifications, demoKey, extensionStarted, runCommand, screenshot, serverStatuses, signInThroughPalette, sidebar, startWorld, stopAfterFirstFailure, stopWorld, treeRow, treeRows, widenSidebar, type World } from './workbench';

interface ServerExecution {
  completed_at?: string | null;
  is_test?: boolean;
  schemas?: Array<{ status?: string; started_at?: string | null; completed_at?: string | null }>;
}

/** Finished, non-test executions with at least one schema run that has both times: the bars the view should draw. */
async function finishedRuns(world: World, syncId: string): Promise<number> {
  const headers = { authorization: `Bearer ${demoKey}`, 'x-polytomic-version': '2024-02-08' };
  const res = await fetch(`${world.api.url}/api/bulk/syncs/${encodeURIComponent(syncId)}/executions?limit=100`, { headers });
  const body = (await res.json()) as { data: ServerExecution[] };
  const drawn = body.data.filter((e) => e.completed_at && !e.is_test && (e.schemas ?? []).some((s) => s.started_at && s.completed_at));
  return Math.min(30, drawn.length);
}

/** `#89d185` → `rgb(137, 209, 133)`, as getComputedStyle reports a fill. */
function rgb(hex: string): string {
  const m = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex);
  assert.ok(m, `a #rrggbb colour: ${hex}`);
  return `rgb(${m.slice(1).map((h) => parseInt(h, 16)).join(', ')})`;
}

/** The details webview's document: VS Code nests it in two iframes (the host frame, then the content). */
function detailsFrame(page: Page): FrameLocator {
  return page.frameLocator('iframe.webview.ready').frameLocator('iframe#active-frame');
}

type PickerWatch = { closes: number };
type Dom = {
  document: { querySelector(s: string): unknown };
  getComputedStyle(e: unknown): { display: string };
  MutationObserver: new (f: () => void) => { observe(e: unknown, o: object): void };
  pickerWatch?: PickerWatch;
};

/** From now on, counts the times the quick input widget is hidden. */
async function countPickerCloses(page: Page): Promise<void> {
  await page.evaluate(() => {
    const g = globalThis as unknown as Dom;
    const widget = g.document.querySelector('.quick-input-widget');
    const watch: PickerWatch = { closes: 0 };
    g.pickerWatch = watch;
    let shown = g.getComputedStyle(widget).display !== 'none';
    new g.MutationObserver(() => {
      const now = g.getComputedStyle(widget).display !== 'none';
      if (shown && !now) watch.closes++;
      shown = now;
    }).observe(widget, { attributes: true, attributeFilter: ['style', 'class'] });
  });
}

async function pickerCloses(page: Page): Promise<number> {
  return page.evaluate(() => (globalThis as unknown as Dom).pickerWatch?.closes ?? -1);
}

describe('Polytomic sync details in the browser', function () {
  this.timeout(90_000);
  let world: World;
  let page: Page;
  let syncId: string;
  let syncName: string;

  before(async function () {
    this.timeout(240_000);
    world = await startWorld();
    page = world.page;
    const { names, statuses } = await serverStatuses(world.api);
    // The completed sync with the longest history: the fullest chart for the README's screenshot.
    let most = 0;
    for (const s of statuses.filter((s) => s.status === 'completed' && (s.schemas ?? []).length > 1)) {
      const runs = await finishedRuns(world, s.sync_id);
      if (runs > most) [most, syncId] = [runs, s.sync_id];
    }
    assert.ok(syncId, 'a completed sync with several schemas');
    syncName = names.get(syncId)!;
  });

  after(async function () {
    await stopWorld(world);
  });

  stopAfterFirstFailure(() => page);

  it('signs in and shows the syncs', async function () {
    await page.locator('.activitybar [aria-label^="Polytomic"]').first().click();
    await sidebar(page).locator('.welcome-view-content').waitFor({ timeout: 30_000 });
    await widenSidebar(page, 420);
    await signInThroughPalette(page, demoKey);
    await treeRows(page).first().waitFor({ timeout: 20_000 });
    await treeRow(page, syncName).waitFor({ timeout: 20_000 });
    await clearNotifications(page);
  });

  it('Show Sync Details from the palette draws one bar per finished run, in the theme’s colours', async function () {
    const expected = await finishedRuns(world, syncId);
    assert.ok(expected >= 3, `the sync has history on the server (${expected} runs)`);
    await runCommand(page, 'Polytomic: Show Sync Details');
    const input = page.locator('.quick-input-widget input');
    await input.fill(syncName);
    await page.locator('.quick-input-list .monaco-list-row', { hasText: syncName }).first().waitFor();
    await page.keyboard.press('Enter');
    await page.locator('.tabs-container .tab', { hasText: syncName }).waitFor({ timeout: 15_000 });
    const frame = detailsFrame(page);
    await frame.locator('h1', { hasText: syncName }).waitFor({ timeout: 20_000 });
    const durationBars = frame.locator('#chart-duration svg rect.bar');
    // The history is loaded after the panel opens: wait for the bars, then count them.
    await durationBars.nth(expected - 1).waitFor({ timeout: 20_000 });
    assert.equal(await durationBars.count(), expected, 'one duration bar per finished run');
    assert.equal(await frame.locator('#chart-records svg rect.bar').count(), expected, 'one records bar per finished run');
    assert.equal(await frame.locator('.banner').count(), 0, 'no loading or error banner once loaded');
    const success = frame.locator('#chart-duration rect.bar.s-success').first();
    const [fill, green] = await success.evaluate((rect) => {
      const g = globalThis as unknown as { getComputedStyle(e: unknown): { fill: string; getPropertyValue(n: string): string }; document: { documentElement: unknown } };
      return [g.getComputedStyle(rect).fill, g.getComputedStyle(g.document.documentElement).getPropertyValue('--vscode-charts-green').trim()];
    });
    assert.ok(green, 'the webview has the theme’s chart colours');
    assert.equal(fill, rgb(green), `a completed run's bar is the theme's green (--vscode-charts-green ${green})`);
    assert.ok(await frame.locator('table.schemas tbody tr').count() > 1, 'a row per schema');
    await page.mouse.move(5, 5);
    await screenshot(page, 'sync-details');
  });

  it('the panel’s Start Run… button runs the command, and the panel follows the view: Cancel Run while it runs', async function () {
    const frame = detailsFrame(page);
    await frame.locator('button[data-action="startRun"]').click();
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Normal run' }).first().waitFor();
    await countPickerCloses(page);
    await page.keyboard.press('Enter');
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Real run' }).first().waitFor();
    await page.keyboard.press('Enter');
    await page.locator('.quick-input-widget input[placeholder^="Which schemas?"]').waitFor();
    // Between two pickers focus goes back to the panel for a moment, and the webview may then
    // take it back and close the next question: one picker asks all three.
    assert.equal(await pickerCloses(page), 0, 'the questions stay in one picker, which never closed between them');
    await page.keyboard.press('Enter');
    // The command refreshes the view; the panel, rendered from the same state, swaps its button.
    await frame.locator('button[data-action="cancelRun"]').waitFor({ timeout: 15_000 });
    assert.equal(await frame.locator('button[data-action="startRun"]').count(), 0);
    const status = (await serverStatuses(world.api)).statuses.find((s) => s.sync_id === syncId)?.status;
    assert.ok(status && status !== 'completed', `the server has the run (${status})`);
    await clearNotifications(page);
  });

  it('the row’s inline button reveals the same panel, and nothing broke the page policy', async function () {
    const row = treeRow(page, syncName);
    await row.hover();
    const button = row.locator('.actions .action-label[aria-label="Show Sync Details"]');
    await button.waitFor({ timeout: 10_000 });
    await button.click();
    await page.locator('.tabs-container .tab', { hasText: syncName }).waitFor();
    assert.equal(await page.locator('.tabs-container .tab', { hasText: syncName }).count(), 1, 'one tab for the sync');
    await extensionStarted(page);
    assert.deepEqual(world.consoleErrors, []);
  });
});

/**
 * A user's first session with the packaged extension, in a real VS Code (code-server) driven
 * through headless Chromium: every step acts through the UI, asserts what is on screen and saves a
 * screenshot to test-results/screens/. Steps build on each other, so after the first failure the
 * rest are skipped instead of reporting its echoes.
 */
import * as assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import {
  backgroundOf, clearNotifications, demoKey, extensionStarted, openWorkbench, rowLabels, runCommand, screenshot, serverStatuses, sidebar, signInThroughPalette, startWorld, statusBarItem, stopWorld,
  stopAfterFirstFailure, themeColor, treeRow, treeRows, widenSidebar, type World,
} from './workbench';

/** Codicon classes the tree shows per server status ('sync~spin' renders as codicon-sync + spin modifier). */
const ICON_CLASS: Record<string, string> = {
  created: 'codicon-loading',
  scheduled: 'codicon-loading',
  running: 'codicon-sync',
  exporting: 'codicon-sync',
  processing: 'codicon-sync',
  canceling: 'codicon-loading',
  completed: 'codicon-pass-filled',
  failed: 'codicon-error',
  errors: 'codicon-warning',
  interrupted: 'codicon-debug-disconnect',
  canceled: 'codicon-circle-slash',
};

const FAILURE_MESSAGE = 'REQUEST_LIMIT_EXCEEDED: TotalRequests Limit exceeded (quota 100,000 / 24 h).';
const IN_PROGRESS = new Set(['created', 'scheduled', 'running', 'exporting', 'processing']);

describe('Polytomic in the browser (code-server + packaged .vsix)', function () {
  this.timeout(90_000);
  stopAfterFirstFailure(() => page);
  let world: World;
  let page: Page;
  let failedSync: string;
  let failedSchema: string;

  before(async function () {
    this.timeout(240_000); // a fresh machine installs code-server first
    world = await startWorld();
    page = world.page;
    // One failure with a known message, whatever the time of day the demo organization is at:
    // a schema of a running sync fails (its finished schemas stay, the rest are canceled).
    const { names, statuses } = await serverStatuses(world.api);
    const running = statuses.find((s) => IN_PROGRESS.has(s.status ?? '') && (s.schemas ?? []).some((x) => IN_PROGRESS.has(x.status ?? '')));
    const target = running ?? statuses[0];
    failedSync = names.get(target.sync_id)!;
    failedSchema = (target.schemas ?? []).find((x) => IN_PROGRESS.has(x.status ?? ''))?.schema ?? world.api.schemaNames(target.sync_id)[0];
    world.api.failSync(target.sync_id, { schemas: [failedSchema], message: FAILURE_MESSAGE });
  });

  after(async function () {
    await stopWorld(world);
  });

  // Each step starts from where the one before it left off; in a filtered run (--grep) the steps
  // before may not have run, so these bring about the same starting point (no-ops otherwise).
  async function openView(): Promise<void> {
    if ((await sidebar(page).locator('.welcome-view-content, .pane-body .monaco-list-row').count()) === 0) {
      await page.locator('.activitybar [aria-label^="Polytomic"]').first().click();
    }
    await sidebar(page).locator('.welcome-view-content, .pane-body .monaco-list-row').first().waitFor({ timeout: 30_000 });
  }
  async function ensureSignedIn(): Promise<void> {
    await openView();
    if ((await treeRows(page).count()) > 0) return;
    await signInThroughPalette(page, demoKey);
    await treeRows(page).first().waitFor({ timeout: 20_000 });
    await clearNotifications(page);
  }

  it('opens the Polytomic view and shows the welcome view with a Sign In button', async function () {
    await page.locator('.activitybar [aria-label^="Polytomic"]').first().click();
    const welcome = sidebar(page).locator('.welcome-view-content');
    await welcome.waitFor({ timeout: 30_000 });
    await assertVisibleText(welcome, 'Sign in to see the status of your Polytomic bulk syncs.');
    await welcome.locator('.monaco-button', { hasText: 'Sign In' }).waitFor();
    await widenSidebar(page, 520);
    await statusBarItem(page, /Polytomic: Sign in/).waitFor();
    await screenshot(page, 'welcome');
  });

  it('signs in from the command palette by typing the key', async function () {
    await openView();
    await signInThroughPalette(page, demoKey);
    await page.locator('.notification-toast .notification-list-item-message', { hasText: 'signed in' }).waitFor({ timeout: 20_000 });
    await treeRows(page).first().waitFor({ timeout: 20_000 });
    assert.equal(await sidebar(page).locator('.welcome-view-content').count(), 0, 'the welcome view is gone');
    await screenshot(page, 'signed-in');
  });

  it('shows every sync with the icon of its status', async function () {
    await ensureSignedIn();
    const { names, statuses } = await serverStatuses(world.api);
    await waitForLabels(page, [...names.values()]);
    for (const status of statuses) {
      const row = treeRow(page, names.get(status.sync_id)!);
      const expected = status.status ? ICON_CLASS[status.status] : 'codicon-circle-outline';
      const icon = row.locator('.custom-view-tree-node-item-icon');
      assert.match((await icon.getAttribute('class')) ?? '', new RegExp(`\\b${expected}\\b`), `icon of ${names.get(status.sync_id)} (${status.status})`);
      assert.ok((await row.locator('.label-description').innerText()).length > 0, 'each sync has a description');
    }
    const failedRow = treeRow(page, failedSync);
    assert.match((await failedRow.locator('.label-description').innerText()), /failed/);
    await clearNotifications(page);
    await screenshot(page, 'syncs');
  });

  it("expands a sync and shows a schema's status message in its tooltip", async function () {
    await ensureSignedIn();
    await treeRow(page, failedSync).click();
    const schemaRow = treeRow(page, failedSchema);
    await schemaRow.waitFor();
    assert.match((await schemaRow.locator('.custom-view-tree-node-item-icon').getAttribute('class')) ?? '', /\bcodicon-error\b/);
    await schemaRow.locator('.label-name').hover();
    const hover = page.locator('.monaco-hover, .workbench-hover').filter({ hasText: 'REQUEST_LIMIT_EXCEEDED' }).first();
    await hover.waitFor({ timeout: 10_000 });
    const text = await hover.innerText();
    assert.ok(text.includes(FAILURE_MESSAGE), `tooltip shows the server's message; got: ${text}`);
    assert.match(text, /Failed/);
    await screenshot(page, 'schema-tooltip');
    await page.mouse.move(900, 400); // let the hover go
  });

  it('alerts in the status bar with the error background', async function () {
    await ensureSignedIn();
    const { statuses } = await serverStatuses(world.api);
    const failed = statuses.filter((s) => s.status === 'failed' || s.status === 'interrupted' || (s.schemas ?? []).some((x) => x.status === 'failed' || x.status === 'interrupted')).length;
    const item = statusBarItem(page, /^\s*\d+ failed/);
    await item.waitFor();
    assert.match(await item.innerText(), new RegExp(`\\b${failed} failed`));
    assert.equal(await item.locator('.codicon-error').count(), 1, 'the error icon');
    const background = await backgroundOf(item);
    const errorBackground = await themeColor(page, '--vscode-statusBarItem-errorBackground');
    assert.notEqual(errorBackground, 'rgba(0, 0, 0, 0)');
    assert.equal(background, errorBackground, 'statusBarItem.errorBackground');
    await item.hover();
    await page.locator('.monaco-hover, .workbench-hover').filter({ hasText: failedSync }).first().waitFor();
    await screenshot(page, 'status-bar-failure');
    await page.mouse.move(900, 400);
  });

  it('Refresh from the palette picks up a change made on the server', async function () {
    await ensureSignedIn();
    const id = world.api.syncIds()[world.api.syncIds().length - 1];
    const newName = 'Shopify → Postgres (renamed on the server)';
    world.api.renameSync(id, newName);
    assert.ok(!(await rowLabels(page)).includes(newName), 'not refreshed yet');
    await runCommand(page, 'Polytomic: Refresh');
    await treeRow(page, newName).waitFor({ timeout: 15_000 });
    await screenshot(page, 'after-refresh');
  });

  it('keeps the key across a reload of the window (SecretStorage)', async function () {
    await ensureSignedIn();
    await openWorkbench(world);
    // The workbench may restore the Polytomic view by itself a moment after the activity bar
    // shows its entry, or open the Explorer; clicking the entry while it is selected would close
    // the view. So give the restore time, and click only when the entry is not selected.
    const entry = page.locator('.activitybar .action-item').filter({ has: page.locator('[aria-label^="Polytomic"]') }).first();
    await entry.waitFor();
    const selected = async () => /\bchecked\b/.test((await entry.getAttribute('class')) ?? '');
    const waitSelected = async () => {
      for (let waited = 0; waited < 5_000 && !(await selected()); waited += 250) await page.waitForTimeout(250);
      return selected();
    };
    if (!(await waitSelected())) await entry.click();
    assert.ok(await waitSelected(), 'the Polytomic view is open');
    await treeRows(page).first().waitFor({ timeout: 30_000 });
    assert.equal(await sidebar(page).locator('.welcome-view-content').count(), 0, 'still signed in');
  });

  it('a key revoked on the server leads to the signed-out state', async function () {
    await ensureSignedIn();
    world.api.setFaults({ unauthorized: true });
    await runCommand(page, 'Polytomic: Refresh');
    await statusBarItem(page, /key rejected/).waitFor({ timeout: 15_000 });
    const welcome = sidebar(page).locator('.welcome-view-content');
    await welcome.waitFor({ timeout: 15_000 });
    await assertVisibleText(welcome, 'Polytomic rejected the key');
    await welcome.locator('.monaco-button', { hasText: 'Sign In Again' }).waitFor();
    assert.equal(await treeRows(page).count(), 0, 'no syncs are shown for a rejected key');
    await screenshot(page, 'key-revoked');
  });

  it('logs no errors in the browser console', async function () {
    await extensionStarted(page);
    assert.deepEqual(world.consoleErrors, []);
  });
});

async function assertVisibleText(locator: import('playwright-core').Locator, text: string): Promise<void> {
  const shown = await locator.innerText();
  assert.ok(shown.includes(text), `expected "${text}" on screen, got: ${shown}`);
}

async function waitForLabels(page: Page, labels: string[]): Promise<void> {
  const deadline = Date.now() + 15_000;
  let shown: string[] = [];
  while (Date.now() < deadline) {
    shown = await rowLabels(page);
    if (labels.every((l) => shown.includes(l))) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  assert.deepEqual(shown.slice().sort(), labels.slice().sort(), 'the tree shows every sync of the server');
}

/**
 * The browser suite's world: the local API server, code-server with the packaged .vsix installed
 * the way a user installs it, and a headless Chromium page on the workbench. Plus the few
 * workbench gestures the suite needs (palette, tree rows, hovers, status bar, screenshots).
 * Selectors are VS Code's own DOM (see docs/vscode-test-host.md); they held on 1.100 and 1.139.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { DEMO_API_KEY, startApiServer, type RunningApiServer } from '../../server';
import {
  installVsix, launchChromium, makeWorkspace, newRunDir, pruneRunDirs, repoRoot, startCodeServer, type RunningCodeServer,
} from '../../scripts/codeServer';
import { ensureCodeServer, type InstalledCodeServer } from '../../scripts/codeServerInstall';
import { isWorkbenchNoise } from './consoleNoise';

export const VSIX = path.join(repoRoot, 'dist', 'polytomic-bulk-syncs.vsix');
export const SCREENS_DIR = path.join(repoRoot, 'test-results', 'screens');
export const demoKey = DEMO_API_KEY;

export interface World {
  api: RunningApiServer;
  codeServer: RunningCodeServer;
  browser: Browser;
  page: Page;
  workspace: string;
  /** browser console errors other than the workbench's own known noise (see consoleNoise.ts) */
  consoleErrors: string[];
}

let screensCleared = false;

export interface WorldOptions {
  /** the opened folder's .vscode/settings.json (untrusted input, as a cloned repository's) */
  workspaceSettings?: Record<string, unknown>;
}

export async function startWorld(options: WorldOptions = {}): Promise<World> {
  assert.ok(fs.existsSync(VSIX), `${path.relative(repoRoot, VSIX)} is missing: run \`npm run package\` first (npm run test:e2e does)`);
  if (!screensCleared) {
    // Once per run: each suite file starts its own world, and all their screenshots are kept.
    fs.rmSync(SCREENS_DIR, { recursive: true, force: true });
    screensCleared = true;
  }
  fs.mkdirSync(SCREENS_DIR, { recursive: true });
  const install = ensureCodeServer();
  pruneRunDirs();
  // Manual clock: the organization holds still between a step and its assertion.
  const api = await startApiServer({ port: 0, clock: 'manual' });
  // Until the world is handed over, whatever started is stopped here if a later step throws: a
  // code-server child or a listening server left behind would keep mocha's process alive.
  const started: Array<() => Promise<void>> = [() => api.stop()];
  try {
    return await startRest(install, api, started, options);
  } catch (err) {
    for (const stop of started.reverse()) await stop().catch(() => undefined);
    throw err;
  }
}

async function startRest(
  install: InstalledCodeServer,
  api: RunningApiServer,
  started: Array<() => Promise<void>>,
  options: WorldOptions,
): Promise<World> {
  const runDir = newRunDir('e2e');
  installVsix(install, runDir, VSIX);
  // What a user would put in their settings to point the extension at a self-hosted Polytomic.
  const userSettings = {
    'polytomic.baseUrl': api.url,
    'polytomic.refreshInterval': 0, // refreshes only when a step asks, so each screen is the one asserted
    'workbench.startupEditor': 'none',
    'workbench.tips.enabled': false,
    'telemetry.telemetryLevel': 'off',
    'extensions.autoCheckUpdates': false, // (and no gallery: EXTENSIONS_GALLERY is empty)
    // Only values this VS Code takes as they are: one it migrates (1.139 renames the theme and
    // `extensions.autoUpdate: false`) makes it rewrite settings.json, a save whose extension-host
    // participants time out on a busy machine and log an error.
    'workbench.colorTheme': install.darkModernTheme,
    // the run folder sits inside this repository's checkout: keep Git's prompt off the screenshots
    'git.openRepositoryInParentFolders': 'never',
    // newer VS Code opens a Chat side bar by default; it is not part of this extension
    'workbench.secondarySideBar.defaultVisibility': 'hidden',
    'chat.disableAIFeatures': true,
  };
  fs.mkdirSync(path.join(runDir, 'ud', 'User'), { recursive: true });
  fs.writeFileSync(path.join(runDir, 'ud', 'User', 'settings.json'), JSON.stringify(userSettings, null, 2));
  const workspace = makeWorkspace(runDir, options.workspaceSettings);
  const codeServer = await startCodeServer({ install, workspace, runDir });
  started.push(() => codeServer.stop());
  const browser = await launchChromium();
  started.push(() => browser.close());
  const page = await browser.newPage({ viewport: { width: 1280, height: 760 } });
  const consoleErrors: string[] = [];
  page.on('console', (message) => {
    const entry = { type: message.type(), text: message.text(), source: message.location().url };
    if (entry.type === 'error' && !isWorkbenchNoise(entry)) consoleErrors.push(`${entry.text} (from ${entry.source || 'the page'})`);
  });
  // An exception nothing caught in the page is an error even when nobody logs it.
  page.on('pageerror', (error) => consoleErrors.push(`uncaught: ${error.message}`));
  const world: World = { api, codeServer, browser, page, workspace, consoleErrors };
  await openWorkbench(world);
  return world;
}

export async function openWorkbench(world: World): Promise<void> {
  await world.page.goto(`${world.codeServer.url}/?folder=${encodeURIComponent(world.workspace)}`);
  await world.page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
  await world.page.locator('.activitybar').waitFor();
}

export async function stopWorld(world: World | undefined): Promise<void> {
  if (!world) return;
  await world.browser.close().catch(() => undefined);
  await world.codeServer.stop();
  await world.api.stop();
}

let shotNumber = 0;
/**
 * For suites whose steps build on each other: after the first failure the remaining steps are
 * skipped (reported pending) rather than failing as echoes of it, and the screen at the failure is
 * saved as FAILED-<test>.png. Call inside the describe().
 */
export function stopAfterFirstFailure(page: () => Page | undefined): void {
  let failed = false;
  beforeEach(function () {
    if (failed) this.skip();
  });
  afterEach(async function () {
    if (this.currentTest?.state !== 'failed') return;
    failed = true;
    const current = page();
    if (current) await screenshot(current, `FAILED-${this.currentTest.title.replace(/[^A-Za-z0-9]+/g, '-').slice(0, 60)}`).catch(() => undefined);
  });
}

/** Saves test-results/screens/NN-<name>.png and returns its path. */
export async function screenshot(page: Page, name: string): Promise<string> {
  shotNumber += 1;
  const file = path.join(SCREENS_DIR, `${String(shotNumber).padStart(2, '0')}-${name}.png`);
  await page.screenshot({ path: file });
  return file;
}

/** Runs a command from the palette by its title, as a user types it. */
export async function runCommand(page: Page, title: string): Promise<void> {
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor();
  await input.fill(`>${title}`);
  const row = page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first();
  await row.waitFor();
  await page.keyboard.press('Enter');
}

/** Signs in as a user does: Polytomic: Sign In from the palette, API key, the key typed in. */
export async function signInThroughPalette(page: Page, key: string): Promise<void> {
  await runCommand(page, 'Polytomic: Sign In');
  await signInWithKey(page, key);
}

/** Sign In's questions, however it was started (palette, welcome view, a prompt's button): API key, then the key typed in. */
export async function signInWithKey(page: Page, key: string): Promise<void> {
  await page.locator('.quick-input-list .monaco-list-row', { hasText: 'API key' }).first().waitFor();
  await page.keyboard.press('Enter'); // the first choice: API key
  const keyInput = page.locator('.quick-input-widget input[type="password"]');
  await keyInput.waitFor();
  await keyInput.pressSequentially(key);
  await page.keyboard.press('Enter');
}

/** Drags the sidebar's edge so tree descriptions are readable in screenshots. */
export async function widenSidebar(page: Page, width: number): Promise<void> {
  const box = await sidebar(page).boundingBox();
  assert.ok(box, 'the sidebar is visible');
  const y = box.y + box.height / 2;
  await page.mouse.move(box.x + box.width - 1, y);
  await page.mouse.down();
  await page.mouse.move(box.x + width, y, { steps: 5 });
  await page.mouse.up();
  await page.mouse.move(box.x + width + 300, y); // off the sash, which stays highlighted while hovered
}

/** Clears the notification toasts so a screenshot shows the view, not leftovers of earlier steps. */
export async function clearNotifications(page: Page): Promise<void> {
  await runCommand(page, 'Notifications: Clear All Notifications');
  // Progress notifications close by themselves a moment after their task ends.
  await page.locator('.notification-toast').first().waitFor({ state: 'hidden', timeout: 10_000 }).catch(() => undefined);
}

export function sidebar(page: Page): Locator {
  return page.locator('.part.sidebar');
}

export function treeRows(page: Page): Locator {
  return page.locator('.part.sidebar .pane-body .monaco-list-row');
}

export function treeRow(page: Page, label: string): Locator {
  return treeRows(page).filter({ has: page.locator('.label-name', { hasText: label }) }).first();
}

export async function rowLabels(page: Page): Promise<string[]> {
  return treeRows(page).locator('.label-name').allInnerTexts();
}

export function statusBarItem(page: Page, text: RegExp): Locator {
  return page.locator('.statusbar-item').filter({ hasText: text }).first();
}

/**
 * Waits until the extension has activated (its status-bar item shows, whatever its state): in a
 * filtered run the console check may come first, and would otherwise look before activation.
 * (VS Code reports a rejection nobody handled a second after it happens; in a full run the steps
 * before give it that time, in a filtered run it may be missed.)
 */
export async function extensionStarted(page: Page): Promise<void> {
  await statusBarItem(page, /Polytomic|^\s*[\d,]+ (failed|with errors|running|syncs? ok)/).waitFor({ timeout: 30_000 });
}

/**
 * The page's DOM, typed just enough for the few evaluate() calls here (the project's tsconfig has no
 * DOM library: it type-checks Node code).
 */
interface PageGlobals {
  document: {
    createElement(tag: string): { style: Record<string, string>; remove(): void };
    querySelector(selector: string): { appendChild(child: unknown): void } | null;
  };
  getComputedStyle(element: unknown): { backgroundColor: string };
}

/** The theme colour a CSS custom property (e.g. --vscode-statusBarItem-errorBackground) resolves to. */
export async function themeColor(page: Page, cssVariable: string): Promise<string> {
  return page.evaluate((variable) => {
    const { document, getComputedStyle } = globalThis as unknown as PageGlobals;
    const probe = document.createElement('div');
    probe.style.backgroundColor = `var(${variable})`;
    document.querySelector('.monaco-workbench')!.appendChild(probe);
    const color = getComputedStyle(probe).backgroundColor;
    probe.remove();
    return color;
  }, cssVariable);
}

/** The background colour an element is painted with. */
export async function backgroundOf(locator: Locator): Promise<string> {
  return locator.evaluate((element) => (globalThis as unknown as PageGlobals).getComputedStyle(element).backgroundColor);
}

/** The server's public API, read with the demo key, for what the screen should show. */
export async function serverStatuses(api: RunningApiServer): Promise<{
  names: Map<string, string>;
  statuses: Array<{ sync_id: string; status?: string; schemas?: Array<{ schema: string; status?: string; status_message?: string }> }>;
}> {
  const headers = { authorization: `Bearer ${DEMO_API_KEY}`, 'x-polytomic-version': '2024-02-08' };
  const syncs = (await (await fetch(`${api.url}/api/bulk/syncs`, { headers })).json()) as { data: Array<{ id: string; name?: string }> };
  const status = (await (await fetch(`${api.url}/api/bulk/syncs/status?all=true`, { headers })).json()) as {
    data: Array<{ sync_id: string; status?: string; schemas?: Array<{ schema: string; status?: string; status_message?: string }> }>;
  };
  return { names: new Map(syncs.data.map((s) => [s.id, s.name ?? s.id])), statuses: status.data };
}

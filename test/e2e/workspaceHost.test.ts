/**
 * A cloned repository whose .vscode/settings.json points polytomic.baseUrl at another server (a
 * second local one here), opened with the packaged .vsix in code-server through Chromium. The key
 * the user signs in with goes only to the host it was verified with: that server receives nothing
 * until the user allows its host for this workspace and signs in there, all through the UI.
 */
import * as assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { startApiServer, type RunningApiServer } from '../../server';
import {
  demoKey, extensionStarted, runCommand, screenshot, sidebar, signInThroughPalette, signInWithKey, startWorld, statusBarItem, stopAfterFirstFailure, stopWorld, treeRows, type World,
} from './workbench';

describe("Polytomic in the browser: a workspace's polytomic.baseUrl names another server", function () {
  this.timeout(90_000);
  stopAfterFirstFailure(() => page);
  let world: World;
  let page: Page;
  let other: RunningApiServer;
  const host = (url: string) => new URL(url).host;
  const toast = (text: string) => page.locator('.notification-toast', { hasText: text }).first();

  before(async function () {
    this.timeout(240_000);
    other = await startApiServer({ port: 0, clock: 'manual' });
    world = await startWorld({ workspaceSettings: { 'polytomic.baseUrl': other.url } });
    page = world.page;
  });

  after(async function () {
    await stopWorld(world);
    await other?.stop();
  });

  it("tells the user the workspace's value is ignored, and signing in checks the key with the user's own host", async function () {
    await page.locator('.activitybar [aria-label^="Polytomic"]').first().click();
    await toast(`point polytomic.baseUrl at ${other.url}`).waitFor({ timeout: 30_000 });
    await screenshot(page, 'workspace-host-ignored');
    await signInThroughPalette(page, demoKey);
    await treeRows(page).first().waitFor({ timeout: 20_000 });
    await toast(`signed in to ${host(world.api.url)}`).waitFor({ timeout: 10_000 });
    assert.equal(other.requestCount(), 0, "the workspace's server received no request");
  });

  it('allowed, the key is still held back: the view and status bar say why, and nothing reaches that server', async function () {
    await runCommand(page, "Polytomic: Allow This Workspace's Host");
    const dialog = page.locator('.monaco-dialog-box');
    await dialog.waitFor({ timeout: 10_000 });
    assert.match(await dialog.innerText(), new RegExp(`Let this workspace point Polytomic at ${other.url.replace(/[.]/g, '\\.')}\\?`));
    await dialog.locator('.monaco-button', { hasText: 'Allow' }).click();
    await statusBarItem(page, /key not sent/).waitFor({ timeout: 10_000 });
    await toast(`your key was verified with ${world.api.url}`).waitFor({ timeout: 10_000 });
    // The view's message reaches the page on its own, after the status bar's: wait for it.
    await sidebar(page).locator('.pane-body', { hasText: `Nothing was sent: your key was verified with ${world.api.url}` }).first().waitFor({ timeout: 10_000 });
    await screenshot(page, 'workspace-host-key-held-back');
    assert.equal(other.requestCount(), 0, "the workspace's server received no request");
  });

  it("signing in there from the prompt works against the workspace's server", async function () {
    await toast(`your key was verified with ${world.api.url}`).locator('.monaco-button', { hasText: `Sign In to ${host(other.url)}` }).click();
    await signInWithKey(page, demoKey);
    await toast(`signed in to ${host(other.url)}`).waitFor({ timeout: 20_000 });
    await treeRows(page).first().waitFor({ timeout: 20_000 });
    await statusBarItem(page, /key not sent/).waitFor({ state: 'detached', timeout: 10_000 });
    assert.ok(other.requestCount() > 0, "the workspace's server is used once the key was verified there");
    await screenshot(page, 'workspace-host-signed-in');
  });

  it('logs no errors in the browser console', async function () {
    await extensionStarted(page);
    assert.deepEqual(world.consoleErrors, []);
  });
});

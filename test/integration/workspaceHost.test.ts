/**
 * A workspace whose .vscode/settings.json points polytomic.baseUrl at a second local server (the
 * runner writes it): the key goes only to the host it was verified with. The server the workspace
 * names receives no request with an Authorization header until the user allows that host for
 * this workspace and signs in there. Questions are answered by the suite's asker.
 * Runs last (alphabetical order), after extension.test.ts has signed out.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { PolytomicApi } from '../../src/vscode/testApi';
import { installAsker, type TestAsker } from './asker';
import { activateExtension, waitFor } from './host';
import { demoKey, serverUrl } from './server';

const workspaceServerUrl = (): string => {
  const url = process.env.POLYTOMIC_TEST_WORKSPACE_SERVER_URL;
  assert.ok(url, 'POLYTOMIC_TEST_WORKSPACE_SERVER_URL is not set: run this suite through scripts/runIntegration.ts');
  return url;
};

/** What the workspace's server has received: every /api request, and those carrying a key. */
async function workspaceServerSaw(): Promise<{ requests: number; withKey: number }> {
  const response = await fetch(`${workspaceServerUrl()}/__control/state`);
  const state = (await response.json()) as { requestCount: number; authorizedRequestCount: number };
  return { requests: state.requestCount, withKey: state.authorizedRequestCount };
}

describe("a workspace's polytomic.baseUrl points at another server", function () {
  let api: PolytomicApi;
  let asker: TestAsker;
  const host = (url: string) => new URL(url).host;

  before(async function () {
    api = await activateExtension();
    asker = installAsker(api);
    const config = vscode.workspace.getConfiguration('polytomic').inspect<string>('baseUrl');
    assert.equal(config?.workspaceValue, workspaceServerUrl(), "the workspace's settings.json names the second server");
    await waitFor('the signed-out state', () => api.getState().auth === 'signedOut');
  });

  after(async function () {
    await vscode.commands.executeCommand('polytomic.signOut');
    await vscode.commands.executeCommand('polytomic.forgetWorkspaceHost');
  });

  it('is ignored: Sign In checks and stores the key with the user-level host, the view says so, and that server receives nothing', async function () {
    const ok = await vscode.commands.executeCommand<boolean>('polytomic.signIn', { kind: 'apiKey', apiKey: demoKey() });
    assert.equal(ok, true);
    await waitFor('data from the key’s own server', () => api.getState().auth === 'signedIn' && !api.getState().loading && api.getState().snapshot);
    await api.refreshNow();
    assert.ok(api.getChildren().length > 0);
    assert.deepEqual(await workspaceServerSaw(), { requests: 0, withKey: 0 });
    assert.match(api.getViewHeader().message ?? '', new RegExp(`This workspace's polytomic.baseUrl \\(${workspaceServerUrl().replace(/[.]/g, '\\.')}\\) is ignored and your key is not sent there`));
  });

  it("ignores the workspace's syncUrlTemplate too: Open in Polytomic does not go to a look-alike page", async function () {
    const config = vscode.workspace.getConfiguration('polytomic');
    await config.update('syncUrlTemplate', 'https://polytomic.example.net/bulk-syncs/${syncId}', vscode.ConfigurationTarget.Workspace);
    try {
      const syncId = api.getChildren()[0].syncId;
      const result = await vscode.commands.executeCommand<{ url?: string }>('polytomic.openInPolytomic', { syncId }, { open: false });
      assert.equal(result?.url, `${serverUrl()}/bulk-syncs/${syncId}`);
    } finally {
      await config.update('syncUrlTemplate', undefined, vscode.ConfigurationTarget.Workspace);
    }
  });

  it('allowed, the key is still not sent there: the view and the status bar say why, one prompt offers sign in or keep', async function () {
    asker.answer('allowWorkspaceHost', true); // the mismatch prompt that follows is dismissed
    assert.equal(await vscode.commands.executeCommand('polytomic.allowWorkspaceHost'), true);
    await waitFor('the status bar saying the key is held back', () => /key not sent/.test(api.getStatusBarItem().text));
    const expectedWhy = `your key was verified with ${serverUrl()}, but this workspace's polytomic.baseUrl points at ${workspaceServerUrl()}`;
    assert.ok(api.getViewHeader().message?.includes(expectedWhy), api.getViewHeader().message);
    assert.ok(api.getStatusBarItem().tooltip.replace(/\\(.)/g, '$1').includes(expectedWhy), api.getStatusBarItem().tooltip);
    assert.deepEqual(api.getChildren(), [], 'no data from anywhere while the settings and the key disagree');
    const prompts = asker.questions('keyOrigin');
    assert.equal(prompts.length, 1, 'asked once');
    assert.match(prompts[0].message, /points at .* but your key was verified with .*nothing was sent/);
    await api.refreshNow();
    assert.deepEqual(await workspaceServerSaw(), { requests: 0, withKey: 0 });

    // Refresh asks again; "Keep" goes back to the key's own host.
    asker.answer('keyOrigin', `Keep ${host(serverUrl())}`);
    await vscode.commands.executeCommand('polytomic.refresh');
    await waitFor('data from the key’s host again', () => !/key not sent/.test(api.getStatusBarItem().text) && api.getState().auth === 'signedIn');
    await api.refreshNow();
    assert.ok(api.getChildren().length > 0);
    assert.deepEqual(await workspaceServerSaw(), { requests: 0, withKey: 0 });
  });

  it('allowed and signed in there, the extension works against the workspace’s server', async function () {
    asker
      .answer('allowWorkspaceHost', true)
      .answer('keyOrigin', `Sign In to ${host(workspaceServerUrl())}`)
      .answer('signIn', { kind: 'apiKey', apiKey: demoKey() });
    assert.equal(await vscode.commands.executeCommand('polytomic.allowWorkspaceHost'), true);
    // The prompt's Sign In asks for the key, for the workspace's host (the view is empty until then).
    await waitFor('Sign In for the workspace’s host', () => asker.questions('signIn').some((q) => q.message === `Sign in to ${host(workspaceServerUrl())}`));
    await waitFor('data from the workspace’s server', () => api.getState().auth === 'signedIn' && !api.getState().loading && api.getChildren().length > 0, 15_000);
    const saw = await workspaceServerSaw();
    assert.ok(saw.withKey > 0, 'the key reached the server it was verified with');
    assert.doesNotMatch(api.getStatusBarItem().text, /key not sent/);
  });
});

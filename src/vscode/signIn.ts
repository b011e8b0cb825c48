import * as vscode from 'vscode';
import { PolytomicClient } from '../core/api/client';
import { ApiError } from '../core/api/errors';
import type { Credentials, Logger } from '../core/api/contract';
import type { Asker } from './asker';
import { parseCredentials, type CredentialStore } from './credentials';
import type { Settings } from './settings';

export interface SignInDeps {
  store: CredentialStore;
  settings: () => Settings;
  logger: Logger;
  asker(): Asker;
  /** applies the new credentials at once (rebuild source + refresh) */
  onSignedIn: () => Promise<void>;
}

const API_KEY = 'API key';
const DEPLOYMENT_KEY = 'On-premises deployment key';

/**
 * Polytomic: Sign In. Without an argument it asks for the key; with
 * `{ kind: 'apiKey', apiKey }` or `{ kind: 'deploymentKey', organizationId, deploymentKey }`
 * (automation, tests) it skips the prompts. Either way the key is checked with one
 * `GET /api/me` before it is stored. Resolves true when a key was stored.
 */
export async function signIn(deps: SignInDeps, arg?: unknown): Promise<boolean> {
  let credentials: Credentials | undefined;
  if (arg !== undefined && arg !== null && typeof arg === 'object' && 'kind' in arg) {
    credentials = parseCredentials(arg);
    if (!credentials) {
      void vscode.window.showErrorMessage('Polytomic: Sign In was given incomplete credentials.');
      return false;
    }
  } else {
    const settings = deps.settings();
    credentials = await deps.asker().ask('signIn', `Sign in to ${hostOf(settings.baseUrl)}`, promptForCredentials);
    if (!credentials) return false; // cancelled
  }

  const settings = deps.settings();
  const host = hostOf(settings.baseUrl);
  const problem = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `Polytomic: checking the key with ${host}…` },
    () => checkCredentials(credentials, settings, deps.logger),
  );
  if (problem) {
    deps.logger.warn(`Sign in: key not stored: ${problem}`);
    void vscode.window.showErrorMessage(problem.startsWith('Polytomic') ? problem : `Polytomic: ${problem}`);
    return false;
  }

  // Bound to the origin it was just verified with: it is sent nowhere else.
  await deps.store.save(credentials, settings.baseUrl);
  deps.logger.info(`Sign in: ${credentials.kind === 'apiKey' ? 'API key' : 'deployment key'} stored for ${host}`);
  await deps.onSignedIn();
  void vscode.window.showInformationMessage(`Polytomic: signed in to ${host}.`);
  return true;
}

export async function signOut(deps: Pick<SignInDeps, 'store' | 'logger' | 'onSignedIn'>): Promise<void> {
  const had = await deps.store.getStored();
  await deps.store.clear();
  deps.logger.info(had ? 'Sign out: stored key deleted' : 'Sign out: no stored key');
  await deps.onSignedIn();
  if (!had) {
    void vscode.window.showInformationMessage('Polytomic: no key was stored in VS Code.');
  }
}

async function promptForCredentials(): Promise<Credentials | undefined> {
  const pick = await vscode.window.showQuickPick(
    [
      { label: API_KEY, detail: 'An organization API key: Polytomic → Settings → API keys.' },
      { label: DEPLOYMENT_KEY, detail: 'A deployment key and organization id of a self-hosted Polytomic.' },
    ],
    { title: 'Polytomic: Sign In', placeHolder: 'Which kind of key?', ignoreFocusOut: true },
  );
  if (!pick) return undefined;

  if (pick.label === API_KEY) {
    const apiKey = await vscode.window.showInputBox({
      title: 'Polytomic: Sign In with an API key',
      prompt: 'Paste the API key (Polytomic → Settings → API keys). It is kept in VS Code secret storage.',
      password: true,
      ignoreFocusOut: true,
      validateInput: validateKey,
    });
    return apiKey === undefined ? undefined : { kind: 'apiKey', apiKey: apiKey.trim() };
  }

  const organizationId = await vscode.window.showInputBox({
    title: 'Polytomic: Sign In with a deployment key (1/2)',
    prompt: 'Organization id',
    ignoreFocusOut: true,
    validateInput: (v) => (v.trim() === '' ? 'Enter the organization id.' : undefined),
  });
  if (organizationId === undefined) return undefined;
  const deploymentKey = await vscode.window.showInputBox({
    title: 'Polytomic: Sign In with a deployment key (2/2)',
    prompt: 'Deployment key. It is kept in VS Code secret storage.',
    password: true,
    ignoreFocusOut: true,
    validateInput: validateKey,
  });
  if (deploymentKey === undefined) return undefined;
  return { kind: 'deploymentKey', organizationId: organizationId.trim(), deploymentKey: deploymentKey.trim() };
}

function validateKey(value: string): string | undefined {
  const v = value.trim();
  if (v === '') return 'Enter the key.';
  if (/\s/.test(v)) return 'A key has no spaces; paste it again.';
  return undefined;
}

/** One `GET /api/me`; returns a message safe to show, or undefined when the key works. */
async function checkCredentials(credentials: Credentials, settings: Settings, logger: Logger): Promise<string | undefined> {
  const host = hostOf(settings.baseUrl);
  try {
    const client = new PolytomicClient({
      baseUrl: settings.baseUrl,
      apiVersion: settings.apiVersion,
      credentials,
      logger,
    });
    await client.me();
    return undefined;
  } catch (e) {
    return signInProblem(e, host);
  }
}

export function signInProblem(e: unknown, host: string): string {
  if (!(e instanceof ApiError)) return `Could not check the key: ${e instanceof Error ? e.message : String(e)}`;
  switch (e.kind) {
    case 'unauthorized':
      return `Polytomic rejected that key (401). Check that it is complete and belongs to ${host}.`;
    case 'forbidden':
      return `Polytomic accepted the key but refused access (403): ${e.message}`;
    case 'insecure':
      return `Refusing to send credentials over plain http to ${host}. Use an https:// base URL (polytomic.baseUrl).`;
    case 'network':
    case 'timeout':
      return `Could not reach ${host} to check the key: ${e.message}. Check polytomic.baseUrl and your network.`;
    case 'config':
      return `The base URL is not usable: ${e.message}. Check polytomic.baseUrl.`;
    default:
      return `Could not check the key with ${host}: ${e.message}`;
  }
}

export function hostOf(baseUrl: string): string {
  try {
    return new URL(baseUrl).host || baseUrl;
  } catch {
    return baseUrl;
  }
}

import * as vscode from 'vscode';
import type { Credentials } from '../core/api/contract';
import { originOf } from '../core/api/origin';
import { CLOUD_BASE_URL, deploymentUrlFromEnv } from './settings';

/** One SecretStorage entry holding the JSON of a `Credentials` value. */
export const SECRET_KEY = 'polytomic.credentials';

export type CredentialSource = 'secretStorage' | 'env';
export interface ResolvedCredentials {
  credentials: Credentials;
  source: CredentialSource;
  /**
   * The base URL the key was verified against (Sign In stores it with the key; environment keys
   * belong to POLYTOMIC_DEPLOYMENT_URL or Polytomic cloud). Undefined for a key stored by an
   * older version, which is bound to the user-level base URL when it is first read.
   */
  verifiedBaseUrl?: string;
}

type Env = Readonly<Record<string, string | undefined>>;

/**
 * Where the extension gets its key: SecretStorage first (what Sign In writes), then the
 * environment variables the user set for this VS Code process. Keys never leave this object
 * except towards the API client.
 */
export class CredentialStore implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  /** Fires when the stored credentials change, in this window or another one. */
  readonly onDidChange = this.changed.event;
  private readonly subscription: vscode.Disposable;

  constructor(
    private readonly secrets: vscode.SecretStorage,
    private readonly env: Env = process.env,
  ) {
    this.subscription = secrets.onDidChange((e) => {
      if (e.key === SECRET_KEY) this.changed.fire();
    });
  }

  async get(): Promise<ResolvedCredentials | undefined> {
    const stored = await this.getStoredEntry();
    if (stored) return { credentials: stored.credentials, source: 'secretStorage', ...(stored.verifiedBaseUrl ? { verifiedBaseUrl: stored.verifiedBaseUrl } : {}) };
    const fromEnv = credentialsFromEnv(this.env);
    return fromEnv ? { credentials: fromEnv, source: 'env', verifiedBaseUrl: deploymentUrlFromEnv(this.env) ?? CLOUD_BASE_URL } : undefined;
  }

  async getStored(): Promise<Credentials | undefined> {
    return (await this.getStoredEntry())?.credentials;
  }

  private async getStoredEntry(): Promise<{ credentials: Credentials; verifiedBaseUrl?: string } | undefined> {
    const raw = await this.secrets.get(SECRET_KEY);
    if (raw === undefined) return undefined;
    try {
      const value: unknown = JSON.parse(raw);
      const credentials = parseCredentials(value);
      if (!credentials) return undefined;
      const verified = (value as { verifiedBaseUrl?: unknown }).verifiedBaseUrl;
      return typeof verified === 'string' && originOf(verified) ? { credentials, verifiedBaseUrl: verified } : { credentials };
    } catch {
      return undefined; // a corrupt entry counts as none; Sign In overwrites it
    }
  }

  /** Stores the key with the base URL it was verified against: it is sent to that origin only. */
  async save(credentials: Credentials, verifiedBaseUrl: string): Promise<void> {
    await this.secrets.store(SECRET_KEY, JSON.stringify({ ...credentials, verifiedBaseUrl }));
  }

  async clear(): Promise<void> {
    await this.secrets.delete(SECRET_KEY);
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}

export function credentialsFromEnv(env: Env): Credentials | undefined {
  const apiKey = env.POLYTOMIC_API_KEY?.trim();
  if (apiKey) return { kind: 'apiKey', apiKey };
  const deploymentKey = env.POLYTOMIC_DEPLOYMENT_KEY?.trim();
  const organizationId = env.POLYTOMIC_ORGANIZATION_ID?.trim();
  if (deploymentKey && organizationId) return { kind: 'deploymentKey', organizationId, deploymentKey };
  return undefined;
}

/** Accepts exactly the two documented shapes, trimmed and non-empty; anything else is undefined. */
export function parseCredentials(value: unknown): Credentials | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const v = value as Record<string, unknown>;
  const text = (x: unknown) => (typeof x === 'string' && x.trim() !== '' ? x.trim() : undefined);
  if (v.kind === 'apiKey') {
    const apiKey = text(v.apiKey);
    return apiKey ? { kind: 'apiKey', apiKey } : undefined;
  }
  if (v.kind === 'deploymentKey') {
    const organizationId = text(v.organizationId);
    const deploymentKey = text(v.deploymentKey);
    return organizationId && deploymentKey ? { kind: 'deploymentKey', organizationId, deploymentKey } : undefined;
  }
  return undefined;
}

/** Identifies credentials without revealing them (for change detection, never for logs). */
export function credentialsFingerprint(c: Credentials | undefined): string {
  if (!c) return 'none';
  return c.kind === 'apiKey' ? `apiKey:${c.apiKey}` : `deploymentKey:${c.organizationId}:${c.deploymentKey}`;
}

/** What the log may say about credentials. */
export function describeCredentials(r: ResolvedCredentials | undefined): string {
  if (!r) return 'no credentials';
  const what = r.credentials.kind === 'apiKey' ? 'API key' : 'deployment key';
  return `${what} from ${r.source === 'env' ? 'environment' : 'secret storage'}`;
}

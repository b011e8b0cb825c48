/** A PolytomicClient for the unit tests, with the demo credentials (marked secret for the log checks). */
import type { ApiVersion, Credentials } from '../../../src/core/api/contract';
import { PolytomicClient } from '../../../src/core/api/client';
import { DEMO_API_KEY, DEMO_DEPLOYMENT_KEY, DEMO_ORGANIZATION_ID } from '../../../server';
import { MemoryLogger, secret } from './logger';

export const apiKey: Credentials = { kind: 'apiKey', apiKey: secret(DEMO_API_KEY) };
export const deploymentKey: Credentials = { kind: 'deploymentKey', organizationId: DEMO_ORGANIZATION_ID, deploymentKey: secret(DEMO_DEPLOYMENT_KEY) };
export const BASIC_TOKEN = secret(Buffer.from(`${DEMO_ORGANIZATION_ID}:${DEMO_DEPLOYMENT_KEY}`).toString('base64'));
export const WRONG_KEY = secret('pt_wrong_key_9f8e7d6c5b4a');

export function client(baseUrl: string, opts: { credentials?: Credentials; apiVersion?: ApiVersion; timeoutMs?: number; logger?: MemoryLogger } = {}): PolytomicClient {
  return new PolytomicClient({
    baseUrl,
    apiVersion: opts.apiVersion ?? '2024-02-08',
    credentials: opts.credentials ?? apiKey,
    timeoutMs: opts.timeoutMs,
    logger: opts.logger ?? new MemoryLogger(),
  });
}

/**
 * `tsx scripts/installCodeServers.ts`: installs every code-server version the suites run on, into
 * .vscode-test/ (cached). CI runs it before `npm test` so its log shows install time apart from
 * test time; without it each suite installs its version on first use.
 */
import * as path from 'node:path';
import { repoRoot } from './codeServer';
import { ensureCodeServer, testedCodeServerVersions } from './codeServerInstall';

for (const version of testedCodeServerVersions) {
  const installed = ensureCodeServer(version);
  console.log(`[code-server] ${version} ready: ${path.relative(repoRoot, installed.entry)} on ${installed.node}`);
}

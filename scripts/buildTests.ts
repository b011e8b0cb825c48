/** Bundles the in-host suite for VS Code's extension host: CommonJS, `vscode` left external. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as esbuild from 'esbuild';
import { repoRoot } from './codeServer';

export const inHostOutDir = path.join(repoRoot, 'out', 'test', 'integration');

/** Returns the entry the extension host calls (index.js, exporting run()). */
export async function buildInHostSuite(): Promise<string> {
  const srcDir = path.join(repoRoot, 'test', 'integration');
  const tests = fs.readdirSync(srcDir).filter((f) => f.endsWith('.test.ts'));
  fs.rmSync(inHostOutDir, { recursive: true, force: true });
  await esbuild.build({
    entryPoints: [path.join(srcDir, 'index.ts'), ...tests.map((f) => path.join(srcDir, f))],
    outdir: inHostOutDir,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode'],
    sourcemap: 'inline',
    logLevel: 'warning',
    // mocha's parallel mode (never used in the extension host) resolves worker files at runtime
    logOverride: { 'require-resolve-not-external': 'silent' },
  });
  return path.join(inHostOutDir, 'index.js');
}

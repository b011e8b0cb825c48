/**
 * Runs an extension's mocha suite inside code-server's extension host: the web workbench reads the
 * `payload` URL parameter (extensionDevelopmentPath + extensionTestsPath), loads the extension under
 * development and calls the tests entry's run(), exactly as @vscode/test-electron does on the desktop.
 * When run() settles, the workbench calls window.codeAutomationExit(code) in the page.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { launchChromium, makeWorkspace, newRunDir, startCodeServer } from './codeServer';
import type { InstalledCodeServer } from './codeServerInstall';

export interface InHostRunOptions {
  install: InstalledCodeServer;
  extensionPath: string;
  /** the bundled tests entry (.js) exporting run() */
  testsEntry: string;
  /** environment for the extension host (code-server passes its own on) */
  env?: Record<string, string | undefined>;
  /** workspace settings */
  settings?: Record<string, unknown>;
  timeoutMs?: number;
  /** receives every line the extension host's test run logs */
  onLog?: (line: string) => void;
}

export interface InHostRunResult {
  exitCode: number;
  runDir: string;
  durationMs: number;
}

export async function runInHost(options: InHostRunOptions): Promise<InHostRunResult> {
  const started = Date.now();
  const runDir = newRunDir('inhost');
  const workspace = makeWorkspace(runDir, options.settings);
  const server = await startCodeServer({ install: options.install, workspace, runDir, env: options.env, testPayload: true });
  // A Chromium that fails to start must not leave code-server running (it would outlive us).
  const browser = await launchChromium().catch(async (err: unknown) => {
    await server.stop();
    throw err;
  });
  try {
    const page = await browser.newPage();
    const exit = new Promise<number>((resolve) => {
      void page.exposeFunction('codeAutomationExit', (code: number) => resolve(Number(code)));
    });
    await page.exposeFunction('codeAutomationLog', (_level: string, message: string) => {
      for (const line of String(message).replace(/\n$/, '').split('\n')) options.onLog?.(line);
    });
    const remote = (p: string) => `vscode-remote://127.0.0.1:${server.port}${path.resolve(p)}`;
    const payload = JSON.stringify([
      ['extensionDevelopmentPath', remote(options.extensionPath)],
      ['extensionTestsPath', remote(options.testsEntry)],
    ]);
    const url = `${server.url}/?folder=${encodeURIComponent(workspace)}&payload=${encodeURIComponent(payload)}`;
    await page.goto(url);
    const timeoutMs = options.timeoutMs ?? 180_000;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<number>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`the in-host suite did not finish within ${timeoutMs / 1000} s (code-server log: ${server.logFile})`)),
        timeoutMs,
      );
    });
    try {
      const exitCode = await Promise.race([exit, timeout]);
      if (exitCode !== 0) {
        fs.mkdirSync(path.join(runDir, 'screens'), { recursive: true });
        await page.screenshot({ path: path.join(runDir, 'screens', 'end.png') }).catch(() => undefined);
      }
      return { exitCode, runDir, durationMs: Date.now() - started };
    } finally {
      clearTimeout(timer);
    }
  } finally {
    await browser.close().catch(() => undefined);
    await server.stop();
  }
}

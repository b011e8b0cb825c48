/**
 * Keeps the key with the origin it was verified against, in the extension's terms: which host a
 * workspace may point the extension at (the user's decision, remembered per workspace), what the
 * view and status bar say when the settings point elsewhere, and the one prompt that offers to
 * sign in for the new host or keep the old one.
 */
import * as vscode from 'vscode';
import { COMMANDS } from './commandIds';
import type { Logger, StatusBarModel } from '../core/api/contract';
import {
  allowWorkspacePrompt, ignoredWorkspaceMessage, mismatchPrompt, mismatchStatusBar, mismatchViewMessage, type OriginMismatch,
} from '../core/api/keyOrigin';
import { originOf } from '../core/api/origin';
import type { Asker } from './asker';
import { SECTION, type Settings } from './settings';

/** workspaceState entry: the host this workspace's settings may point at, or the one the user chose to ignore. */
const DECISION_KEY = 'polytomic.workspaceHost';
interface Decision {
  origin: string;
  allowed: boolean;
}

export interface KeyOriginGuardDeps {
  workspaceState: vscode.Memento;
  logger: Logger;
  asker(): Asker;
  /** re-reads settings and credentials after a decision */
  reapply(): void;
}

export class KeyOriginGuard {
  private mismatch?: OriginMismatch;
  /** the key's base URL, for "keep the old one" */
  private keyBaseUrl?: string;
  private ignoredOrigin?: string;
  /** prompts already shown, so each situation asks once */
  private readonly asked = new Set<string>();

  constructor(private readonly deps: KeyOriginGuardDeps) {}

  /** The origin this workspace's polytomic.baseUrl and syncUrlTemplate may use, when the user allowed one. */
  allowedOrigin(): string | undefined {
    const decision = this.decision();
    return decision?.allowed ? decision.origin : undefined;
  }

  /** Called on every configuration pass: remembers what is wrong and asks once about each new situation. */
  update(settings: Settings, mismatch: OriginMismatch | undefined, keyBaseUrl: string | undefined): void {
    this.mismatch = mismatch;
    this.keyBaseUrl = keyBaseUrl;
    const ignored = originOf(settings.ignoredWorkspaceBaseUrl);
    const decided = this.decision();
    this.ignoredOrigin = ignored !== undefined && !(decided && decided.origin === ignored && !decided.allowed) ? ignored : undefined;
    if (mismatch) {
      this.deps.logger.warn(`Key not sent: verified with ${mismatch.keyOrigin}, settings point at ${mismatch.baseOrigin}`);
      void this.promptOnce(`mismatch ${mismatch.keyOrigin} ${mismatch.baseOrigin}`, () => this.askMismatch());
    } else if (this.ignoredOrigin && vscode.workspace.isTrusted) {
      const origin = this.ignoredOrigin;
      this.deps.logger.warn(`Ignoring this workspace's polytomic.baseUrl (${origin}): its host is not allowed`);
      void this.promptOnce(`workspace ${origin}`, () => this.askAllowWorkspace(origin));
    }
  }

  /** What the view and status bar show instead of their usual content, if anything. */
  view(signedIn: boolean): { message?: string; notice?: string; statusBar?: StatusBarModel } {
    if (this.mismatch) return { message: mismatchViewMessage(this.mismatch), statusBar: mismatchStatusBar(this.mismatch) };
    // Signed out, the welcome view (with its Sign In button) must stay: it shows only while the message is empty.
    if (this.ignoredOrigin && signedIn) return { notice: ignoredWorkspaceMessage(this.ignoredOrigin, vscode.workspace.isTrusted) };
    return {};
  }

  get blocked(): boolean {
    return this.mismatch !== undefined;
  }

  /** The mismatch prompt again (Refresh while the key is held back). */
  async askAgain(): Promise<void> {
    if (this.mismatch) await this.askMismatch();
  }

  /** Polytomic: Allow This Workspace's Host. Always asks (modal), whoever runs the command. */
  async allowWorkspaceHost(): Promise<boolean> {
    const origin = originOf(this.workspaceBaseUrl());
    if (!origin) {
      void vscode.window.showInformationMessage('Polytomic: this workspace does not set polytomic.baseUrl.');
      return false;
    }
    if (!vscode.workspace.isTrusted) {
      void vscode.window.showWarningMessage('Polytomic: workspace settings are not used in Restricted Mode. Trust the workspace first.');
      return false;
    }
    const yes = await this.deps.asker().confirm(
      'allowWorkspaceHost',
      `Let this workspace point Polytomic at ${origin}? Your key is still sent only to the host it was verified with: you will be asked to sign in for ${origin}.`,
      'Allow',
    );
    if (!yes) return false;
    await this.decide({ origin, allowed: true });
    return true;
  }

  /** Polytomic: Forget This Workspace's Host: its settings are ignored again, and asked about again. */
  async forgetWorkspaceHost(): Promise<void> {
    await this.deps.workspaceState.update(DECISION_KEY, undefined);
    this.asked.clear();
    this.deps.logger.info("This workspace's Polytomic host decision was forgotten");
    this.deps.reapply();
  }

  private async askAllowWorkspace(origin: string): Promise<void> {
    const prompt = allowWorkspacePrompt(origin);
    const choice = await this.deps.asker().ask('workspaceHost', prompt.message, () =>
      vscode.window.showWarningMessage(prompt.message, prompt.allow, prompt.ignore),
    );
    if (choice === prompt.allow) await this.decide({ origin, allowed: true });
    else if (choice === prompt.ignore) await this.decide({ origin, allowed: false });
  }

  private async askMismatch(): Promise<void> {
    const mismatch = this.mismatch;
    if (!mismatch) return;
    const prompt = mismatchPrompt(mismatch);
    const choice = await this.deps.asker().ask('keyOrigin', prompt.message, () =>
      vscode.window.showWarningMessage(prompt.message, prompt.signIn, prompt.keep),
    );
    if (choice === prompt.signIn) {
      await vscode.commands.executeCommand(COMMANDS.signIn);
    } else if (choice === prompt.keep) {
      if (mismatch.fromWorkspace) {
        await this.decide({ origin: mismatch.baseOrigin, allowed: false });
      } else if (this.keyBaseUrl) {
        // The user's own setting moved: put it back where the key belongs.
        await vscode.workspace.getConfiguration(SECTION).update('baseUrl', this.keyBaseUrl, vscode.ConfigurationTarget.Global);
      }
    }
  }

  private async promptOnce(key: string, ask: () => Promise<void>): Promise<void> {
    if (this.asked.has(key)) return;
    this.asked.add(key);
    try {
      await ask();
    } catch (e) {
      this.deps.logger.error(`Polytomic prompt failed: ${e instanceof Error ? e.message : String(e)}`);
    }
  }

  private async decide(decision: Decision): Promise<void> {
    await this.deps.workspaceState.update(DECISION_KEY, decision);
    this.asked.clear(); // a new decision: what follows from it is asked about afresh
    this.deps.logger.info(`This workspace's polytomic.baseUrl host ${decision.origin}: ${decision.allowed ? 'allowed' : 'ignored'}`);
    this.deps.reapply();
  }

  private decision(): Decision | undefined {
    const value = this.deps.workspaceState.get<unknown>(DECISION_KEY);
    if (typeof value !== 'object' || value === null) return undefined;
    const { origin, allowed } = value as Record<string, unknown>;
    return typeof origin === 'string' && typeof allowed === 'boolean' ? { origin, allowed } : undefined;
  }

  private workspaceBaseUrl(): string | undefined {
    const inspected = vscode.workspace.getConfiguration(SECTION).inspect<string>('baseUrl');
    return [inspected?.workspaceFolderValue, inspected?.workspaceValue].find((v): v is string => typeof v === 'string' && v.trim() !== '');
  }
}

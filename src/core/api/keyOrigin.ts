/**
 * What the user is told when settings point somewhere the key does not belong: the key was
 * verified against one origin and is sent to that origin only. Pure text and models; the
 * extension decides when to show them.
 */
import type { StatusBarModel } from './contract';
import { escapeMarkdown } from '../view/markdown';
import { originOf } from './origin';

export interface OriginMismatch {
  /** where the key was verified */
  keyOrigin: string;
  /** where the settings point now */
  baseOrigin: string;
  /** the settings value comes from this workspace (allowed by the user) rather than user settings or the environment */
  fromWorkspace: boolean;
}

/** The mismatch, or undefined when the key may go to `baseUrl`. */
export function originMismatch(keyBaseUrl: string, baseUrl: string, fromWorkspace = false): OriginMismatch | undefined {
  const keyOrigin = originOf(keyBaseUrl);
  const baseOrigin = originOf(baseUrl);
  if (keyOrigin === undefined || baseOrigin === undefined || keyOrigin === baseOrigin) return undefined;
  return { keyOrigin, baseOrigin, fromWorkspace };
}

const where = (m: OriginMismatch) => (m.fromWorkspace ? "this workspace's polytomic.baseUrl" : 'polytomic.baseUrl');

/** The view's message: why nothing is shown, and what to do. */
export function mismatchViewMessage(m: OriginMismatch): string {
  return `Nothing was sent: your key was verified with ${m.keyOrigin}, but ${where(m)} points at ${m.baseOrigin}. Sign in for ${m.baseOrigin}, or keep using ${m.keyOrigin}.`;
}

/** The one prompt: sign in for the new host, or keep the old one. */
export function mismatchPrompt(m: OriginMismatch): { message: string; signIn: string; keep: string } {
  return {
    message: `Polytomic: ${where(m)} points at ${m.baseOrigin}, but your key was verified with ${m.keyOrigin}. The key is not sent to another host, so nothing was sent.`,
    signIn: `Sign In to ${hostOf(m.baseOrigin)}`,
    keep: `Keep ${hostOf(m.keyOrigin)}`,
  };
}

export function mismatchStatusBar(m: OriginMismatch): StatusBarModel {
  return {
    text: '$(shield) Polytomic: key not sent',
    tooltipMarkdown: escapeMarkdown(mismatchViewMessage(m), 500),
    background: 'statusBarItem.warningBackground',
    action: 'signIn',
    visible: true,
  };
}

/** A workspace value of polytomic.baseUrl that is ignored until the user allows its host. */
export function ignoredWorkspaceMessage(workspaceOrigin: string, trusted: boolean): string {
  return trusted
    ? `This workspace's polytomic.baseUrl (${workspaceOrigin}) is ignored and your key is not sent there. To use it, run "Polytomic: Allow This Workspace's Host".`
    : `This workspace's polytomic.baseUrl (${workspaceOrigin}) is ignored in Restricted Mode.`;
}

export function allowWorkspacePrompt(workspaceOrigin: string): { message: string; allow: string; ignore: string } {
  return {
    message: `Polytomic: this workspace's settings point polytomic.baseUrl at ${workspaceOrigin}. Workspace settings are ignored, and your key is not sent there, unless you allow this host for this workspace.`,
    allow: 'Allow for This Workspace',
    ignore: 'Keep Ignoring',
  };
}

function hostOf(origin: string): string {
  try {
    return new URL(origin).host;
  } catch {
    return origin;
  }
}

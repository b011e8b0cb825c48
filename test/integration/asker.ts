/**
 * The in-host suite's answers to the extension's questions. Installed through the test API
 * (`setAsker`, handed out only in ExtensionMode.Test), it sees every question the dialogs would
 * have shown, in order, and answers from what each test queued; an unqueued question is
 * dismissed (the user pressed Escape).
 */
import * as assert from 'node:assert/strict';
import type { Asker } from '../../src/vscode/asker';
import type { PolytomicTestApi } from '../../src/vscode/testApi';
import type { PolytomicApi } from '../../src/vscode/testApi';

export interface Question {
  id: string;
  message: string;
}

export class TestAsker implements Asker {
  readonly asked: Question[] = [];
  private readonly answers = new Map<string, unknown[]>();

  /** Queue answers to question `id` (a confirmation takes true/false; other questions their value). */
  answer(id: string, ...values: unknown[]): this {
    this.answers.set(id, [...(this.answers.get(id) ?? []), ...values]);
    return this;
  }

  /** The questions asked with `id`, oldest first. */
  questions(id: string): Question[] {
    return this.asked.filter((q) => q.id === id);
  }

  confirm(id: string, message: string): Promise<boolean> {
    this.asked.push({ id, message });
    return Promise.resolve(this.next(id) === true);
  }

  ask<T>(id: string, message: string): Promise<T | undefined> {
    this.asked.push({ id, message });
    return Promise.resolve(this.next(id) as T | undefined);
  }

  private next(id: string): unknown {
    return this.answers.get(id)?.shift();
  }
}

/** Installs a fresh TestAsker into the extension (which must be running its tests). */
export function installAsker(api: PolytomicApi): TestAsker {
  const testApi = api as PolytomicTestApi;
  assert.equal(typeof testApi.setAsker, 'function', 'activate() hands out setAsker in ExtensionMode.Test');
  const asker = new TestAsker();
  testApi.setAsker(asker);
  return asker;
}

/**
 * Entries of a response that broke the contract are dropped one by one (validate.ts); these
 * helpers name them and tell the log about them.
 */
import type { WarningSink } from './validate';

const MAX_DROPS_LOGGED = 10;

/**
 * Reports dropped entries to the log: the first ten in full (where, what it costs the user, why),
 * then how many more, so a server that breaks every entry cannot flood the log.
 */
export function droppedReporter(what: string, consequence: string, onWarning: WarningSink | undefined): { drop(place: string, reason: string): void; done(): void } {
  let dropped = 0;
  return {
    drop(place, reason) {
      if (++dropped <= MAX_DROPS_LOGGED) onWarning?.(`${what}: dropped ${place} (${consequence}): ${reason}`);
    },
    done() {
      if (dropped > MAX_DROPS_LOGGED) onWarning?.(`${what}: ${dropped - MAX_DROPS_LOGGED} more entries dropped`);
    },
  };
}

/** An entry's identity (`sync_id`, `schema`, `id`) when it has a usable one, even if other fields are bad. */
export function readableId(raw: unknown, key: string): string | undefined {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return undefined;
  const value = (raw as Record<string, unknown>)[key];
  return typeof value === 'string' && value.trim() !== '' ? value : undefined;
}

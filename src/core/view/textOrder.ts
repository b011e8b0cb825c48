/**
 * Names compared as people read them: case and accents aside, digits by value (`sync 2` before
 * `sync 10`). The collator is made on the first comparison, not when the module loads: the first
 * Intl object of a process loads ICU's data, 8–14 ms in a fresh Node process (`npm run bench`'s
 * start-up row), and a signed-out activation compares nothing. Once made it never changes: the
 * memo holds a constant, not state.
 */
function once<T>(make: () => T): () => T {
  let value: T | undefined;
  return () => (value ??= make());
}

const collator = once(() => new Intl.Collator('en', { sensitivity: 'base', numeric: true }));

/** Negative, zero or positive, as `Intl.Collator.compare` (equal for names that differ only in case or accents). */
export function compareText(a: string, b: string): number {
  return collator().compare(a, b);
}

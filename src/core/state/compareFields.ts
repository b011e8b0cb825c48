/**
 * Comparison from a table with one entry per key of the compared type: a field added to the type
 * does not compile until its table says how it compares (snapshot.ts, nodeView.ts). Each entry is
 * its own small function reading its field by name, so every property read stays monomorphic (fast
 * at 100,000 rows, unlike a loop reading `a[key]`).
 */
export type Same<T> = (a: T, b: T) => boolean;
export type FieldCompares<T> = { readonly [K in keyof T]-?: Same<T> };

/** Equal when every entry of the table says so. */
export function compareAll<T>(table: FieldCompares<T>): Same<T> {
  const entries = Object.values(table) as Array<Same<T>>;
  return (a, b) => {
    for (const same of entries) if (!same(a, b)) return false;
    return true;
  };
}

/**
 * Every key of T, optional ones included (as `undefined` when absent): `satisfies EveryField<T>` on
 * an object literal makes a forgotten field a compile error, and gives every such object one shape.
 */
export type EveryField<T> = { [K in keyof Required<T>]: T[K] | undefined };

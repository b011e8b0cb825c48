/**
 * Field-by-field comparison from a table typed over every key of the compared type: a field added
 * to the type does not compile until its table says how it compares (snapshot.ts, nodeView.ts).
 */
export type Same<T> = (a: T, b: T) => boolean;
export type SameEach<T> = { readonly [K in keyof T]-?: Same<T[K]> };

export const is = <T>(a: T, b: T): boolean => a === b;

export function compareAll<T>(table: SameEach<T>): Same<T> {
  const keys = Object.keys(table) as Array<keyof T>;
  return (a, b) => {
    for (const key of keys) if (!table[key](a[key], b[key])) return false;
    return true;
  };
}

/**
 * Every key of T, optional ones included (as `undefined` when absent): `satisfies EveryField<T>` on
 * an object literal makes a forgotten field a compile error, and gives every such object one shape.
 */
export type EveryField<T> = { [K in keyof Required<T>]: T[K] | undefined };

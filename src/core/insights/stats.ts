/** Robust statistics on small samples (at most a few dozen values). */

/** Median of the values (sorts the array it is given). NaN for none. */
export function medianInPlace(values: number[]): number {
  const n = values.length;
  if (n === 0) return NaN;
  values.sort((a, b) => a - b);
  const mid = n >> 1;
  return n % 2 ? values[mid] : (values[mid - 1] + values[mid]) / 2;
}

/**
 * Median of the values (reorders the array it is given): the same value as medianInPlace, found by
 * selection (expected linear time) instead of a sort, for the hundreds of durations a sync's
 * staleness takes the median of. NaN for none.
 */
export function medianBySelection(values: Float64Array): number {
  const n = values.length;
  if (n === 0) return NaN;
  const mid = n >> 1;
  const upper = select(values, mid);
  if (n % 2) return upper;
  // after select, values[0 .. mid-1] are the mid smallest: the largest of them is the lower middle
  let lower = values[0];
  for (let i = 1; i < mid; i++) if (values[i] > lower) lower = values[i];
  return (lower + upper) / 2;
}

/** The k-th smallest value (0-based); leaves smaller ones before index k and larger ones after. */
function select(a: Float64Array, k: number): number {
  let lo = 0;
  let hi = a.length - 1;
  while (lo < hi) {
    // median of three as pivot: sorted or equal runs (common in durations) stay linear
    const m = (lo + hi) >> 1;
    if (a[m] < a[lo]) swap(a, m, lo);
    if (a[hi] < a[lo]) swap(a, hi, lo);
    if (a[hi] < a[m]) swap(a, hi, m);
    const pivot = a[m];
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (a[i] < pivot) i++;
      while (a[j] > pivot) j--;
      if (i <= j) swap(a, i++, j--);
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return a[k];
  }
  return a[k];
}

function swap(a: Float64Array, i: number, j: number): void {
  const t = a[i];
  a[i] = a[j];
  a[j] = t;
}

/** Median absolute deviation from `center` (a copy is made; `values` is left as it is). */
export function mad(values: readonly number[], center: number): number {
  return medianInPlace(values.map((v) => Math.abs(v - center)));
}

/** 1.4826 x MAD estimates the standard deviation of normally distributed values. */
export const MAD_TO_SD = 1.4826;

/** 0 = Sunday, like Date.getUTCDay(), without building a Date. */
export function utcWeekday(epochMs: number): number {
  const days = Math.floor(epochMs / 86_400_000);
  return (((days + 4) % 7) + 7) % 7; // 1970-01-01 was a Thursday
}

/** `~12,400`: three significant figures, so "usually" does not pretend to a precision it lacks. */
export function roughly(n: number): number {
  if (!Number.isFinite(n) || Math.abs(n) < 1000) return Math.round(n);
  const scale = 10 ** (Math.floor(Math.log10(Math.abs(n))) - 2);
  return Math.round(n / scale) * scale;
}

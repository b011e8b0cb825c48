/** Robust statistics on small samples (at most a few dozen values). */

/** Median of the values (sorts the array it is given). NaN for none. */
export function medianInPlace(values: number[]): number {
  const n = values.length;
  if (n === 0) return NaN;
  values.sort((a, b) => a - b);
  const mid = n >> 1;
  return n % 2 ? values[mid] : (values[mid - 1] + values[mid]) / 2;
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

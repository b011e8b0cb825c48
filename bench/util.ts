/** Small helpers shared by the benchmark sections. */
import { performance } from 'node:perf_hooks';

export function median(values: number[]): number {
  const sorted = values.slice().sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

export function timeMs(fn: () => void): number {
  const started = performance.now();
  fn();
  return performance.now() - started;
}

export function fmt(n: number, digits = 1): string {
  return n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

export function kb(bytes: number): string {
  return `${fmt(bytes / 1024, 1)} KB`;
}

export function gc(): void {
  const collect = (globalThis as { gc?: () => void }).gc;
  if (!collect) throw new Error('run with node --expose-gc (npm run bench does)');
  collect();
  collect();
}

export interface Row {
  figure: string;
  value: string;
  reference: string;
  target: string;
  verdict: string;
}

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

/**
 * A full GC, then 30 ms for V8 to finish sweeping on its helper threads: process.cpuUsage counts
 * every thread, so a measured window opened sooner would pay for the collection.
 */
export async function collectedAndSwept(): Promise<void> {
  gc();
  await new Promise((resolve) => setTimeout(resolve, 30));
}

/** This process's CPU (all threads) since `start` (a process.cpuUsage() reading), in ms. */
export function cpuMsSince(start: NodeJS.CpuUsage): number {
  const cpu = process.cpuUsage(start);
  return (cpu.user + cpu.system) / 1000;
}

export interface Row {
  figure: string;
  value: string;
  reference: string;
  target: string;
  verdict: string;
}

/**
 * Relative times in a row's one-line description, coarser the further they are from now, so a
 * 20 s relative-time tick redraws few rows (issue 15: at 2,000 syncs a third of the rows show a
 * minute-level time). Tooltips, history and notifications keep the precise text (format.ts).
 *
 * `deltaMs = now - then` (positive: past, negative: future):
 * - under 1 min: `just now`; a future time 5 s or more ahead: `in under 1 min`;
 * - 1 to 2 min ago: `1 min ago`;
 * - 2 to 10 min: 2-minute steps (`4 min ago`, `in 6 min`). Whole minutes here redrew about 135
 *   rows per 20 s tick at 2,000 syncs (bench/tickOnly.ts), most of them in this band; 2-minute
 *   steps bring it to about 80;
 * - 10 to 60 min: 10-minute steps (5-minute steps still redrew about 150 rows per tick).
 * Everywhere the past rounds down (`20 min ago`: 20 to 29 min ago, like every "ago" here) and the
 * future rounds up, so the text never says a run is sooner than it is (`in 30 min` for over 20 up
 * to 30 min; `in 1 h` for over 50 min);
 * - an hour and more: as formatRelative (`3 h ago`, `in 3 h`, `2 d ago`).
 */
import { formatRelative } from './format';

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

/** `deltaMs` (abs ≥ 1 min, < 1 h) in steps of `step` minutes: the past rounded down, the future up. */
function stepped(deltaMs: number, step: number): string {
  const abs = Math.abs(deltaMs);
  if (deltaMs > 0) return `${Math.floor(abs / (step * MINUTE)) * step} min ago`;
  const minutes = Math.ceil(abs / (step * MINUTE)) * step;
  return minutes >= 60 ? 'in 1 h' : `in ${minutes} min`;
}

export function formatDescriptionRelative(deltaMs: number): string {
  if (!Number.isFinite(deltaMs)) return '';
  const abs = Math.abs(deltaMs);
  if (deltaMs > -5 * SECOND && deltaMs < MINUTE) return 'just now';
  if (abs < MINUTE) return 'in under 1 min';
  if (abs >= HOUR) return formatRelative(deltaMs);
  if (deltaMs > 0 && abs < 2 * MINUTE) return '1 min ago';
  return stepped(deltaMs, abs <= 10 * MINUTE ? 2 : 10);
}

const DAY = 24 * HOUR;

/**
 * Every `now - then` at which a description's time may read differently (formatMoment with
 * formatDescriptionRelative, and whether `then` is still ahead), ascending: the steps above on
 * both sides of zero, formatRelative's whole hours up to 2 days and whole days up to formatMoment's
 * 400-day limit. Extra entries only make a text recomputed sooner; a missing one would leave it
 * stale, which the unit test checks against the formatter itself.
 */
const CHANGES: readonly number[] = (() => {
  const magnitudes = [5 * SECOND, MINUTE, 2 * MINUTE, 4 * MINUTE, 6 * MINUTE, 8 * MINUTE, 10 * MINUTE, 20 * MINUTE, 30 * MINUTE, 40 * MINUTE, 50 * MINUTE];
  for (let h = 1; h <= 48; h++) magnitudes.push(h * HOUR);
  for (let d = 2; d <= 400; d++) magnitudes.push(d * DAY);
  return [0, ...magnitudes, ...magnitudes.map((m) => -m)].sort((a, b) => a - b);
})();

/**
 * The first time at or after `now` at which `then`'s description time (or whether `then` is
 * still in the future) may read differently: it reads the same at every time in [now, result).
 * Returns `now` itself when `now` sits on a step (recompute next time), Infinity past the last step.
 * The tree uses it to skip a row's description on a tick until it can have moved.
 */
export function descriptionTimeChangesAt(then: number, now: number): number {
  const delta = now - then;
  if (!Number.isFinite(delta)) return Infinity;
  let lo = 0;
  let hi = CHANGES.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (CHANGES[mid] < delta) lo = mid + 1;
    else hi = mid;
  }
  return lo === CHANGES.length ? Infinity : then + CHANGES[lo];
}

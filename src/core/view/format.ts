/** Small, deterministic formatters for descriptions and tooltips (English UI, en-US numbers). */

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** `1,520`. Integers are grouped by hand: Intl's format() dominated building 100,000 tree nodes. */
export function formatCount(n: number): string {
  // rare (not a count the server should send): no Intl object kept, nor made at load (textOrder.ts says why)
  if (!Number.isSafeInteger(n) || n < 0) return n.toLocaleString('en-US');
  if (n < 1000) return String(n);
  const digits = String(n);
  let head = digits.length % 3 || 3;
  let out = digits.slice(0, head);
  for (; head < digits.length; head += 3) out += ',' + digits.slice(head, head + 3);
  return out;
}

/** `1 record`, `1,520 records` */
export function plural(n: number, singular: string, pluralForm = singular + 's'): string {
  return `${formatCount(n)} ${n === 1 ? singular : pluralForm}`;
}

function span(ms: number): string {
  if (ms < MINUTE) return `${Math.floor(ms / SECOND)} s`;
  if (ms < HOUR) return `${Math.floor(ms / MINUTE)} min`;
  if (ms < 2 * DAY) return `${Math.floor(ms / HOUR)} h`;
  return `${Math.floor(ms / DAY)} d`;
}

/**
 * `deltaMs = now - then`. Positive: `12 min ago`; negative: `in 12 min`; under 5 s either way:
 * `just now` (clocks of client and server are never exactly aligned).
 */
export function formatRelative(deltaMs: number): string {
  if (!Number.isFinite(deltaMs)) return '';
  const abs = Math.abs(deltaMs);
  if (abs < 5 * SECOND) return 'just now';
  return deltaMs > 0 ? `${span(abs)} ago` : `in ${span(abs)}`;
}

/**
 * Further from now than this, a relative span says nothing ("in 355047 d": a server's placeholder
 * or a bug) and the date itself is shown instead (formatMoment, formatWhen). A schedule a year
 * ahead or a run a year ago still reads as a span.
 */
const PLAUSIBLE_SPAN = 400 * DAY;

function isPlausible(deltaMs: number): boolean {
  return Math.abs(deltaMs) <= PLAUSIBLE_SPAN;
}

/**
 * A server time for a one-line description: `12 min ago`, `in 3 h`, or `on 2999-01-01` when
 * implausibly far. `relative` words the span (tree rows pass descriptionTime's coarser one).
 */
export function formatMoment(epochMs: number, now: number, relative: (deltaMs: number) => string = formatRelative): string {
  return isPlausible(now - epochMs) ? relative(now - epochMs) : `on ${formatAbsolute(epochMs).slice(0, -9)}`;
}

/** `850 ms`, `42 s`, `3 min 20 s`, `2 h 5 min`, `3 d 4 h` */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '';
  if (ms < SECOND) return `${Math.round(ms)} ms`;
  if (ms < MINUTE) return `${Math.floor(ms / SECOND)} s`;
  if (ms < HOUR) {
    const s = Math.floor((ms % MINUTE) / SECOND);
    return `${Math.floor(ms / MINUTE)} min${s ? ` ${s} s` : ''}`;
  }
  if (ms < DAY) {
    const m = Math.floor((ms % HOUR) / MINUTE);
    return `${Math.floor(ms / HOUR)} h${m ? ` ${m} min` : ''}`;
  }
  const h = Math.floor((ms % DAY) / HOUR);
  return `${Math.floor(ms / DAY)} d${h ? ` ${h} h` : ''}`;
}

function pad(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

/** Local wall-clock time, `2024-01-15 09:30:00`: unambiguous, sortable, locale-independent. */
export function formatAbsolute(epochMs: number): string {
  const d = new Date(epochMs);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

/** `12 min ago (2024-01-15 09:30:00)`; only the date and time when implausibly far from now */
export function formatWhen(epochMs: number, now: number): string {
  if (!isPlausible(now - epochMs)) return formatAbsolute(epochMs);
  return `${formatRelative(now - epochMs)} (${formatAbsolute(epochMs)})`;
}

/**
 * A point in the past for "stale since …": `09:30` today, `2024-01-14 09:30` on another day
 * (local time, like formatAbsolute).
 */
export function formatSince(epochMs: number, now: number): string {
  const full = formatAbsolute(epochMs);
  const sameDay = full.slice(0, 10) === formatAbsolute(now).slice(0, 10);
  return sameDay ? full.slice(11, 16) : full.slice(0, 16);
}

/**
 * Sync schedules. Every periodic frequency is reduced to (period, offset) in UTC so that the
 * next and previous run times are simple arithmetic, whatever the clock does.
 */

export type Frequency = 'manual' | 'continuous' | 'hourly' | 'daily' | 'weekly' | 'custom';

/** What the API shows (2024-02-08 `schedule`; 2025-09-18 `default_schedule`). Fields are strings, as in Polytomic. */
export interface ScheduleView {
  frequency: Frequency;
  minute?: string;
  hour?: string;
  day_of_week?: string;
  day_of_month?: string;
  month?: string;
}

export interface Schedule {
  view: ScheduleView;
  /** period in ms for periodic schedules; 0 for manual and continuous */
  periodMs: number;
  /** offset of the first tick from the epoch, ms */
  offsetMs: number;
  /** continuous: pause between the end of one run and the start of the next */
  gapMs: number;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const DAY_NAMES = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];

export function manualSchedule(): Schedule {
  return { view: { frequency: 'manual' }, periodMs: 0, offsetMs: 0, gapMs: 0 };
}

export function continuousSchedule(gapMs: number): Schedule {
  return { view: { frequency: 'continuous' }, periodMs: 0, offsetMs: 0, gapMs };
}

export function hourlySchedule(minute: number): Schedule {
  return { view: { frequency: 'hourly', minute: String(minute) }, periodMs: HOUR, offsetMs: minute * MINUTE, gapMs: 0 };
}

export function dailySchedule(hour: number, minute: number): Schedule {
  return {
    view: { frequency: 'daily', hour: String(hour), minute: String(minute) },
    periodMs: DAY,
    offsetMs: hour * HOUR + minute * MINUTE,
    gapMs: 0,
  };
}

/** dayOfWeek: 0 = Sunday */
export function weeklySchedule(dayOfWeek: number, hour: number, minute: number): Schedule {
  // 1970-01-01 was a Thursday (day 4)
  const daysFromThursday = (dayOfWeek - 4 + 7) % 7;
  return {
    view: { frequency: 'weekly', day_of_week: DAY_NAMES[dayOfWeek], hour: String(hour), minute: String(minute) },
    periodMs: 7 * DAY,
    offsetMs: daysFromThursday * DAY + hour * HOUR + minute * MINUTE,
    gapMs: 0,
  };
}

/** A cron-like "every N minutes" schedule (`frequency: custom`, `minute: "*\/N"`). */
export function everyMinutesSchedule(minutes: number): Schedule {
  return {
    view: { frequency: 'custom', minute: `*/${minutes}`, hour: '*', day_of_week: '*', day_of_month: '*', month: '*' },
    periodMs: minutes * MINUTE,
    offsetMs: 0,
    gapMs: 0,
  };
}

export function isPeriodic(s: Schedule): boolean {
  return s.periodMs > 0;
}

/** The first tick strictly after `t` (periodic schedules only). */
export function nextTick(s: Schedule, t: number): number {
  const k = Math.floor((t - s.offsetMs) / s.periodMs) + 1;
  return k * s.periodMs + s.offsetMs;
}

/** The last tick at or before `t` (periodic schedules only). */
export function previousTick(s: Schedule, t: number): number {
  const k = Math.floor((t - s.offsetMs) / s.periodMs);
  return k * s.periodMs + s.offsetMs;
}

/**
 * Generating the simulated organization: each sync's role (the first ones fixed so a demo shows
 * every status), its name, schemas, sizes and schedule, and its past executions. Every draw
 * comes from generators seeded by the organization seed, in a fixed order, so one seed always
 * gives the same organization.
 */
import { DESTINATIONS, REGION_SUFFIXES, SOURCES, SYNC_PAIRS } from './catalog';
import { planExecution, shiftExecution } from './executionPlan';
import type { Execution, ExecutionOutcome, OrganizationOptions, Role, ScheduleMix, Sync } from './model';
import { mixSeed, Random } from './prng';
import {
  continuousSchedule, dailySchedule, everyMinutesSchedule, hourlySchedule, isPeriodic, manualSchedule,
  nextTick, previousTick, weeklySchedule, type Schedule,
} from './schedule';

/** Keeps a generated past execution in the organization (oldest first). */
export type KeepExecution = (sync: Sync, exec: Execution) => void;

/**
 * The first syncs always show the variety a demo needs (running, failed, completed with errors,
 * inactive, continuous); the rest are drawn at random.
 */
export function assignRoles(count: number, random: Random, mix: ScheduleMix): Role[] {
  // A typical organization has no continuous sync: that slot is an ordinary finished sync.
  const featured: Role[] = ['running', 'failed', 'errors', 'inactive', mix === 'typical' ? 'completed' : 'continuousRunning', 'completed'];
  const roles: Role[] = [];
  for (let i = 0; i < count; i++) {
    if (i < featured.length) {
      roles.push(featured[i]);
      continue;
    }
    const r = random.float();
    roles.push(r < 0.1 ? 'running' : r < 0.18 ? 'failed' : r < 0.26 ? 'errors' : r < 0.38 ? 'inactive' : 'completed');
  }
  return roles;
}

export function createSync(index: number, options: OrganizationOptions, role: Role, keep: KeepExecution): Sync {
  const random = new Random(mixSeed(options.seed, index, 0x5c));
  const [sourceKey, destinationKey] = SYNC_PAIRS[index % SYNC_PAIRS.length];
  const source = SOURCES[sourceKey];
  const destination = DESTINATIONS[destinationKey];
  const round = Math.floor(index / SYNC_PAIRS.length);
  let name = `${source.name} → ${destination.name}`;
  if (round > 0) {
    const k = round - 1;
    const suffix = REGION_SUFFIXES[k % REGION_SUFFIXES.length] + (k >= REGION_SUFFIXES.length ? ` ${Math.floor(k / REGION_SUFFIXES.length) + 1}` : '');
    name += ` (${suffix})`;
  }
  const id = random.uuid();
  const maxSchemas = Math.max(1, options.schemas);
  const count = random.int(Math.min(3, maxSchemas), maxSchemas);
  const schemas: string[] = [];
  for (let k = 0; k < count; k++) {
    const base = source.tables[k % source.tables.length];
    schemas.push(k < source.tables.length ? base : `${base}_archive_${Math.floor(k / source.tables.length)}`);
  }
  const sizes = new Map<string, number>();
  const shares = new Map<string, number>();
  const outputNames = new Map<string, string>();
  // Its own stream, so the rest of the organization is what it was before shares existed.
  const shareRandom = new Random(mixSeed(options.seed, index, 0x5a7e));
  for (const schema of schemas) {
    const f = random.range(0.05, 1.3);
    sizes.set(schema, Math.round(source.rowScale * f * f) + random.int(40, 4000));
    shares.set(schema, shareRandom.range(0.001, 0.04));
    outputNames.set(schema, destination.outputName(schema, sourceKey));
  }

  let schedule: Schedule;
  if ((options.scheduleMix ?? 'demo') === 'typical') {
    // Hourly and daily (about half each among the finished ones), one sync every 15 min (the
    // featured failing one), nothing continuous. Daily hours fall anywhere in the UTC day.
    if (role === 'failed' && index === 1) schedule = everyMinutesSchedule(15);
    else if (role !== 'completed' && role !== 'inactive') schedule = hourlySchedule(random.int(0, 59));
    else schedule = index % 2 === 0 ? dailySchedule(random.int(0, 23), random.pick([0, 15, 30, 45])) : hourlySchedule(random.int(0, 59));
  } else if (role === 'continuousRunning') {
    schedule = continuousSchedule(random.int(20, 90) * 1000);
  } else if (role === 'failed') {
    schedule = everyMinutesSchedule(15);
  } else if (role === 'running' || role === 'errors') {
    schedule = hourlySchedule(random.int(0, 59));
  } else {
    const r = random.float();
    schedule =
      r < 0.35 ? hourlySchedule(random.int(0, 59))
        : r < 0.5 ? everyMinutesSchedule(random.pick([5, 10, 15, 30]))
          : r < 0.7 ? dailySchedule(random.int(0, 23), random.pick([0, 15, 30, 45]))
            : r < 0.76 ? weeklySchedule(random.int(0, 6), random.int(0, 23), 0)
              : r < 0.84 ? continuousSchedule(random.int(30, 180) * 1000)
                : manualSchedule();
  }

  const sync: Sync = {
    index,
    id,
    name,
    active: role !== 'inactive',
    source,
    destination,
    sourceConnectionId: random.uuid(),
    destinationConnectionId: random.uuid(),
    schedule,
    schemas,
    sizes,
    shares,
    outputNames,
    lanes: random.int(2, 6),
    createdAt: 0,
    updatedAt: 0,
    executions: [],
    latestBySchema: new Map(),
    nextRunAt: 0,
    notBefore: options.startTime,
    execSeq: 0,
  };
  createHistory(sync, role, random, options, keep);
  const oldest = sync.executions[0]?.createdAt ?? options.startTime;
  sync.createdAt = oldest - random.int(1, 200) * 86_400_000 - random.int(0, 86_399_999);
  sync.updatedAt = oldest - random.int(0, 86_400_000);
  if (isPeriodic(schedule)) sync.nextRunAt = nextTick(schedule, options.startTime);
  return sync;
}

/** Past executions, newest first in generation (seq counts down), so the newest matches the role. */
function createHistory(sync: Sync, role: Role, random: Random, options: OrganizationOptions, keep: KeepExecution): void {
  const start = options.startTime;
  const count = options.syncs > 200 ? random.int(1, 3) : random.int(3, 8);
  const history: Execution[] = [];
  let laterStart = start;
  for (let seq = count; seq >= 1; seq--) {
    const newest = seq === count;
    let forceOutcome: ExecutionOutcome | undefined;
    if (newest) {
      forceOutcome = role === 'failed' ? 'failed' : role === 'errors' ? 'errors'
        : role === 'completed' || role === 'running' || role === 'continuousRunning' || role === 'inactive' ? 'completed' : undefined;
    }
    const runningNow = newest && (role === 'running' || role === 'continuousRunning');
    const type = runningNow && role === 'running' ? 'manual' : isPeriodic(sync.schedule) || sync.schedule.view.frequency === 'continuous' ? 'scheduled' : 'manual';
    const exec = planExecution(options.seed, sync, seq, 0, { type, forceOutcome, failureKind: newest && role === 'failed' ? 'global' : undefined,
      failureMessage: newest && role === 'failed' ? sync.destination.failures[0] : undefined,
    });
    const duration = exec.endAt - exec.createdAt;
    let createdAt: number;
    if (runningNow) {
      createdAt = start - Math.round(duration * random.range(0.15, 0.45));
    } else {
      const latestEnd = laterStart - 1_000;
      if (isPeriodic(sync.schedule)) {
        createdAt = previousTick(sync.schedule, latestEnd - duration);
        if (role === 'inactive' && newest) createdAt -= random.int(2, 20) * 86_400_000;
      } else if (sync.schedule.view.frequency === 'continuous') {
        createdAt = latestEnd - duration - sync.schedule.gapMs;
      } else {
        createdAt = latestEnd - duration - random.int(10 * 60_000, 3 * 86_400_000);
      }
    }
    shiftExecution(exec, createdAt);
    history.push(exec);
    laterStart = exec.createdAt;
  }
  history.reverse();
  for (const exec of history) keep(sync, exec);
  sync.execSeq = count;
}

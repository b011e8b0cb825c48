/**
 * `npm run api-server -- [options]`: the local Polytomic-compatible API server for demos and
 * out-of-process test suites. The first line printed holds the base URL, so a parent process
 * can wait for it.
 */
import type { Faults } from './faults';
import { ANOMALY_KINDS, DEFAULT_SEED, DEMO_API_KEY, DEMO_DEPLOYMENT_KEY, DEMO_ORGANIZATION_ID, startApiServer, type AnomalyKind, type ApiServerOptions } from './index';

const HELP = `Local Polytomic-compatible API server (127.0.0.1 only)

Usage: npm run api-server -- [options]

Organization and clock
  --port N                 port to listen on (default 0 = a free port)
  --syncs N                number of syncs (default 8)
  --schemas N              max schemas per sync, each gets 3..N (default 30)
  --seed N                 seed of the simulated organization (default ${DEFAULT_SEED})
  --speed X                simulated time runs X times faster than real time (default 1)
  --clock real|manual      manual: time moves only via POST /__control/clock/advance (default real)
  --start-time ISO|ms      where simulated time starts (default now)
Credentials (demo defaults are printed at start)
  --api-key KEY            Bearer API key
  --organization-id ID     organization id for Basic auth
  --deployment-key KEY     deployment key for Basic auth
Faults (also settable at run time: PUT /__control/faults)
  --latency-ms N           added to every /api response
  --error-rate P           probability 0..1 of a 500 response
  --rate-limit-rate P      probability of 429 with Retry-After
  --unavailable-rate P     probability of 503 with Retry-After
  --retry-after S          Retry-After seconds for 429/503 (default 1)
  --unauthorized           every /api request gets 401 (key revoked)
  --truncate-rate P        probability of a 200 with the JSON body cut in half
  --non-json-rate P        probability of a 502 HTML page from a "proxy"
  --reset-rate P           probability of the connection being reset
  --unknown-status-rate P  probability of status values replaced by "reticulating"
Other
  --log-requests           one line per request on stdout (never keys or query strings)
  --parent-pid PID         exit when that process is gone (for test suites: no orphaned servers)
  --cors                   allow browser pages on any origin to call the server
  --anomaly KIND           insights lever at start: volume | slow | stall, each on its own idle sync (repeatable)
  --legacy-list-pages      page GET /api/bulk/syncs (50 a page) on 2024-02-08 too
  --no-compress            never gzip responses (default: gzip JSON >= 1 KiB when asked)
  --schedule-mix demo|typical  demo (default): every status at once; typical: hourly and daily syncs
  --help                   this text
`;

class UsageError extends Error {}

interface CliOptions extends ApiServerOptions {
  parentPid?: number;
}

function parseArgs(argv: string[]): CliOptions {
  const options: CliOptions = {};
  const faults: Faults = {};
  let retryAfter: number | undefined;
  const rates: Array<[string, keyof Faults]> = [
    ['--error-rate', 'serverError'], ['--rate-limit-rate', 'rateLimit'], ['--unavailable-rate', 'unavailable'],
    ['--truncate-rate', 'truncatedBody'], ['--non-json-rate', 'nonJsonBody'], ['--reset-rate', 'connectionReset'],
    ['--unknown-status-rate', 'unknownStatus'],
  ];
  for (let i = 0; i < argv.length; i++) {
    let flag = argv[i];
    let inline: string | undefined;
    const eq = flag.indexOf('=');
    if (flag.startsWith('--') && eq > 0) {
      inline = flag.slice(eq + 1);
      flag = flag.slice(0, eq);
    }
    const value = (): string => {
      const v = inline ?? argv[++i];
      if (v === undefined) throw new UsageError(`${flag} needs a value`);
      return v;
    };
    const num = (min: number, max: number, integer = false): number => {
      const raw = value();
      const n = Number(raw);
      if (raw.trim() === '' || !Number.isFinite(n) || n < min || n > max || (integer && !Number.isInteger(n))) {
        throw new UsageError(`${flag} must be ${integer ? 'a whole number' : 'a number'} from ${min} to ${max}, got "${raw}"`);
      }
      return n;
    };
    const rate = rates.find(([name]) => name === flag);
    if (rate) {
      (faults as Record<string, unknown>)[rate[1]] = { rate: num(0, 1) };
      continue;
    }
    switch (flag) {
      case '--help': case '-h': process.stdout.write(HELP); process.exit(0); break;
      case '--port': options.port = num(0, 65535, true); break;
      case '--syncs': options.syncs = num(0, 100_000, true); break;
      case '--schemas': options.schemas = num(1, 1000, true); break;
      case '--seed': options.seed = num(0, 2 ** 32 - 1, true); break;
      case '--speed': options.speed = num(0.001, 1_000_000); break;
      case '--clock': {
        const v = value();
        if (v !== 'real' && v !== 'manual') throw new UsageError('--clock must be real or manual');
        options.clock = v;
        break;
      }
      case '--start-time': {
        const v = value();
        const ms = /^\d+$/.test(v) ? Number(v) : Date.parse(v);
        if (!Number.isFinite(ms)) throw new UsageError(`--start-time must be an ISO date or epoch ms, got "${v}"`);
        options.startTime = ms;
        break;
      }
      case '--api-key': options.apiKey = value(); break;
      case '--deployment-key': options.deploymentKey = value(); break;
      case '--organization-id': options.organizationId = value(); break;
      case '--latency-ms': faults.latencyMs = num(0, 600_000); break;
      case '--retry-after': retryAfter = num(0, 86_400, true); break;
      case '--unauthorized': faults.unauthorized = true; break;
      case '--log-requests': options.logRequests = true; break;
      case '--cors': options.cors = true; break;
      case '--legacy-list-pages': options.legacySyncListPages = true; break;
      case '--no-compress': options.compress = false; break;
      case '--schedule-mix': {
        const v = value();
        if (v !== 'demo' && v !== 'typical') throw new UsageError('--schedule-mix must be demo or typical');
        options.scheduleMix = v;
        break;
      }
      case '--anomaly': {
        const v = value();
        if (!ANOMALY_KINDS.includes(v as AnomalyKind)) throw new UsageError(`--anomaly must be ${ANOMALY_KINDS.join(', ')}, got "${v}"`);
        options.anomalies = [...(options.anomalies ?? []), v as AnomalyKind];
        break;
      }
      case '--parent-pid': options.parentPid = num(1, 2 ** 22, true); break;
      default: throw new UsageError(`unknown option ${argv[i]} (see --help)`);
    }
  }
  if (retryAfter !== undefined) {
    faults.rateLimit = { ...(faults.rateLimit ?? { rate: 0 }), retryAfterSeconds: retryAfter };
    faults.unavailable = { ...(faults.unavailable ?? { rate: 0 }), retryAfterSeconds: retryAfter };
  }
  options.faults = faults;
  return options;
}

async function main(): Promise<void> {
  let options: CliOptions;
  try {
    options = parseArgs(process.argv.slice(2));
  } catch (err) {
    if (err instanceof UsageError) {
      process.stderr.write(`api-server: ${err.message}\n`);
      process.exit(2);
    }
    throw err;
  }
  const server = await startApiServer(options);
  const lines = [
    `Polytomic API server listening on ${server.url}`,
    `  API key (Bearer):   ${options.apiKey ?? DEMO_API_KEY}`,
    `  Organization id:    ${options.organizationId ?? DEMO_ORGANIZATION_ID}`,
    `  Deployment key:     ${options.deploymentKey ?? DEMO_DEPLOYMENT_KEY}`,
    `  Syncs: ${server.syncIds().length}, seed ${options.seed ?? DEFAULT_SEED}, speed ${options.speed ?? 1}x, clock ${options.clock ?? 'real'}`,
    `  Control: ${server.url}/__control/state, ${server.url}/__control/faults`,
  ];
  const faults = server.getFaults();
  if (Object.keys(faults).length > 0) lines.push(`  Faults: ${JSON.stringify(faults)}`);
  process.stdout.write(lines.join('\n') + '\n');

  let stopping = false;
  const shutdown = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    server.stop().then(
      () => {
        process.stdout.write(`api-server: stopped (${signal})\n`);
        process.exit(0);
      },
      () => process.exit(1),
    );
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  // `npm run` starts us under `sh -c`, which does not pass SIGTERM on; a parent that names
  // itself here gets the server stopped when it goes away, however it was started.
  const parentPid = options.parentPid;
  if (parentPid !== undefined) {
    setInterval(() => {
      try {
        process.kill(parentPid, 0);
      } catch {
        shutdown(`parent ${parentPid} exited`);
      }
    }, 500).unref();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`api-server: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});

/**
 * The HTTP side of the local Polytomic-compatible server: the listening socket, the simulated
 * clock, and the dispatch of each request to /api (here: latency, faults, version, auth,
 * idempotency; then routes.ts), /__logs (logs.ts) and /__control (control.ts). Node's http module only.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { authenticate } from './auth';
import { SimClock } from './clock';
import { encodeBody } from './compression';
import { handleControl, type ControlContext } from './control';
import { FaultInjector, type Faults } from './faults';
import { header, readBody, sendJson, type ApiResponse } from './http';
import { IdempotencyStore } from './idempotency';
import { LogSigner, serveLogFile } from './logs';
import { faultyBodyText, sendGatewayFault, statusFaults } from './responseFaults';
import { route, type ApiContext } from './routes';
import { LeverError, Organization, type ScheduleMix, type Sync } from './simulation';
import { DEFAULT_VERSION, isoTime, KNOWN_VERSIONS, type ApiVersion } from './views';

export interface ServerConfig {
  port: number;
  syncs: number;
  schemas: number;
  seed: number;
  /** default 'demo' */
  scheduleMix?: ScheduleMix;
  speed: number;
  clock: 'real' | 'manual';
  startTime: number;
  apiKey: string;
  deploymentKey: string;
  organizationId: string;
  faults: Faults;
  logRequests: boolean;
  cors: boolean;
  /** page GET /api/bulk/syncs on versions before 2025-09-18 too (see startApiServer's legacySyncListPages) */
  legacySyncListPages: boolean;
  /** gzip JSON bodies when the client accepts it (compression.ts); default true */
  compress?: boolean;
}



export class ApiServerApp {
  readonly org: Organization;
  readonly faults: FaultInjector;
  private readonly clock: SimClock;
  private readonly signer = new LogSigner(randomBytes(32).toString('hex'));
  private readonly server: http.Server;
  private readonly sockets = new Set<Socket>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly idempotency = new IdempotencyStore(() => this.clock.now());
  private readonly api: ApiContext;
  private readonly control: ControlContext;
  private requests = 0;
  /** bytes read and written by sockets already closed (wireBytes adds the open ones) */
  private closedSocketBytes = 0;
  /** /api requests that carried an Authorization header (a test asks: did a key reach this server?) */
  private authorizedRequests = 0;
  private stopped = false;
  baseUrl = '';

  constructor(readonly config: ServerConfig) {
    this.clock = new SimClock(config.clock, config.startTime, config.speed);
    this.org = new Organization({ syncs: config.syncs, schemas: config.schemas, seed: config.seed, startTime: config.startTime, scheduleMix: config.scheduleMix });
    this.faults = new FaultInjector(config.seed);
    this.faults.set(config.faults);
    this.api = { org: this.org, config, signer: this.signer, baseUrl: () => this.baseUrl, tick: () => this.tick() };
    this.control = {
      org: this.org,
      faults: this.faults,
      tick: () => this.tick(),
      now: () => this.now(),
      advance: (ms) => this.advance(ms),
      state: () => this.state(),
      syncOrThrow: (id) => this.syncOrThrow(id),
    };
    this.server = http.createServer((req, res) => {
      this.handle(req, res).catch((err: unknown) => {
        if (!res.headersSent) sendJson(res, 500, { status: 500, message: 'internal server error' });
        else res.destroy();
        console.error('api-server: unexpected error', err);
      });
    });
    this.server.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.on('close', () => {
        this.closedSocketBytes += socket.bytesRead + socket.bytesWritten;
        this.sockets.delete(socket);
      });
    });
  }

  listen(): Promise<void> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(this.config.port, '127.0.0.1', () => {
        const { port } = this.server.address() as AddressInfo;
        this.baseUrl = `http://127.0.0.1:${port}`;
        this.server.off('error', reject);
        resolve();
      });
    });
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  stop(): Promise<void> {
    if (this.stopped) return Promise.resolve();
    this.stopped = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    return new Promise((resolve) => {
      this.server.close(() => resolve());
      for (const socket of this.sockets) socket.destroy();
    });
  }

  now(): number {
    return this.clock.now();
  }

  /** Simulated now, with schedules processed up to it. */
  private tick(): number {
    const t = this.clock.now();
    this.org.advanceTo(t);
    return t;
  }

  advance(ms: number): void {
    if (!Number.isFinite(ms) || ms < 0) throw new RangeError('advance(ms) needs a finite number >= 0');
    this.clock.advance(ms);
    this.tick();
  }

  requestCount(): number {
    return this.requests;
  }

  /** Bytes on the wire, both directions (headers included; compressed bodies as sent). */
  wireBytes(): number {
    let open = 0;
    for (const socket of this.sockets) open += socket.bytesRead + socket.bytesWritten;
    return this.closedSocketBytes + open;
  }

  syncOrThrow(id: string): Sync {
    const sync = this.org.sync(id);
    if (!sync) throw new LeverError(`unknown sync ${id}`);
    return sync;
  }

  // ------------------------------------------------------------------ dispatch

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const started = Date.now();
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (this.config.logRequests) {
      // path only: query strings can hold log-URL signatures; headers (keys) are never logged
      res.on('close', () => {
        const outcome = res.writableFinished ? String(res.statusCode) : 'connection-closed';
        console.log(`${new Date().toISOString()} ${req.method} ${url.pathname} ${outcome} ${Date.now() - started}ms`);
      });
    }
    if (this.config.cors) {
      res.setHeader('Access-Control-Allow-Origin', '*');
      res.setHeader('Access-Control-Expose-Headers', 'X-Polytomic-Version, Retry-After, X-Request-Id');
      if (req.method === 'OPTIONS') {
        res.writeHead(204, {
          'Access-Control-Allow-Methods': 'GET, POST, PUT, DELETE, OPTIONS',
          'Access-Control-Allow-Headers': 'Authorization, Content-Type, X-Polytomic-Version, Idempotency-Key',
          'Access-Control-Max-Age': '600',
        });
        res.end();
        return;
      }
    }
    if (url.pathname === '/api' || url.pathname.startsWith('/api/')) return this.handleApi(req, res, url);
    if (url.pathname.startsWith('/__control/')) return handleControl(this.control, req, res, url);
    if (url.pathname.startsWith('/__logs/')) return serveLogFile(this.api, req, res, url);
    sendJson(res, 404, { status: 404, message: `no such path: ${url.pathname}` });
  }

  private async handleApi(req: http.IncomingMessage, res: http.ServerResponse, url: URL): Promise<void> {
    this.requests++;
    if (header(req, 'authorization') !== undefined) this.authorizedRequests++;
    const bodyText = await readBody(req).catch(() => undefined);
    if (bodyText === undefined) {
      sendJson(res, 413, { status: 413, message: 'request body too large' });
      return;
    }
    const idempotency = this.idempotency.begin(req, url);
    try {
      const latency = this.faults.latencyMs();
      if (latency > 0) await this.sleep(latency);
      if (this.stopped) return;
      if (this.faults.fires('connectionReset')) {
        req.socket.destroy();
        return;
      }
      const requested = header(req, 'x-polytomic-version');
      const versionHeader: Record<string, string> = { 'X-Polytomic-Version': requested ?? DEFAULT_VERSION, 'X-Request-Id': randomUUID() };
      // Infrastructure faults come from in front of the API (a gateway), before auth and versions.
      if (sendGatewayFault(this.faults, res, versionHeader)) return;
      if (requested !== undefined && !(KNOWN_VERSIONS as readonly string[]).includes(requested)) {
        sendJson(res, 400, {
          status: 400,
          message: `unsupported X-Polytomic-Version "${requested.slice(0, 40)}"; supported versions: ${KNOWN_VERSIONS.join(', ')}`,
        }, versionHeader);
        return;
      }
      const version = (requested ?? DEFAULT_VERSION) as ApiVersion;
      const identity = authenticate(req, this.config);
      if (!identity || this.faults.unauthorized()) {
        const body = version === '2024-02-08'
          ? { status: 'Unauthorized', error: 'missing or invalid credentials' }
          : { status: 401, message: 'missing or invalid credentials' };
        sendJson(res, 401, body, { ...versionHeader, 'WWW-Authenticate': 'Bearer realm="polytomic"' });
        return;
      }
      let response: ApiResponse;
      if (idempotency?.kind === 'conflict') {
        response = { status: 409, body: { status: 409, message: 'a request with this Idempotency-Key is still in progress' } };
      } else if (idempotency?.kind === 'invalid') {
        response = { status: 400, body: { status: 400, message: 'Idempotency-Key must be 8-255 characters of A-Z, a-z, 0-9, _ and -' } };
      } else if (idempotency?.kind === 'mismatch') {
        response = { status: 422, body: { status: 422, message: 'this Idempotency-Key was used with a different request' } };
      } else if (idempotency?.kind === 'replay') {
        response = { ...idempotency.response, headers: { ...idempotency.response.headers, 'Idempotent-Replayed': 'true' } };
      } else {
        response = route(this.api, req, url, bodyText, version, identity);
        if (idempotency?.kind === 'new' && response.status < 500) idempotency.complete(response);
      }
      if (response.status === 200 && url.pathname === '/api/bulk/syncs/status') response = statusFaults(this.faults, response);
      this.sendApiResponse(req, res, response, versionHeader);
    } finally {
      if (idempotency?.kind === 'new') idempotency.release();
    }
  }

  private sendApiResponse(req: http.IncomingMessage, res: http.ServerResponse, response: ApiResponse, baseHeaders: Record<string, string>): void {
    const text = faultyBodyText(this.faults, response);
    const encoded = encodeBody(req, Buffer.from(text, 'utf8'), this.config.compress !== false);
    res.writeHead(response.status, {
      'Content-Type': 'application/json; charset=utf-8',
      ...encoded.headers,
      ...baseHeaders,
      ...response.headers,
    });
    res.end(encoded.body);
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        resolve();
      }, ms);
      this.timers.add(timer);
    });
  }

  state(): Record<string, unknown> {
    const now = this.tick();
    return {
      url: this.baseUrl,
      now,
      nowIso: isoTime(now),
      clock: this.config.clock,
      speed: this.config.speed,
      seed: this.config.seed,
      requestCount: this.requests,
      authorizedRequestCount: this.authorizedRequests,
      faults: this.faults.get(),
      syncs: this.org.syncs.map((s) => ({ id: s.id, name: s.name, active: s.active, schedule: s.schedule.view.frequency, schemas: s.schemas })),
    };
  }
}

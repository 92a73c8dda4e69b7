import net from 'node:net';
import { createRandom, seedFromEnv, type Random } from '../../electron/core/reliability/random';
import { RequestFramer, ResponseFramer, type HttpRequestMessage, type HttpResponseMessage } from './http1';
import { faultKinds, parseRules, pickRange, ruleMatches, ruleName, type FaultKind, type FaultRule, type RequestInfo } from './rules';
import { sleep, TokenBucket, writeFlushed } from './shaping';

/**
 * The fault proxy: sits between the app and the server and injects seeded faults.
 *
 * HTTP mode (default) frames each HTTP/1.1 request and forwards its exact bytes on a fresh
 * upstream connection (the client side keeps its keep-alive connection), so it can drop, cut,
 * duplicate and reorder whole requests. TCP mode forwards a byte stream per connection and can
 * drop it, cut it after N bytes either way, delay and throttle it.
 *
 * Determinism: every decision about a request draws from `fork(key#k)` of the seeded generator,
 * where key = keyOf(request) (default: one key for all) and k counts earlier requests of that key.
 * With the default key a run replays exactly when requests reach the proxy in the same order
 * (one client at a time, or the simulation's scheduler); with concurrent clients give keyOf
 * (for example the device id header) so a request's fate depends on who sent it, not on timing.
 */

export interface BandwidthLimit {
  /** App → server, bytes per second. */
  upBytesPerSecond?: number;
  /** Server → app, bytes per second. */
  downBytesPerSecond?: number;
  /** Bytes that may pass at once after an idle spell (default 4096). */
  burstBytes?: number;
  /** One limit per client connection instead of one shared link. */
  perConnection?: boolean;
}

export interface FaultProxyOptions {
  target: { host: string; port: number };
  /** Default 127.0.0.1 and a free port. */
  listen?: { host?: string; port?: number };
  mode?: 'http' | 'tcp';
  /** Default: XIANGCAI_SEED, else a fresh seed (read it back from proxy.seed). */
  seed?: number;
  rules?: readonly FaultRule[];
  bandwidth?: BandwidthLimit | null;
  /** Unit of per-chunk delays (default 16 KiB). */
  chunkSize?: number;
  keyOf?: (request: RequestInfo) => string;
  /** Largest request or response the HTTP mode buffers (default 64 MiB). */
  maxMessageBytes?: number;
  onEvent?: (event: FaultEvent) => void;
}

export interface FaultEvent {
  /** Arrival number of the request (HTTP) or connection (TCP) at the proxy. */
  arrival: number;
  key: string;
  kind: FaultKind;
  rule: string;
  method?: string;
  path?: string;
  detail?: string;
}

export interface ProxyStats {
  connections: number;
  /** HTTP requests framed from clients. */
  requests: number;
  /** Copies sent to the server (a duplicate counts twice, a cut request once). */
  upstreamRequests: number;
  /** Complete responses received from the server. */
  upstreamResponses: number;
  bytesToServer: number;
  bytesToClient: number;
  /** Faults injected, by kind (delay: chunks delayed). */
  faults: Record<FaultKind, number>;
  /** Injections per rule name. */
  byRule: Record<string, number>;
  /** How held requests were let go: a later request answered, maxHoldMs, or settle()/close(). */
  reorderReleased: { later: number; timeout: number; flushed: number };
  /** Upstream refused, closed early, or answered garbage; the client connection is closed. */
  upstreamErrors: number;
  /** Client sent something that is not HTTP/1.1 the proxy can frame; connection closed. */
  protocolErrors: number;
}

interface Decision {
  rng: Random;
  rule: FaultRule | null;
  name: string;
}

interface Pending extends Decision {
  message: HttpRequestMessage;
  info: RequestInfo;
  arrival: number;
  key: string;
}

interface Session {
  client: net.Socket;
  queue: Pending[];
  busy: boolean;
  stalled: boolean;
  /** The client shut its sending side: end ours once the queue is answered. */
  ended: boolean;
  up: TokenBucket | null;
  down: TokenBucket | null;
}

interface Hold {
  arrival: number;
  remaining: number;
  release(how: 'later' | 'timeout' | 'flushed'): void;
}

const maxEvents = 100_000;

function emptyStats(): ProxyStats {
  return {
    connections: 0,
    requests: 0,
    upstreamRequests: 0,
    upstreamResponses: 0,
    bytesToServer: 0,
    bytesToClient: 0,
    faults: Object.fromEntries(faultKinds.map((kind) => [kind, 0])) as Record<FaultKind, number>,
    byRule: {},
    reorderReleased: { later: 0, timeout: 0, flushed: 0 },
    upstreamErrors: 0,
    protocolErrors: 0,
  };
}

export class FaultProxy {
  readonly seed: number;
  readonly mode: 'http' | 'tcp';
  /** Disposition faults injected so far (not per-chunk delays), oldest first; capped at 100,000. */
  readonly events: FaultEvent[] = [];
  private rulesNow: FaultRule[] = [];
  private ruleState = new Map<FaultRule, { matched: number; injected: number }>();
  private bandwidthNow: BandwidthLimit | null = null;
  private linkUp: TokenBucket | null = null;
  private linkDown: TokenBucket | null = null;
  private counters = emptyStats();
  private readonly random: Random;
  private readonly occurrences = new Map<string, number>();
  private readonly sockets = new Set<net.Socket>();
  private readonly holds = new Set<Hold>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly server: net.Server;
  private arrivals = 0;
  private inFlight = 0;
  private closed = false;
  private readonly chunkSize: number;
  private readonly maxMessageBytes: number;
  private readonly keyOf: (request: RequestInfo) => string;

  private constructor(private readonly options: FaultProxyOptions) {
    this.mode = options.mode ?? 'http';
    this.seed = (options.seed ?? seedFromEnv()) >>> 0;
    this.random = createRandom(this.seed);
    this.chunkSize = options.chunkSize ?? 16 * 1024;
    this.maxMessageBytes = options.maxMessageBytes ?? 64 * 1024 * 1024;
    this.keyOf = options.keyOf ?? (() => '');
    this.setRules(options.rules ?? []);
    this.setBandwidth(options.bandwidth ?? null);
    // Half-open allowed: a client may send its request and shut its side; the answer still goes back.
    this.server = net.createServer({ allowHalfOpen: true }, (client) => {
      if (this.closed) return void client.destroy();
      this.track(client);
      client.setNoDelay(true);
      client.on('error', () => {});
      this.counters.connections++;
      if (this.mode === 'http') this.acceptHttp(client);
      else this.acceptTcp(client);
    });
  }

  static async start(options: FaultProxyOptions): Promise<FaultProxy> {
    const proxy = new FaultProxy(options);
    await new Promise<void>((resolve, reject) => {
      proxy.server.once('error', reject);
      proxy.server.listen(options.listen?.port ?? 0, options.listen?.host ?? '127.0.0.1', () => {
        proxy.server.off('error', reject);
        resolve();
      });
    });
    return proxy;
  }

  get port(): number {
    return (this.server.address() as net.AddressInfo).port;
  }

  get host(): string {
    return (this.server.address() as net.AddressInfo).address;
  }

  /** http://host:port of the proxy (HTTP mode). */
  get url(): string {
    return `http://${this.host.includes(':') ? `[${this.host}]` : this.host}:${this.port}`;
  }

  get rules(): readonly FaultRule[] {
    return this.rulesNow;
  }

  get bandwidth(): BandwidthLimit | null {
    return this.bandwidthNow;
  }

  /** Replaces the rules (validated; throws naming the bad field) and restarts their skip/times counts. */
  setRules(rules: readonly FaultRule[]): void {
    this.rulesNow = parseRules(rules, this.mode);
    this.ruleState = new Map(this.rulesNow.map((rule) => [rule, { matched: 0, injected: 0 }]));
  }

  /** Applies to connections accepted from now on when perConnection; to the shared link at once otherwise. */
  setBandwidth(limit: BandwidthLimit | null): void {
    const bucket = (rate: number | undefined) => (rate === undefined ? null : new TokenBucket(rate, limit?.burstBytes ?? 4096));
    bucket(limit?.upBytesPerSecond); // validates before anything changes
    bucket(limit?.downBytesPerSecond);
    this.bandwidthNow = limit;
    this.linkUp = limit && !limit.perConnection ? bucket(limit.upBytesPerSecond) : null;
    this.linkDown = limit && !limit.perConnection ? bucket(limit.downBytesPerSecond) : null;
  }

  stats(): ProxyStats {
    return structuredClone(this.counters);
  }

  resetStats(): void {
    this.counters = emptyStats();
    this.events.length = 0;
  }

  /**
   * Releases every held request now and waits until no request is being exchanged (dropped ones
   * are not waited for: they never finish). Call it before a final invariant check, so no stale
   * request reaches the server after the check.
   */
  async settle(timeoutMs = 10_000): Promise<void> {
    for (const hold of [...this.holds]) hold.release('flushed');
    const deadline = Date.now() + timeoutMs;
    while (this.inFlight > 0) {
      if (Date.now() > deadline) throw new Error(`fault proxy: ${this.inFlight} request(s) still in flight after ${timeoutMs} ms`);
      await sleep(5);
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const hold of [...this.holds]) hold.release('flushed');
    for (const timer of this.timers) clearTimeout(timer);
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  // ---- decisions ---------------------------------------------------------------------------

  private decide(key: string, request: RequestInfo | null): Decision {
    const occurrence = this.occurrences.get(key) ?? 0;
    this.occurrences.set(key, occurrence + 1);
    const rng = this.random.fork(`${key}#${occurrence}`);
    const draws = rng.fork('disposition');
    for (const [index, rule] of this.rulesNow.entries()) {
      if (rule.kind === 'delay' || !ruleMatches(rule, request)) continue;
      if (this.admit(rule, draws)) return { rng, rule, name: ruleName(rule, index) };
    }
    return { rng, rule: null, name: '' };
  }

  private admit(rule: FaultRule, rng: Random): boolean {
    const state = this.ruleState.get(rule);
    if (!state) return false; // rules were replaced meanwhile
    state.matched++;
    if (state.matched <= (rule.skip ?? 0)) return false;
    if (rule.times !== undefined && state.injected >= rule.times) return false;
    if (!rng.chance(rule.probability ?? 1)) return false;
    state.injected++;
    return true;
  }

  private count(kind: FaultKind, name: string): void {
    this.counters.faults[kind]++;
    this.counters.byRule[name] = (this.counters.byRule[name] ?? 0) + 1;
  }

  private record(event: FaultEvent): void {
    this.count(event.kind, event.rule);
    if (this.events.length < maxEvents) this.events.push(event);
    this.options.onEvent?.(event);
  }

  private chunkDelay(direction: 'request' | 'response', request: RequestInfo | null, rng: Random): number {
    let ms = 0;
    for (const [index, rule] of this.rulesNow.entries()) {
      if (rule.kind !== 'delay') continue;
      const applies = (rule.direction ?? 'both') === 'both' || rule.direction === direction;
      if (!applies || !ruleMatches(rule, request) || !this.admit(rule, rng)) continue;
      ms += pickRange(rule.ms, rng.int);
      this.count('delay', ruleName(rule, index));
    }
    return ms;
  }

  // ---- shaped writes -----------------------------------------------------------------------

  /** Writes bytes in chunks, each after its seeded delay and the bandwidth limit; false if the socket died. */
  private async send(socket: net.Socket, bytes: Buffer, direction: 'request' | 'response', request: RequestInfo | null, rng: Random, bucket: TokenBucket | null): Promise<boolean> {
    for (let at = 0; at < bytes.length; at += this.chunkSize) {
      const chunk = bytes.subarray(at, at + this.chunkSize);
      const delay = this.chunkDelay(direction, request, rng);
      if (delay > 0) await this.sleep(delay);
      // Under a limit, smaller slices keep the pace even (a 16 KiB chunk at 8 kB/s would be one 2 s gap).
      const slice = bucket ? Math.max(256, Math.min(1024, bucket.burstBytes)) : chunk.length;
      for (let offset = 0; offset < chunk.length; offset += slice) {
        const part = chunk.subarray(offset, offset + slice);
        if (bucket) await bucket.take(part.length);
        if (this.closed || !(await writeFlushed(socket, part))) return false;
        if (direction === 'request') this.counters.bytesToServer += part.length;
        else this.counters.bytesToClient += part.length;
      }
    }
    return true;
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

  private later(ms: number, action: () => void): void {
    void this.sleep(ms).then(() => {
      if (!this.closed) action();
    });
  }

  private track(socket: net.Socket): void {
    this.sockets.add(socket);
    socket.once('close', () => this.sockets.delete(socket));
  }

  private buckets(): { up: TokenBucket | null; down: TokenBucket | null } {
    const limit = this.bandwidthNow;
    if (!limit?.perConnection) return { up: this.linkUp, down: this.linkDown };
    const burst = limit.burstBytes ?? 4096;
    return {
      up: limit.upBytesPerSecond === undefined ? null : new TokenBucket(limit.upBytesPerSecond, burst),
      down: limit.downBytesPerSecond === undefined ? null : new TokenBucket(limit.downBytesPerSecond, burst),
    };
  }

  private static cutClient(client: net.Socket, reset: boolean): void {
    if (reset) client.resetAndDestroy();
    else client.end(() => client.destroy());
  }

  // ---- HTTP mode ---------------------------------------------------------------------------

  private acceptHttp(client: net.Socket): void {
    const session: Session = { client, queue: [], busy: false, stalled: false, ended: false, ...this.buckets() };
    const framer = new RequestFramer((message) => this.enqueue(session, message), this.maxMessageBytes);
    client.on('data', (chunk) => {
      if (session.stalled) return;
      try {
        framer.push(chunk);
      } catch {
        this.counters.protocolErrors++;
        session.stalled = true;
        client.destroy();
      }
    });
    client.on('end', () => {
      session.ended = true;
      if (!session.busy) client.end();
    });
  }

  private enqueue(session: Session, message: HttpRequestMessage): void {
    const arrival = this.arrivals++;
    this.counters.requests++;
    const info: RequestInfo = { method: message.method, path: message.path, target: message.target, headers: message.headers };
    const key = this.keyOf(info);
    session.queue.push({ ...this.decide(key, info), message, info, arrival, key });
    if (!session.busy) void this.drain(session);
  }

  private async drain(session: Session): Promise<void> {
    session.busy = true;
    while (!session.stalled && !this.closed) {
      const pending = session.queue.shift();
      if (!pending) break;
      // Requests already received are forwarded even when the client has gone: on a real
      // network they would still reach the server. Only the answers are lost.
      this.inFlight++;
      try {
        await this.exchange(session, pending);
      } finally {
        this.inFlight--;
      }
    }
    session.busy = false;
    if (session.ended && !session.stalled) session.client.end();
  }

  private event(pending: Pending, kind: FaultKind, detail?: string): void {
    this.record({ arrival: pending.arrival, key: pending.key, kind, rule: pending.name, method: pending.info.method, path: pending.info.path, ...(detail === undefined ? {} : { detail }) });
  }

  private async exchange(session: Session, pending: Pending): Promise<void> {
    const { rule, message, rng } = pending;
    const reply = async (response: HttpResponseMessage | null, limit = Infinity): Promise<boolean> => {
      if (!response) {
        session.stalled = true;
        session.client.destroy();
        return false;
      }
      const bytes = limit < response.raw.length ? response.raw.subarray(0, limit) : response.raw;
      return this.send(session.client, bytes, 'response', pending.info, rng.fork('response'), session.down);
    };

    switch (rule?.kind) {
      case undefined:
      case 'delay':
        await reply(await this.roundTrip(session, pending, 1));
        return;
      case 'drop': {
        this.event(pending, 'drop');
        session.stalled = true;
        if (rule.closeAfterMs !== undefined) this.later(rule.closeAfterMs, () => session.client.destroy());
        return;
      }
      case 'cutRequest': {
        const bodyLength = message.raw.length - message.headLength;
        const wanted = pickRange(rule.afterBytes ?? 0, rng.int);
        // Clamped so the server never receives a whole request.
        const cut = bodyLength > 0 ? message.headLength + Math.min(wanted, bodyLength - 1) : message.headLength - 2;
        this.event(pending, 'cutRequest', `sent ${cut} of ${message.raw.length} bytes`);
        session.stalled = true;
        await this.sendPartial(session, pending, message.raw.subarray(0, cut));
        FaultProxy.cutClient(session.client, rule.reset ?? true);
        return;
      }
      case 'cutResponse': {
        const response = await this.roundTrip(session, pending, 1);
        if (!response) return void (await reply(null));
        const cut = Math.min(pickRange(rule.afterBytes ?? 0, rng.int), response.raw.length - 1);
        this.event(pending, 'cutResponse', `gave ${cut} of ${response.raw.length} bytes (status ${response.status})`);
        session.stalled = true;
        await reply(response, cut);
        FaultProxy.cutClient(session.client, rule.reset ?? true);
        return;
      }
      case 'duplicate': {
        const respond = rule.respond ?? 'second';
        this.event(pending, 'duplicate', `${rule.concurrent ? 'concurrent' : 'sequential'}, answered with the ${respond}`);
        const [first, second] = rule.concurrent
          ? await Promise.all([this.roundTrip(session, pending, 1), this.roundTrip(session, pending, 2)])
          : [await this.roundTrip(session, pending, 1), await this.roundTrip(session, pending, 2)];
        await reply(respond === 'first' ? first : second);
        return;
      }
      case 'reorder': {
        // The event is recorded when the hold starts, so the event order stays the arrival order.
        this.event(pending, 'reorder', `held until ${rule.after ?? 1} later request(s) are answered or ${rule.maxHoldMs ?? 2000} ms`);
        const how = await this.hold(pending, rule.after ?? 1, rule.maxHoldMs ?? 2000);
        this.counters.reorderReleased[how]++;
        await reply(await this.roundTrip(session, pending, 1));
        return;
      }
    }
  }

  private hold(pending: Pending, after: number, maxHoldMs: number): Promise<'later' | 'timeout' | 'flushed'> {
    return new Promise((resolve) => {
      if (after === 0) return resolve('later');
      const timer = setTimeout(() => hold.release('timeout'), maxHoldMs);
      const hold: Hold = {
        arrival: pending.arrival,
        remaining: after,
        release: (how) => {
          if (!this.holds.delete(hold)) return;
          clearTimeout(timer);
          resolve(how);
        },
      };
      this.holds.add(hold);
    });
  }

  /** A request that arrived at `arrival` was answered by the server: holds on earlier ones count it. */
  private answered(arrival: number): void {
    for (const hold of [...this.holds]) {
      if (arrival > hold.arrival && --hold.remaining <= 0) hold.release('later');
    }
  }

  /** Sends the request on a fresh upstream connection and frames the response; null on failure. */
  private roundTrip(session: Session, pending: Pending, copy: number): Promise<HttpResponseMessage | null> {
    if (this.closed) return Promise.resolve(null);
    return new Promise((resolve) => {
      const upstream = net.connect(this.options.target);
      this.track(upstream);
      upstream.setNoDelay(true);
      let settled = false;
      const finish = (response: HttpResponseMessage | null) => {
        if (settled) return;
        settled = true;
        if (response) {
          this.counters.upstreamResponses++;
          this.answered(pending.arrival);
        } else if (!this.closed) this.counters.upstreamErrors++;
        upstream.destroy();
        resolve(response);
      };
      const framer = new ResponseFramer(pending.message.method, finish, this.maxMessageBytes);
      upstream.on('data', (chunk) => {
        try {
          framer.push(chunk);
        } catch {
          finish(null);
        }
      });
      upstream.on('end', () => {
        if (!framer.end()) finish(null);
      });
      upstream.on('error', () => finish(null));
      upstream.on('close', () => finish(null));
      upstream.on('connect', () => {
        this.counters.upstreamRequests++;
        void this.send(upstream, pending.message.raw, 'request', pending.info, pending.rng.fork(`request#${copy}`), session.up);
      });
    });
  }

  /** Sends the first bytes of a request, then closes the upstream connection (the server sees an aborted request). */
  private sendPartial(session: Session, pending: Pending, bytes: Buffer): Promise<void> {
    if (this.closed) return Promise.resolve();
    return new Promise((resolve) => {
      const upstream = net.connect(this.options.target);
      this.track(upstream);
      upstream.on('error', () => resolve());
      upstream.on('close', () => resolve());
      upstream.on('data', () => {}); // an early error answer is of no interest
      upstream.on('connect', () => {
        this.counters.upstreamRequests++;
        void this.send(upstream, bytes, 'request', pending.info, pending.rng.fork('request#1'), session.up).then(() => {
          upstream.end();
          this.later(1000, () => upstream.destroy());
          resolve();
        });
      });
    });
  }

  // ---- TCP mode ----------------------------------------------------------------------------

  private acceptTcp(client: net.Socket): void {
    const arrival = this.arrivals++;
    const key = 'tcp';
    const { rng, rule, name } = this.decide(key, null);
    const event = (kind: FaultKind, detail?: string) => this.record({ arrival, key, kind, rule: name, ...(detail === undefined ? {} : { detail }) });
    if (rule?.kind === 'drop') {
      event('drop');
      client.on('data', () => {});
      if (rule.closeAfterMs !== undefined) this.later(rule.closeAfterMs, () => client.destroy());
      return;
    }
    const { up, down } = this.buckets();
    const upstream = net.connect({ ...this.options.target, allowHalfOpen: true });
    this.track(upstream);
    upstream.setNoDelay(true);
    client.pause();
    upstream.on('connect', () => client.resume());
    const cutUp = rule?.kind === 'cutRequest' ? pickRange(rule.afterBytes ?? 0, rng.int) : Infinity;
    const cutDown = rule?.kind === 'cutResponse' ? pickRange(rule.afterBytes ?? 0, rng.int) : Infinity;
    const cut = (direction: 'request' | 'response', bytes: number) => {
      if (rule?.kind !== 'cutRequest' && rule?.kind !== 'cutResponse') return;
      event(rule.kind, `cut after ${bytes} bytes of the ${direction} stream`);
      upstream.end(() => upstream.destroy());
      FaultProxy.cutClient(client, rule.reset ?? true);
    };
    this.pump(client, upstream, 'request', cutUp, rng.fork('request'), up, cut);
    this.pump(upstream, client, 'response', cutDown, rng.fork('response'), down, cut);
    const closeBoth = () => {
      client.destroy();
      upstream.destroy();
    };
    upstream.on('error', closeBoth);
    client.on('close', () => upstream.destroySoon());
    upstream.on('close', () => client.destroySoon());
  }

  private pump(from: net.Socket, to: net.Socket, direction: 'request' | 'response', cutAt: number, rng: Random, bucket: TokenBucket | null, cut: (direction: 'request' | 'response', bytes: number) => void): void {
    let passed = 0;
    let done = false;
    let chain = Promise.resolve();
    from.on('data', (chunk: Buffer) => {
      if (done) return;
      from.pause();
      chain = chain.then(async () => {
        if (done) return;
        const part = passed + chunk.length >= cutAt ? chunk.subarray(0, cutAt - passed) : chunk;
        if (part.length > 0 && !(await this.send(to, part, direction, null, rng, bucket))) return;
        passed += part.length;
        if (passed >= cutAt) {
          done = true;
          cut(direction, passed);
          return;
        }
        from.resume();
      });
    });
    from.on('end', () => {
      chain = chain.then(() => {
        if (!done) to.end();
      });
    });
  }
}

export function startFaultProxy(options: FaultProxyOptions): Promise<FaultProxy> {
  return FaultProxy.start(options);
}

import { execFileSync, spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';

/**
 * A slow link of our own: two network namespaces joined by a veth pair (10.77.0.1 ↔ 10.77.0.2),
 * each end shaped by `tc qdisc … root tbf` (netem is not in this kernel; tbf is). Needs root and
 * iproute2 (`ip`, `tc`). Processes run inside an end with `link.spawn('a', …)` / `link.exec`
 * (`ip netns exec`), so a bench puts the server in B and the app (and the fault proxy) in A.
 *
 * Teardown always runs: on teardown(), on process exit, on SIGINT/SIGTERM/SIGHUP; and a link left
 * behind by a SIGKILLed process (its namespaces carry the dead pid) is removed by the next setup.
 */

export interface SlowLinkOptions {
  /** tc rate of each shaped end (default 64kbit). */
  rate?: string;
  /** tc burst: bytes that may leave at line speed after an idle spell (default 4kb = 4096 bytes). */
  burst?: string;
  /** tc latency: how long a packet may wait in the queue before it is dropped (default 400ms). */
  latency?: string;
  /** Which ends are shaped (default both). */
  shape?: 'both' | 'a' | 'b' | 'none';
  addressA?: string;
  addressB?: string;
  prefixLength?: number;
}

export interface LinkEnd {
  namespace: string;
  device: string;
  address: string;
}

export interface ExecResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface QdiscStats {
  sentBytes: number;
  packets: number;
  dropped: number;
  overlimits: number;
}

const prefix = 'xcnet-';
const netnsDir = '/run/netns';
const live = new Set<SlowLink>();
let counter = 0;
let hooksInstalled = false;

function run(command: string, args: string[]): string {
  return execFileSync(command, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

function ip(args: string[]): string {
  try {
    return run('ip', args);
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr ?? '';
    throw new Error(`ip ${args.join(' ')} failed: ${stderr.trim() || String(error)}`);
  }
}

function tc(args: string[]): string {
  try {
    return run('tc', args);
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr ?? '';
    throw new Error(`tc ${args.join(' ')} failed: ${stderr.trim() || String(error)}`);
  }
}

/** Whether this process can build a slow link, and if not, why (for an explicit test skip). */
export function slowLinkAvailability(): { available: true } | { available: false; reason: string } {
  if (process.platform !== 'linux') return { available: false, reason: `network namespaces need Linux (this is ${process.platform})` };
  if (process.getuid?.() !== 0) return { available: false, reason: 'network namespaces and tc need root (run as root, as CI does)' };
  for (const tool of ['ip', 'tc']) {
    try {
      run(tool, ['-V']);
    } catch {
      return { available: false, reason: `\`${tool}\` (iproute2) is not installed` };
    }
  }
  return { available: true };
}

/**
 * Named namespaces, from /run/netns (where `ip netns add` mounts them). Not `ip netns list`: it
 * looks up each one's id and stops with "Peer netns reference is invalid" while the kernel is
 * still dismantling a namespace deleted a moment ago.
 */
export function listNamespaces(): string[] {
  return existsSync(netnsDir) ? readdirSync(netnsDir) : [];
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Deletes namespaces of links whose process is gone (or all of ours with `all`); returns their names. */
export function cleanupStaleLinks(options: { all?: boolean } = {}): string[] {
  const removed: string[] = [];
  for (const name of listNamespaces()) {
    const match = new RegExp(`^${prefix}(\\d+)-`).exec(name);
    if (!match) continue;
    const pid = Number(match[1]);
    if (!options.all && (pid === process.pid || alive(pid))) continue;
    try {
      ip(['netns', 'del', name]);
      removed.push(name);
    } catch {
      // Gone already.
    }
  }
  return removed;
}

function installHooks(): void {
  if (hooksInstalled) return;
  hooksInstalled = true;
  process.on('exit', teardownAll);
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.once(signal, () => {
      teardownAll();
      // Default action again, now that the links are gone.
      process.kill(process.pid, signal);
    });
  }
}

function teardownAll(): void {
  for (const link of [...live]) link.teardown();
}

export class SlowLink {
  readonly a: LinkEnd;
  readonly b: LinkEnd;
  readonly rate: string;
  private down = false;

  private constructor(options: SlowLinkOptions) {
    const n = counter++;
    this.a = { namespace: `${prefix}${process.pid}-${n}-a`, device: `xv${process.pid}x${n}a`, address: options.addressA ?? '10.77.0.1' };
    this.b = { namespace: `${prefix}${process.pid}-${n}-b`, device: `xv${process.pid}x${n}b`, address: options.addressB ?? '10.77.0.2' };
    this.rate = options.rate ?? '64kbit';
  }

  /** Builds the link (synchronously). Throws with the failing command's message; nothing is left behind. */
  static setup(options: SlowLinkOptions = {}): SlowLink {
    cleanupStaleLinks();
    installHooks();
    const link = new SlowLink(options);
    if (link.a.device.length > 15) throw new Error(`interface name too long: ${link.a.device}`);
    live.add(link);
    try {
      const bits = options.prefixLength ?? 24;
      ip(['netns', 'add', link.a.namespace]);
      ip(['netns', 'add', link.b.namespace]);
      ip(['link', 'add', link.a.device, 'type', 'veth', 'peer', 'name', link.b.device]);
      for (const end of [link.a, link.b]) {
        ip(['link', 'set', end.device, 'netns', end.namespace]);
        ip(['-n', end.namespace, 'addr', 'add', `${end.address}/${bits}`, 'dev', end.device]);
        ip(['-n', end.namespace, 'link', 'set', end.device, 'up']);
        ip(['-n', end.namespace, 'link', 'set', 'lo', 'up']);
      }
      const shape = options.shape ?? 'both';
      const shaped = shape === 'both' ? [link.a, link.b] : shape === 'a' ? [link.a] : shape === 'b' ? [link.b] : [];
      for (const end of shaped) {
        tc(['-n', end.namespace, 'qdisc', 'add', 'dev', end.device, 'root', 'tbf', 'rate', link.rate, 'burst', options.burst ?? '4kb', 'latency', options.latency ?? '400ms']);
      }
    } catch (error) {
      link.teardown();
      throw error;
    }
    return link;
  }

  end(which: 'a' | 'b'): LinkEnd {
    return which === 'a' ? this.a : this.b;
  }

  /** Starts a process inside an end's namespace (ip netns exec). */
  spawn(which: 'a' | 'b', command: string, args: readonly string[], options: SpawnOptions = {}): ChildProcess {
    return spawn('ip', ['netns', 'exec', this.end(which).namespace, command, ...args], { stdio: ['ignore', 'pipe', 'pipe'], ...options });
  }

  /** Runs a command inside an end's namespace and collects its output. */
  exec(which: 'a' | 'b', command: string, args: readonly string[], options: SpawnOptions & { input?: string } = {}): Promise<ExecResult> {
    return new Promise((resolve, reject) => {
      const child = this.spawn(which, command, args, { ...options, stdio: ['pipe', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
      child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      child.on('error', reject);
      child.on('close', (code) => resolve({ code, stdout, stderr }));
      child.stdin?.end(options.input ?? '');
    });
  }

  /** Counters of an end's tbf qdisc (bytes that left, packets, drops by the queue limit). */
  qdiscStats(which: 'a' | 'b'): QdiscStats {
    const end = this.end(which);
    const text = tc(['-n', end.namespace, '-s', 'qdisc', 'show', 'dev', end.device]);
    const match = /Sent (\d+) bytes (\d+) pkt \(dropped (\d+), overlimits (\d+)/.exec(text);
    if (!match) throw new Error(`no qdisc statistics for ${end.device}: ${text}`);
    return { sentBytes: Number(match[1]), packets: Number(match[2]), dropped: Number(match[3]), overlimits: Number(match[4]) };
  }

  /** Deletes both namespaces (and with them the veth pair and the processes' sockets). Idempotent. */
  teardown(): void {
    if (this.down) return;
    this.down = true;
    live.delete(this);
    for (const end of [this.a, this.b]) {
      try {
        run('ip', ['netns', 'del', end.namespace]);
      } catch {
        // Not created, or gone already.
      }
    }
  }
}

export function setupSlowLink(options: SlowLinkOptions = {}): SlowLink {
  return SlowLink.setup(options);
}

/** Runs `body` with a fresh link and tears it down afterwards, whatever happens. */
export async function withSlowLink<T>(options: SlowLinkOptions, body: (link: SlowLink) => Promise<T>): Promise<T> {
  const link = SlowLink.setup(options);
  try {
    return await body(link);
  } finally {
    link.teardown();
  }
}

export interface Throughput {
  from: 'a' | 'b';
  bytes: number;
  /** Connect to the receiver's acknowledgement of the last byte, measured by the sender. */
  seconds: number;
  kbitPerSecond: number;
}

// Plain JS for `node -e` inside the namespaces (no build step).
const receiverScript = `
const [host, port, total] = process.argv.slice(1);
const server = require('node:net').createServer((socket) => {
  let got = 0;
  socket.on('data', (chunk) => {
    got += chunk.length;
    if (got >= Number(total)) socket.end('k', () => server.close());
  });
});
server.listen(Number(port), host, () => console.log('ready'));`;

const senderScript = `
const [host, port, total] = process.argv.slice(1);
const started = process.hrtime.bigint();
const socket = require('node:net').connect(Number(port), host, () => socket.write(Buffer.alloc(Number(total), 120)));
socket.on('data', () => {
  console.log(JSON.stringify({ ms: Number(process.hrtime.bigint() - started) / 1e6 }));
  socket.destroy();
});
socket.on('error', (e) => { console.error(e.message); process.exit(1); });`;

/** Sends `bytes` over TCP from one end to the other and times it. */
export async function measureThroughput(link: SlowLink, options: { from?: 'a' | 'b'; bytes?: number; port?: number; timeoutMs?: number } = {}): Promise<Throughput> {
  const from = options.from ?? 'a';
  const to = from === 'a' ? 'b' : 'a';
  const bytes = options.bytes ?? 64 * 1024;
  const port = String(options.port ?? 9477);
  const target = link.end(to).address;
  const receiver = link.spawn(to, process.execPath, ['-e', receiverScript, target, port, String(bytes)]);
  const timeout = setTimeout(() => receiver.kill('SIGKILL'), options.timeoutMs ?? 60_000);
  try {
    await new Promise<void>((resolve, reject) => {
      let output = '';
      receiver.stdout?.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        if (output.includes('ready')) resolve();
      });
      receiver.on('close', (code) => reject(new Error(`receiver in ${link.end(to).namespace} exited (${code}) before listening`)));
    });
    const sent = await link.exec(from, process.execPath, ['-e', senderScript, target, port, String(bytes)]);
    if (sent.code !== 0) throw new Error(`sender failed: ${sent.stderr}`);
    const { ms } = JSON.parse(sent.stdout) as { ms: number };
    return { from, bytes, seconds: ms / 1000, kbitPerSecond: (bytes * 8) / ms };
  } finally {
    clearTimeout(timeout);
    receiver.kill('SIGKILL');
  }
}

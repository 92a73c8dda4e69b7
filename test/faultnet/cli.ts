import { existsSync, readFileSync } from 'node:fs';
import { startControlServer } from './control';
import { cleanupStaleLinks, measureThroughput, setupSlowLink, type SlowLinkOptions } from './netns';
import { startFaultProxy, type BandwidthLimit } from './proxy';
import { parseRules } from './rules';

/**
 * `node scripts/faultnet.mjs <command>` (the script compiles this file with esbuild):
 *
 *   proxy --target HOST:PORT [--listen HOST:PORT] [--mode http|tcp] [--seed N]
 *         [--rules FILE|JSON] [--up BYTES/S] [--down BYTES/S] [--burst BYTES] [--control HOST:PORT]
 *       Runs the fault proxy until SIGINT/SIGTERM; prints one JSON line with its addresses.
 *   netns up [--rate 64kbit] [--burst 4kb] [--latency 400ms]
 *       Builds the slow link, prints one JSON line with its namespaces, holds it until
 *       SIGINT/SIGTERM, then tears it down. Run programs in it with `ip netns exec <namespace> …`.
 *   netns measure [--bytes 65536] [--from a|b] [--rate …] [--burst …] [--latency …]
 *       Builds a link, times a TCP transfer across it, tears it down, prints the figures.
 *   netns cleanup
 *       Deletes every namespace left by this tool (xcnet-*).
 */

const usage = `usage:
  faultnet proxy --target HOST:PORT [--listen HOST:PORT] [--mode http|tcp] [--seed N] [--rules FILE|JSON]
                 [--up BYTES/S] [--down BYTES/S] [--burst BYTES] [--control HOST:PORT]
  faultnet netns up|measure|cleanup [--rate 64kbit] [--burst 4kb] [--latency 400ms] [--bytes N] [--from a|b]`;

function options(args: string[]): Map<string, string> {
  const found = new Map<string, string>();
  for (let i = 0; i < args.length; i++) {
    const name = args[i]!;
    const value = args[i + 1];
    if (!name.startsWith('--') || value === undefined) throw new Error(`expected --name value, got ${JSON.stringify(args.slice(i).join(' '))}\n${usage}`);
    found.set(name.slice(2), value);
    i++;
  }
  return found;
}

function hostPort(text: string | undefined, what: string): { host: string; port: number } | undefined {
  if (text === undefined) return undefined;
  const match = /^(.*):(\d+)$/.exec(text);
  if (!match) throw new Error(`${what} must be HOST:PORT, got ${text}`);
  return { host: match[1] || '127.0.0.1', port: Number(match[2]) };
}

function positive(text: string | undefined, what: string): number | undefined {
  if (text === undefined) return undefined;
  const n = Number(text);
  if (!(n > 0)) throw new Error(`${what} must be a number > 0, got ${text}`);
  return n;
}

function waitForSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => resolve(signal));
  });
}

function linkOptions(given: Map<string, string>): SlowLinkOptions {
  return { rate: given.get('rate') ?? '64kbit', burst: given.get('burst') ?? '4kb', latency: given.get('latency') ?? '400ms' };
}

async function proxyCommand(given: Map<string, string>): Promise<void> {
  const target = hostPort(given.get('target'), '--target');
  if (!target) throw new Error(`--target is required\n${usage}`);
  const mode = (given.get('mode') ?? 'http') as 'http' | 'tcp';
  if (mode !== 'http' && mode !== 'tcp') throw new Error('--mode must be http or tcp');
  const rulesText = given.get('rules');
  const rules = rulesText === undefined ? [] : parseRules(JSON.parse(existsSync(rulesText) ? readFileSync(rulesText, 'utf8') : rulesText), mode);
  const up = positive(given.get('up'), '--up');
  const down = positive(given.get('down'), '--down');
  const burst = positive(given.get('burst'), '--burst');
  const bandwidth: BandwidthLimit | null = up || down ? { ...(up && { upBytesPerSecond: up }), ...(down && { downBytesPerSecond: down }), ...(burst && { burstBytes: burst }) } : null;
  const seedText = given.get('seed');
  const proxy = await startFaultProxy({ target, listen: hostPort(given.get('listen'), '--listen') ?? {}, mode, rules, bandwidth, ...(seedText === undefined ? {} : { seed: Number(seedText) }) });
  const controlAt = hostPort(given.get('control'), '--control');
  const control = controlAt ? await startControlServer(proxy, controlAt) : null;
  console.log(JSON.stringify({ proxy: `${proxy.host}:${proxy.port}`, target: `${target.host}:${target.port}`, mode, seed: proxy.seed, control: control?.url ?? null }));
  await waitForSignal();
  console.log(JSON.stringify({ stats: proxy.stats() }));
  await control?.close();
  await proxy.close();
}

async function netnsCommand(action: string | undefined, given: Map<string, string>): Promise<void> {
  if (action === 'cleanup') {
    console.log(JSON.stringify({ removed: cleanupStaleLinks({ all: true }) }));
    return;
  }
  if (action === 'up') {
    const link = setupSlowLink(linkOptions(given));
    console.log(JSON.stringify({ a: link.a, b: link.b, rate: link.rate }));
    await waitForSignal();
    link.teardown();
    console.log(JSON.stringify({ tornDown: [link.a.namespace, link.b.namespace] }));
    return;
  }
  if (action === 'measure') {
    const link = setupSlowLink(linkOptions(given));
    try {
      const from = (given.get('from') ?? 'a') as 'a' | 'b';
      const result = await measureThroughput(link, { from, bytes: positive(given.get('bytes'), '--bytes') ?? 65536 });
      console.log(JSON.stringify({ rate: link.rate, ...result, qdisc: link.qdiscStats(from) }));
    } finally {
      link.teardown();
    }
    return;
  }
  throw new Error(usage);
}

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  try {
    if (command === 'proxy') await proxyCommand(options(rest));
    else if (command === 'netns') await netnsCommand(rest[0], options(rest.slice(1)));
    else throw new Error(usage);
    return 0;
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    return 2;
  }
}

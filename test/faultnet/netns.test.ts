import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../helpers/hostProcess';
import { cleanupStaleLinks, listNamespaces, measureThroughput, setupSlowLink, slowLinkAvailability, type SlowLink } from './netns';

/**
 * The 64 kbit/s link of the sync benches, measured: two namespaces, a veth pair, tbf on both ends.
 * Skipped only when it cannot run here (not root, or no iproute2); CI runs as root.
 */

const availability = slowLinkAvailability();
const skipReason = availability.available ? null : availability.reason;
if (skipReason) console.warn(`slow link tests skipped: ${skipReason}`);


/** The first stdout line of a child, as JSON. */
function firstLine(child: ChildProcess): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    let output = '';
    let errors = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('\n')) resolve(JSON.parse(output.split('\n')[0]!));
    });
    child.stderr?.on('data', (chunk: Buffer) => (errors += chunk.toString()));
    child.on('close', (code) => reject(new Error(`exited ${code} before its first line: ${errors}`)));
  });
}

/** `node scripts/faultnet.mjs netns up` in a child; resolves with its JSON line. */
function startHolder() {
  const child = spawn(process.execPath, [join(projectRoot, 'scripts/faultnet.mjs'), 'netns', 'up'], { cwd: projectRoot, stdio: ['ignore', 'pipe', 'pipe'] });
  const ready = new Promise<{ a: { namespace: string }; b: { namespace: string } }>((resolve, reject) => {
    let output = '';
    let errors = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const line = output.split('\n')[0];
      if (output.includes('\n') && line) resolve(JSON.parse(line));
    });
    child.stderr.on('data', (chunk: Buffer) => (errors += chunk.toString()));
    child.on('close', (code) => reject(new Error(`netns up exited ${code}: ${errors}`)));
  });
  const exited = new Promise<void>((resolve) => child.on('close', () => resolve()));
  return { child, ready, exited };
}

describe.skipIf(skipReason !== null)('slow link: netns + veth + tbf', () => {
  let link: SlowLink | null = null;
  afterAll(() => link?.teardown());

  it('holds 64 KiB to ≈8 s at 64 kbit/s one way, and shapes the other end too', { timeout: 30_000 }, async () => {
    link = setupSlowLink({ rate: '64kbit', burst: '4kb', latency: '400ms' });
    const addresses = execFileSync('ip', ['-n', link.a.namespace, '-4', 'addr', 'show', 'dev', link.a.device], { encoding: 'utf8' });
    expect(addresses).toContain('10.77.0.1/24');
    expect(execFileSync('tc', ['-n', link.b.namespace, 'qdisc', 'show', 'dev', link.b.device], { encoding: 'utf8' })).toMatch(/tbf .*rate 64Kbit/);

    const forward = await measureThroughput(link, { from: 'a', bytes: 64 * 1024 });
    const wire = link.qdiscStats('a');
    console.log(`slow link a→b: ${forward.bytes} B in ${forward.seconds.toFixed(2)} s = ${forward.kbitPerSecond.toFixed(1)} kbit/s of payload; tbf sent ${wire.sentBytes} B in ${wire.packets} packets, dropped ${wire.dropped}`);
    // 65,536 B × 8 / 64,000 bit/s = 8.19 s, less the 4 KiB burst, plus TCP/IP headers.
    expect(forward.seconds).toBeGreaterThan(7);
    expect(forward.seconds).toBeLessThan(11);
    expect(wire.sentBytes).toBeGreaterThanOrEqual(64 * 1024);

    const back = await measureThroughput(link, { from: 'b', bytes: 16 * 1024 });
    console.log(`slow link b→a: ${back.bytes} B in ${back.seconds.toFixed(2)} s = ${back.kbitPerSecond.toFixed(1)} kbit/s of payload`);
    // (16,384 − 4,096 burst) × 8 / 64,000 = 1.5 s at least; unshaped it would take milliseconds.
    expect(back.seconds).toBeGreaterThan(1.3);
    expect(back.seconds).toBeLessThan(4);

    link.teardown();
    expect(listNamespaces()).not.toContain(link.a.namespace);
    expect(listNamespaces()).not.toContain(link.b.namespace);
  });

  it('carries the fault proxy CLI: app and proxy in A, server in B, rules set through the control API', { timeout: 20_000 }, async () => {
    link = setupSlowLink();
    const children: ChildProcess[] = [];
    try {
      const serverScript = `let n = 0; require('node:http').createServer((q, s) => { q.resume(); q.on('end', () => { n++; s.end(JSON.stringify({ n, pad: 'x'.repeat(2000) })); }); }).listen(9480, '10.77.0.2', () => console.log('{}'));`;
      const server = link.spawn('b', process.execPath, ['-e', serverScript]);
      children.push(server);
      await firstLine(server);
      const proxy = link.spawn('a', process.execPath, [join(projectRoot, 'scripts/faultnet.mjs'), 'proxy', '--target', '10.77.0.2:9480', '--listen', '127.0.0.1:9481', '--control', '127.0.0.1:9482', '--seed', '11'], { cwd: projectRoot });
      children.push(proxy);
      expect(await firstLine(proxy)).toMatchObject({ proxy: '127.0.0.1:9481', seed: 11, control: 'http://127.0.0.1:9482' });
      const clientScript = `(async () => {
        await fetch('http://127.0.0.1:9482/rules', { method: 'PUT', body: JSON.stringify([{ kind: 'duplicate' }]) });
        const answer = await (await fetch('http://127.0.0.1:9481/push', { method: 'POST', body: 'page' })).json();
        const stats = await (await fetch('http://127.0.0.1:9482/stats')).json();
        console.log(JSON.stringify({ n: answer.n, faults: stats.faults, bytesToClient: stats.bytesToClient }));
      })();`;
      const client = await link.exec('a', process.execPath, ['-e', clientScript]);
      expect(client.stderr).toBe('');
      const result = JSON.parse(client.stdout);
      // The server in B counted both copies; the app got the answer to the second.
      expect(result).toMatchObject({ n: 2, faults: { duplicate: 1 } });
      expect(result.bytesToClient).toBeGreaterThan(2000);
    } finally {
      for (const child of children) child.kill('SIGKILL');
      link.teardown();
    }
  });

  it('tears the link down when its process is terminated, and after a SIGKILL at the next setup', { timeout: 20_000 }, async () => {
    const terminated = startHolder();
    const first = await terminated.ready;
    expect(listNamespaces()).toEqual(expect.arrayContaining([first.a.namespace, first.b.namespace]));
    terminated.child.kill('SIGTERM');
    await terminated.exited;
    expect(listNamespaces()).not.toContain(first.a.namespace);
    expect(listNamespaces()).not.toContain(first.b.namespace);

    const killed = startHolder();
    const second = await killed.ready;
    killed.child.kill('SIGKILL');
    await killed.exited;
    expect(listNamespaces()).toContain(second.a.namespace); // nothing could run on SIGKILL
    expect(cleanupStaleLinks()).toEqual(expect.arrayContaining([second.a.namespace, second.b.namespace]));
    expect(listNamespaces()).not.toContain(second.a.namespace);
  });
});

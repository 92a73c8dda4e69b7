// Round trip of a trivial command (system.ping) through the browser-mode host:
// a real host process, HTTP on 127.0.0.1 with the token, keep-alive like a browser.
// Usage: npm run bench -- roundtrip [count]
import { Agent, request } from 'node:http';
import { cpus } from 'node:os';
import { startHostProcess } from '../test/helpers/hostProcess';
import { tempDir } from '../test/helpers/tmp';
import { median, ms, percentile } from './stats';

const count = Number(process.argv[2] ?? 5000);
const dir = tempDir('xiangcai-bench-');
const host = await startHostProcess(dir.path);
const { port, searchParams } = new URL(host.url);
const token = searchParams.get('token')!;
const agent = new Agent({ keepAlive: true, maxSockets: 1 });

function ping(): Promise<void> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port, path: '/api/invoke/system.ping', method: 'POST', agent, headers: { 'content-type': 'application/json', 'x-xiangcai-token': token } },
      (res) => {
        let body = '';
        res.on('data', (c: Buffer) => (body += c));
        res.on('end', () => (body.includes('"ok":true') ? resolve() : reject(new Error(body))));
      },
    );
    req.on('error', reject);
    req.end('{}');
  });
}

for (let i = 0; i < 500; i++) await ping(); // warm-up
const samples: number[] = [];
for (let i = 0; i < count; i++) {
  const start = process.hrtime.bigint();
  await ping();
  samples.push(Number(process.hrtime.bigint() - start) / 1e6);
}
agent.destroy();
await host.stop();
dir.cleanup();

console.log(`browser-mode round trip, system.ping, ${count} calls (${cpus().length} cores, Node ${process.version})`);
console.log(`median ${ms(median(samples))}  p90 ${ms(percentile(samples, 90))}  p99 ${ms(percentile(samples, 99))}  target: median < 2 ms`);

import type { Socket } from 'node:net';
import { performance } from 'node:perf_hooks';

/**
 * A token bucket in virtual time (GCRA): each take(n) books n bytes on the link at `bytesPerSecond`
 * and waits until they would have left it; after an idle spell up to `burstBytes` go at once.
 * Callers sharing a bucket share the link, in the order they call take().
 */
export class TokenBucket {
  private finish = 0;

  constructor(
    readonly bytesPerSecond: number,
    readonly burstBytes: number,
  ) {
    if (!(bytesPerSecond > 0)) throw new Error('bandwidth must be > 0 bytes/s');
    if (!(burstBytes >= 1)) throw new Error('burst must be ≥ 1 byte');
  }

  async take(bytes: number): Promise<void> {
    const now = performance.now();
    const burstMs = (this.burstBytes * 1000) / this.bytesPerSecond;
    const start = Math.max(this.finish, now - burstMs);
    this.finish = start + (bytes * 1000) / this.bytesPerSecond;
    const wait = this.finish - now;
    if (wait > 0) await sleep(wait);
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Writes and waits until the bytes are handed to the kernel; false when the socket died first. */
export function writeFlushed(socket: Socket, bytes: Buffer): Promise<boolean> {
  return new Promise((resolve) => {
    if (socket.destroyed || !socket.writable) {
      resolve(false);
      return;
    }
    const onClose = () => resolve(false);
    socket.once('close', onClose);
    socket.write(bytes, (error) => {
      socket.off('close', onClose);
      resolve(!error);
    });
  });
}

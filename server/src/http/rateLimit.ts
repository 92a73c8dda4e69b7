/**
 * A token bucket per key (device id, or client address for the unauthenticated endpoints):
 * `perMinute` requests, refilled continuously. In memory: a restart forgets, which is fine for
 * a limit meant to keep one misbehaving PC from starving the others.
 */
export interface RateLimiter {
  take(key: string): boolean;
}

export function createRateLimiter(perMinute: number, now: () => number = Date.now): RateLimiter {
  const buckets = new Map<string, { tokens: number; at: number }>();
  const refillPerMs = perMinute / 60_000;
  return {
    take(key) {
      const t = now();
      const bucket = buckets.get(key) ?? { tokens: perMinute, at: t };
      bucket.tokens = Math.min(perMinute, bucket.tokens + (t - bucket.at) * refillPerMs);
      bucket.at = t;
      const allowed = bucket.tokens >= 1;
      if (allowed) bucket.tokens -= 1;
      buckets.set(key, bucket);
      if (buckets.size > 10_000) {
        // Forget full buckets: they behave exactly like new ones.
        for (const [k, b] of buckets) if (b.tokens + (t - b.at) * refillPerMs >= perMinute) buckets.delete(k);
      }
      return allowed;
    },
  };
}

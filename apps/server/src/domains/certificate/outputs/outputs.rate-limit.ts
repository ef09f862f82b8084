import { RateLimitedError } from './outputs.errors.ts';

/**
 * Fixed one-minute window per client IP for public routes (DESIGN §5: public endpoints are
 * rate-limited per IP). In memory: each server instance counts its own share, which is what a
 * per-instance limit behind a load balancer means.
 */
export function createRateLimiter(options: { perMinute: number; clock: () => Date; maxKeys?: number }) {
  const windowMs = 60_000;
  const maxKeys = options.maxKeys ?? 100_000;
  let windowStart = 0;
  let counts = new Map<string, number>();
  return {
    /** Counts one request of `ip`; throws 429 RATE_LIMITED once the minute's budget is spent. */
    hit(ip: string): void {
      const now = options.clock().getTime();
      if (now - windowStart >= windowMs || counts.size >= maxKeys) {
        windowStart = now - (now % windowMs);
        counts = new Map();
      }
      const n = (counts.get(ip) ?? 0) + 1;
      counts.set(ip, n);
      if (n > options.perMinute) throw new RateLimitedError(Math.ceil((windowStart + windowMs - now) / 1000));
    },
  };
}

import { ConfigError } from '../../../config.ts';

export interface OutputSettings {
  /** Requests per minute and IP on the public share-link route (ANZHENG_PUBLIC_RATE_LIMIT, default 120). */
  publicRateLimit: number;
  /** How long a signed status list credential is reused (ANZHENG_STATUS_LIST_TTL_SECONDS, default 60). */
  statusListTtlSeconds: number;
}

function integer(
  env: Record<string, string | undefined>,
  name: string,
  fallback: number,
  min: number,
  max: number,
  problems: string[],
): number {
  const raw = env[name]?.trim();
  if (!raw) return fallback;
  const n = Number(raw);
  if (!/^\d+$/.test(raw) || n < min || n > max) {
    problems.push(`${name}=${raw}：必须是 ${min}–${max} 之间的整数`);
    return fallback;
  }
  return n;
}

/** Settings of the certificate outputs from the environment; throws ConfigError naming a bad value. */
export function loadOutputSettings(env: Record<string, string | undefined> = process.env): OutputSettings {
  const problems: string[] = [];
  const settings = {
    publicRateLimit: integer(env, 'ANZHENG_PUBLIC_RATE_LIMIT', 120, 1, 1_000_000, problems),
    statusListTtlSeconds: integer(env, 'ANZHENG_STATUS_LIST_TTL_SECONDS', 60, 0, 3600, problems),
  };
  if (problems.length > 0) throw new ConfigError(problems);
  return settings;
}

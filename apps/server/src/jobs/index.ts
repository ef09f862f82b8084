import { ConfigError } from '../config.ts';

export type { JobRow, NewJob } from './job.repository.ts';
export {
  createJobRunner,
  JobAbortedError,
  type JobContext,
  type JobHandler,
  type JobInfo,
  JobLostError,
  type JobRunner,
  type JobRunnerOptions,
  retryDelaySeconds,
} from './job.runner.ts';

export interface JobSettings {
  /** ANZHENG_JOB_POLL_MS (default 500; 0 = no poller, jobs run only when asked). */
  pollMs: number;
  /** ANZHENG_JOB_STALE_MINUTES (default 5): a running job without heartbeat this long is retried. */
  staleSeconds: number;
}

/** Job settings from the environment; throws ConfigError naming a bad value. */
export function loadJobSettings(env: Record<string, string | undefined> = process.env): JobSettings {
  const problems: string[] = [];
  const int = (name: string, fallback: number, min: number, max: number) => {
    const raw = env[name]?.trim();
    if (!raw) return fallback;
    const n = Number(raw);
    if (!/^\d+$/.test(raw) || n < min || n > max) {
      problems.push(`${name}=${raw}：必须是 ${min}–${max} 之间的整数`);
      return fallback;
    }
    return n;
  };
  const pollMs = int('ANZHENG_JOB_POLL_MS', 500, 0, 3_600_000);
  const staleMinutes = int('ANZHENG_JOB_STALE_MINUTES', 5, 1, 24 * 60);
  if (problems.length > 0) throw new ConfigError(problems);
  return { pollMs, staleSeconds: staleMinutes * 60 };
}

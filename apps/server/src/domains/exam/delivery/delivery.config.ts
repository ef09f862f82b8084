import { ConfigError } from '../../../config.ts';

type Env = Record<string, string | undefined>;

/** Exam delivery settings, read once from the environment (docs/exam-delivery.md §configuration). */
export interface DeliverySettings {
  /** Saves sent just before the deadline are still accepted this long after it. */
  saveGraceSeconds: number;
  /** How long a candidate's start slot stays open after session start + their offset. */
  startSlotSeconds: number;
  /** Background sweeper period; 0 disables it (reads still finalize lazily). */
  sweepIntervalMs: number;
  /** A candidate counts as connected when their last save/heartbeat is younger than this. */
  connectedSeconds: number;
  /** Double marking: |a − b| above this share of the maximum goes to an arbitrator. */
  markingThresholdRatio: number;
  /** Days after publication in which a candidate may request a re-check. */
  appealDays: number;
  /** Re-sits allowed after a failed result, and within how many months. */
  resits: number;
  resitMonths: number;
}

export const DELIVERY_ENV = {
  saveGraceSeconds: 'ANZHENG_EXAM_SAVE_GRACE_SECONDS',
  startSlotSeconds: 'ANZHENG_EXAM_START_SLOT_SECONDS',
  sweepIntervalMs: 'ANZHENG_EXAM_SWEEP_INTERVAL_MS',
  connectedSeconds: 'ANZHENG_EXAM_CONNECTED_SECONDS',
  markingThresholdPercent: 'ANZHENG_EXAM_MARKING_THRESHOLD_PERCENT',
  appealDays: 'ANZHENG_EXAM_APPEAL_DAYS',
  resits: 'ANZHENG_EXAM_RESITS',
  resitMonths: 'ANZHENG_EXAM_RESIT_MONTHS',
} as const;

function integer(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name]?.trim();
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!/^\d+$/.test(raw) || n < min || n > max) {
    throw new ConfigError([`${name}=${raw}：必须是 ${min}–${max} 之间的整数`]);
  }
  return n;
}

export function readDeliverySettings(env: Env = process.env): DeliverySettings {
  return {
    saveGraceSeconds: integer(env, DELIVERY_ENV.saveGraceSeconds, 30, 0, 600),
    startSlotSeconds: integer(env, DELIVERY_ENV.startSlotSeconds, 900, 60, 86_400),
    sweepIntervalMs: integer(env, DELIVERY_ENV.sweepIntervalMs, 5_000, 0, 3_600_000),
    connectedSeconds: integer(env, DELIVERY_ENV.connectedSeconds, 60, 5, 3_600),
    markingThresholdRatio: integer(env, DELIVERY_ENV.markingThresholdPercent, 10, 0, 100) / 100,
    appealDays: integer(env, DELIVERY_ENV.appealDays, 15, 1, 365),
    resits: integer(env, DELIVERY_ENV.resits, 1, 0, 10),
    resitMonths: integer(env, DELIVERY_ENV.resitMonths, 12, 1, 60),
  };
}

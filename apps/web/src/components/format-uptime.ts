import type { TFunction } from 'i18next';

/** "3 小时 12 分" / "3 h 12 min": two units are enough to tell a fresh restart from a long run. */
export function formatUptime(totalSeconds: number, t: TFunction): string {
  const seconds = Math.max(0, Math.floor(totalSeconds));
  const d = Math.floor(seconds / 86_400);
  const h = Math.floor((seconds % 86_400) / 3_600);
  const m = Math.floor((seconds % 3_600) / 60);
  if (d > 0) return t('uptime.daysHours', { d, h });
  if (h > 0) return t('uptime.hoursMinutes', { h, m });
  if (m > 0) return t('uptime.minutes', { m });
  return t('uptime.lessThanMinute');
}

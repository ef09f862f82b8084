import { type IdIssue, issue } from './issues.ts';

// Identity numbers are issued under Beijing time; a server running in UTC must not reject a
// child born today in China between 00:00 and 08:00.
const CHINA_UTC_OFFSET_MS = 8 * 60 * 60 * 1000;
const EARLIEST_BIRTH_DATE = '1900-01-01';

export function chinaCalendarDate(instant: Date): string {
  return new Date(instant.getTime() + CHINA_UTC_OFFSET_MS).toISOString().slice(0, 10);
}

/** Checks an 8-digit `YYYYMMDD`; returns the ISO date when it is a plausible birth date. */
export function checkBirthDate(yyyymmdd: string, today: Date, errors: IdIssue[]): string | undefined {
  const year = Number(yyyymmdd.slice(0, 4));
  const month = Number(yyyymmdd.slice(4, 6));
  const day = Number(yyyymmdd.slice(6, 8));
  const date = new Date(Date.UTC(year, month - 1, day));
  const iso = `${yyyymmdd.slice(0, 4)}-${yyyymmdd.slice(4, 6)}-${yyyymmdd.slice(6, 8)}`;
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) {
    errors.push(issue('INVALID_BIRTH_DATE', `出生日期 ${yyyymmdd} 不是有效的公历日期`));
    return undefined;
  }
  if (iso < EARLIEST_BIRTH_DATE) {
    errors.push(issue('INVALID_BIRTH_DATE', `出生日期 ${iso} 早于 ${EARLIEST_BIRTH_DATE}`));
    return undefined;
  }
  if (iso > chinaCalendarDate(today)) {
    errors.push(issue('BIRTH_DATE_IN_FUTURE', `出生日期 ${iso} 晚于今天（${chinaCalendarDate(today)}）`));
    return undefined;
  }
  return iso;
}

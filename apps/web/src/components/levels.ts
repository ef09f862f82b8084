import type { TFunction } from 'i18next';

/** 证书等级 in order (contracts LEVELS; the bundle carries no TypeBox code, so listed here). */
export const LEVEL_CODES = ['junior', 'intermediate', 'senior', 'special'] as const;
export type Level = (typeof LEVEL_CODES)[number];

export function levelName(t: TFunction, code: string | null | undefined): string {
  if (!code) return t('levels.any');
  return (LEVEL_CODES as readonly string[]).includes(code) ? t(`levels.${code}`) : code;
}

export const EDUCATION_CODES = ['high_school', 'junior_college', 'bachelor', 'master', 'doctor'] as const;

/** A rule value in words: education codes and levels translated, booleans as 是/否, objects as JSON. */
export function formatRuleValue(t: TFunction, value: unknown): string {
  if (value === null || value === undefined || value === '') return '—';
  if (typeof value === 'boolean') return value ? t('common.yes') : t('common.no');
  if (typeof value === 'string') {
    if ((EDUCATION_CODES as readonly string[]).includes(value)) return t(`education.${value}`);
    if ((LEVEL_CODES as readonly string[]).includes(value)) return t(`levels.${value}`);
    return value;
  }
  if (typeof value === 'number') return String(value);
  return JSON.stringify(value);
}

import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import enUS from './en-US.json';
import { mergeParts, type Resources } from './merge.ts';
import zhCN from './zh-CN.json';

// Each feature area may keep its strings in `parts/<area>.<language>.json` (merged over the
// base files), so that parallel work on different areas never edits one big file.
const parts = import.meta.glob<Resources>('./parts/*.json', { eager: true, import: 'default' });

export const LANGUAGES = ['zh-CN', 'en-US'] as const;
export type Language = (typeof LANGUAGES)[number];
export const DEFAULT_LANGUAGE: Language = 'zh-CN';

const STORAGE_KEY = 'anzheng.language';
const DAYJS_LOCALE: Record<Language, string> = { 'zh-CN': 'zh-cn', 'en-US': 'en' };

function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);
}

function storedLanguage(): Language {
  try {
    const value = window.localStorage.getItem(STORAGE_KEY);
    return isLanguage(value) ? value : DEFAULT_LANGUAGE;
  } catch {
    // Storage can be unavailable (privacy mode); the default language still works.
    return DEFAULT_LANGUAGE;
  }
}

export function currentLanguage(): Language {
  return isLanguage(i18n.resolvedLanguage) ? i18n.resolvedLanguage : DEFAULT_LANGUAGE;
}

function applyLanguage(language: string): void {
  const lng = isLanguage(language) ? language : DEFAULT_LANGUAGE;
  document.documentElement.lang = lng;
  dayjs.locale(DAYJS_LOCALE[lng]);
}

i18n.on('languageChanged', applyLanguage);

void i18n.use(initReactI18next).init({
  resources: {
    'zh-CN': { translation: mergeParts(zhCN, parts, 'zh-CN') },
    'en-US': { translation: mergeParts(enUS, parts, 'en-US') },
  },
  lng: storedLanguage(),
  fallbackLng: DEFAULT_LANGUAGE,
  supportedLngs: LANGUAGES,
  interpolation: { escapeValue: false },
  initAsync: false,
});

/** Switch the interface language and remember the choice for the next visit. */
export function setLanguage(language: Language): void {
  try {
    window.localStorage.setItem(STORAGE_KEY, language);
  } catch {
    // Not persisted, but the switch still applies to this page.
  }
  void i18n.changeLanguage(language);
}

export { i18n };

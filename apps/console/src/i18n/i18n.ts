import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import { en } from './en';
import { vi } from './vi';

/** The languages the console speaks; Vietnamese first, as its users do. */
export const LANGUAGES = ['vi', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];

const STORED_LANGUAGE = 'dondoc.language';

function storedLanguage(): Language {
  const stored = window.localStorage.getItem(STORED_LANGUAGE);
  return stored === 'en' ? 'en' : 'vi';
}

/** Starts i18next with both dictionaries bundled (they are small), in the language last chosen. */
export async function startI18n(): Promise<void> {
  await i18next.use(initReactI18next).init({
    resources: { vi: { translation: vi }, en: { translation: en } },
    lng: storedLanguage(),
    fallbackLng: 'vi',
    interpolation: { escapeValue: false },
  });
  document.documentElement.lang = i18next.language;
}

/** Switches the language and remembers it on this browser. */
export async function switchLanguage(language: Language): Promise<void> {
  window.localStorage.setItem(STORED_LANGUAGE, language);
  await i18next.changeLanguage(language);
  document.documentElement.lang = language;
}

// Translation of the plugin's UI. The language follows Obsidian's (moment's locale, which
// Obsidian sets to the app language), falling back to English for languages we lack.
import { moment } from 'obsidian';
import { en, type MessageKey, type Messages } from './en';
import { fr } from './fr';

export type { MessageKey, Messages } from './en';

export type Language = 'en' | 'fr';

export const dictionaries: Record<Language, Messages> = { en, fr };

/** Values substituted for `{name}` placeholders; numbers are formatted for the language. */
export type MessageVars = Record<string, string | number>;

let forced: Language | null = null;

/** Overrides the detected language (tests, or a future setting); null returns to detection. */
export function setLanguage(language: Language | null): void {
  forced = language;
}

export function currentLanguage(): Language {
  if (forced) return forced;
  let locale = '';
  try {
    locale = moment.locale() ?? '';
  } catch {
    // moment missing or broken: English is the safe default.
  }
  return toLanguage(locale);
}

/** Maps a locale tag such as "fr", "fr-CA" or "en-gb" to a language we have. */
export function toLanguage(locale: string): Language {
  const base = locale.toLowerCase().split(/[-_]/)[0] ?? '';
  return base in dictionaries ? (base as Language) : 'en';
}

/**
 * `{name|one|other}` picks the word form for the number `name` by the language's plural rules
 * (French counts 0 and 1 as singular, English only 1): "1 note indexée", "0 notes indexed".
 */
const PLURAL_RE = /\{(\w+)\|([^|{}]*)\|([^|{}]*)\}/g;

const pluralRules = new Map<Language, Intl.PluralRules>();

function pluralOf(value: number, language: Language): Intl.LDMLPluralRule {
  let rules = pluralRules.get(language);
  if (!rules) {
    rules = new Intl.PluralRules(language);
    pluralRules.set(language, rules);
  }
  return rules.select(value);
}

export function t(key: MessageKey, vars?: MessageVars): string {
  const language = currentLanguage();
  const template = dictionaries[language][key] ?? en[key] ?? key;
  if (!vars) return template;
  return template
    .replace(PLURAL_RE, (whole, name: string, one: string, other: string) => {
      const value = vars[name];
      if (typeof value !== 'number') return whole;
      return pluralOf(value, language) === 'one' ? one : other;
    })
    .replace(/\{(\w+)\}/g, (whole, name: string) => {
      const value = vars[name];
      if (value === undefined) return whole;
      return typeof value === 'number' ? formatNumber(value, language) : value;
    });
}

const numberFormats = new Map<string, Intl.NumberFormat>();

/** 5000 → "5,000" in English, "5 000" (narrow no-break space) in French. */
export function formatNumber(value: number, language: Language = currentLanguage(), maximumFractionDigits = 1): string {
  const cacheKey = `${language}:${maximumFractionDigits}`;
  let format = numberFormats.get(cacheKey);
  if (!format) {
    format = new Intl.NumberFormat(language, { maximumFractionDigits });
    numberFormats.set(cacheKey, format);
  }
  return format.format(value);
}

/** A short remaining-time label: "45 s", "3 min", "1 h 20 min". */
export function formatDuration(ms: number): string {
  const seconds = Math.max(0, Math.round(ms / 1000));
  if (seconds < 60) return t('unit.seconds', { n: seconds });
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return t('unit.minutes', { n: minutes });
  return t('unit.hours', { h: Math.floor(minutes / 60), m: minutes % 60 });
}

/** Decimal units, as file managers show them: 1 500 000 → "1.5 MB" / "1,5 Mo". */
export function formatBytes(bytes: number): string {
  if (bytes < 1000) return t('unit.bytes', { n: Math.max(0, Math.round(bytes)) });
  if (bytes < 1e6) return t('unit.kilobytes', { n: round1(bytes / 1e3) });
  if (bytes < 1e9) return t('unit.megabytes', { n: round1(bytes / 1e6) });
  return t('unit.gigabytes', { n: round1(bytes / 1e9) });
}

function round1(value: number): number {
  return Math.round(value * 10) / 10;
}

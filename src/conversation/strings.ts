// The bot's own sentences (dialogs/strings.yaml), in English and Spanish.
import { z } from 'zod';
import { bilingual } from '../engine/catalog/schema';

export type Locale = 'en' | 'es';
export const stringsSchema = z.record(z.string(), bilingual);
export type Strings = z.infer<typeof stringsSchema>;

/** The bot's locale for an activity locale such as "es-ES" (English for anything else). */
export function toLocale(activityLocale: string | undefined): Locale {
  return /^es\b/i.test(activityLocale ?? '') ? 'es' : 'en';
}

/** Text of `key` in `locale`, with {placeholders} filled; a missing key is a programming error. */
export function say(strings: Strings, locale: Locale, key: string, vars: Record<string, string | number> = {}): string {
  const entry = strings[key];
  if (!entry) throw new Error(`No string "${key}" in dialogs/strings.yaml`);
  return entry[locale].replace(/\{(\w+)\}/g, (m, name: string) => (name in vars ? String(vars[name]) : m));
}

/** English, or Spanish where the article has it. */
export function pick(text: { en: string; es?: string | undefined }, locale: Locale): string {
  return (locale === 'es' && text.es) || text.en;
}

/**
 * The site's languages. The key is the URL segment and folder name (`content/reports/en/`),
 * `lang` is the BCP 47 tag for `<html lang>` and hreflang, kept apart as withastro/docs does.
 * Astro's i18n config and Decap's i18n locales are both derived from this table.
 */
export const locales = {
	zh: { label: '中文', lang: 'zh-CN', prefix: '' },
	en: { label: 'English', lang: 'en', prefix: '/en' },
} as const;

export type Locale = keyof typeof locales;

/** Every report has a zh version; en is an optional translation with the same slug. */
export const defaultLocale: Locale = 'zh';

export const localeKeys = Object.keys(locales) as Locale[];

export function isLocale(value: unknown): value is Locale {
	return typeof value === 'string' && Object.hasOwn(locales, value);
}

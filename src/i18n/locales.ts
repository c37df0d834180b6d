/**
 * The site's languages: the one place that knows them. Everything else asks this table (or the
 * helpers below) instead of naming a language: URLs, folders, `<html lang>`, dates, search,
 * Astro's routes, the CMS's i18n settings and the localised values in settings.yml and
 * categories.yml (`name: { zh: …, en: … }`). Adding a language is a row here, a dictionary in
 * ui.ts and its values in the content (docs/architecture.md).
 *
 * The key is the URL segment and folder name (`content/reports/<year>/en/`); `lang` is the
 * BCP 47 tag for `<html lang>` and hreflang, kept apart as withastro/docs does.
 *
 * Imported by the search page's script too: plain data, no dependencies.
 */
export interface LocaleInfo {
	/** The language's name in itself: the language switch's link text. */
	label: string;
	/** BCP 47 tag: `<html lang>`, hreflang, feeds, word segmentation. */
	lang: string;
	/** URL prefix of its pages: '' for the default language, `/en` for English. */
	prefix: string;
	/** Open Graph locale. */
	og: string;
	/** Decap CMS interface locale when an editor works in this language. */
	decap: string;
	/** Intl locale whose long date style the pages use: 2022年3月15日, 15 March 2022. */
	dates: string;
	/** Lists show `2022-03-15` (`numeric`) or the long date. */
	listDates: 'numeric' | 'long';
	/**
	 * Written in Han characters without spaces: search matches character grams, excerpts join
	 * words without spaces; otherwise words are separated by spaces and stemmed.
	 */
	han: boolean;
}

export const locales = {
	zh: {
		label: '中文',
		lang: 'zh-CN',
		prefix: '',
		og: 'zh_CN',
		decap: 'zh_Hans',
		dates: 'zh-CN',
		listDates: 'numeric',
		han: true,
	},
	en: {
		label: 'English',
		lang: 'en',
		prefix: '/en',
		og: 'en_US',
		decap: 'en',
		dates: 'en-GB',
		listDates: 'long',
		han: false,
	},
} as const satisfies Record<string, LocaleInfo>;

export type Locale = keyof typeof locales;

/** Every report has a version in the default language; the others are optional translations. */
export const defaultLocale = 'zh' satisfies Locale;

/** Every language, the default first: the order of menus, hreflang links and CMS tabs. */
export const localeKeys = Object.keys(locales) as [Locale, ...Locale[]];

export function isLocale(value: unknown): value is Locale {
	return typeof value === 'string' && Object.hasOwn(locales, value);
}

/** The languages other than `lang`, in table order. */
export function otherLocales(lang: Locale): Locale[] {
	return localeKeys.filter((l) => l !== lang);
}

/**
 * The language whose value stands beside or in for this one: the default language's for a
 * translation, the first translation's for the default language (the header shows the
 * association's name in both).
 */
export function partnerLocale(lang: Locale): Locale {
	return lang === defaultLocale ? (otherLocales(lang)[0] ?? lang) : defaultLocale;
}

/** A value per language, as settings.yml and categories.yml write it: `{ zh: …, en: … }`. */
export type Localized<T> = Record<Locale, T>;

/** A value that may be missing in some languages; the default language's stands in. */
export type PartlyLocalized<T> = Partial<Record<Locale, T>>;

/** The value for `lang`, or the default language's when that one has none. */
export function localized<T>(value: PartlyLocalized<T> | undefined, lang: Locale): T | undefined {
	return value?.[lang] ?? value?.[defaultLocale];
}

/** URL `[...lang]` route parameter: undefined for the default language (no prefix). */
export function langParam(lang: Locale): string | undefined {
	return locales[lang].prefix.replace(/^\//, '') || undefined;
}

/** The language of a URL path, from its first segment. */
export function localeOfPath(path: string): Locale {
	const first = /^\/([^/?#]+)/.exec(path)?.[1];
	return localeKeys.find((l) => locales[l].prefix === `/${first}`) ?? defaultLocale;
}

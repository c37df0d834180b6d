import { describe, expect, test } from 'vitest';
import { ui, useTranslations, type UiKey } from '../../src/i18n/ui.ts';
import { locales } from '../../src/i18n/locales.ts';

describe('UI dictionaries', () => {
	test('English has every key of Chinese, none empty', () => {
		expect(Object.keys(ui.en).sort()).toEqual(Object.keys(ui.zh).sort());
		for (const [lang, dict] of Object.entries(ui)) {
			for (const [key, value] of Object.entries(dict))
				expect(value.trim(), `${lang} ${key}`).not.toBe('');
		}
	});

	test('placeholders are filled', () => {
		expect(useTranslations('zh')('list.count', { count: 3 })).toBe('共 3 篇');
		expect(useTranslations('en')('page.current', { page: 2, pages: 5 })).toBe('Page 2 of 5');
	});

	test('every language has a canonical BCP 47 tag and a name in every dictionary', () => {
		for (const [key, locale] of Object.entries(locales)) {
			expect(Intl.getCanonicalLocales(locale.lang), key).toEqual([locale.lang]);
			for (const dict of Object.values(ui)) expect(dict[`lang.${key}` as UiKey], key).toBeTruthy();
		}
	});
});

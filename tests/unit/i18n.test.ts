import { describe, expect, test } from 'vitest';
import { ui, useTranslations } from '../../src/i18n/ui.ts';
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

	test('html lang tags are BCP 47', () => {
		expect(locales.zh.lang).toBe('zh-CN');
		expect(locales.en.lang).toBe('en');
	});
});

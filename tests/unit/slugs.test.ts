import { describe, expect, test } from 'vitest';
import { parseReportPath } from '../../src/lib/content/reportPath.ts';
import { tagSlug } from '../../src/lib/site/tagSlug.ts';
import { outputFileFor, reportUrl, tagUrl } from '../../src/lib/site/urls.ts';

describe('parseReportPath', () => {
	test('returns language, slug and id for a report file', () => {
		expect(parseReportPath('content/reports/2024/en/x.mdx')).toMatchObject({
			lang: 'en',
			kind: 'mdx',
		});
		expect(parseReportPath('content/reports/2024/zh/2024-03-15-年度报告.md')).toMatchObject({
			slug: '2024-03-15-年度报告',
		});
	});

	test.each([
		['content/reports/2024/fr/x.md', '<zh|en>'],
		['content/reports/2024/zh/sub/x.md', 'no other folders'],
		['content/reports/2024/zh/Annual Report.md', 'not a valid slug'],
		['content/reports/2024/zh/a--b.md', 'not a valid slug'],
		['content/reports/2024/zh/x.txt', '.md'],
	])('rejects %s', (path, message) => {
		const result = parseReportPath(path);
		expect('error' in result && result.error).toContain(message);
	});
});

describe('tagSlug and URLs', () => {
	test('Chinese tags keep their characters and give working URLs', () => {
		expect(tagSlug('团体标准')).toBe('团体标准');
		expect(tagUrl('zh', tagSlug('团体标准'))).toBe('/tags/%E5%9B%A2%E4%BD%93%E6%A0%87%E5%87%86/');
		expect(decodeURIComponent(tagUrl('zh', '团体标准'))).toBe('/tags/团体标准/');
	});

	test('spellings that differ only in case, width or spacing are one tag', () => {
		expect(tagSlug('BIM 技术')).toBe('bim-技术');
		expect(tagSlug('ＢＩＭ　技术')).toBe('bim-技术');
		expect(tagSlug('bim-技术')).toBe('bim-技术');
		expect(tagSlug('a/b?c#d')).toBe('a-b-c-d');
		expect(tagSlug('!!!')).toBe('tag');
	});

	test('URLs map to the files Astro writes', () => {
		expect(reportUrl('en', 'x')).toBe('/en/reports/x/');
		expect(outputFileFor('/tags/%E5%9B%A2/')).toBe('tags/团/index.html');
		expect(outputFileFor('/rss.xml')).toBe('rss.xml');
		expect(outputFileFor('/')).toBe('index.html');
	});
});

/**
 * The CMS lists one year at a time: one collection per year folder, the current year first, and
 * a report whose date moves to another year moves to that year's folder in the same save.
 */
import { describe, expect, test } from 'vitest';
import {
	adminConfigFile,
	backendFromEnv,
	cmsConfig,
	readCategories,
	reportYears,
} from '../../src/cms/config.ts';
import { PROJECT } from '../helpers/fixtureSite.ts';
// @ts-ignore -- plain JS shared with the browser
import { checkSave } from '../../admin/backends.js';
// @ts-ignore -- plain JS shared with the browser
import { addCurrentYear, slugFromAddress } from '../../admin/years.js';

const categories = readCategories(PROJECT);
const setup = backendFromEnv({});
type Collection = {
	name: string;
	label: string;
	folder?: string;
	i18n?: boolean;
	view_filters?: { field: string }[];
	view_groups?: { field: string; pattern?: string }[];
};

describe('one CMS collection per year', () => {
	test('has a collection for every year folder and the current year, newest first, each reading one folder', () => {
		expect(reportYears(PROJECT)).toEqual([2026, 2025, 2024, 2023, 2022]);
		const collections = cmsConfig({
			lang: 'zh',
			categories,
			setup,
			year: 2027,
			years: reportYears(PROJECT),
		}).collections as Collection[];
		const years = collections.filter((c) => c.name.startsWith('reports-'));
		expect(years.map((c) => [c.name, c.label, c.folder])).toEqual([
			['reports-2027', '2027年报告', 'content/reports/2027'],
			['reports-2026', '2026年报告', 'content/reports/2026'],
			['reports-2025', '2025年报告', 'content/reports/2025'],
			['reports-2024', '2024年报告', 'content/reports/2024'],
			['reports-2023', '2023年报告', 'content/reports/2023'],
			['reports-2022', '2022年报告', 'content/reports/2022'],
		]);
		// Translated (zh pane first, en beside it), filtered by category, grouped by month.
		expect(years.every((c) => c.i18n === true)).toBe(true);
		expect(new Set(years[1]!.view_filters!.map((f) => f.field))).toEqual(new Set(['category']));
		expect(years[1]!.view_groups!.map((g) => g.field)).toEqual(['date', 'category']);
		expect(adminConfigFile(PROJECT, {}).reports).toEqual({
			dir: 'content/reports',
			collectionPrefix: 'reports-',
		});
	});

	test('the admin page adds the browser year when the config was made last year', () => {
		const year = new Date().getFullYear();
		const collections = [
			{
				name: `reports-${year - 1}`,
				label: `${year - 1}年报告`,
				folder: `content/reports/${year - 1}`,
			},
			{
				name: `reports-${year - 3}`,
				label: `${year - 3}年报告`,
				folder: `content/reports/${year - 3}`,
			},
			{ name: 'site', label: '网站设置' },
		];
		expect(addCurrentYear(collections, 'reports-')).toEqual([
			String(year),
			String(year - 1),
			String(year - 3),
		]);
		expect(collections[0]).toMatchObject({
			name: `reports-${year}`,
			label: `${year}年报告`,
			folder: `content/reports/${year}`,
		});
		expect(addCurrentYear(collections, 'reports-')).toHaveLength(3);
	});

	test('reads the slug from a public address', () => {
		expect(slugFromAddress('https://www.example.org.cn/reports/2025-04-16-urban-bridge/')).toBe(
			'2025-04-16-urban-bridge'
		);
		expect(slugFromAddress('http://127.0.0.1:4321/en/reports/x-y')).toBe('x-y');
		expect(slugFromAddress('/reports/2025-04-16-%E6%A1%A5%E6%A2%81/?from=wechat')).toBe(
			'2025-04-16-桥梁'
		);
		expect(slugFromAddress('桥梁检测')).toBeUndefined();
	});
});

describe('a date moved to another year', () => {
	const options = {
		folder: 'content/reports',
		locales: ['zh', 'en'],
		defaultLocale: 'zh',
		limits: adminConfigFile(PROJECT, {}).limits,
		messages: {
			badPath: 'badPath',
			badSlug: 'badSlug',
			badUpload: 'badUpload',
			badType: 'badType',
			tooLarge: 'tooLarge',
		},
	};
	const zh = (date: string) => `---\ntitle: 标题\ndate: ${date}\ncategory: news\n---\n正文\n`;
	const en = (date: string) => `---\ntitle: Title\ndate: ${date}\ncategory: news\n---\nText\n`;

	test('an existing report and its translation are renamed into the year of the new date', () => {
		const originals = new Map([
			['content/reports/2025/zh/2025-01-02-a.md', zh('2025-01-02')],
			['content/reports/2025/en/2025-01-02-a.md', en('2025-01-02')],
		]);
		const files = checkSave(
			[
				{ path: 'content/reports/2025/zh/2025-01-02-a.md', raw: zh('2024-12-30') },
				{ path: 'content/reports/2025/en/2025-01-02-a.md', raw: en('2024-12-30') },
			],
			[],
			options,
			originals
		);
		expect(files.map((f: { path: string; newPath?: string }) => [f.path, f.newPath])).toEqual([
			['content/reports/2025/zh/2025-01-02-a.md', 'content/reports/2024/zh/2025-01-02-a.md'],
			['content/reports/2025/en/2025-01-02-a.md', 'content/reports/2024/en/2025-01-02-a.md'],
		]);
	});

	test('a new report is written straight into the year of its date; a report in its year stays', () => {
		const moved = checkSave(
			[{ path: 'content/reports/2026/zh/2025-12-30-b.md', raw: zh('2025-12-30') }],
			[],
			options
		);
		expect(moved).toEqual([
			expect.objectContaining({ path: 'content/reports/2025/zh/2025-12-30-b.md' }),
		]);
		expect(moved[0]?.newPath).toBeUndefined();
		const stays = checkSave(
			[{ path: 'content/reports/2026/zh/2026-01-05-c.md', raw: zh('2026-01-05') }],
			[],
			options
		);
		expect(stays.map((f: { path: string }) => f.path)).toEqual([
			'content/reports/2026/zh/2026-01-05-c.md',
		]);
	});

	test('refuses paths outside the year layout', () => {
		const file = (path: string) => [{ path, raw: zh('2025-01-02') }];
		expect(() => checkSave(file('content/reports/zh/a.md'), [], options)).toThrow('badPath');
		expect(() => checkSave(file('content/reports/2025/zh/a.mdx'), [], options)).toThrow('badPath');
		expect(() => checkSave(file('content/reports/2025/zh/sub/a.md'), [], options)).toThrow(
			'badPath'
		);
	});
});

describe('under the review workflow', () => {
	test('a save that would change year is refused with the message, nothing returned to write', () => {
		const options = {
			folder: 'content/reports',
			locales: ['zh', 'en'],
			defaultLocale: 'zh',
			limits: adminConfigFile(PROJECT, {}).limits,
			messages: { moveInWorkflow: (from: string, to: string) => `move ${from}→${to}` },
			workflow: () => true,
		};
		const raw = '---\ntitle: 标题\ndate: 2024-12-30\ncategory: news\n---\n正文\n';
		expect(() =>
			checkSave([{ path: 'content/reports/2025/zh/2025-01-02-a.md', raw }], [], options)
		).toThrow('move 2025→2024');
		expect(
			checkSave([{ path: 'content/reports/2024/zh/2024-12-30-a.md', raw }], [], options)
		).toHaveLength(1);
	});
});

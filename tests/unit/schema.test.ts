import { describe, expect, test } from 'vitest';
import {
	categoriesFileSchema,
	fieldMeta,
	reportSchema,
	settingsSchema,
} from '../../src/content/schema.ts';
import { issuesToProblems } from '../../src/lib/content/problem.ts';

const valid = { title: '关于开展桥梁检测的通知', date: '2025-04-16', category: 'notices' };

describe('reportSchema', () => {
	test('accepts the minimal front matter and every optional field', () => {
		expect(reportSchema.parse(valid)).toEqual(valid);
		const full = {
			...valid,
			source: '协会秘书处',
			tags: ['桥梁检测', 'BIM 技术'],
			summary: '摘要',
			cover: '/uploads/2025/a.png',
			attachments: [{ title: '附件1', file: '/uploads/2025/a.pdf' }],
			draft: true,
			lang: 'zh',
			origin: 'https://old.example.org/a.html',
		};
		expect(reportSchema.parse(full)).toEqual(full);
	});

	test('names each wrong field with a plain message', () => {
		const result = reportSchema.safeParse({
			title: '',
			date: '2022-02-30',
			category: 'Notices',
			categroy: 'x',
			cover: '../etc/passwd',
		});
		const problems = issuesToProblems('r.md', result.error!.issues);
		const byField = Object.fromEntries(problems.map((p) => [p.field, p.message]));
		expect(byField.title).toBe('title must not be empty');
		expect(byField.date).toContain('YYYY-MM-DD, got "2022-02-30"');
		expect(byField.category).toContain('lower-case');
		expect(byField.categroy).toBe('unknown field (check the spelling)');
		expect(byField.cover).toContain('path under public/');
	});

	test('reports missing required fields as required', () => {
		const problems = issuesToProblems('r.md', reportSchema.safeParse({}).error!.issues);
		expect(problems.map((p) => `${p.field}: ${p.message}`).sort()).toEqual([
			'category: is required',
			'date: is required',
			'title: is required',
		]);
	});

	test('every field carries CMS labels in both languages', () => {
		for (const [name, field] of Object.entries(reportSchema.shape)) {
			const meta = fieldMeta(field);
			expect(meta, name).toBeDefined();
			expect(meta!.label.zh.length, name).toBeGreaterThan(0);
			expect(meta!.label.en?.length, name).toBeGreaterThan(0);
		}
	});
});

describe('categories and settings', () => {
	test('the shipped data files validate', async () => {
		const { parse } = await import('yaml');
		const { readFileSync } = await import('node:fs');
		const cats = categoriesFileSchema.parse(parse(readFileSync('content/categories.yml', 'utf8')));
		expect(cats.categories.map((c) => c.slug)).toEqual(
			expect.arrayContaining([
				'notices',
				'news',
				'party',
				'standards',
				'training',
				'industry',
				'members',
				'policy',
			])
		);
		const settings = settingsSchema.parse(parse(readFileSync('content/settings.yml', 'utf8')));
		expect(settings.icp).toMatch(/ICP备/);
	});
});

describe('哀悼模式 (settings.yml mourning)', () => {
	const base = {
		name: { zh: '江汉省市政工程协会', en: 'Jianghan Municipal Engineering Association' },
		description: { zh: '协会网站', en: 'The site' },
		url: 'https://www.jhmea.org.cn',
	};
	const problems = (mourning: unknown) =>
		(settingsSchema.safeParse({ ...base, mourning }).error?.issues ?? []).map(
			(i) => `${i.path.join('.')}: ${i.message}`
		);

	test('off by default; a date range (both days included), whole site unless home_only', async () => {
		const { mourningScope } = await import('../../src/lib/site/mourning.ts');
		const off = settingsSchema.parse(base);
		expect(mourningScope(off)).toBe('off');
		const on = settingsSchema.parse({
			...base,
			mourning: { from: new Date('2026-04-03'), to: '2026-04-05' },
		});
		expect(on.mourning).toEqual({ from: '2026-04-03', to: '2026-04-05', home_only: false });
		// In the association's time zone (Asia/Shanghai): 2 April 16:00 UTC is already 3 April.
		expect(mourningScope(on, new Date('2026-04-02T15:59:00Z'))).toBe('off');
		expect(mourningScope(on, new Date('2026-04-02T16:00:00Z'))).toBe('site');
		expect(mourningScope(on, new Date('2026-04-05T15:59:00Z'))).toBe('site');
		expect(mourningScope(on, new Date('2026-04-05T16:00:00Z'))).toBe('off');
		const home = settingsSchema.parse({
			...base,
			mourning: { from: '2026-04-03', to: '2026-04-03', home_only: true },
		});
		expect(mourningScope(home, new Date('2026-04-03T04:00:00Z'))).toBe('home');
		// Both dates left empty in the CMS: off, not an error.
		expect(problems({ home_only: false })).toEqual([]);
		expect(problems({ from: '', to: null, home_only: false })).toEqual([]);
	});

	test('a range that ends before it starts, half a range or a bad date is refused', () => {
		expect(problems({ from: '2026-04-05', to: '2026-04-03' })).toEqual([
			'mourning.to: must not be before from (2026-04-05)',
		]);
		expect(problems({ from: '2026-04-05' })).toEqual([
			'mourning.to: is required when the other date is set',
		]);
		expect(problems({ from: '2026-02-30', to: '2026-03-01' })).toEqual([
			'mourning.from: must be a real date written YYYY-MM-DD, got "2026-02-30"',
		]);
		expect(problems({ from: '2026-04-03', to: '2026-04-05', scope: 'all' })[0]).toMatch(
			/^mourning: .*scope/
		);
	});

	test('HUIBAO_NOW fakes the build date, and a bad value is named', async () => {
		const { now } = await import('../../src/lib/dates/now.ts');
		const saved = process.env.HUIBAO_NOW;
		try {
			process.env.HUIBAO_NOW = '2026-04-04';
			expect(now().toISOString()).toBe('2026-04-04T12:00:00.000Z');
			process.env.HUIBAO_NOW = 'tomorrow';
			expect(() => now()).toThrow('HUIBAO_NOW="tomorrow" is not an instant');
		} finally {
			if (saved === undefined) delete process.env.HUIBAO_NOW;
			else process.env.HUIBAO_NOW = saved;
		}
	});
});

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

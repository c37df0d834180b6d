/**
 * Standing pages in the CMS without a browser: the collection derived from the schema, the
 * file names, the save guards and the local backend's list of files it may write.
 */
import { mkdtempSync, cpSync, existsSync, readFileSync, rmSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { adminConfigFile } from '../../src/cms/config.ts';
import type { DecapField } from '../../src/cms/fields.ts';
import { startLocalBackend, type LocalBackend } from '../../src/cms/localBackend.ts';
import { PROJECT } from '../helpers/fixtureSite.ts';
// @ts-ignore -- plain JS shared with the browser
import { pageSlug } from '../../admin/slug.js';
import type { Locale } from '../../src/i18n/locales.ts';
// @ts-ignore -- plain JS shared with the browser
import { checkSave } from '../../admin/backends.js';

describe('the pages collection', () => {
	const file = adminConfigFile(PROJECT, {}, 2026);
	const collection = (lang: Locale) =>
		(file.decap[lang].collections as unknown as { name: string }[]).find(
			(c) => c.name === 'pages'
		) as unknown as {
			folder: string;
			i18n: boolean;
			slug: string;
			fields: DecapField[];
		};

	test('is content/pages, translated, with the schema’s fields and a placement select', () => {
		const zh = collection('zh');
		expect(file.pages).toEqual({ dir: 'content/pages', collection: 'pages' });
		expect(zh.folder).toBe('content/pages');
		expect(zh.i18n).toBe(true);
		expect(zh.slug).toBe('{{fields._slug}}');
		expect(zh.fields.map((f) => f.name)).toEqual([
			'_slug',
			'title',
			'nav',
			'order',
			'summary',
			'draft',
			'body',
		]);
		const nav = zh.fields.find((f) => f.name === 'nav')!;
		expect(nav).toMatchObject({ widget: 'select', default: 'none', i18n: 'duplicate' });
		expect(nav.options).toEqual([
			{ label: '顶部导航', value: 'header' },
			{ label: '页脚链接', value: 'footer' },
			{ label: '不显示', value: 'none' },
		]);
		expect(collection('en').fields.find((f) => f.name === 'nav')!.options![0]!.label).toBe(
			'Header menu'
		);
		// The address name is the default language's only: no i18n key.
		expect(zh.fields[0]!.i18n).toBeUndefined();
		const pattern = new RegExp(zh.fields[0]!.pattern![0]);
		for (const ok of ['', 'charter', '协会简介', 'about-us'])
			expect(pattern.test(ok), ok).toBe(true);
		for (const bad of ['Charter', 'a b', 'a--b', '-a']) expect(pattern.test(bad), bad).toBe(false);
	});

	test('names a new page from its address name, else from its title', () => {
		expect(pageSlug('charter', '协会章程')).toBe('charter');
		expect(pageSlug('', '协会章程')).toBe('协会章程');
		expect(pageSlug(undefined, '入会指南（2025年版）')).toBe('入会指南-2025年版');
		expect(pageSlug('', '！？')).toBe('page');
	});
});

describe('save guards for pages (admin/backends.js)', () => {
	const options = {
		folder: 'content/reports',
		pagesFolder: 'content/pages',
		locales: ['zh', 'en'],
		defaultLocale: 'zh',
		limits: adminConfigFile(PROJECT, {}).limits,
		messages: { badPath: 'badPath', badSlug: 'badSlug' },
	};

	test('removes _slug, writes a translation only when it has a title, refuses bad names', () => {
		const files = checkSave(
			[
				{
					path: 'content/pages/zh/charter.md',
					raw: '---\n_slug: charter\ntitle: 协会章程\nnav: footer\nsummary:\n---\n正文\n',
				},
				{ path: 'content/pages/en/charter.md', raw: '---\nnav: footer\norder: 20\n---\n' },
			],
			[],
			options
		);
		expect(files).toEqual([
			{
				path: 'content/pages/zh/charter.md',
				raw: '---\ntitle: 协会章程\nnav: footer\n---\n正文\n',
			},
		]);
		const one = (path: string) => [{ path, raw: '---\ntitle: x\n---\n' }];
		expect(() => checkSave(one('content/pages/zh/A B.md'), [], options)).toThrow('badSlug');
		expect(() => checkSave(one('content/pages/fr/a.md'), [], options)).toThrow('badPath');
		expect(() => checkSave(one('content/pages/zh/sub/a.md'), [], options)).toThrow('badPath');
	});
});

describe('the local backend writes and deletes page files, nothing beside them', () => {
	let root: string;
	let backend: LocalBackend;
	const call = async (action: string, params: Record<string, unknown>) => {
		const response = await fetch(backend.url, {
			method: 'POST',
			headers: { 'Content-Type': 'application/json', Origin: 'http://127.0.0.1:4321' },
			body: JSON.stringify({ action, params }),
		});
		return { status: response.status, body: (await response.json()) as { error?: string } };
	};
	const persist = (path: string) =>
		call('persistEntry', {
			dataFiles: [{ path, raw: '---\ntitle: 分支机构\nnav: footer\n---\n正文\n' }],
			assets: [],
			options: { newEntry: true, commitMessage: '新建单页' },
		});

	beforeAll(async () => {
		root = mkdtempSync(join(tmpdir(), 'huibao-cms-pages-'));
		cpSync(join(PROJECT, 'content'), join(root, 'content'), { recursive: true });
		mkdirSync(join(root, 'public/uploads'), { recursive: true });
		backend = await startLocalBackend({ root, mode: 'fs', port: 0 });
	});
	afterAll(async () => {
		await backend?.close();
		rmSync(root, { recursive: true, force: true });
	});

	test('saves content/pages/<lang>/<slug>.md and deletes it again', async () => {
		expect((await persist('content/pages/zh/branches.md')).status).toBe(200);
		expect(readFileSync(join(root, 'content/pages/zh/branches.md'), 'utf8')).toContain('分支机构');
		expect((await call('deleteFile', { path: 'content/pages/zh/branches.md' })).status).toBe(200);
		expect(existsSync(join(root, 'content/pages/zh/branches.md'))).toBe(false);
	});

	test('refuses a file elsewhere under content/pages/', async () => {
		for (const path of [
			'content/pages/zh/sub/x.md',
			'content/pages/x.md',
			'content/pages/zh/X.md',
			'content/pages/zh/x.txt',
		]) {
			const result = await persist(path);
			expect(result.status, path).toBe(403);
		}
		expect((await call('deleteFile', { path: 'content/pages/README' })).status).toBe(403);
	});
});

/**
 * The CMS configuration agrees with the content schema, new reports get valid file names, and
 * the save guards and the local backend keep files where they belong.
 */
import { execFileSync } from 'node:child_process';
import {
	cpSync,
	mkdirSync,
	mkdtempSync,
	readFileSync,
	rmSync,
	writeFileSync,
	existsSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { parse as parseYaml } from 'yaml';
import {
	adminConfigFile,
	backendFromEnv,
	cmsConfig,
	readCategories,
	BACKEND_ENV,
} from '../../src/cms/config.ts';
import { type DecapField } from '../../src/cms/fields.ts';
import type { Locale } from '../../src/i18n/locales.ts';
import {
	frontMatterOnly,
	startLocalBackend,
	type LocalBackend,
} from '../../src/cms/localBackend.ts';
import { writeAdmin } from '../../src/cms/writeAdmin.ts';
import { SLUG_MAX_BYTES, SLUG_PATTERN } from '../../src/lib/content/reportPath.ts';
import { PROJECT } from '../helpers/fixtureSite.ts';
// @ts-ignore -- plain JS shared with the browser
import { reportSlug } from '../../admin/slug.js';
// @ts-ignore -- plain JS shared with the browser
import { checkSave, hasTitle, tidyFrontMatter } from '../../admin/backends.js';

const categories = readCategories(PROJECT);
const setup = backendFromEnv({});
type Collection = {
	name: string;
	fields?: DecapField[];
	files?: { name: string; fields: DecapField[] }[];
};
const collections = (lang: Locale) =>
	cmsConfig({ lang, categories, setup, year: 2026 }).collections as Collection[];
const reports = (lang: Locale = 'zh') => collections(lang).find((c) => c.name === 'reports-2026')!;
const siteFile = (name: string) =>
	collections('zh')
		.find((c) => c.name === 'site')!
		.files!.find((f) => f.name === name)!;

/** The CMS fields the schema's fields should give, written out: name, required, i18n mode. */
const REPORT_FIELDS = [
	{ name: 'title', required: true, i18n: true },
	{ name: 'date', required: true, i18n: 'duplicate' },
	{ name: 'category', required: true, i18n: 'duplicate' },
	{ name: 'source', required: false, i18n: true },
	{ name: 'tags', required: false, i18n: true },
	{ name: 'summary', required: false, i18n: true },
	{ name: 'cover', required: false, i18n: 'duplicate' },
	{
		name: 'attachments',
		required: false,
		i18n: true,
		fields: [
			{ name: 'title', required: true },
			{ name: 'file', required: true },
		],
	},
	{ name: 'draft', required: false, i18n: 'duplicate' },
	{ name: 'link', required: false, i18n: 'duplicate' },
	{ name: 'pinned', required: false, i18n: 'duplicate' },
	{ name: 'pinned_until', required: false, i18n: 'duplicate' },
	{ name: 'doc_number', required: false, i18n: 'duplicate' },
	{ name: 'written_date', required: false, i18n: 'duplicate' },
	{ name: 'publish_at', required: false, i18n: 'duplicate' },
	{ name: 'unpublish_at', required: false, i18n: 'duplicate' },
	{ name: 'origin', required: false, i18n: 'duplicate' },
];
/** A value per language (`name: { zh, en }`): one sub-field per language of locales.ts. */
const perLocale = (name: string, required: boolean) => ({
	name,
	required,
	fields: [
		{ name: 'zh', required },
		{ name: 'en', required },
	],
});
const CATEGORY_FIELDS = [
	{ name: 'slug', required: true },
	perLocale('name', true),
	{ name: 'order', required: true },
];
const SETTINGS_FIELDS = [
	perLocale('name', true),
	perLocale('description', true),
	{ name: 'url', required: true },
	{ name: 'timezone', required: false },
	perLocale('address', false),
	{ name: 'phone', required: false },
	{ name: 'email', required: false },
	{ name: 'icp', required: false },
	{ name: 'police_beian', required: false },
	perLocale('footer', false),
	{
		name: 'social',
		required: false,
		fields: [
			perLocale('name', true),
			{ name: 'url', required: false },
			{ name: 'qr', required: false },
		],
	},
	{
		name: 'mourning',
		required: false,
		fields: [
			{ name: 'from', required: false },
			{ name: 'to', required: false },
			{ name: 'home_only', required: false },
		],
	},
];

function actual(fields: DecapField[]): unknown[] {
	return fields.map((f) => ({
		name: f.name,
		required: f.required !== false,
		...(f.i18n !== undefined && { i18n: f.i18n }),
		...(f.fields && { fields: actual(f.fields) }),
	}));
}

describe('CMS config from the schema', () => {
	test('reports: the same fields, required flags and i18n modes as reportSchema, plus the body', () => {
		for (const lang of ['zh', 'en'] as const) {
			const fields = reports(lang).fields!;
			expect(actual(fields.filter((f) => f.name !== 'body'))).toEqual(REPORT_FIELDS);
			expect(fields.at(-1)).toMatchObject({
				name: 'body',
				widget: 'markdown',
				i18n: true,
				required: false,
			});
		}
		// lang is decided by the folder and never shown; origin is kept but not editable.
		expect(reports().fields!.find((f) => f.name === 'lang')).toBeUndefined();
		expect(reports().fields!.find((f) => f.name === 'origin')?.widget).toBe('hidden');
	});

	test('reports: the link-out field is an optional text field that accepts only web addresses', () => {
		const link = reports().fields!.find((f) => f.name === 'link')!;
		expect(link).toMatchObject({
			widget: 'string',
			required: false,
			i18n: 'duplicate',
			label: '外部链接',
		});
		const pattern = new RegExp(link.pattern![0]);
		expect(pattern.test('https://mp.weixin.qq.com/s/AbC')).toBe(true);
		expect(pattern.test('javascript:alert(1)')).toBe(false);
	});

	test('categories and settings: the same fields as their schemas', () => {
		expect(actual(siteFile('categories').fields[0]!.fields!)).toEqual(CATEGORY_FIELDS);
		expect(actual(siteFile('settings').fields)).toEqual(SETTINGS_FIELDS);
	});

	test('the category select offers exactly the categories of content/categories.yml', () => {
		const yaml = readFileSync(join(PROJECT, 'content/categories.yml'), 'utf8');
		const slugs = [...yaml.matchAll(/^\s*- slug: (\S+)/gm)].map((m) => m[1]);
		const category = reports().fields!.find((f) => f.name === 'category')!;
		expect(category.widget).toBe('select');
		expect(category.options!.map((o) => o.value).sort()).toEqual([...slugs].sort());
		expect(category.options!.find((o) => o.value === 'notices')!.label).toBe('通知公告');
		expect(
			reports('en')
				.fields!.find((f) => f.name === 'category')!
				.options!.find((o) => o.value === 'notices')!.label
		).toBe('Notices');
	});

	test('labels follow the interface language; the date widget writes YYYY-MM-DD without time-zone shift', () => {
		expect(reports('zh').fields![0]!.label).toBe('标题');
		expect(reports('en').fields![0]!.label).toBe('Title');
		expect(reports().fields!.find((f) => f.name === 'date')).toMatchObject({
			widget: 'datetime',
			format: 'YYYY-MM-DD',
			date_format: 'YYYY-MM-DD',
			time_format: false,
			picker_utc: true,
		});
		const config = cmsConfig({ lang: 'zh', categories, setup, year: 2026 });
		expect(config).toMatchObject({
			locale: 'zh_Hans',
			i18n: { structure: 'multiple_folders', locales: ['zh', 'en'], default_locale: 'zh' },
		});
		expect(cmsConfig({ lang: 'en', categories, setup }).locale).toBe('en');
	});

	test('patterns refuse what the schema refuses, with a Chinese message', () => {
		const title = reports().fields!.find((f) => f.name === 'title')!;
		const [pattern, message] = title.pattern!;
		expect(new RegExp(pattern).test('  ')).toBe(false);
		expect(new RegExp(pattern).test('标'.repeat(201))).toBe(false);
		expect(new RegExp(pattern).test('关于印发《2025年度工作要点》的通知')).toBe(true);
		expect(message).toBe('：不能只有空格，且最多 200 个字');
		const cover = reports().fields!.find((f) => f.name === 'cover')!;
		expect(new RegExp(cover.pattern![0]).test('photo.JPG')).toBe(true);
		expect(new RegExp(cover.pattern![0]).test('setup.exe')).toBe(false);
		expect(cover.media_library).toEqual({
			config: { max_file_size: 5 * 1024 * 1024, multiple: false },
		});
	});

	test('uploads of every year share one library, public/uploads/, named without a date', () => {
		const config = cmsConfig({ lang: 'zh', categories, setup, year: 2026 });
		expect(config.media_folder).toBe('public/uploads');
		expect(config.public_folder).toBe('/uploads');
		// No report field has a folder of its own (a date template asked for "invalid-date").
		const all = JSON.stringify(collections('zh').filter((c) => c.name.startsWith('reports-')));
		expect(all).not.toContain('media_folder');
		expect(all).not.toContain("date('YYYY')");
	});

	test('tags show their values; drafts are marked in the list; 在网站上查看 opens the report', () => {
		const tags = reports().fields!.find((f) => f.name === 'tags')!;
		expect(tags.field!.name).toBe('item');
		expect(tags.summary).toBe('{{fields.item}}');
		expect(tags.hint).not.toContain('每行');
		const list = reports() as unknown as { summary: string; preview_path: string };
		expect(list.summary).toBe(
			"{{fields.pinned | ternary('【置顶】', '')}}" +
				"{{fields.publish_at | ternary('【定时】', '')}}" +
				"{{fields.link | ternary('【外链】', '')}}" +
				"{{fields.date}}　{{title}}{{fields.draft | ternary('　【草稿】', '')}}"
		);
		expect((reports('en') as unknown as { summary: string }).summary).toContain("'　[draft]'");
		expect(list.preview_path).toBe('reports/{{slug}}/');
	});

	test('backends come from environment variables; local mode is the default', () => {
		expect(backendFromEnv({}).backend).toEqual({
			name: 'proxy',
			proxy_url: 'http://127.0.0.1:8081/api/v1',
			branch: 'main',
		});
		expect(
			(
				cmsConfig({ lang: 'zh', categories, setup }).backend as {
					commit_messages: { create: string };
				}
			).commit_messages.create
		).toBe('新建{{collection}}“{{slug}}”');
		expect(backendFromEnv({ CMS_PORT: '9000' }).local).toEqual({
			url: 'http://127.0.0.1:9000/api/v1',
		});
		expect(
			backendFromEnv({
				CMS_BACKEND: 'github',
				CMS_REPO: 'assoc/site',
				CMS_BASE_URL: 'https://auth.example.org',
			}).backend
		).toMatchObject({
			name: 'github',
			repo: 'assoc/site',
			base_url: 'https://auth.example.org',
			auth_endpoint: 'auth',
		});
		expect(
			backendFromEnv({ CMS_BACKEND: 'gitlab', CMS_REPO: 'assoc/site', CMS_APP_ID: 'abc' }).backend
		).toMatchObject({ auth_type: 'pkce', app_id: 'abc' });
		expect(
			backendFromEnv({
				CMS_BACKEND: 'gitea',
				CMS_REPO: 'a/b',
				CMS_APP_ID: 'x',
				CMS_BASE_URL: 'https://git.example.org',
			}).backend
		).toMatchObject({
			api_root: 'https://git.example.org/api/v1',
			base_url: 'https://git.example.org',
		});
		expect(() => backendFromEnv({ CMS_BACKEND: 'github', CMS_REPO: 'a/b' })).toThrow(
			/CMS_BASE_URL/
		);
		expect(() => backendFromEnv({ CMS_BACKEND: 'svn' })).toThrow(/CMS_BACKEND/);
		const git = cmsConfig({
			lang: 'zh',
			categories,
			setup: backendFromEnv({ CMS_BACKEND: 'gitlab', CMS_REPO: 'a/b', CMS_APP_ID: 'x' }),
		});
		expect(git.publish_mode).toBe('editorial_workflow');
		expect(cmsConfig({ lang: 'zh', categories, setup }).publish_mode).toBeUndefined();
	});

	test('Gitea gets no editorial workflow (Decap refuses to start with it); GitHub takes an api_root', () => {
		const env = { CMS_REPO: 'a/b', CMS_APP_ID: 'x', CMS_BASE_URL: 'https://git.example.org' };
		expect(
			cmsConfig({ lang: 'zh', categories, setup: backendFromEnv({ ...env, CMS_BACKEND: 'gitea' }) })
				.publish_mode
		).toBeUndefined();
		// Forgejo goes through the gitea backend (Decap's forgejo backend reads the whole repository's
		// tree in one unpaged request): the same paging fix, the same direct publishing.
		const forgejo = cmsConfig({
			lang: 'zh',
			categories,
			setup: backendFromEnv({ ...env, CMS_BACKEND: 'forgejo' }),
		});
		expect(forgejo.publish_mode).toBeUndefined();
		expect(forgejo.backend).toMatchObject({
			name: 'gitea',
			api_root: 'https://git.example.org/api/v1',
		});
		expect(
			cmsConfig({
				lang: 'zh',
				categories,
				setup: backendFromEnv({ ...env, CMS_BACKEND: 'github' }),
			}).publish_mode
		).toBe('editorial_workflow');
		expect(
			backendFromEnv({
				...env,
				CMS_BACKEND: 'github',
				CMS_API_ROOT: 'https://ghe.example.org/api/v3',
			}).backend.api_root
		).toBe('https://ghe.example.org/api/v3');
		expect(backendFromEnv({ ...env, CMS_BACKEND: 'github' }).backend.api_root).toBeUndefined();
	});
});

describe('file names of new reports', () => {
	const valid = (slug: string) =>
		SLUG_PATTERN.test(slug) && Buffer.byteLength(`${slug}-99`) <= SLUG_MAX_BYTES;

	test('a new report gets a short ASCII address: its date and six hex digits of its title', () => {
		const slug = reportSlug('2025-04-16', '关于开展2025年度城市桥梁检测专项行动的通知');
		expect(slug).toMatch(/^2025-04-16-[0-9a-f]{6}$/);
		// The same title gives the same name everywhere; another title another name.
		expect(reportSlug('2025-04-16', '关于开展2025年度城市桥梁检测专项行动的通知')).toBe(slug);
		expect(reportSlug('2025-04-16', '关于开展2025年度城市隧道检测专项行动的通知')).not.toBe(slug);
		// Pasted into WeChat, the address stays as it is: nothing to percent-encode.
		expect(encodeURI(`https://www.jhmea.org.cn/reports/${slug}/`)).toBe(
			`https://www.jhmea.org.cn/reports/${slug}/`
		);
		expect(`https://www.jhmea.org.cn/reports/${slug}/`).toHaveLength(51);
		expect(reportSlug('2022-03-15', '！？')).toMatch(/^2022-03-15-[0-9a-f]{6}$/);
	});

	test('every title gives a name that passes the slug rule, with room for -1, -2…', () => {
		const pieces = [
			'《',
			'》',
			'，',
			'、',
			'“',
			'”',
			'（',
			'）',
			' ',
			'.',
			'_',
			'~',
			"'",
			'é',
			'ß',
			'カ',
			'Ж',
			'①',
			'Ⅻ',
			'😀',
			'汉',
			'a',
			'Z',
			'9',
			'／',
			'\t',
			'-',
			'--',
		];
		let seed = 7;
		const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
		for (let i = 0; i < 2000; i++) {
			const title = Array.from(
				{ length: 1 + Math.floor(random() * 120) },
				() => pieces[Math.floor(random() * pieces.length)]
			).join('');
			const slug = reportSlug('2024-02-29', title);
			expect(valid(slug), `${title} → ${slug}`).toBe(true);
		}
		expect(valid(reportSlug('2024-02-29', '汉'.repeat(300)))).toBe(true);
	});
});

describe('save guards (admin/backends.js)', () => {
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

	test('removes _slug and empty keys, keeps lists', () => {
		const raw =
			'---\ntitle: 标题\n_slug: 2022-03-15-标题\ntags:\n  - 安全\ncover: null\nsummary:\n---\n正文\n';
		expect(tidyFrontMatter(raw)).toBe('---\ntitle: 标题\ntags:\n  - 安全\n---\n正文\n');
		expect(hasTitle(raw)).toBe(true);
		expect(hasTitle('---\ntitle: \ndate: 2022-03-15\n---\n')).toBe(false);
	});

	test('refuses a report with neither text nor a link out, before it is saved', () => {
		const guarded = {
			...options,
			parseYaml: parseYaml,
			messages: { ...options.messages, emptyBody: 'emptyBody' },
		};
		const report = (body: string, extra = '') => [
			{
				path: 'content/reports/2022/zh/2022-03-15-a.md',
				raw: `---\ntitle: 甲\ndate: 2022-03-15\n${extra}---\n${body}`,
			},
		];
		expect(() => checkSave(report(''), [], guarded)).toThrow('emptyBody');
		expect(() => checkSave(report('\n  \n'), [], guarded)).toThrow('emptyBody');
		expect(checkSave(report('正文\n'), [], guarded)).toHaveLength(1);
		expect(
			checkSave(report('', 'link: https://mp.weixin.qq.com/s/abc\n'), [], guarded)
		).toHaveLength(1);
	});

	test('writes a translation only when it has a title', () => {
		const files = checkSave(
			[
				{ path: 'content/reports/2022/zh/2022-03-15-a.md', raw: '---\ntitle: 甲\n---\n' },
				{
					path: 'content/reports/2022/en/2022-03-15-a.md',
					raw: '---\ndate: 2022-03-15\ncategory: news\n---\n',
				},
			],
			[],
			options
		);
		expect(files.map((f: { path: string }) => f.path)).toEqual([
			'content/reports/2022/zh/2022-03-15-a.md',
		]);
	});

	test('leaves a file alone when only its formatting would change', () => {
		const path = 'content/reports/2022/en/2022-03-15-a.md';
		const loaded = '---\ntitle: "A report"\ndate: 2022-03-15\ntags: [a, b]\n---\n\nText\n';
		const rewritten =
			'---\ntitle: A report\ndate: 2022-03-15\ntags:\n  - a\n  - b\ncover: null\n---\nText\n';
		const originals = new Map([[path, loaded]]);
		const withYaml = {
			...options,
			parseYaml: (text: string) => parseYaml(text, { schema: 'core' }),
		};
		expect(checkSave([{ path, raw: rewritten }], [], withYaml, originals)).toEqual([]);
		expect(
			checkSave([{ path, raw: rewritten.replace('Text', 'New text') }], [], withYaml, originals)
		).toHaveLength(1);
	});

	test('refuses bad names, types and sizes', () => {
		const file = (path: string) => [{ path, raw: '---\ntitle: x\n---\n' }];
		expect(() => checkSave(file('content/reports/2022/zh/A B.md'), [], options)).toThrow('badSlug');
		expect(() => checkSave(file('content/reports/2022/fr/a.md'), [], options)).toThrow('badPath');
		expect(() =>
			checkSave(
				file('content/reports/2022/zh/a.md'),
				[{ path: 'public/uploads/2022/x.exe' }],
				options
			)
		).toThrow('badType');
		expect(() =>
			checkSave(
				file('content/reports/2022/zh/a.md'),
				[{ path: 'public/uploads/2022/x.png', size: 6e6 }],
				options
			)
		).not.toThrow();
		expect(() =>
			checkSave(
				file('content/reports/2022/zh/a.md'),
				[{ path: 'public/uploads/2022/x.pdf', size: 30e6 }],
				options
			)
		).toThrow('tooLarge');
		expect(() =>
			checkSave(file('content/reports/2022/zh/a.md'), [{ path: 'src/x.png' }], options)
		).toThrow('badUpload');
	});
});

describe('local backend', () => {
	let root: string;
	let fs: LocalBackend;
	let git: LocalBackend;
	const call = async (
		backend: LocalBackend,
		action: string,
		params: Record<string, unknown> = {}
	) => {
		const response = await fetch(backend.url, {
			method: 'POST',
			headers: { 'Content-Type': 'application/json', Origin: 'http://127.0.0.1:4321' },
			body: JSON.stringify({ action, params }),
		});
		return {
			status: response.status,
			body: (await response.json()) as any,
			cors: response.headers.get('access-control-allow-origin'),
		};
	};
	const sh = (...args: string[]) => execFileSync('git', args, { cwd: root, encoding: 'utf8' });

	beforeAll(async () => {
		root = mkdtempSync(join(tmpdir(), 'huibao-cms-backend-'));
		cpSync(join(PROJECT, 'content'), join(root, 'content'), { recursive: true });
		mkdirSync(join(root, 'public/uploads'), { recursive: true });
		sh('init', '-q', '-b', 'main');
		sh('add', '-A');
		sh('-c', 'user.name=Test', '-c', 'user.email=test@example.org', 'commit', '-qm', 'init');
		fs = await startLocalBackend({ root, mode: 'fs', port: 0 });
		git = await startLocalBackend({
			root,
			mode: 'git',
			port: 0,
			author: '编辑 <editor@example.org>',
		});
	});
	afterAll(async () => {
		await fs?.close();
		await git?.close();
		rmSync(root, { recursive: true, force: true });
	});

	test('answers info, on 127.0.0.1, for pages on this computer only', async () => {
		expect(fs.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/api\/v1$/);
		const info = await call(fs, 'info');
		expect(info.body).toEqual({
			repo: expect.any(String),
			publish_modes: ['simple'],
			type: 'local_fs',
		});
		expect(info.cors).toBe('http://127.0.0.1:4321');
		expect((await call(git, 'info')).body.type).toBe('local_git');
		const foreign = await fetch(fs.url, {
			method: 'POST',
			headers: { Origin: 'https://evil.example' },
			body: '{"action":"info"}',
		});
		expect(foreign.status).toBe(403);
	});

	test('lists reports with their front matter only and opens one in full', async () => {
		const list = await call(fs, 'entriesByFolder', {
			folder: 'content/reports/2024',
			extension: 'md',
			depth: 2,
		});
		expect(list.body.length).toBeGreaterThanOrEqual(3);
		const one = list.body.find(
			(e: { file: { path: string } }) =>
				e.file.path === 'content/reports/2024/zh/2024-03-15-annual-work-report-2023.md'
		);
		expect(one.data).toMatch(/^---\ntitle: .*\n[\s\S]*\n---\n$/);
		const full = await call(fs, 'getEntry', { path: one.file.path });
		expect(full.body.data.length).toBeGreaterThan(one.data.length);
		expect(frontMatterOnly('---\na: 1\n---\nbody')).toBe('---\na: 1\n---\n');
	});

	test('stays inside content/ and public/, and never overwrites a report with a new one', async () => {
		expect((await call(fs, 'getEntry', { path: '../etc/passwd' })).status).toBe(400);
		expect((await call(fs, 'getEntry', { path: 'package.json' })).status).toBe(403);
		const persist = await call(fs, 'persistEntry', {
			dataFiles: [
				{
					path: 'content/reports/2024/zh/2024-03-15-annual-work-report-2023.md',
					raw: '---\ntitle: x\n---\n',
				},
			],
			assets: [],
			options: { newEntry: true, commitMessage: 'x' },
		});
		expect(persist.status).toBe(409);
		expect(persist.body.error).toMatch(/已有同名文件/);
		const exe = await call(fs, 'persistMedia', {
			asset: { path: 'public/uploads/2024/x.exe', content: 'AA==', encoding: 'base64' },
			options: {},
		});
		expect(exe.status).toBe(415);
	});

	test('git mode commits exactly the saved files and leaves other work alone', async () => {
		writeFileSync(join(root, 'content/scratch-wip.txt'), 'unrelated work\n');
		writeFileSync(
			join(root, 'content/README.md'),
			`${readFileSync(join(root, 'content/README.md'), 'utf8')}\nedited by hand\n`
		);
		sh('add', 'content/README.md');
		const before = sh('rev-parse', 'HEAD').trim();
		const upload = await call(git, 'persistMedia', {
			asset: {
				path: 'public/uploads/2022/图.png',
				content: Buffer.from('png').toString('base64'),
				encoding: 'base64',
			},
			options: { commitMessage: 'upload' },
		});
		expect(upload.status).toBe(200);
		const saved = await call(git, 'persistEntry', {
			dataFiles: [
				{
					path: 'content/reports/2022/zh/2022-03-15-新报告.md',
					raw: '---\ntitle: 新报告\ndate: 2022-03-15\ncategory: news\ncover: /uploads/2022/图.png\n---\n正文\n',
				},
				{
					path: 'content/reports/2022/en/2022-03-15-新报告.md',
					raw: '---\ntitle: New report\ndate: 2022-03-15\ncategory: news\n---\nText\n',
				},
			],
			assets: [
				{
					path: 'public/uploads/2022/附件.pdf',
					content: Buffer.from('%PDF').toString('base64'),
					encoding: 'base64',
				},
			],
			options: { newEntry: true, commitMessage: '新建报告“2022-03-15-新报告”' },
		});
		expect(saved.status).toBe(200);
		expect(sh('rev-list', '--count', `${before}..HEAD`).trim()).toBe('1');
		expect(sh('log', '-1', '--format=%an <%ae>|%s').trim()).toBe(
			'编辑 <editor@example.org>|新建报告“2022-03-15-新报告”'
		);
		expect(
			sh('-c', 'core.quotePath=false', 'show', '--name-only', '--format=', 'HEAD')
				.trim()
				.split('\n')
				.sort()
		).toEqual([
			'content/reports/2022/en/2022-03-15-新报告.md',
			'content/reports/2022/zh/2022-03-15-新报告.md',
			'public/uploads/2022/图.png',
			'public/uploads/2022/附件.pdf',
		]);
		const status = sh('-c', 'core.quotePath=false', 'status', '--porcelain');
		expect(status).toContain('M  content/README.md');
		expect(status).toContain('?? content/scratch-wip.txt');
		expect(sh('rev-parse', '--abbrev-ref', 'HEAD').trim()).toBe('main');
		expect(existsSync(join(root, 'content/scratch-wip.txt'))).toBe(true);
	});
});

describe('build step', () => {
	test('writes dist/admin once and copies the Decap bundle only when it changed; no secret reaches it', async () => {
		const dist = mkdtempSync(join(tmpdir(), 'huibao-admin-dist-'));
		const cacheDir = join(dist, '.cache');
		const secrets = {
			CMS_OAUTH_CLIENT_SECRET: 'oauth-secret-4f1d2c',
			GITHUB_CLIENT_SECRET: 'gh-secret-77aa01',
			GITLAB_TOKEN: 'glpat-secret-93bb',
		};
		const env = {
			CMS_BACKEND: 'github',
			CMS_REPO: 'assoc/site',
			CMS_BASE_URL: 'https://auth.example.org',
			...secrets,
		};
		try {
			const first = await writeAdmin({ root: PROJECT, dist, cacheDir, env });
			expect(first.copied).toBeGreaterThan(90);
			const again = await writeAdmin({ root: PROJECT, dist, cacheDir, env });
			expect(again).toMatchObject({ copied: 0, written: 0, removed: 0 });
			rmSync(join(dist, 'admin/decap-cms.js'));
			expect((await writeAdmin({ root: PROJECT, dist, cacheDir, env })).copied).toBeGreaterThan(90);
			const shipped = execFileSync(
				'cat',
				execFileSync('find', [join(dist, 'admin'), '-type', 'f'], { encoding: 'utf8' })
					.trim()
					.split('\n'),
				{ maxBuffer: 64 << 20 }
			).toString();
			for (const value of Object.values(secrets))
				expect(shipped.includes(value), value).toBe(false);
			const config = JSON.parse(readFileSync(join(dist, 'admin/config.json'), 'utf8'));
			expect(config.decap.zh.backend).toMatchObject({ name: 'github', repo: 'assoc/site' });
			// Only the listed public variables are ever read.
			expect(
				BACKEND_ENV.every((name) => name.startsWith('CMS_') && !/SECRET|TOKEN|PASSWORD/.test(name))
			).toBe(true);
		} finally {
			rmSync(dist, { recursive: true, force: true });
		}
	});
});

/**
 * The Decap CMS configuration, generated from the one content model (src/content/schema.ts),
 * the categories in content/categories.yml and the site's languages (src/i18n/locales.ts).
 * Served as /admin/config.json by the dev server and written into dist/admin/ by the build.
 *
 * Nothing here reads a secret: the backend options come from an explicit list of environment
 * variables (CMS_BACKEND, CMS_REPO, …), all of which are public values shown to every browser.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { categorySchema, pageSchema, reportSchema, settingsSchema } from '../content/schema.ts';
import {
	defaultLocale,
	localeKeys,
	locales,
	localized,
	type Locale,
	type PartlyLocalized,
} from '../i18n/locales.ts';
import {
	REPORTS_DIR,
	SLUG_MAX_BYTES,
	SLUG_PATTERN,
	YEAR_PATTERN,
	yearDir,
} from '../lib/content/reportPath.ts';
import { PAGES_DIR } from '../lib/content/pagePath.ts';
import { CATEGORIES_FILE, readDataUnchecked, SETTINGS_FILE } from '../lib/content/loadData.ts';
import { useTranslations } from '../i18n/ui.ts';
import {
	cmsText,
	MEDIA_LIMITS,
	objectFields,
	type CategoryOption,
	type CmsLang,
	type DecapField,
} from './fields.ts';

/** Backends an association can log in with. `proxy` is our local backend (`npm run cms`). */
export const BACKENDS = ['proxy', 'github', 'gitlab', 'gitea', 'forgejo'] as const;
export type BackendName = (typeof BACKENDS)[number];

/** Environment variables read for the backend: all public, none is ever a secret. */
export const BACKEND_ENV = [
	'CMS_BACKEND',
	'CMS_REPO',
	'CMS_BRANCH',
	'CMS_BASE_URL',
	'CMS_API_ROOT',
	'CMS_APP_ID',
	'CMS_AUTH_ENDPOINT',
	'CMS_PROXY_URL',
	'CMS_PORT',
	'CMS_LOCAL',
	'CMS_SITE_URL',
] as const;

/** The local backend's default port (`npm run cms`), as decap-server's. */
export const DEFAULT_CMS_PORT = 8081;

export interface BackendConfig {
	name: BackendName;
	repo?: string;
	branch?: string;
	base_url?: string;
	api_root?: string;
	app_id?: string;
	auth_endpoint?: string;
	auth_type?: 'pkce';
	proxy_url?: string;
	squash_merges?: boolean;
	cms_label_prefix?: string;
}

export interface CmsSetup {
	backend: BackendConfig;
	/**
	 * Local backend offered when the admin is opened on 127.0.0.1 or localhost: the page probes
	 * it and says so in Chinese when it is not running, instead of falling back silently.
	 */
	local?: { url: string };
}

/** Reads the backend choice from environment variables; throws a readable error when incomplete. */
export function backendFromEnv(env: Record<string, string | undefined> = process.env): CmsSetup {
	const name = (env.CMS_BACKEND || 'proxy') as BackendName;
	if (!BACKENDS.includes(name))
		throw new Error(`CMS_BACKEND must be one of ${BACKENDS.join(', ')}, got "${name}"`);
	const port = Number(env.CMS_PORT || DEFAULT_CMS_PORT);
	const localUrl = env.CMS_PROXY_URL || `http://127.0.0.1:${port}/api/v1`;
	const local = env.CMS_LOCAL === 'false' ? undefined : { url: localUrl };
	if (name === 'proxy')
		return { backend: { name, proxy_url: localUrl, branch: env.CMS_BRANCH || 'main' }, local };

	const need = (key: string) => {
		const value = env[key];
		if (!value) throw new Error(`CMS_BACKEND=${name} needs ${key} (see docs/cms.md)`);
		return value;
	};
	const repo = need('CMS_REPO');
	const branch = env.CMS_BRANCH || 'main';
	const base: BackendConfig = { name, repo, branch, squash_merges: true };
	switch (name) {
		case 'github':
			// GitHub's OAuth needs a small server holding the client secret (docs/cms.md).
			// CMS_API_ROOT: GitHub Enterprise Server (`https://ghe.example.org/api/v3`) or a test host.
			return {
				backend: {
					...base,
					base_url: need('CMS_BASE_URL'),
					auth_endpoint: env.CMS_AUTH_ENDPOINT || 'auth',
					...(env.CMS_API_ROOT && { api_root: env.CMS_API_ROOT }),
				},
				local,
			};
		case 'gitlab':
			// PKCE: the browser logs in with the application id alone; no server, no secret.
			return {
				backend: {
					...base,
					auth_type: 'pkce',
					app_id: need('CMS_APP_ID'),
					...(env.CMS_BASE_URL && { base_url: env.CMS_BASE_URL }),
					...(env.CMS_API_ROOT && { api_root: env.CMS_API_ROOT }),
					...(env.CMS_AUTH_ENDPOINT && { auth_endpoint: env.CMS_AUTH_ENDPOINT }),
				},
				local,
			};
		case 'gitea':
		case 'forgejo': {
			// PKCE with a non-confidential OAuth application (Gitea ≥ 1.20, Forgejo ≥ 1.21.4).
			// Forgejo speaks Gitea's API, and goes through Decap's gitea backend: Decap's own
			// forgejo backend (3.16.3) asks for the whole repository's tree in one request, and
			// Forgejo, like Gitea, answers 1,000 entries a page, so every report past the first
			// 1,000 files of the repository would vanish from the lists. The gitea backend asks
			// for one year's folder, and admin/hostFixes.js reads all its pages. The price: no
			// review workflow (Decap's gitea backend has none); saves publish directly.
			const apiRoot =
				env.CMS_API_ROOT ||
				(env.CMS_BASE_URL ? `${env.CMS_BASE_URL.replace(/\/$/, '')}/api/v1` : need('CMS_API_ROOT'));
			return {
				backend: {
					...base,
					name: 'gitea',
					app_id: need('CMS_APP_ID'),
					api_root: apiRoot,
					base_url: env.CMS_BASE_URL || apiRoot.replace(/\/api\/[^/]+\/?$/, ''),
				},
				local,
			};
		}
	}
}

/**
 * The categories for the select widget, from content/categories.yml as the data loader reads it
 * but without its schema check: whatever is usable in a file with problems is still offered, so
 * the CMS opens and an editor can put the file right (problems are check's job).
 */
export function readCategories(root: string): CategoryOption[] {
	const { data } = readDataUnchecked(root, CATEGORIES_FILE);
	const list = (data as { categories?: unknown } | null | undefined)?.categories;
	return (Array.isArray(list) ? (list as Partial<CategoryOption & { order: unknown }>[]) : [])
		.filter((c): c is CategoryOption & { order?: unknown } => typeof c?.slug === 'string')
		.sort((a, b) => Number(a.order ?? 0) - Number(b.order ?? 0))
		.map((c) => ({ slug: c.slug, name: categoryName(c.name, c.slug) }));
}

/** A category's name per language, whatever the editor left in the file. */
function categoryName(name: unknown, slug: string): CategoryOption['name'] {
	return { [defaultLocale]: slug, ...textPerLocale(name) };
}

/**
 * The languages a data file's `{ zh: …, en: … }` value has text in (a bare string counts as the
 * default language's), whatever the editor left in the file: problems are check's job.
 */
function textPerLocale(value: unknown): PartlyLocalized<string> {
	if (typeof value === 'string') return { [defaultLocale]: value };
	const texts = (value && typeof value === 'object' ? value : {}) as Record<string, unknown>;
	return Object.fromEntries(
		localeKeys.flatMap((l) => (typeof texts[l] === 'string' ? [[l, texts[l]]] : []))
	) as PartlyLocalized<string>;
}

interface Strings {
	reports: string;
	yearReports: (year: number) => string;
	month: string;
	site: string;
	categories: string;
	settings: string;
	body: string;
	bodyHint: string;
	category: string;
	pages: string;
	page: string;
	pageSlug: string;
	pageSlugHint: string;
	pageSlugPattern: string;
	/** After the title of a draft in the list of entries. */
	draftMark: string;
	/** Marks in the list of entries: which are pinned, scheduled, or link out. */
	marks: { pinned: string; scheduled: string; link: string };
}

/** The generated config's own texts, per interface language; the default language's stands in. */
const L: Record<typeof defaultLocale, Strings> & Partial<Record<Locale, Strings>> = {
	zh: {
		reports: '报告',
		yearReports: (year: number) => `${year}年报告`,
		month: '月份',
		site: '网站设置',
		categories: '栏目分类',
		settings: '网站信息',
		body: '正文',
		bodyHint: '可用标题、列表、表格、链接和图片；填写了“外部链接”的跳转条目可留空',
		category: '分类',
		pages: '单页（协会简介等）',
		page: '单页',
		pageSlug: '网址名',
		pageSlugHint: '新建时填写，如 charter，网址即 /about/charter/；发布后不再改变。留空则用标题',
		pageSlugPattern: '：只能用小写字母、数字和汉字，用“-”连接',
		marks: { pinned: '【置顶】', scheduled: '【定时】', link: '【外链】' },
		draftMark: '　【草稿】',
	},
	en: {
		reports: 'Reports',
		yearReports: (year: number) => `Reports ${year}`,
		month: 'Month',
		site: 'Site settings',
		categories: 'Categories',
		settings: 'Site facts',
		body: 'Text',
		bodyHint:
			'Headings, lists, tables, links and images are allowed; may stay empty when an external link is given',
		category: 'Category',
		pages: 'Pages (About us…)',
		page: 'Page',
		pageSlug: 'Address name',
		pageSlugHint:
			'For a new page, e.g. charter gives /about/charter/; it does not change once published. Empty: taken from the title',
		pageSlugPattern: 'lower-case letters, digits and Chinese characters joined by "-"',
		marks: { pinned: '[Pinned] ', scheduled: '[Scheduled] ', link: '[Link] ' },
		draftMark: '　[draft]',
	},
};

/**
 * Commit messages, in Chinese whichever language the editor's interface is in: the repository's
 * history is one record, read by the secretariat.
 */
const COMMIT_MESSAGES = {
	create: '新建{{collection}}“{{slug}}”',
	update: '更新{{collection}}“{{slug}}”',
	delete: '删除{{collection}}“{{slug}}”',
	uploadMedia: '上传文件“{{path}}”',
	deleteMedia: '删除文件“{{path}}”',
	openAuthoring: '{{message}}',
};

export interface CmsConfigOptions {
	lang: CmsLang;
	categories: CategoryOption[];
	setup: CmsSetup;
	/** The site's public address, for "view live" links. */
	siteUrl?: string;
	/** The current year, always offered even before its folder exists (tests pin it). */
	year?: number;
	/** The year folders under content/reports that exist (reportYears()). */
	years?: readonly number[];
}

/**
 * The year folders under content/reports, newest first. Each is one CMS collection, so opening
 * the CMS reads one year of reports, never the whole archive (docs/cms.md).
 */
export function reportYears(root: string): number[] {
	try {
		return readdirSync(join(root, REPORTS_DIR), { withFileTypes: true })
			.filter((d) => d.isDirectory() && YEAR_PATTERN.test(d.name))
			.map((d) => Number(d.name))
			.sort((a, b) => b - a);
	} catch {
		return [];
	}
}

/** The collection of standing pages. */
export const PAGES_COLLECTION = 'pages';

/** The collection name of a year's reports: `reports-2025`. */
export const reportsCollectionName = (year: number) => `reports-${year}`;

/** Decap config for one interface language (labels, hints and messages differ, fields do not). */
export function cmsConfig(options: CmsConfigOptions): Record<string, unknown> {
	const { lang, categories, setup } = options;
	const l = localized(L, lang)!;
	const year = options.year ?? new Date().getFullYear();
	// Decap's Gitea backend refuses the editorial workflow ("The Gitea backend does not support
	// editorial workflow.", decap-cms-backend-gitea/src/implementation.tsx:80): the CMS would not
	// start. Gitea editors publish directly; Forgejo, GitHub and GitLab have the workflow.
	const workflow = setup.backend.name !== 'proxy' && setup.backend.name !== 'gitea';
	const bodyField = {
		name: 'body',
		label: l.body,
		widget: 'markdown',
		i18n: true,
		required: false,
		hint: l.bodyHint,
	} satisfies DecapField;
	// What reports and standing pages share: a folder of Markdown files with front matter in each
	// language's subfolder, created and deleted in the CMS, named by `_slug` (set by the admin page
	// just before a save and never written to the file: admin/slug.js, admin/cms.js), listed by
	// title, edited beside a preview.
	const markdownCollection = (folder: string) => ({
		folder,
		extension: 'md',
		format: 'frontmatter',
		create: true,
		delete: true,
		i18n: true,
		slug: '{{fields._slug}}',
		identifier_field: 'title',
		editor: { preview: true },
	});
	const reportFields = [
		// Uploads go to the one shared media folder (public/uploads/, below): every year's reports
		// see the same library, and no folder name is made from a date that is not set yet.
		...objectFields(reportSchema.shape, { lang, categories, i18n: true }),
		bodyField,
	];
	// The current year first (a new year's collection exists before its first report), then every
	// year that has a folder. The admin page adds the browser's year if the site was built before
	// New Year (admin/cms.js).
	const years = [...new Set([year, ...(options.years ?? [])])].sort((a, b) => b - a);
	const reportsCollection = (y: number) => ({
		name: reportsCollectionName(y),
		label: l.yearReports(y),
		label_singular: l.reports,
		// `_slug` of a new report: the date and six hex digits of its title, `2025-04-16-3fa9c2`.
		...markdownCollection(yearDir(y)),
		// The list of entries marks what an editor looks for: 【置顶】【定时】【外链】 before the
		// date, 【草稿】 after the title: 【置顶】2025-04-16　标题　【草稿】.
		summary:
			`{{fields.pinned | ternary('${l.marks.pinned}', '')}}` +
			`{{fields.publish_at | ternary('${l.marks.scheduled}', '')}}` +
			`{{fields.link | ternary('${l.marks.link}', '')}}` +
			`{{fields.date}}　{{title}}{{fields.draft | ternary('${l.draftMark}', '')}}`,
		// 在网站上查看 (view live) opens this report's page, not the home page.
		preview_path: 'reports/{{slug}}/',
		// Sorting, filtering and grouping read every entry of the collection: one year.
		sortable_fields: [
			{ field: 'date', default_sort: 'desc' },
			'title',
			'category',
			'pinned',
			'publish_at',
		],
		view_filters: categories.map((c) => ({
			label: cmsText(c.name, lang),
			field: 'category',
			pattern: `^${c.slug}$`,
		})),
		view_groups: [
			{ label: l.month, field: 'date', pattern: '^\\d{4}-\\d{2}' },
			{ label: l.category, field: 'category' },
		],
		fields: reportFields,
	});
	// Standing pages (协会简介, 章程…): `content/pages/<lang>/<slug>.md`, one small collection.
	const pagesCollection = {
		name: PAGES_COLLECTION,
		label: l.pages,
		label_singular: l.page,
		// `_slug` of a page: the address name the editor typed, or the admin page's slug of the
		// title; the guard removes it before the file is written (admin/backends.js).
		...markdownCollection(PAGES_DIR),
		summary: '{{order}}　{{title}}',
		sortable_fields: [{ field: 'order', default_sort: 'asc' }, 'title'],
		fields: [
			{
				name: '_slug',
				label: l.pageSlug,
				widget: 'string',
				required: false,
				hint: l.pageSlugHint,
				pattern: [
					// The slug rule (reportPath.ts) for Decap, which tests without the u flag; empty is fine.
					`^(?:${SLUG_PATTERN.source.slice(1, -1).replaceAll('\\p{Script=Han}', '\\u4e00-\\u9fff')})?$`,
					l.pageSlugPattern,
				],
			} satisfies DecapField,
			...objectFields(pageSchema.shape, {
				lang,
				categories,
				i18n: true,
				mediaFolder: '/public/uploads/pages',
				publicFolder: '/uploads/pages',
			}),
			bodyField,
		],
	};
	return {
		locale: locales[lang].decap,
		// Commit messages live under `backend` in Decap's config; Chinese for every backend.
		backend: { ...setup.backend, commit_messages: COMMIT_MESSAGES },
		// Drafts, review and "ready" as branches and merge requests; the local backend writes files
		// directly (it answers publish_modes ["simple"], and Decap then publishes at once).
		...(workflow && { publish_mode: 'editorial_workflow' }),
		media_folder: 'public/uploads',
		public_folder: '/uploads',
		...(options.siteUrl && { site_url: options.siteUrl, display_url: options.siteUrl }),
		// The login page shows the association's mark (the site's icon) rather than Decap's logo;
		// the admin page adds the association's name (admin/admin.css, settings.yml `name`).
		logo: { src: '/favicon.svg', show_in_header: false },
		// Uploaded file names keep Chinese characters; anything unsafe in a URL becomes "-".
		slug: { encoding: 'unicode', clean_accents: false, sanitize_replacement: '-' },
		i18n: {
			structure: 'multiple_folders',
			locales: [...localeKeys],
			default_locale: defaultLocale,
		},
		collections: [
			...years.map(reportsCollection),
			pagesCollection,
			{
				name: 'site',
				label: l.site,
				delete: false,
				editor: { preview: false },
				files: [
					{
						name: 'categories',
						label: l.categories,
						file: 'content/categories.yml',
						fields: [
							{
								name: 'categories',
								label: l.categories,
								widget: 'list',
								summary: '{{fields.order}} {{fields.name}} ({{fields.slug}})',
								fields: objectFields(categorySchema.shape, { lang, categories, i18n: false }),
							},
						],
					},
					{
						name: 'settings',
						label: l.settings,
						file: 'content/settings.yml',
						fields: objectFields(settingsSchema.shape, {
							lang,
							categories,
							i18n: false,
							mediaFolder: '/public/images',
							publicFolder: '/images',
						}),
					},
				],
			},
		],
	};
}

/** What the admin page loads: the Decap config per interface language and the page's own data. */
export interface AdminConfigFile {
	/** Decap config per interface language; the page picks one (?lang=en, default zh). */
	decap: Record<CmsLang, Record<string, unknown>>;
	local?: { url: string };
	/** For the preview template: category names, interface strings and how dates are written. */
	site: {
		/** The association's name, shown on the login page. */
		name: Record<CmsLang, string>;
		categories: CategoryOption[];
		ui: Record<CmsLang, ReturnType<typeof previewStrings>>;
		/** Per language: its `<html lang>` tag and the Intl locale of its long dates. */
		locales: Record<Locale, { lang: string; dates: string }>;
		defaultLocale: Locale;
	};
	/** Slug limits the admin page applies when it names a new standing page. */
	slug: { maxBytes: number; titleBytes: number };
	/** Where reports live (`content/reports/<year>/<lang>/`) and how their collections are named. */
	reports: { dir: string; collectionPrefix: string };
	/** Where standing pages live (`content/pages/<lang>/`) and their collection. */
	pages: { dir: string; collection: string };
	/** Upload types and sizes the admin page refuses to go beyond, whatever the backend. */
	limits: typeof MEDIA_LIMITS;
}

/** Everything /admin/config.json holds, for a site root and an environment. */
export function adminConfigFile(
	root: string,
	env: Record<string, string | undefined> = process.env,
	year?: number
): AdminConfigFile {
	const setup = backendFromEnv(env);
	const categories = readCategories(root);
	const settings = readSettings(root);
	const siteUrl = env.CMS_SITE_URL || settings.url;
	const years = reportYears(root);
	const config = (lang: CmsLang) => cmsConfig({ lang, categories, setup, siteUrl, year, years });
	return {
		decap: perLocale(config),
		...(setup.local && { local: setup.local }),
		site: {
			name: perLocale((l) => localized(settings.name, l) ?? ''),
			categories,
			ui: perLocale(previewStrings),
			locales: perLocale((l) => ({ lang: locales[l].lang, dates: locales[l].dates })),
			defaultLocale,
		},
		slug: { maxBytes: SLUG_MAX_BYTES, titleBytes: SLUG_TITLE_BYTES },
		reports: { dir: REPORTS_DIR, collectionPrefix: reportsCollectionName(0).replace(/0$/, '') },
		pages: { dir: PAGES_DIR, collection: PAGES_COLLECTION },
		limits: MEDIA_LIMITS,
	};
}

/** Bytes of a new page's file name taken from its title (32 Chinese characters). */
export const SLUG_TITLE_BYTES = 96;

const perLocale = <T>(value: (lang: Locale) => T) =>
	Object.fromEntries(localeKeys.map((lang) => [lang, value(lang)])) as Record<Locale, T>;

const previewStrings = (lang: CmsLang) => {
	const t = useTranslations(lang);
	return {
		published: t('report.published'),
		source: t('report.source'),
		tags: t('report.tags'),
		attachments: t('report.attachments'),
		draft: t('report.draft'),
		docNumber: t('report.docNumber'),
		writtenDate: t('report.writtenDate'),
		external: t('report.external'),
		pinned: t('list.pinned'),
	};
};

/** The facts of content/settings.yml the admin page uses; problems are check's job. */
function readSettings(root: string): { url?: string; name?: PartlyLocalized<string> } {
	const { data, problems } = readDataUnchecked(root, SETTINGS_FILE);
	if (problems.length) return {};
	const facts = (data && typeof data === 'object' ? data : {}) as Record<string, unknown>;
	const url = typeof facts.url === 'string' ? facts.url : undefined;
	return { url, name: textPerLocale(facts.name) };
}

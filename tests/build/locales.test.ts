/**
 * The languages are known in one place (src/i18n/locales.ts). A copy of the project that adds
 * 繁體中文 (zh-hant) there, gives it a dictionary and language names in ui.ts and its values in
 * settings.yml and categories.yml, builds a site with a third language: its pages, links
 * between the language versions, sitemap, search index and CMS configuration. No other code
 * is touched.
 */
import { cpSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { parse, stringify } from 'yaml';
import { brokenLinks, fileForPath, readPage } from '../helpers/crawl.ts';
import { createFixtureSite, PROJECT, runNode, type FixtureSite } from '../helpers/fixtureSite.ts';

const SLUG = '2024-03-15-bridge-inspection';
let site: FixtureSite;

/** Adds zh-hant to a source file of the copy; fails loudly if the anchor text moved. */
function edit(path: string, anchor: string, insert: string): void {
	const text = readFileSync(join(site.root, path), 'utf8');
	expect(text, `${path} no longer contains ${anchor}`).toContain(anchor);
	site.write(path, text.replace(anchor, `${anchor}${insert}`));
}

/** Every per-language value `{ zh, en }` of a data file gets a zh-hant value. */
function addToData(path: string, hant: (zh: string) => string): void {
	const walk = (value: unknown): unknown => {
		if (Array.isArray(value)) return value.map(walk);
		if (!value || typeof value !== 'object') return value;
		const record = value as Record<string, unknown>;
		if ('zh' in record && 'en' in record)
			return {
				...record,
				'zh-hant': Array.isArray(record.zh)
					? record.zh.map((z: string) => hant(z))
					: hant(String(record.zh)),
			};
		return Object.fromEntries(Object.entries(record).map(([k, v]) => [k, walk(v)]));
	};
	const data = parse(readFileSync(join(site.root, path), 'utf8'));
	site.write(path, stringify(walk(data)));
}

/** Enough of a simplified→traditional mapping for the fixture's names. */
const HANT: Record<string, string> = { 协: '協', 会: '會', 动: '動', 态: '態', 规: '規', 范: '範' };
const toHant = (text: string) => [...text].map((c) => HANT[c] ?? c).join('');

beforeAll(async () => {
	site = createFixtureSite({ sampleContent: false });
	edit(
		'src/i18n/locales.ts',
		'\t\than: false,\n\t},\n',
		`\t'zh-hant': {
		label: '繁體中文',
		lang: 'zh-Hant',
		prefix: '/zh-hant',
		og: 'zh_TW',
		decap: 'zh_Hant',
		dates: 'zh-Hant',
		listDates: 'numeric',
		han: true,
	},
`
	);
	edit('src/i18n/ui.ts', "\t'lang.en': '英文',\n", "\t'lang.zh-hant': '繁体中文',\n");
	edit('src/i18n/ui.ts', "\t'lang.en': 'English',\n", "\t'lang.zh-hant': 'Traditional Chinese',\n");
	edit(
		'src/i18n/ui.ts',
		'= { zh, en',
		`, 'zh-hant': { ...zh, 'nav.home': '首頁', 'lang.switchLabel': '切換到{language}', 'report.translation': '閱讀繁體版' }`
	);
	addToData('content/settings.yml', toHant);
	addToData('content/categories.yml', toHant);
	const report = (title: string, body: string) =>
		`---\ntitle: ${title}\ndate: 2024-03-15\ncategory: news\ntags:\n  - 桥梁\n---\n${body}\n`;
	site.write(`content/reports/2024/zh/${SLUG}.md`, report('桥梁检测工作通知', '桥梁检测正文。'));
	site.write(
		`content/reports/2024/zh-hant/${SLUG}.md`,
		report('橋樑檢測工作通知', '橋樑檢測正文。')
	);
	site.write(
		`content/reports/2024/en/${SLUG}.md`,
		report('Bridge inspection notice', 'Bridge inspection text.')
	);
	// The copy's own scripts, so the build imports the copy's src/ (site.run uses the project's).
	cpSync(join(PROJECT, 'scripts'), join(site.root, 'scripts'), { recursive: true });
	const build = await runNode(join(site.root, 'scripts/build.ts'), [], site.root, {
		HUIBAO_CACHE_DIR: site.cacheDir,
	});
	expect(build.code, build.stderr + build.stdout).toBe(0);
}, 180_000);

afterAll(() => site?.cleanup());

describe('a third language added in src/i18n/locales.ts', () => {
	test('has its own pages, in its language, with its dictionary, names and dates', () => {
		for (const path of [
			'/zh-hant/',
			`/zh-hant/reports/${SLUG}/`,
			'/zh-hant/category/news/',
			'/zh-hant/archive/2024/03/',
			'/zh-hant/tags/',
			'/zh-hant/rss.xml',
			'/zh-hant/search/',
		])
			expect(fileForPath(site.dist, path), path).toBeDefined();
		const home = readPage(site.dist, '/zh-hant/');
		expect(home).toContain('<html lang="zh-Hant">');
		expect(home).toContain('首頁');
		expect(home).toContain('江汉省市政工程協會');
		expect(readPage(site.dist, '/zh-hant/category/news/')).toContain('協會動態');
		const page = readPage(site.dist, `/zh-hant/reports/${SLUG}/`);
		expect(page).toContain('橋樑檢測工作通知');
		expect(page).toContain('<time datetime="2024-03-15">2024年3月15日</time>');
	});

	test('every version of a report links to the others, in hreflang and in the text', () => {
		const zh = readPage(site.dist, `/reports/${SLUG}/`);
		const hant = readPage(site.dist, `/zh-hant/reports/${SLUG}/`);
		for (const html of [zh, hant]) {
			expect(html).toContain(`hreflang="zh-CN" href="https://www.jhmea.org.cn/reports/${SLUG}/"`);
			expect(html).toContain(`hreflang="en" href="https://www.jhmea.org.cn/en/reports/${SLUG}/"`);
			expect(html).toContain(
				`hreflang="zh-Hant" href="https://www.jhmea.org.cn/zh-hant/reports/${SLUG}/"`
			);
		}
		// Each other version is offered in its own language; the switch names the language.
		expect(zh).toContain('閱讀繁體版');
		expect(zh).toContain('Read in English');
		expect(zh).toMatch(
			/<a class="lang-switch" href="\/zh-hant\/reports\/[^"]+"[^>]*title="切换到繁体中文">/
		);
		expect(hant).toContain('阅读中文版');
		expect(brokenLinks(site.dist)).toEqual([]);
	});

	test('is in the sitemap, has a search index, and is a CMS language', () => {
		const sitemap = readFileSync(join(site.dist, 'sitemap-0.xml'), 'utf8');
		expect(sitemap).toContain(`https://www.jhmea.org.cn/zh-hant/reports/${SLUG}/`);
		expect(sitemap).toContain('hreflang="zh-Hant"');
		const index = JSON.parse(
			readFileSync(join(site.dist, 'pagefind/zh-hant/indexes.json'), 'utf8')
		) as { language: string; indexes: unknown[] };
		expect(index.language).toBe('zh');
		expect(index.indexes.length).toBe(1);
		const admin = JSON.parse(readFileSync(join(site.dist, 'admin/config.json'), 'utf8')) as {
			decap: Record<string, { locale: string; i18n: { locales: string[] } }>;
		};
		expect(admin.decap.zh!.i18n.locales).toEqual(['zh', 'en', 'zh-hant']);
		expect(admin.decap['zh-hant']!.locale).toBe('zh_Hant');
	});
});

/**
 * Builds a fixture site with the real build script and reads the output like a visitor would.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { cpSync, existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { brokenLinks, fileForPath, listDist, readPage } from '../helpers/crawl.ts';
import { createFixtureSite, PROJECT, runNode, type FixtureSite } from '../helpers/fixtureSite.ts';

const DRAFT = '2026-10-15-fourth-member-congress-preparatory-notice';
const TRANSLATED = '2024-07-05-urban-pipeline-renewal-survey';
const UNTRANSLATED = '2023-09-08-council-meeting';

let site: FixtureSite;
let shanghaiDist: string;

function memberReport(i: number): string {
	const day = String((i % 27) + 1).padStart(2, '0');
	return `---\ntitle: 会员服务简报第${i}期\ndate: 2021-0${(i % 9) + 1}-${day}\ncategory: members\ntags:\n  - 会员简报\n---\n第${i}期简报正文。\n`;
}

beforeAll(async () => {
	site = createFixtureSite();
	site.write(
		'content/reports/2022/zh/2022-03-15-tz-check.md',
		'---\ntitle: 时区检查报告\ndate: 2022-03-15\ncategory: notices\nsource: 协会秘书处\n---\n这份报告的日期是二〇二二年三月十五日。\n'
	);
	for (let i = 1; i <= 23; i++)
		site.write(`content/reports/2021/zh/member-brief-${i}.md`, memberReport(i));
	const la = await site.run('build', [], { TZ: 'America/Los_Angeles' });
	expect(la.code, la.stderr + la.stdout).toBe(0);
	// The same content built in another time zone, for comparison.
	shanghaiDist = `${site.root}/dist-shanghai`;
	cpSync(site.dist, `${site.root}/dist-la`, { recursive: true });
	const sh = await site.run('build', ['--clean'], { TZ: 'Asia/Shanghai' });
	expect(sh.code, sh.stderr).toBe(0);
	cpSync(site.dist, shanghaiDist, { recursive: true });
	rmSync(site.dist, { recursive: true });
	cpSync(`${site.root}/dist-la`, site.dist, { recursive: true });
}, 180_000);

afterAll(() => site?.cleanup());

describe('the built site', () => {
	test('has every kind of page in both languages', () => {
		const paths = [
			'/',
			'/en/',
			`/reports/${UNTRANSLATED}/`,
			`/reports/${TRANSLATED}/`,
			`/en/reports/${TRANSLATED}/`,
			'/category/notices/',
			'/category/members/',
			'/category/members/2/',
			'/en/category/industry/',
			'/archive/',
			'/archive/2022/',
			'/archive/2022/03/',
			'/en/archive/',
			'/tags/',
			'/tags/会员简报/',
			'/tags/会员简报/2/',
			'/en/tags/',
			'/rss.xml',
			'/en/rss.xml',
			'/sitemap-index.xml',
			'/robots.txt',
			'/404.html',
		];
		for (const path of paths) expect(fileForPath(site.dist, path), path).toBeDefined();
	});

	test('every internal link on every page resolves', () => {
		expect(brokenLinks(site.dist)).toEqual([]);
	});

	test('a report page shows breadcrumb, date, source, tags, body, attachments, neighbours and its translation', () => {
		const html = readPage(site.dist, '/reports/2025-06-20-trenchless-pipe-rehab-standard-release/');
		expect(html).toMatch(/<nav class="breadcrumb"[\s\S]*首页[\s\S]*标准规范[\s\S]*<\/nav>/);
		expect(html).toContain('<time datetime="2025-06-20">2025年6月20日</time>');
		expect(html).toContain('来源');
		expect(html).toMatch(
			/href="\/uploads\/2025\/t-jhmea-003-2025.pdf">[^<]+<\/a> <span class="file-meta">\(PDF, [\d.]+ KB\)<\/span> <a class="download no-print" href="\/uploads\/2025\/t-jhmea-003-2025.pdf" download>下载<\/a>/
		);
		expect(html).toMatch(/rel="tag"/);
		expect(html).toMatch(/上一篇|下一篇/);
		expect(html).toContain(
			'hreflang="en" href="https://www.jhmea.org.cn/en/reports/2025-06-20-trenchless-pipe-rehab-standard-release/"'
		);
		expect(html).toContain('<html lang="zh-CN">');
		const cover = readPage(site.dist, `/reports/${TRANSLATED}/`);
		expect(cover).toMatch(
			/<figure class="cover">\s*<img src="\/uploads\/2024\/pipeline-renewal-cover.png"/
		);
		expect(existsSync(join(site.dist, 'uploads/2024/pipeline-renewal-cover.png'))).toBe(true);
		expect(readPage(site.dist, `/en/reports/${TRANSLATED}/`)).toContain('<html lang="en">');
	});

	test('category archives have 20 reports per page, newest first, with page links', () => {
		const page1 = readPage(site.dist, '/category/members/');
		const page2 = readPage(site.dist, '/category/members/2/');
		const dates = (html: string) =>
			[...html.matchAll(/<time datetime="(\d{4}-\d\d-\d\d)"/g)].map((m) => m[1]!);
		expect(dates(page1)).toHaveLength(20);
		expect(dates(page1)).toEqual([...dates(page1)].sort().reverse());
		expect(dates(page1).at(-1)! >= dates(page2)[0]!).toBe(true);
		expect(page1).toContain('href="/category/members/2/"');
		expect(page2).toContain('href="/category/members/"');
		expect(fileForPath(site.dist, '/category/members/3/')).toBeUndefined();
	});

	test('the English side lists only translated reports', () => {
		const enFiles = listDist(site.dist).filter((f) => f.startsWith('en/reports/'));
		const translations = listDist(join(site.root, 'content/reports'))
			.filter((f) => f.split('/')[1] === 'en')
			.map((f) => f.split('/')[2]!)
			.map((f) => `en/reports/${f.replace(/\.mdx?$/, '')}/index.html`);
		expect(enFiles.sort()).toEqual(translations.sort());
		for (const file of listDist(site.dist).filter(
			(f) => f.startsWith('en/') && f.endsWith('.html')
		)) {
			const html = readFileSync(join(site.dist, file), 'utf8');
			for (const m of html.matchAll(/href="(\/reports\/[^"]+)"/g)) {
				// The only zh report link on an English page is the link back to its own original.
				expect(
					file.startsWith('en/reports/') && file.includes(decodeURIComponent(m[1]!).split('/')[2]!),
					`${file} → ${m[1]}`
				).toBe(true);
			}
		}
		expect(readPage(site.dist, '/en/rss.xml')).not.toContain(UNTRANSLATED);
	});

	test('drafts are nowhere in the build', () => {
		for (const file of listDist(site.dist)) {
			expect(file).not.toContain(DRAFT);
			if (/\.(html|xml|txt)$/.test(file))
				expect(readFileSync(join(site.dist, file), 'utf8'), file).not.toContain(DRAFT);
		}
	});

	test('a report dated 2022-03-15 is shown and filed as 2022-03-15 in every time zone', () => {
		const report = readPage(site.dist, '/reports/2022-03-15-tz-check/');
		expect(report).toContain('<time datetime="2022-03-15">2022年3月15日</time>');
		expect(readPage(site.dist, '/archive/2022/03/')).toContain('/reports/2022-03-15-tz-check/');
		expect(readPage(site.dist, '/rss.xml')).toContain(
			'<pubDate>Mon, 14 Mar 2022 16:00:00 GMT</pubDate>'
		);
		// Built in Los Angeles and in Shanghai: the same bytes.
		const la = listDist(site.dist);
		expect(listDist(shanghaiDist)).toEqual(la);
		for (const file of la)
			expect(
				readFileSync(join(shanghaiDist, file)).equals(readFileSync(join(site.dist, file))),
				file
			).toBe(true);
	});

	test('reading pages ship no JavaScript but the one tiny inline reading script (only the search page and /admin/ have more)', async () => {
		const { READING_SCRIPT } = await import('../../src/lib/site/readingScript.ts');
		const own = `<script>${READING_SCRIPT}</script>`;
		const reading = listDist(site.dist).filter(
			(f) => f.endsWith('.html') && !/^(admin|search|en\/search)\//.test(f)
		);
		expect(reading.length).toBeGreaterThan(50);
		for (const file of reading) {
			const html = readFileSync(join(site.dist, file), 'utf8');
			expect(html.split(own).length, file).toBe(2);
			expect(html.replace(own, ''), file).not.toMatch(/<script|\.js"/);
		}
	});

	test('feeds, sitemap and robots.txt describe the site', () => {
		const rss = readPage(site.dist, '/rss.xml');
		expect(rss).toContain('<language>zh-CN</language>');
		expect(rss).toContain(`https://www.jhmea.org.cn/reports/${TRANSLATED}/`);
		const sitemap = readFileSync(join(site.dist, 'sitemap-0.xml'), 'utf8');
		const entry =
			new RegExp(`<url><loc>https://www.jhmea.org.cn/reports/${TRANSLATED}/</loc>(.*?)</url>`).exec(
				sitemap
			)?.[1] ?? '';
		expect(entry).toContain(
			`hreflang="en" href="https://www.jhmea.org.cn/en/reports/${TRANSLATED}/"`
		);
		expect(entry).toContain(
			`hreflang="zh-CN" href="https://www.jhmea.org.cn/reports/${TRANSLATED}/"`
		);
		expect(sitemap).not.toContain('404');
		expect(readPage(site.dist, '/robots.txt')).toContain(
			'Sitemap: https://www.jhmea.org.cn/sitemap-index.xml'
		);
	});

	test('Chinese tag pages are written under their Chinese names and linked percent-encoded', () => {
		expect(existsSync(join(site.dist, 'tags/会员简报/index.html'))).toBe(true);
		expect(readPage(site.dist, '/tags/')).toContain(
			'href="/tags/%E4%BC%9A%E5%91%98%E7%AE%80%E6%8A%A5/"'
		);
	});
});

describe('the two ways Astro gets its data agree', () => {
	test('a plain astro build (content collections) renders the same pages as npm run build (build plan)', async () => {
		const plain = await runNode(
			join(PROJECT, 'node_modules/astro/bin/astro.mjs'),
			['build', '--outDir', 'dist-plain'],
			site.root,
			{
				HUIBAO_CACHE_DIR: site.cacheDir,
				TZ: 'America/Los_Angeles',
			}
		);
		expect(plain.code, plain.stdout + plain.stderr).toBe(0);
		const rendered = (dir: string) =>
			listDist(dir).filter(
				(f) => /\.(html|xml|txt)$/.test(f) && !f.startsWith('admin/') && !f.startsWith('pagefind/')
			);
		const files = rendered(site.dist);
		expect(rendered(join(site.root, 'dist-plain'))).toEqual(files);
		const differ = files.filter(
			(f) =>
				!readFileSync(join(site.dist, f)).equals(readFileSync(join(site.root, 'dist-plain', f)))
		);
		expect(differ).toEqual([]);
	}, 120_000);
});

/** The workplace's shared corpus generator, present on our machines only (never needed). */
const SHARED_GENERATOR = join(PROJECT, '../shared/bench/gen-corpus.mjs');

describe.skipIf(!existsSync(SHARED_GENERATOR))('the shared benchmark corpus', () => {
	test('builds unchanged once filed by year with npm run migrate-layout', async () => {
		const shared = createFixtureSite({ sampleContent: false });
		try {
			const generated = await runNode(
				SHARED_GENERATOR,
				['60', join(shared.root, 'content/reports/zh')],
				shared.root
			);
			expect(generated.code, generated.stderr).toBe(0);
			const migrate = await shared.run('migrate-layout');
			expect(migrate.code, migrate.stderr).toBe(0);
			const check = await shared.run('check');
			expect(check.code, check.stderr).toBe(0);
			const build = await shared.run('build', ['--no-search']);
			expect(build.code, build.stderr).toBe(0);
			expect(readPage(shared.dist, '/reports/report-00001/')).toContain('<h2 id=');
			expect(brokenLinks(shared.dist)).toEqual([]);
		} finally {
			shared.cleanup();
		}
	}, 120_000);
});

describe('bad content stops the build', () => {
	test('with every problem listed as file: field: message and no stack trace', async () => {
		const broken = createFixtureSite();
		try {
			broken.write(
				'content/reports/2022/zh/bad-date.md',
				'---\ntitle: 坏日期\ndate: 2022-13-01\ncategory: news\n---\n正文'
			);
			broken.write(
				'content/reports/2022/zh/bad-category.md',
				'---\ntitle: 坏分类\ndate: 2022-01-01\ncategory: sports\n---\n正文'
			);
			const result = await broken.run('build');
			expect(result.code).toBe(1);
			expect(result.stderr).toContain(
				'content/reports/2022/zh/bad-date.md: date: must be a real date written YYYY-MM-DD, got "2022-13-01"'
			);
			expect(result.stderr).toContain(
				'content/reports/2022/zh/bad-category.md: category: unknown category "sports"'
			);
			expect(result.stderr).not.toMatch(/\n\s+at /);
			expect(existsSync(broken.dist)).toBe(false);
			const check = await broken.run('check');
			expect(check.code).toBe(1);
			expect(check.stderr).toContain('content/reports/2022/zh/bad-date.md: date:');
		} finally {
			broken.cleanup();
		}
	});
});

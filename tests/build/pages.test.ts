/**
 * Standing pages (协会简介, 组织机构, 章程, 入会指南, 联系我们) and 相关文章, as a visitor sees
 * them in a build of the sample content, and as an editor meets their mistakes in npm run check.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { readFileSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { brokenLinks, fileForPath, readPage } from '../helpers/crawl.ts';
import { createFixtureSite, type FixtureSite } from '../helpers/fixtureSite.ts';

let site: FixtureSite;

/** The header menu's link texts, in order. */
function menu(html: string): string[] {
	const nav = /<nav class="main-nav"[\s\S]*?<\/nav>/.exec(html)?.[0] ?? '';
	return [...nav.matchAll(/<a href="([^"]+)"[^>]*>([^<]+)<\/a>/g)].map((m) => `${m[2]} ${m[1]}`);
}

/** The footer's page links. */
function footerLinks(html: string): string[] {
	const nav = /<nav class="footer-pages"[\s\S]*?<\/nav>/.exec(html)?.[0] ?? '';
	return [...nav.matchAll(/<a href="([^"]+)"[^>]*>([^<]+)<\/a>/g)].map((m) => `${m[2]} ${m[1]}`);
}

function related(html: string): string[] {
	const section = /<section class="related[\s\S]*?<\/section>/.exec(html)?.[0] ?? '';
	return [...section.matchAll(/<a href="([^"]+)"/g)].map((m) => m[1]!);
}

beforeAll(async () => {
	site = createFixtureSite();
	// A hidden page: reached only by links.
	site.write(
		'content/pages/zh/privacy.md',
		'---\ntitle: 隐私声明\nnav: none\n---\n本站不收集访客的<span onclick="alert(1)">个人信息</span>。返回[协会简介](/about/intro/)，[联系](javascript:alert(1))。\n'
	);
	site.write(
		'content/pages/zh/draft-page.md',
		'---\ntitle: 第五届理事会名单（待审定）\nnav: header\ndraft: true\n---\n待审定。\n'
	);
	const result = await site.run('build');
	expect(result.code, result.stderr + result.stdout).toBe(0);
}, 180_000);

afterAll(() => site?.cleanup());

describe('standing pages', () => {
	test('live at /about/<slug>/ in Chinese and, when translated, at /en/about/<slug>/', () => {
		for (const path of [
			'/about/intro/',
			'/about/organization/',
			'/about/charter/',
			'/about/join/',
			'/about/contact/',
			'/about/privacy/',
			'/en/about/intro/',
			'/en/about/contact/',
		])
			expect(fileForPath(site.dist, path), path).toBeDefined();
		expect(fileForPath(site.dist, '/en/about/charter/')).toBeUndefined();
		expect(fileForPath(site.dist, '/about/draft-page/')).toBeUndefined();
		// Raw HTML in a page is sanitised like a report's.
		const privacy = readPage(site.dist, '/about/privacy/');
		expect(privacy).toContain('个人信息');
		expect(privacy).not.toMatch(/onclick|javascript:/);

		const intro = readPage(site.dist, '/about/intro/');
		expect(intro).toContain('<title>协会简介 - 江汉省市政工程协会</title>');
		expect(intro).toMatch(/<h1>协会简介<\/h1>/);
		expect(intro).toContain('<h2 id="一基本情况">一、基本情况</h2>');
		expect(intro).toContain('hreflang="en" href="https://www.jhmea.org.cn/en/about/intro/"');
		expect(intro).toContain('href="/en/about/intro/" hreflang="en" lang="en">Read in English');
		const en = readPage(site.dist, '/en/about/intro/');
		expect(en).toContain('<html lang="en">');
		expect(en).toContain('<h1>About the Association</h1>');
		expect(en).toContain('href="/about/intro/" hreflang="zh-CN" lang="zh-CN">阅读中文版');
		// The charter has no translation: no language link to a page that does not exist.
		expect(readPage(site.dist, '/about/charter/')).not.toContain('/en/about/charter/');
	});

	test('the editor’s choice places them in the header menu (by order, among the categories) or the footer', () => {
		const home = readPage(site.dist, '/');
		expect(menu(home)).toEqual([
			'首页 /',
			'协会简介 /about/intro/',
			'通知公告 /category/notices/',
			'协会动态 /category/news/',
			'党建工作 /category/party/',
			'标准规范 /category/standards/',
			'教育培训 /category/training/',
			'行业发展 /category/industry/',
			'会员服务 /category/members/',
			'政策法规 /category/policy/',
			'入会指南 /about/join/',
		]);
		expect(footerLinks(home)).toEqual([
			'组织机构 /about/organization/',
			'协会章程 /about/charter/',
			'联系我们 /about/contact/',
		]);
		// Every page carries them, and marks the current one.
		const charter = readPage(site.dist, '/about/charter/');
		expect(footerLinks(charter)).toHaveLength(3);
		expect(charter).toContain('<a href="/about/charter/" aria-current="page">协会章程</a>');
		expect(readPage(site.dist, '/about/join/')).toContain(
			'<a href="/about/join/" aria-current="page">入会指南</a>'
		);
		// Neither menu nor footer: the hidden page and the draft.
		expect(home).not.toContain('/about/privacy/');
		expect(home).not.toContain('待审定');
		// The English side links English pages only.
		const enHome = readPage(site.dist, '/en/');
		expect(menu(enHome)).toContain('About the Association /en/about/intro/');
		expect(menu(enHome)).toContain('How to Join /en/about/join/');
		expect(footerLinks(enHome)).toEqual(['Contact /en/about/contact/']);
	});

	test('are in the sitemap with their language versions, and every link resolves', () => {
		const sitemap = readFileSync(join(site.dist, 'sitemap-0.xml'), 'utf8');
		const entry =
			/<url><loc>https:\/\/www\.jhmea\.org\.cn\/about\/contact\/<\/loc>(.*?)<\/url>/.exec(
				sitemap
			)?.[1] ?? '';
		expect(entry).toContain('hreflang="en" href="https://www.jhmea.org.cn/en/about/contact/"');
		expect(sitemap).toContain('<loc>https://www.jhmea.org.cn/about/charter/</loc>');
		expect(sitemap).toContain('<loc>https://www.jhmea.org.cn/about/privacy/</loc>');
		expect(sitemap).not.toContain('draft-page');
		expect(brokenLinks(site.dist)).toEqual([]);
		// Pages link to reports and reports to pages.
		expect(readPage(site.dist, '/about/join/')).toContain(
			'href="/reports/2023-02-20-member-annual-review-notice/"'
		);
		expect(readPage(site.dist, '/reports/2023-02-20-member-annual-review-notice/')).toContain(
			'href="/about/join/"'
		);
	});
});

describe('相关文章', () => {
	test('a report page lists related reports, newest first, never itself', () => {
		const slug = '2025-04-16-urban-bridge-inspection-campaign';
		const html = readPage(site.dist, `/reports/${slug}/`);
		expect(html).toContain('<h2 id="related">相关文章</h2>');
		const links = related(html);
		expect(links.length).toBeGreaterThan(0);
		expect(links.length).toBeLessThanOrEqual(5);
		expect(links).not.toContain(`/reports/${slug}/`);
		const dates = [
			...(/<section class="related[\s\S]*?<\/section>/.exec(html)?.[0] ?? '').matchAll(
				/datetime="([\d-]+)"/g
			),
		].map((m) => m[1]!);
		expect(dates).toEqual([...dates].sort().reverse());
		// It shares the 安全生产 tag with the 2026 safety training notice: that one comes first.
		expect(links[0]).toBe('/reports/2026-03-20-safety-manager-continuing-education/');
		// The English page lists English reports only.
		for (const href of related(readPage(site.dist, `/en/reports/${slug}/`)))
			expect(href).toMatch(/^\/en\/reports\//);
	});
});

describe('mistakes in pages are named like any content problem', () => {
	test('dead links between pages and reports (both ways), a bad placement, raw script, an orphan translation', async () => {
		const broken = createFixtureSite();
		try {
			broken.write(
				'content/pages/zh/history.md',
				'---\ntitle: 协会大事记\nnav: sidebar\n---\n见[旧章程](/about/old-charter/)。\n'
			);
			broken.write(
				'content/pages/zh/notice.md',
				'---\ntitle: 网站声明\n---\n本站声明。\n\n<script>alert(1)</script>\n'
			);
			broken.write(
				'content/reports/2024/zh/2024-05-01-page-link.md',
				'---\ntitle: 关于修订协会章程的说明\ndate: 2024-05-01\ncategory: notices\n---\n修订后的章程见[协会章程](/about/charter/)，旧版见[这里](/about/charter-2016/)。\n'
			);
			broken.write('content/pages/en/mission.md', '---\ntitle: Mission\n---\nOur mission.\n');
			broken.write('content/pages/zh/Bad Name.md', '---\ntitle: 坏文件名\n---\n正文\n');
			// A page that is a link to a file outside the project is never read.
			broken.write('.outside/secret.md', '---\ntitle: 机密\n---\n机密内容\n');
			symlinkSync(
				join(broken.root, '.outside/secret.md'),
				join(broken.root, 'content/pages/zh/secret.md')
			);
			const check = await broken.run('check');
			expect(check.code).toBe(1);
			const lines = check.stderr;
			expect(lines).toContain('content/pages/zh/history.md: nav: must be header, footer or none');
			expect(lines).toContain('content/pages/zh/notice.md: body: line 6: <script> is not allowed');
			expect(lines).toContain(
				'content/reports/2024/zh/2024-05-01-page-link.md: body: broken link: /about/charter-2016/ (no such page on the site)'
			);
			expect(lines).not.toContain('/about/charter/ (no such page');
			expect(lines).toContain(
				'content/pages/en/mission.md: file name: translation without an original: content/pages/zh/mission.md does not exist'
			);
			expect(lines).toContain(
				'content/pages/zh/Bad Name.md: file name: "Bad Name" is not a valid slug'
			);
			expect(lines).toContain('content/pages/zh/secret.md: file: is a symbolic link');
			expect(lines).not.toMatch(/\n\s+at /);

			// Fixed placement and script: the dead links between pages and reports remain.
			broken.write(
				'content/pages/zh/history.md',
				'---\ntitle: 协会大事记\n---\n见[旧章程](/about/old-charter/)和[成立公告](/reports/1993-05-01-founding/)。\n'
			);
			const again = await broken.run('check');
			expect(again.stderr).toContain(
				'content/pages/zh/history.md: body: broken link: /reports/1993-05-01-founding/ (no published report "zh/1993-05-01-founding")'
			);
			expect(again.stderr).toContain(
				'content/pages/zh/history.md: body: broken link: /about/old-charter/ (no such page on the site)'
			);
		} finally {
			broken.cleanup();
		}
	}, 120_000);
});

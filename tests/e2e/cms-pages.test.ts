/**
 * Standing pages in the CMS, in a real browser: `npm run cms` in a throw-away copy of the site,
 * driven through Debian's Chromium. An editor creates a page with a translation and puts it in
 * the footer, creates a Chinese-only page named from its title, and the build shows both.
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import matter from 'gray-matter';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { FRONT_MATTER } from '../../src/lib/content/parseReport.ts';
import { launchBrowser, screenshot, type Browser } from '../helpers/browser.ts';
import { login, startCms, type RunningCms } from '../helpers/cmsTest.ts';
import { readPage } from '../helpers/crawl.ts';
import { createFixtureSite, PROJECT, type FixtureSite } from '../helpers/fixtureSite.ts';

const ARTIFACTS = join(PROJECT, '.artifacts/cms-pages');

let site: FixtureSite;
let cms: RunningCms;
let sitePort: number;
let browser: Browser;

async function openPages(page: Page) {
	await login(page, sitePort);
	await page.getByRole('link', { name: '单页（协会简介等）' }).click();
	await page.waitForURL(/#\/collections\/pages$/);
}

async function publish(page: Page) {
	await page.getByRole('button', { name: '发布', exact: true }).click();
	await page.getByRole('menuitem', { name: '立即发布' }).click();
	await page.getByRole('button', { name: '已发布' }).waitFor({ timeout: 30_000 });
}

const read = (path: string) => matter(readFileSync(join(site.root, path), 'utf8'), FRONT_MATTER);

beforeAll(async () => {
	site = createFixtureSite();
	mkdirSync(ARTIFACTS, { recursive: true });
	cms = await startCms(site.root);
	sitePort = cms.sitePort;
	browser = await launchBrowser({ timezoneId: 'Asia/Shanghai' });
}, 120_000);

afterAll(async () => {
	await browser?.close();
	await cms?.stop();
	// The dev server's last writes (Vite's cache) may land while the folder is removed: try again.
	for (let attempt = 0; ; attempt++) {
		try {
			site?.cleanup();
			break;
		} catch (error) {
			if (attempt === 5) throw error;
			await new Promise((r) => setTimeout(r, 500));
		}
	}
});

describe('standing pages in the CMS', () => {
	test('creates a page in Chinese and English, places it in the footer, and the build shows it there', async () => {
		const page = await browser.context.newPage();
		await openPages(page);
		// The list shows the association's pages with their order.
		await page.getByText('协会简介').first().waitFor();
		await screenshot(page, join(ARTIFACTS, 'list.png'));
		await page.getByRole('link', { name: '新建单页' }).click();
		await page.getByRole('textbox', { name: '网址名 (可选)' }).fill('branches');
		const title = page.getByRole('textbox', { name: '标题', exact: true });
		await title.nth(0).fill('分支机构');
		// The editor opens with the preview beside the form; 中英对照 shows the English form.
		if (!(await title.nth(1).isVisible()))
			await page.getByRole('button', { name: '中英对照', exact: true }).click();
		await title.nth(1).fill('Branches');
		await page.getByRole('combobox', { name: '显示位置 (可选)' }).nth(0).click();
		await page.getByRole('option', { name: '页脚链接' }).click();
		await page.getByRole('spinbutton', { name: '排序 (可选)' }).nth(0).fill('15');
		const body = page.locator('[data-slate-editor="true"]');
		await body.nth(0).click();
		await page.keyboard.type('协会设有桥梁分会、给排水分会、道路分会和青年工作委员会。');
		await body.nth(1).click();
		await page.keyboard.type('The Association has bridge, water and road branches.');
		await page.waitForTimeout(500);
		await screenshot(page, join(ARTIFACTS, 'editor.png'));
		await publish(page);
		await page.waitForURL(/#\/collections\/pages\/entries\/branches$/);
		await page.close();

		const zh = read('content/pages/zh/branches.md');
		expect(zh.data).toEqual({ title: '分支机构', nav: 'footer', order: 15 });
		expect(zh.content.trim()).toBe('协会设有桥梁分会、给排水分会、道路分会和青年工作委员会。');
		const en = read('content/pages/en/branches.md');
		expect(en.data).toMatchObject({ title: 'Branches', nav: 'footer', order: 15 });
		expect(en.content.trim()).toBe('The Association has bridge, water and road branches.');

		const check = await site.run('check');
		expect(check.code, check.stderr).toBe(0);
		const build = await site.run('build');
		expect(build.code, build.stderr + build.stdout).toBe(0);
		expect(readPage(site.dist, '/about/branches/')).toContain('<h1>分支机构</h1>');
		expect(readPage(site.dist, '/en/about/branches/')).toContain('<h1>Branches</h1>');
		// In the footer of every page, between 组织机构 (10) and 协会章程 (20).
		const footer = (html: string) =>
			/<nav class="footer-pages"[\s\S]*?<\/nav>/.exec(html)?.[0] ?? '';
		const home = footer(readPage(site.dist, '/'));
		expect(home.indexOf('组织机构')).toBeLessThan(home.indexOf('分支机构'));
		expect(home.indexOf('分支机构')).toBeLessThan(home.indexOf('协会章程'));
		expect(footer(readPage(site.dist, '/en/'))).toContain('href="/en/about/branches/"');
	});

	test('a Chinese-only page is named from its title and writes no English file', async () => {
		const page = await browser.context.newPage();
		await openPages(page);
		await page.getByRole('link', { name: '新建单页' }).click();
		await page.getByRole('textbox', { name: '标题', exact: true }).nth(0).fill('隐私声明');
		await page.getByRole('combobox', { name: '显示位置 (可选)' }).nth(0).click();
		await page.getByRole('option', { name: '顶部导航' }).click();
		await page.getByRole('spinbutton', { name: '排序 (可选)' }).nth(0).fill('99');
		await page.locator('[data-slate-editor="true"]').nth(0).click();
		await page.keyboard.type('本网站不收集访客的个人信息。');
		await page.waitForTimeout(500);
		await publish(page);
		await page.close();

		expect(read('content/pages/zh/隐私声明.md').data).toEqual({
			title: '隐私声明',
			nav: 'header',
			order: 99,
		});
		expect(existsSync(join(site.root, 'content/pages/en/隐私声明.md'))).toBe(false);
		const build = await site.run('build');
		expect(build.code, build.stderr + build.stdout).toBe(0);
		const menu = /<nav class="main-nav"[\s\S]*?<\/nav>/.exec(readPage(site.dist, '/'))?.[0] ?? '';
		// Order 99: last in the header menu, after every category.
		expect(menu).toMatch(/政策法规[\s\S]*入会指南[\s\S]*隐私声明<\/a><\/li><\/ul>/);
		expect(menu).toContain(`href="${encodeURI('/about/隐私声明/')}"`);
	});
});

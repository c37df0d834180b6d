/**
 * The search page in Chromium, on the sample site built with the real build script and served
 * from dist/ on 127.0.0.1: Chinese and English queries, ranking, filters with counts, no match,
 * a linked search, typing, and the page without JavaScript.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { launchBrowser, type Browser } from '../helpers/browser.ts';
import { createFixtureSite, type FixtureSite } from '../helpers/fixtureSite.ts';
import { serveStatic, type StaticServer } from '../helpers/staticServer.ts';

const BRIDGE = '/reports/2025-04-16-urban-bridge-inspection-campaign/';
const INFRASTRUCTURE = '/reports/2024-11-20-infrastructure-safety-measures-interpretation/';

let site: FixtureSite;
let server: StaticServer;
let browser: Browser;
let origin: string;

beforeAll(async () => {
	site = createFixtureSite();
	// Years with more than two reports are indexed per quarter here (2022–2024), the others per
	// year, so the page is tested on both kinds of index.
	const built = await site.run('build', [], { HUIBAO_SEARCH_SPLIT_YEAR_ABOVE: '2' });
	if (built.code !== 0) throw new Error(`build failed:\n${built.stdout}\n${built.stderr}`);
	server = await serveStatic(site.dist);
	origin = server.origin;
	browser = await launchBrowser();
});

afterAll(async () => {
	await browser?.close();
	await server?.close();
	site?.cleanup();
});

/** Opens a search page and waits until it shows results or says there are none. */
async function open(path: string): Promise<Page> {
	const page = await browser.context.newPage();
	const errors: string[] = [];
	page.on('pageerror', (e) => errors.push(e.message));
	await page.goto(origin + path);
	await page.waitForFunction(() => {
		const status = document.querySelector('.search-status')?.textContent ?? '';
		return /\d|没有|Nothing/.test(status) && !/…$/.test(status);
	});
	expect(errors).toEqual([]);
	return page;
}

const links = (page: Page) =>
	page.locator('.search-result h2 a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));

describe('search page', () => {
	test('a Chinese word from a report body finds it, with the word marked', async () => {
		const page = await open('/search/?q=%E5%8C%9D%E9%81%93'); // 匝道: only in the bridge notice's body
		expect(await links(page)).toEqual([BRIDGE]);
		expect(await page.locator('.search-result mark').allTextContents()).toEqual(
			expect.arrayContaining(['匝道'])
		);
		await page.close();
	});

	test('a word from a title ranks that report first; title, date and category are shown', async () => {
		const page = await open(`/search/?q=${encodeURIComponent('桥梁')}`);
		const found = await links(page);
		expect(found[0]).toBe(BRIDGE);
		expect(found.length).toBeGreaterThan(2);
		const first = page.locator('.search-result').first();
		expect(await first.locator('h2 mark').first().textContent()).toBe('桥梁');
		expect(await first.locator('.search-result-meta').textContent()).toBe('2025-04-16 · 通知公告');
		expect(await first.locator('.search-result-excerpt mark').count()).toBeGreaterThan(0);
		expect(await page.locator('.search-status').textContent()).toBe(`找到 ${found.length} 条结果`);
		await page.close();
	});

	test('category and year filters narrow the results and show counts', async () => {
		const page = await open(`/search/?q=${encodeURIComponent('桥梁')}`);
		const total = (await links(page)).length;
		const notices = page.locator('.search-facet-category label', { hasText: '通知公告' });
		const count = Number(/\((\d+)\)/.exec((await notices.textContent()) ?? '')?.[1]);
		expect(count).toBeGreaterThan(0);
		expect(count).toBeLessThan(total);
		await notices.click();
		await page.waitForFunction(
			(n) => document.querySelectorAll('.search-result').length === n,
			count
		);
		expect(await page.locator('.search-result-meta').allTextContents()).toEqual(
			Array(count).fill(expect.stringContaining('通知公告'))
		);
		expect(page.url()).toContain('category=notices');
		await page.locator('.search-facet-year label', { hasText: '2025年' }).click();
		await page.waitForFunction(() =>
			[...document.querySelectorAll('.search-result-meta')].every((m) =>
				m.textContent?.startsWith('2025')
			)
		);
		expect(await links(page)).toContain(BRIDGE);
		expect(page.url()).toContain('year=2025');
		// Newest first: dates descending.
		await page.locator('.search-facet-category label', { hasText: '全部' }).click();
		await page.locator('.search-facet-year label', { hasText: '全部' }).click();
		await page.locator('.search-facet-sort label', { hasText: '按时间' }).click();
		await page.waitForFunction(
			(n) => document.querySelectorAll('.search-result').length === Math.min(n, 10),
			total
		);
		const dates = await page
			.locator('.search-result time')
			.evaluateAll((ts) => ts.map((t) => t.getAttribute('datetime')!));
		expect(dates).toEqual([...dates].sort().reverse());
		await page.close();
	});

	test('a year indexed per quarter filters, counts and orders like any other', async () => {
		const periods = (
			JSON.parse(readFileSync(join(site.dist, 'pagefind/zh/indexes.json'), 'utf8')) as {
				indexes: { period: string }[];
			}
		).indexes.map((i) => i.period);
		expect(periods).toEqual(expect.arrayContaining(['2025', '2023-q3', '2023-q2', '2023-q1']));
		const page = await open(`/search/?q=${encodeURIComponent('协会')}&sort=newest`);
		const y2023 = page.locator('.search-facet-year label', { hasText: '2023年' });
		const count = Number(/\((\d+)\)/.exec((await y2023.textContent()) ?? '')?.[1]);
		expect(count).toBeGreaterThan(1);
		await y2023.click();
		await page.waitForFunction(
			(n) => document.querySelector('.search-status')?.textContent === `找到 ${n} 条结果`,
			count
		);
		const dates = await page
			.locator('.search-result time')
			.evaluateAll((ts) => ts.map((t) => t.getAttribute('datetime')!));
		expect(dates).toHaveLength(count);
		expect(dates.every((d) => d.startsWith('2023-'))).toBe(true);
		expect(dates).toEqual([...dates].sort().reverse());
		expect(new Set(dates.map((d) => d.slice(5, 7))).size).toBeGreaterThan(1);
		await page.close();
	});

	test('ten results at first, more on demand', async () => {
		const page = await open(`/search/?q=${encodeURIComponent('协会')}`);
		const total = Number(
			/(\d+)/.exec((await page.locator('.search-status').textContent()) ?? '')?.[1]
		);
		expect(total).toBeGreaterThan(10);
		expect(await page.locator('.search-result').count()).toBe(10);
		await page.locator('.search-more').click();
		await page.waitForFunction(
			(n) => document.querySelectorAll('.search-result').length === n,
			Math.min(total, 20)
		);
		expect(await page.locator('.search-more').isVisible()).toBe(total > 20);
		expect(new Set(await links(page)).size).toBe(Math.min(total, 20));
		await page.close();
	});

	test('/en/search/ finds English reports and none of the Chinese-only ones', async () => {
		const page = await open('/en/search/?q=bridge');
		const found = await links(page);
		expect(found[0]).toBe(`/en${BRIDGE}`);
		expect(found.every((href) => href?.startsWith('/en/reports/'))).toBe(true);
		await page.close();
		// The work-safety notice exists in Chinese only.
		const zh = await open(`/search/?q=${encodeURIComponent('安全生产大检查')}`);
		expect(await links(zh)).toContain('/reports/2022-03-10-work-safety-inspection-notice/');
		await zh.close();
		const en = await open(`/en/search/?q=${encodeURIComponent('安全生产大检查')}`);
		expect(await links(en)).toEqual([]);
		await en.close();
	});

	test('a query with no match says so', async () => {
		const page = await open(`/search/?q=${encodeURIComponent('量子计算')}`);
		expect(await page.locator('.search-status').textContent()).toBe(
			'没有找到与“量子计算”相关的内容。'
		);
		expect(await links(page)).toEqual([]);
		await page.close();
	});

	test('results appear as the visitor types, and the address keeps the query', async () => {
		const page = await browser.context.newPage();
		await page.goto(`${origin}/search/`);
		await page.locator('#search-page-q').fill('荷载');
		await page.waitForFunction(() => document.querySelectorAll('.search-result').length > 0);
		expect(await links(page)).toEqual([BRIDGE]);
		expect(decodeURIComponent(page.url())).toContain('?q=荷载');
		await page.close();
	});

	test('a half-typed word and a part cutting across words find their report, marked as typed', async () => {
		const page = await browser.context.newPage();
		await page.goto(`${origin}/search/`);
		// On the way to 基础设施: the results are already there.
		await page.locator('#search-page-q').pressSequentially('基础设', { delay: 50 });
		await page.waitForFunction(() => document.querySelectorAll('.search-result').length > 0);
		expect(await links(page)).toContain(INFRASTRUCTURE);
		await page.close();
		const across = await open(`/search/?q=${encodeURIComponent('梁检测专')}`); // 城市桥梁检测专项行动
		expect((await links(across))[0]).toBe(BRIDGE);
		expect(await across.locator('.search-result h2 mark').allTextContents()).toEqual(['梁检测专']);
		await across.close();
	});

	test('every word of a two-word query is required', async () => {
		const both = await open(`/search/?q=${encodeURIComponent('匝道 桥梁')}`);
		expect(await links(both)).toEqual([BRIDGE]);
		await both.close();
		const none = await open(`/search/?q=${encodeURIComponent('匝道 党支部')}`);
		expect(await links(none)).toEqual([]);
		await none.close();
	});

	test('English: a word prefix finds the report, and the excerpt keeps every word whole', async () => {
		// The trenchless standard has "inspection" only, never "inspect".
		const page = await open('/en/search/?q=inspect');
		expect(await links(page)).toContain(
			'/en/reports/2025-06-20-trenchless-pipe-rehab-standard-release/'
		);
		await page.close();
		const half = await open('/en/search/?q=rehabilit');
		expect(await links(half)).toContain(
			'/en/reports/2025-06-20-trenchless-pipe-rehab-standard-release/'
		);
		await half.close();
		const standard = await open('/en/search/?q=Standardization');
		const excerpt = (await standard.locator('.search-result-excerpt').first().textContent()) ?? '';
		expect(excerpt).toContain(
			'following review by its Standardization Committee, the group standard'
		);
		expect(excerpt).not.toMatch(/\w\. \w/);
		await standard.close();
	});

	test('without JavaScript the page explains and links to the archives', async () => {
		const page = await browser.context.newPage();
		const cdp = await browser.context.newCDPSession(page);
		await cdp.send('Emulation.setScriptExecutionDisabled', { value: true });
		await page.goto(`${origin}/search/?q=${encodeURIComponent('桥梁')}`);
		expect(await page.locator('.search-notice').first().textContent()).toContain(
			'搜索需要启用 JavaScript'
		);
		expect(await page.locator('#search-app').isHidden()).toBe(true);
		const browse = await page
			.locator('.search-browse a')
			.evaluateAll((as) => as.map((a) => a.getAttribute('href')));
		expect(browse).toEqual(expect.arrayContaining(['/archive/', '/tags/', '/category/notices/']));
		await page.close();
	});

	test('only the search page has a script file; it loads the index of its own language', async () => {
		// Every page carries the one inline reading script (字号/关怀模式), allowed by its CSP hash.
		const { READING_SCRIPT } = await import('../../src/lib/site/readingScript.ts');
		const withoutOwn = (html: string) => html.replace(`<script>${READING_SCRIPT}</script>`, '');
		const report = withoutOwn(await (await fetch(`${origin}${BRIDGE}`)).text());
		expect(report).not.toMatch(/<script/i);
		const search = withoutOwn(await (await fetch(`${origin}/search/`)).text());
		expect(search.match(/<script[^>]*src="\/_astro\/[^"]+\.js"/g)).toHaveLength(1);
		expect(search).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/i);
		const page = await browser.context.newPage();
		const requested: string[] = [];
		page.on('request', (r) => requested.push(new URL(r.url()).pathname));
		await page.goto(`${origin}/en/search/?q=bridge`);
		await page.waitForSelector('.search-result');
		const pagefind = requested.filter((p) => p.startsWith('/pagefind/'));
		expect(pagefind.length).toBeGreaterThan(0);
		expect(pagefind.every((p) => p.startsWith('/pagefind/en/'))).toBe(true);
		expect(pagefind.some((p) => /worker|ui\.js/.test(p))).toBe(false);
		await page.close();
	});
});

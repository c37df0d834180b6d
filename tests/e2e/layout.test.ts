/**
 * The site as a visitor sees it, in Chromium, on the sample site built by the real build script:
 * on a phone (390×844) reading starts in the first third of the screen, the search placeholder
 * fits, the home page lists no report twice, the first search result is on the first screen; at
 * 1280×900 the footer reaches the bottom of a short page; the English side has half-width
 * punctuation and no first-line indent; the footer offers a 网站地图 page and an RSS link that
 * explains itself; the ICP number stays whole. Measured from element boxes and computed styles.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import type { Browser } from '../helpers/browser.ts';
import { openBuiltSite, type BuiltSite } from '../helpers/builtSite.ts';
import type { StaticServer } from '../helpers/staticServer.ts';

const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 900 };
const REPORT = '/reports/2025-04-16-urban-bridge-inspection-campaign/';

let built: BuiltSite;
let server: StaticServer;
let browser: Browser;
let phone: Page;
let desktop: Page;

beforeAll(async () => {
	built = await openBuiltSite();
	({ server, browser } = built);
	phone = await browser.context.newPage();
	await phone.setViewportSize(PHONE);
	desktop = await browser.context.newPage();
	await desktop.setViewportSize(DESKTOP);
});

afterAll(async () => {
	await built?.close();
});

async function open(page: Page, path: string): Promise<Page> {
	await page.goto(server.origin + path);
	return page;
}

/** Top of an element's box relative to the top of the page. */
const topOf = (page: Page, selector: string) =>
	page
		.locator(selector)
		.first()
		.evaluate((el) => el.getBoundingClientRect().top + scrollY);

describe('on a phone', () => {
	test('reading starts within the first third of the screen, in both languages', async () => {
		for (const path of [REPORT, `/en${REPORT}`]) {
			await open(phone, path);
			const header = await phone.locator('.site-header').boundingBox();
			expect(header!.height, path).toBeLessThanOrEqual(PHONE.height / 5);
			expect(await topOf(phone, 'article.report h1'), path).toBeLessThan(PHONE.height / 3);
		}
	});

	test('the search placeholder fits in its box (header and search page, zh and en, phone and desktop)', async () => {
		for (const page of [phone, desktop]) {
			for (const path of ['/', '/en/', '/search/', '/en/search/']) {
				await open(page, path);
				for (const input of await page.locator('input[type="search"]').all()) {
					const room = await input.evaluate((el: HTMLInputElement) => {
						const style = getComputedStyle(el);
						const context = document.createElement('canvas').getContext('2d')!;
						context.font = `${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
						const inner =
							el.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
						return inner - context.measureText(el.placeholder).width;
					});
					expect(room, `${path} at ${page.viewportSize()!.width} px`).toBeGreaterThanOrEqual(0);
				}
			}
		}
	});

	test('the home page lists no report twice, above the fold or below it', async () => {
		for (const [page, path] of [
			[phone, '/'],
			[phone, '/en/'],
			[desktop, '/'],
		] as const) {
			await open(page, path);
			const links = await page
				.locator('main a[href*="/reports/"]')
				.evaluateAll((as) =>
					as.map((a) => ({ href: a.getAttribute('href'), top: a.getBoundingClientRect().top }))
				);
			expect(links.length, path).toBeGreaterThan(3);
			const aboveFold = links.filter((l) => l.top < page.viewportSize()!.height).map((l) => l.href);
			expect(aboveFold.length, path).toBeGreaterThan(0);
			expect(new Set(aboveFold).size, path).toBe(aboveFold.length);
			const all = links.map((l) => l.href);
			expect(new Set(all).size, path).toBe(all.length);
		}
	});

	test('a search shows its first result, whole, on the first screen', async () => {
		for (const [path, status] of [
			[`/search/?q=${encodeURIComponent('桥梁')}`, /找到 \d+ 条结果/],
			['/en/search/?q=bridge', /\d+ results/],
		] as const) {
			await open(phone, path);
			await phone.locator('.search-status', { hasText: status }).waitFor();
			const first = await phone.locator('.search-result').first().boundingBox();
			expect(first!.y + first!.height, path).toBeLessThanOrEqual(PHONE.height);
		}
	});

	test('the English site name fits: no overflow, at most two lines, beside the language switch', async () => {
		await open(phone, '/en/');
		const name = await phone.locator('.site-name a').evaluate((a) => {
			const box = a.getBoundingClientRect();
			const lineHeight = parseFloat(getComputedStyle(a).lineHeight);
			return {
				right: box.right,
				height: box.height,
				lineHeight,
				overflow: a.scrollWidth - a.clientWidth,
			};
		});
		const lang = await phone.locator('.lang-switch').boundingBox();
		expect(name.right).toBeLessThanOrEqual(lang!.x);
		expect(name.height).toBeLessThanOrEqual(name.lineHeight * 2 + 1);
		expect(name.overflow).toBeLessThanOrEqual(0);
		expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBe(PHONE.width);
	});

	test('the ICP and 公安备案 numbers do not break inside themselves', async () => {
		await open(phone, '/');
		for (const link of await phone.locator('.beian a').all()) {
			const lines = await link.evaluate((a) => {
				const range = document.createRange();
				range.selectNodeContents(a);
				return new Set([...range.getClientRects()].map((r) => Math.round(r.top))).size;
			});
			expect(lines, (await link.textContent()) ?? '').toBe(1);
		}
	});
});

describe('at 1280×900', () => {
	test('the footer reaches the bottom of a short page (no pale band under it)', async () => {
		for (const path of ['/404.html', '/category/party/', '/en/search/']) {
			await open(desktop, path);
			const gap = await desktop.evaluate(() => {
				const footer = document.querySelector('.site-footer')!.getBoundingClientRect();
				return innerHeight - (footer.bottom + scrollY);
			});
			expect(gap, path).toBeLessThanOrEqual(0);
		}
	});
});

describe('the English side', () => {
	test('half-width punctuation and no Chinese first-line indent', async () => {
		await open(desktop, `/en${REPORT}`);
		const text = await desktop.evaluate(() => document.body.innerText);
		expect(text).not.toMatch(/[：；，。]/);
		const after = await desktop
			.locator('.report-meta dt, .neighbours dt')
			.evaluateAll((dts) => dts.map((dt) => getComputedStyle(dt, '::after').content));
		expect(after.length).toBeGreaterThan(2);
		for (const content of after) expect(content).toBe('": "');
		const indents = await desktop
			.locator('.prose p')
			.evaluateAll((ps) => ps.map((p) => getComputedStyle(p).textIndent));
		expect(new Set(indents)).toEqual(new Set(['0px']));
		// The Chinese side keeps its 2-character indent and full-width colon.
		await open(desktop, REPORT);
		expect(
			await desktop
				.locator('.prose p')
				.first()
				.evaluate((p) => getComputedStyle(p).textIndent)
		).not.toBe('0px');
		expect(
			await desktop
				.locator('.report-meta dt')
				.first()
				.evaluate((dt) => getComputedStyle(dt, '::after').content)
		).toBe('"："');
	});
});

describe('the footer', () => {
	test('links to a 网站地图 page for people in both languages; the XML stays for crawlers', async () => {
		for (const [home, title, rss] of [
			['/', '网站地图', 'RSS 订阅'],
			['/en/', 'Site map', 'RSS feed'],
		] as const) {
			await open(desktop, home);
			expect(await desktop.locator('.site-footer').innerText()).not.toContain(
				home === '/' ? 'Sitemap' : '网站地图'
			);
			await desktop.locator('.site-footer a', { hasText: title }).click();
			await desktop.waitForLoadState();
			expect(await desktop.locator('h1').innerText()).toBe(title);
			expect(await desktop.evaluate(() => document.contentType)).toBe('text/html');
			// Every section of the menu and every page linked from the footer is on it.
			const menu = await desktop
				.locator('.main-nav a, .footer-pages a')
				.evaluateAll((as) => as.map((a) => a.getAttribute('href')));
			const onMap = await desktop
				.locator('main a')
				.evaluateAll((as) => as.map((a) => a.getAttribute('href')));
			expect(onMap).toEqual(expect.arrayContaining(menu));
			expect(onMap).toContain('/sitemap-index.xml');
			// The RSS link leads to a paragraph saying what RSS is, with the feed's address.
			await desktop.locator('.site-footer a', { hasText: rss }).click();
			await desktop.waitForLoadState();
			expect(new URL(desktop.url()).hash).toBe('#rss');
			const section = desktop.locator('#rss ~ p').first();
			expect(await section.innerText()).toMatch(/RSS/);
			expect(
				await desktop.locator('#rss ~ p a[href$="rss.xml"]').first().getAttribute('href')
			).toBe(home === '/' ? '/rss.xml' : '/en/rss.xml');
		}
		const xml = await fetch(`${server.origin}/sitemap-index.xml`).then((r) => r.text());
		expect(xml).toContain('<sitemapindex');
		const urls = await fetch(`${server.origin}/sitemap-0.xml`).then((r) => r.text());
		expect(urls).toContain('/sitemap/</loc>');
	});
});

describe('the search page', () => {
	test('the empty search page gives its hint once', async () => {
		for (const [path, hint] of [
			['/search/', '输入两个或更多汉字'],
			['/en/search/', 'Type a word'],
		] as const) {
			await open(desktop, path);
			await desktop.waitForLoadState('networkidle');
			await desktop.waitForTimeout(200);
			const text = await desktop.locator('main').innerText();
			expect(text.split(hint).length - 1, path).toBe(1);
		}
	});
});

/**
 * Reading aids in Chromium, on the sample site built with the real build script: 字号 and 关怀模式
 * (measured from computed styles, remembered across pages, under the site's real CSP), the page
 * without JavaScript, the printout, the share QR code (decoded), attachments that open in the
 * tab. (哀悼模式 is tested in tests/build/mourning.test.ts.)
 *
 * Screenshots and the printed first page go to .artifacts/reading/.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import jsQR from 'jsqr';
import type { Page } from 'playwright-core';
import { launchBrowser, type Browser } from '../helpers/browser.ts';
import { readPage } from '../helpers/crawl.ts';
import { createFixtureSite, PROJECT, type FixtureSite } from '../helpers/fixtureSite.ts';
import { serveStatic, type StaticServer } from '../helpers/staticServer.ts';

const NOTICE = '/reports/2025-04-16-urban-bridge-inspection-campaign/';
const STANDARD = '/reports/2025-06-20-trenchless-pipe-rehab-standard-release/';
const EN_STANDARD = `/en${STANDARD}`;
const ARTIFACTS = join(PROJECT, '.artifacts/reading');

/** The site's policy from public/_headers, less the https upgrade a 127.0.0.1 server cannot do. */
function sitePolicy(): string {
	const headers = readFileSync(join(PROJECT, 'public/_headers'), 'utf8');
	const csp = /^\/\*\n\s+Content-Security-Policy: (.+)$/m.exec(headers)![1]!;
	return csp.replace(/;\s*upgrade-insecure-requests/, '');
}

let site: FixtureSite;
let server: StaticServer;
let browser: Browser;
let origin: string;

beforeAll(async () => {
	mkdirSync(ARTIFACTS, { recursive: true });
	site = createFixtureSite();
	const built = await site.run('build');
	if (built.code !== 0) throw new Error(`build failed:\n${built.stdout}\n${built.stderr}`);
	server = await serveStatic(site.dist, { 'content-security-policy': sitePolicy() });
	origin = server.origin;
	browser = await launchBrowser({ viewport: { width: 1280, height: 900 } });
}, 180_000);

afterAll(async () => {
	await browser?.close();
	await server?.close();
	site?.cleanup();
});

/** Opens a page and fails on any script error or CSP violation. */
async function open(path: string, errors: string[] = []): Promise<Page> {
	const page = await browser.context.newPage();
	page.on('pageerror', (e) => errors.push(e.message));
	page.on('console', (m) => {
		if (m.type() === 'error') errors.push(m.text());
	});
	await page.goto(origin + path);
	return page;
}

/** Text size, line height, and contrast against the nearest opaque background, as computed. */
function measure(page: Page, selector: string) {
	return page
		.locator(selector)
		.first()
		.evaluate((el) => {
			const rgb = (c: string) => (c.match(/[\d.]+/g) ?? []).map(Number);
			const lum = ([r, g, b]: number[]) => {
				const f = (v: number) => ((v /= 255) <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4);
				return 0.2126 * f(r!) + 0.7152 * f(g!) + 0.0722 * f(b!);
			};
			let bg: number[] = [255, 255, 255];
			for (let e: Element | null = el; e; e = e.parentElement) {
				const c = rgb(getComputedStyle(e).backgroundColor);
				if (c.length === 3 || c[3]! > 0) {
					bg = c.slice(0, 3);
					break;
				}
			}
			const style = getComputedStyle(el);
			const [a, b] = [lum(rgb(style.color)), lum(bg)].sort((x, y) => y - x);
			return {
				fontSize: parseFloat(style.fontSize),
				lineHeight: parseFloat(style.lineHeight) / parseFloat(style.fontSize),
				contrast: (a! + 0.05) / (b! + 0.05),
			};
		});
}

/** Controls (links, buttons, fields) outside running text that are smaller than 44 px. */
function smallTargets(page: Page) {
	return page.evaluate(() =>
		[...document.querySelectorAll('a, button, input, select, summary')]
			.filter((el) => !el.closest('.prose') && !el.classList.contains('skip'))
			// A radio button or checkbox is hit through its label.
			.map((el) => (el.matches('[type=radio], [type=checkbox]') ? el.closest('label')! : el))
			.map((el) => ({ el, box: el.getBoundingClientRect() }))
			.filter(({ box }) => box.width > 0 && box.height > 0)
			.filter(({ box }) => box.height < 43.5 || box.width < 43.5)
			.map(({ el, box }) => `${el.textContent?.trim().slice(0, 20)} ${box.width}×${box.height}`)
	);
}

describe('字号 and 关怀模式', () => {
	test('the script is inline in <head>, under 1 KB, and runs under the site CSP', async () => {
		const html = readPage(site.dist, NOTICE);
		const head = html.slice(0, html.indexOf('</head>'));
		const scripts = [...head.matchAll(/<script>([\s\S]*?)<\/script>/g)];
		expect(scripts).toHaveLength(1);
		expect(Buffer.byteLength(scripts[0]![1]!)).toBeLessThanOrEqual(1024);
		expect(html.indexOf('<script>')).toBeLessThan(html.indexOf('<link rel="stylesheet"'));
		const errors: string[] = [];
		const page = await open(NOTICE, errors);
		expect(await page.evaluate(() => document.documentElement.className)).toContain('js');
		expect(errors).toEqual([]);
		await page.close();
	});

	test('大 enlarges the text, and the choice holds on the next page, from the first paint', async () => {
		const page = await open(NOTICE);
		const before = await measure(page, '.prose p');
		await page.getByRole('button', { name: '大', exact: true }).click();
		const after = await measure(page, '.prose p');
		expect(after.fontSize).toBeGreaterThanOrEqual(18);
		expect(after.fontSize).toBeGreaterThan(before.fontSize * 1.1);
		expect(
			await page.getByRole('button', { name: '大', exact: true }).getAttribute('aria-pressed')
		).toBe('true');
		// The next page: the size is in place before the body is parsed (set by the head script).
		await page.addInitScript(() => {
			new MutationObserver((_, observer) => {
				if (document.body) {
					(window as unknown as { sizeAtBody: string | null }).sizeAtBody =
						document.documentElement.getAttribute('data-size');
					observer.disconnect();
				}
			}).observe(document, { childList: true, subtree: true });
		});
		await page.click('.main-nav a[href="/category/notices/"]');
		await page.waitForURL(/category\/notices/);
		expect(
			await page.evaluate(() => (window as unknown as { sizeAtBody: string }).sizeAtBody)
		).toBe('l');
		expect((await measure(page, '.report-list .title a')).fontSize).toBeGreaterThanOrEqual(18);
		await page.getByRole('button', { name: '小', exact: true }).click();
		expect((await measure(page, '.report-list .title a')).fontSize).toBeLessThan(16);
		await page.getByRole('button', { name: '中', exact: true }).click();
		await page.close();
	});

	test('关怀模式: text ≥ 18 px at 7:1 or more, line height ≥ 1.5, every control ≥ 44 px, on every page kind', async () => {
		const page = await open(NOTICE);
		expect(await smallTargets(page)).not.toEqual([]); // normal mode has small controls
		await page.getByRole('button', { name: '关怀模式' }).click();
		for (const [path, selectors] of [
			[NOTICE, ['.prose p', '.report-meta', '.breadcrumb ol', '.neighbours dd']],
			[
				'/category/notices/',
				['.report-list .title a', '.report-list .summary', '.report-list time'],
			],
			['/', ['.report-list .title a', '.site-footer p']],
			['/tags/', ['main a']],
			['/archive/2024/', ['main a']],
			['/404.html', ['main p']],
			[EN_STANDARD, ['.prose p', '.report-meta']],
		] as const) {
			await page.goto(origin + path);
			expect(await page.evaluate(() => document.documentElement.hasAttribute('data-care'))).toBe(
				true
			);
			const body = await measure(page, selectors[0]);
			expect(body.fontSize, path).toBeGreaterThanOrEqual(18);
			for (const selector of selectors) {
				const m = await measure(page, selector);
				expect(m.contrast, `${path} ${selector}`).toBeGreaterThanOrEqual(7);
				expect(m.lineHeight, `${path} ${selector}`).toBeGreaterThanOrEqual(1.5);
			}
			expect(await smallTargets(page), path).toEqual([]);
			await page.screenshot({
				path: join(
					ARTIFACTS,
					`care-${path === '/' ? 'home' : path.split('/').filter(Boolean).join('-')}-1280.png`
				),
			});
		}
		// The search page, once its script has drawn the results and filters.
		await page.goto(`${origin}/search/?q=${encodeURIComponent('桥梁')}`);
		await page.locator('.search-result').first().waitFor();
		expect(await smallTargets(page), 'search').toEqual([]);
		expect((await measure(page, '.search-result p')).contrast).toBeGreaterThanOrEqual(7);
		// A title with the match marked still reads as one line of text, not stacked pieces.
		const title = page.locator('.search-result h2 a').first();
		expect((await title.boundingBox())!.height).toBeLessThan(
			3 * (await measure(page, '.search-result h2 a')).fontSize * 1.8
		);
		await page.screenshot({ path: join(ARTIFACTS, 'care-search-1280.png') });
		await page.setViewportSize({ width: 390, height: 844 });
		await page.goto(origin + NOTICE);
		expect(await smallTargets(page)).toEqual([]);
		expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
			390
		);
		await page.screenshot({ path: join(ARTIFACTS, 'care-notice-390.png') });
		await page.getByRole('button', { name: '关怀模式' }).click();
		expect(await page.evaluate(() => document.documentElement.hasAttribute('data-care'))).toBe(
			false
		);
		await page.screenshot({ path: join(ARTIFACTS, 'normal-notice-390.png') });
		await page.close();
	});

	test('without JavaScript the page is complete: no dead controls, the share code still opens', async () => {
		const page = await browser.context.newPage();
		const cdp = await browser.context.newCDPSession(page);
		await cdp.send('Emulation.setScriptExecutionDisabled', { value: true });
		await page.goto(origin + NOTICE);
		expect(await page.evaluate(() => document.documentElement.className)).not.toContain('js');
		await expect(page.locator('.reading-tools').isVisible()).resolves.toBe(false);
		await expect(page.locator('[data-reading="print"]').isVisible()).resolves.toBe(false);
		expect(await page.locator('.prose').textContent()).toContain('城市桥梁检测专项行动');
		expect((await measure(page, '.prose p')).fontSize).toBeGreaterThanOrEqual(16);
		await page.locator('.share summary').click();
		await expect(page.locator('.share img').isVisible()).resolves.toBe(true);
		await page.close();
	});
});

describe('a report page', () => {
	test('the 落款 sits at the right, under the text', async () => {
		const page = await open(NOTICE);
		const { left, right, textAlign, bodyRight } = await page.evaluate(() => {
			const sig = document.querySelector('.prose .signature')!;
			const box = sig.getBoundingClientRect();
			const prose = document.querySelector('.prose')!.getBoundingClientRect();
			return {
				left: box.left - prose.left,
				right: prose.right - box.right,
				textAlign: getComputedStyle(sig).textAlign,
				bodyRight: prose.width,
			};
		});
		expect(await page.locator('.prose .signature p').allTextContents()).toEqual([
			'江汉省市政工程协会',
			'2025年4月16日',
		]);
		expect(left).toBeGreaterThan(bodyRight / 2);
		expect(right).toBeLessThan(60);
		expect(textAlign).toBe('center');
		await page.close();
	});

	test('分享本页 shows a PNG QR code that decodes to the page address', async () => {
		for (const path of [NOTICE, EN_STANDARD]) {
			const page = await open(path);
			await page.locator('.share summary').click();
			const img = page.locator('.share img');
			expect(await img.getAttribute('src')).toMatch(/^data:image\/png;base64,/);
			const { width, height, data } = await img.evaluate((el: HTMLImageElement) => {
				const canvas = document.createElement('canvas');
				canvas.width = el.naturalWidth;
				canvas.height = el.naturalHeight;
				const ctx = canvas.getContext('2d')!;
				ctx.drawImage(el, 0, 0);
				const pixels = ctx.getImageData(0, 0, canvas.width, canvas.height);
				const grey = pixels.data.filter((_, i) => i % 4 === 0);
				return { width: pixels.width, height: pixels.height, data: String.fromCharCode(...grey) };
			});
			const rgba = new Uint8ClampedArray(width * height * 4).fill(255);
			for (let i = 0; i < width * height; i++) rgba.fill(data.charCodeAt(i), i * 4, i * 4 + 3);
			const code = jsQR(rgba, width, height, { inversionAttempts: 'dontInvert' });
			expect(code?.data).toBe(`https://www.jhmea.org.cn${path}`);
			await page.close();
		}
	});

	test('attachments open in the same tab (no download-only link); 下载 saves them', async () => {
		const page = await open(STANDARD);
		const links = await page.locator('.attachments li > a').evaluateAll((as) =>
			as.map((a) => ({
				save: a.classList.contains('download'),
				download: a.hasAttribute('download'),
				target: a.getAttribute('target'),
				href: a.getAttribute('href'),
			}))
		);
		const open_ = links.filter((l) => !l.save);
		const save = links.filter((l) => l.save);
		expect(open_.length).toBeGreaterThan(0);
		expect(open_.every((l) => !l.download && l.target === null)).toBe(true);
		expect(save.map((l) => l.href)).toEqual(open_.map((l) => l.href));
		expect(save.every((l) => l.download)).toBe(true);
		await page.close();
	});

	test('prints with a letterhead, title, date, source, body, attachments and address; no nav or tags', async () => {
		const page = await open(STANDARD);
		await page.emulateMedia({ media: 'print' });
		const visible = (selector: string) => page.locator(selector).first().isVisible();
		for (const shown of [
			'.print-letterhead',
			'h1',
			'.report-meta',
			'.prose',
			'.attachments',
			'.print-source',
		])
			expect(await visible(shown), shown).toBe(true);
		for (const hidden of [
			'.site-header',
			'.main-nav',
			'.breadcrumb',
			'.report-footer .tags',
			'.reading-tools',
			'.share',
			'.site-footer',
			'.neighbours',
		])
			expect(await visible(hidden), hidden).toBe(false);
		expect(await page.locator('.print-letterhead').textContent()).toBe('江汉省市政工程协会');
		expect(await page.locator('.report-meta').textContent()).toMatch(
			/发布时间.*2025年6月20日.*来源/
		);
		expect(await page.locator('.print-source').textContent()).toBe(
			`本页地址：https://www.jhmea.org.cn${STANDARD}`
		);
		const attachment = await page
			.locator('.attachments li')
			.first()
			.evaluate((li) => {
				const a = li.querySelector('a')!;
				return a.textContent + getComputedStyle(a, '::after').content;
			});
		expect(attachment).toMatch(/\S.*\(\/uploads\/2025\/.+\)/);
		// The first printed page, approximately: A4 at 96 dpi.
		await page.setViewportSize({ width: 794, height: 1123 });
		await page.screenshot({ path: join(ARTIFACTS, 'print-first-page-zh.png') });
		writeFileSync(join(ARTIFACTS, 'print-standard-zh.pdf'), await page.pdf({ format: 'A4' }));
		await page.close();
	});

	test('a printed English title breaks between words, never inside one, even in 关怀模式', async () => {
		const page = await open(EN_STANDARD);
		await page.evaluate(() => localStorage.setItem('huibao-reading', '{"size":"l","care":true}'));
		await page.setViewportSize({ width: 390, height: 844 });
		await page.reload();
		for (const media of ['screen', 'print'] as const) {
			await page.emulateMedia({ media });
			const split = await page.locator('article.report h1').evaluate((h1) => {
				const text = h1.firstChild!;
				const broken: string[] = [];
				for (const m of text.textContent!.matchAll(/\S+/g)) {
					const range = document.createRange();
					range.setStart(text, m.index);
					range.setEnd(text, m.index + m[0].length);
					const tops = new Set([...range.getClientRects()].map((r) => Math.round(r.top)));
					if (tops.size > 1) broken.push(m[0]);
				}
				return broken;
			});
			expect(split, media).toEqual([]);
		}
		writeFileSync(join(ARTIFACTS, 'print-standard-en.pdf'), await page.pdf({ format: 'A4' }));
		await page.evaluate(() => localStorage.clear());
		await page.close();
	});
});

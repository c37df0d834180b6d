/**
 * The screenshot set of issue #15, for a person who reads Chinese to look at: home, a report, a
 * category, search and the 404 page, at 390 px (phone) and 1280 px, in Chinese and English,
 * normal and in 关怀模式, plus the first printed page of a notice; written to
 * `.artifacts/screens/` (git-ignored) from the sample site built by the real build script.
 * Each shot also checks what would spoil it for anyone: the page scrolls sideways.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { mkdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import type { Browser } from '../helpers/browser.ts';
import { openBuiltSite, type BuiltSite } from '../helpers/builtSite.ts';
import { CARE_MODE, setCareMode } from '../helpers/careMode.ts';
import { PROJECT } from '../helpers/fixtureSite.ts';
import type { StaticServer } from '../helpers/staticServer.ts';

const OUT = join(PROJECT, '.artifacts/screens');
const NOTICE = '/reports/2025-04-16-urban-bridge-inspection-campaign/';
const SHOTS = {
	home: { zh: '/', en: '/en/' },
	report: { zh: NOTICE, en: `/en${NOTICE}` },
	category: { zh: '/category/notices/', en: '/en/category/notices/' },
	search: {
		zh: `/search/?q=${encodeURIComponent('桥梁')}`,
		en: '/en/search/?q=bridge',
	},
	// One 404 document serves both languages (a CDN has one error page).
	'404': { zh: '/404.html', en: '/404.html' },
} as const;
const WIDTHS = { phone: { width: 390, height: 844 }, desktop: { width: 1280, height: 900 } };
/** A4 less the print stylesheet's @page margins (2 cm × 1.8 cm), in CSS px (96 per inch). */
const PRINTED = {
	width: Math.round(((210 - 36) / 25.4) * 96),
	height: Math.round(((297 - 40) / 25.4) * 96),
};

let built: BuiltSite;
let server: StaticServer;
let browser: Browser;
let tab: Page;

beforeAll(async () => {
	built = await openBuiltSite();
	({ server, browser } = built);
	tab = await browser.context.newPage();
	rmSync(OUT, { recursive: true, force: true });
	mkdirSync(OUT, { recursive: true });
});

afterAll(async () => {
	await built?.close();
});

async function shoot(path: string, file: string): Promise<void> {
	await tab.goto(server.origin + path);
	if (path.includes('?q=')) await tab.locator('.search-result').first().waitFor();
	// A full-page shot shows what lies below the fold too: load the lazy images (the QR codes).
	await tab.evaluate(async () => {
		for (const img of document.images) img.loading = 'eager';
		await Promise.all([...document.images].map((img) => img.decode().catch(() => {})));
		await document.fonts.ready;
	});
	const sideways = await tab.evaluate(() => document.documentElement.scrollWidth - innerWidth);
	expect(sideways, `${path} scrolls sideways`).toBeLessThanOrEqual(0);
	// On a phone, a list's date sits under its title at the left, in every mode.
	if (tab.viewportSize()!.width < 640) {
		const offsets = await tab.locator('.report-list li').evaluateAll((lis) =>
			lis.map((li) => {
				// Where the text starts, not the box: a centred date has a full-width box too.
				const textLeft = (el: Element) => {
					const range = document.createRange();
					range.selectNodeContents(el);
					return range.getClientRects()[0]!.left;
				};
				return textLeft(li.querySelector('time')!) - textLeft(li.querySelector('.title')!);
			})
		);
		expect(new Set(offsets.map(Math.round)), `${path}: dates left-aligned`).toEqual(
			offsets.length ? new Set([0]) : new Set()
		);
	}
	await tab.screenshot({ path: join(OUT, file), fullPage: true });
}

describe('the screenshot set', () => {
	const modes = CARE_MODE ? (['normal', 'care'] as const) : (['normal'] as const);
	for (const mode of modes) {
		test(`home, report, category, search and 404 at 390 and 1280 px, zh and en (${mode})`, async () => {
			if (CARE_MODE) await setCareMode(tab, server.origin, mode === 'care');
			if (mode === 'care') {
				await tab.goto(server.origin + '/');
				expect(await tab.evaluate(() => document.documentElement.hasAttribute('data-care'))).toBe(
					true
				);
			}
			for (const viewport of Object.values(WIDTHS)) {
				await tab.setViewportSize(viewport);
				for (const [name, paths] of Object.entries(SHOTS)) {
					for (const lang of name === '404' ? (['zh'] as const) : (['zh', 'en'] as const)) {
						await shoot(paths[lang], `${name}-${lang}-${viewport.width}-${mode}.png`);
					}
				}
			}
			if (CARE_MODE) await setCareMode(tab, server.origin, false);
		});
	}

	test('the first printed page of a notice (A4), and the whole printout as PDF', async () => {
		await tab.setViewportSize(PRINTED);
		await tab.emulateMedia({ media: 'print' });
		await tab.goto(server.origin + NOTICE);
		await tab.screenshot({ path: join(OUT, 'notice-print-page1.png') });
		await tab.pdf({ path: join(OUT, 'notice-print.pdf'), format: 'A4', printBackground: false });
		await tab.emulateMedia({ media: 'screen' });
		expect(statSync(join(OUT, 'notice-print.pdf')).size).toBeGreaterThan(10_000);
		// The printout is the notice, not the site: no header, menu or footer on paper.
		for (const selector of ['.site-header', '.site-footer', '.breadcrumb']) {
			await tab.emulateMedia({ media: 'print' });
			expect(await tab.locator(selector).isVisible(), selector).toBe(false);
		}
		await tab.emulateMedia({ media: 'screen' });
	});
});

/**
 * Accessibility of the built sample site in Debian's Chromium, as Starlight checks its docs:
 * axe-core (WCAG 2.0, 2.1 and 2.2, levels A and AA) over one page of every kind in both
 * languages, taken from the site's own XML sitemap, plus the search page (empty and with results)
 * and the 404 page, all again in 关怀模式; then the keyboard: a skip link first, every control
 * reachable with Tab and visibly focused. One browser, one tab reused, so it stays fast.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';
import type { Browser } from '../helpers/browser.ts';
import { openBuiltSite, type BuiltSite } from '../helpers/builtSite.ts';
import { CARE_MODE, setCareMode } from '../helpers/careMode.ts';
import type { StaticServer } from '../helpers/staticServer.ts';

const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

let built: BuiltSite;
let server: StaticServer;
let browser: Browser;
let tab: Page;
/** One page of every kind in both languages, from the XML sitemap, plus search and 404. */
let pages: string[];

beforeAll(async () => {
	built = await openBuiltSite();
	({ server, browser } = built);
	tab = await browser.context.newPage();
	pages = [
		...onePerKind(await sitemapPaths()),
		'/search/',
		'/en/search/',
		`/search/?q=${encodeURIComponent('桥梁')}`,
		'/en/search/?q=bridge',
		'/404.html',
	];
});

afterAll(async () => {
	await built?.close();
});

/** Every page path the XML sitemap lists, following the sitemap index. */
async function sitemapPaths(): Promise<string[]> {
	const locs = async (path: string) =>
		[...(await (await fetch(server.origin + path)).text()).matchAll(/<loc>([^<]+)<\/loc>/g)].map(
			(m) => new URL(m[1]!).pathname
		);
	const paths: string[] = [];
	for (const sitemap of await locs('/sitemap-index.xml')) paths.push(...(await locs(sitemap)));
	return paths;
}

/**
 * The first page of each kind in each language: the kind is the path's shape, its language
 * prefix, first segment and depth (`/en/reports/x/` → `en reports 2`; `/category/x/2/` has
 * depth 3, a second page of a list).
 */
function onePerKind(paths: string[]): string[] {
	const byKind = new Map<string, string>();
	for (const path of paths) {
		const segments = path.split('/').filter(Boolean);
		const lang = segments[0] === 'en' ? segments.shift()! : 'zh';
		const kind = `${lang} ${segments[0] ?? 'home'} ${segments.length}`;
		if (!byKind.has(kind)) byKind.set(kind, path);
	}
	return [...byKind.values()];
}

async function visit(path: string): Promise<void> {
	await tab.goto(server.origin + path);
	if (path.includes('/search/')) {
		await tab.waitForLoadState('networkidle');
		if (path.includes('?q=')) await tab.locator('.search-result').first().waitFor();
	}
}

/** axe's violations on the page in the tab, as `rule: target (impact)` lines. */
async function violations(): Promise<string[]> {
	if (!(await tab.evaluate(() => 'axe' in window))) await tab.addScriptTag({ path: AXE });
	const result = await tab.evaluate(
		(tags) =>
			(
				window as unknown as {
					axe: {
						run(
							context: Document,
							options: object
						): Promise<{
							violations: { id: string; impact: string; nodes: { target: string[] }[] }[];
						}>;
					};
				}
			).axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] }),
		WCAG_TAGS
	);
	return result.violations.flatMap((v) =>
		v.nodes.map((n) => `${v.id}: ${n.target.join(' ')} (${v.impact})`)
	);
}

async function crawl(): Promise<Record<string, string[]>> {
	const found: Record<string, string[]> = {};
	for (const path of pages) {
		await visit(path);
		const problems = await violations();
		if (problems.length > 0) found[path] = problems;
	}
	return found;
}

describe('axe-core, WCAG 2.0/2.1/2.2 A and AA', () => {
	test('the crawl covers every page kind in both languages', () => {
		const kinds = (lang: string) =>
			pages
				.filter((p) => (lang === 'en') === p.startsWith('/en/'))
				.map((p) => p.split('/')[lang === 'en' ? 2 : 1]);
		for (const kind of ['', 'reports', 'category', 'archive', 'tags', 'sitemap', 'search']) {
			expect(kinds('zh'), kind).toContain(kind);
			expect(kinds('en'), kind).toContain(kind);
		}
		expect(pages).toContain('/404.html');
		expect(pages.length).toBeGreaterThan(20);
	});

	test('no violations on any page', async () => {
		expect(await crawl()).toEqual({});
	});

	describe.skipIf(!CARE_MODE)('in 关怀模式', () => {
		test('no violations on any page', async () => {
			await setCareMode(tab, server.origin, true);
			try {
				await visit('/');
				expect(await tab.evaluate(() => document.documentElement.hasAttribute('data-care'))).toBe(
					true
				);
				expect(await crawl()).toEqual({});
			} finally {
				await setCareMode(tab, server.origin, false);
			}
		});
	});
});

/** What the keyboard reaches: Tab from the top of the page to the end, with each focus ring. */
async function tabThrough(page: Page): Promise<{
	reached: string[];
	focusable: string[];
	unseen: string[];
}> {
	// Label every control so the walk can be compared with the page's list of controls.
	const focusable = await page.evaluate(() => {
		const controls = [
			...document.querySelectorAll<HTMLElement>(
				'a[href], button, input, select, textarea, summary, [tabindex]:not([tabindex="-1"])'
			),
		].filter((el) => !el.closest('[hidden]') && !(el as HTMLButtonElement).disabled);
		return controls
			.filter((el) => el.getClientRects().length > 0 || el.classList.contains('skip'))
			.map((el, i) => {
				el.dataset.kb = String(i);
				// A radio group is one stop: arrow keys move inside it.
				return el instanceof HTMLInputElement && el.type === 'radio' ? `radio:${el.name}` : `${i}`;
			});
	});
	const reached: string[] = [];
	const unseen: string[] = [];
	for (let i = 0; i < focusable.length + 5; i++) {
		await page.keyboard.press('Tab');
		const stop = await page.evaluate(() => {
			const el = document.activeElement as HTMLElement | null;
			if (!el || el === document.body || !el.dataset.kb) return null;
			const style = getComputedStyle(el);
			const box = el.getBoundingClientRect();
			const ring =
				(style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2) ||
				style.boxShadow !== 'none';
			const inView =
				box.bottom > 0 && box.top < innerHeight && box.right > 0 && box.left < innerWidth;
			const key =
				el instanceof HTMLInputElement && el.type === 'radio' ? `radio:${el.name}` : el.dataset.kb;
			return {
				key,
				visible: ring && inView,
				label: `${el.tagName} ${el.textContent?.trim().slice(0, 30)}`,
			};
		});
		if (!stop) {
			if (reached.length > 0) break;
			continue;
		}
		if (reached.includes(stop.key)) break;
		reached.push(stop.key);
		if (!stop.visible) unseen.push(stop.label);
	}
	return { reached, focusable: [...new Set(focusable)], unseen };
}

describe('keyboard', () => {
	test('a skip link comes first, shows on focus and moves on to the main content', async () => {
		for (const [path, label] of [
			['/', '跳到正文'],
			['/en/', 'Skip to content'],
		] as const) {
			await visit(path);
			await tab.keyboard.press('Tab');
			const skip = await tab.evaluate(() => {
				const el = document.activeElement as HTMLElement;
				const box = el.getBoundingClientRect();
				return {
					text: el.textContent?.trim(),
					inView: box.left >= 0 && box.top >= 0 && box.width > 0,
				};
			});
			expect(skip).toEqual({ text: label, inView: true });
			await tab.keyboard.press('Enter');
			await tab.keyboard.press('Tab');
			expect(await tab.evaluate(() => !!document.activeElement?.closest('main'))).toBe(true);
		}
	});

	test('every control is reached with Tab and visibly focused (phone and desktop)', async () => {
		for (const viewport of [
			{ width: 390, height: 844 },
			{ width: 1280, height: 900 },
		]) {
			await tab.setViewportSize(viewport);
			for (const path of [
				'/',
				'/reports/2025-06-20-trenchless-pipe-rehab-standard-release/',
				'/en/reports/2025-04-16-urban-bridge-inspection-campaign/',
				`/search/?q=${encodeURIComponent('桥梁')}`,
				'/sitemap/',
			]) {
				await visit(path);
				const { reached, focusable, unseen } = await tabThrough(tab);
				const where = `${path} at ${viewport.width} px`;
				expect(reached.sort(), where).toEqual(focusable.sort());
				expect(unseen, where).toEqual([]);
			}
		}
	});
});

/**
 * 哀悼模式: settings.yml `mourning` greys the site (or its home pages) between two dates. The site
 * is built with the real build script at faked dates (HUIBAO_NOW) inside and outside the range,
 * incrementally, as CI's daily build would; the grey is on <html>, checked in Chromium.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { launchBrowser } from '../helpers/browser.ts';
import { readPage } from '../helpers/crawl.ts';
import { createFixtureSite, type FixtureSite } from '../helpers/fixtureSite.ts';
import { serveStatic } from '../helpers/staticServer.ts';

const REPORT = '/reports/2026-03-20-notice/';
let site: FixtureSite;
let settings: string;

const grey = (path: string) => /<html[^>]*class="mourning"/.test(readPage(site.dist, path));

async function buildAt(now: string) {
	const built = await site.run('build', [], { HUIBAO_NOW: now });
	expect(built.code, built.stderr + built.stdout).toBe(0);
}

beforeAll(async () => {
	site = createFixtureSite({ sampleContent: false });
	site.write(
		'content/reports/2026/zh/2026-03-20-notice.md',
		'---\ntitle: 关于调整办公时间的通知\ndate: 2026-03-20\ncategory: notices\n---\n各会员单位：\n\n自即日起调整办公时间。\n'
	);
	site.write(
		'content/reports/2026/en/2026-03-20-notice.md',
		'---\ntitle: Change of office hours\ndate: 2026-03-20\ncategory: notices\n---\nOffice hours change from today.\n'
	);
	settings = readFileSync(join(site.root, 'content/settings.yml'), 'utf8');
	// Three days in the association's time zone (Asia/Shanghai).
	site.write(
		'content/settings.yml',
		`${settings}mourning:\n  from: 2026-04-03\n  to: 2026-04-05\n  home_only: false\n`
	);
	await buildAt('2026-04-02');
}, 120_000);

afterAll(() => site?.cleanup());

describe('哀悼模式', () => {
	test('off before its dates, the whole site grey within them, off again after', async () => {
		expect(grey('/')).toBe(false);
		expect(grey(REPORT)).toBe(false);
		// 5 April, 23:30 in Shanghai: the last day.
		await buildAt('2026-04-05T23:30:00+08:00');
		for (const path of ['/', REPORT, '/en/', `/en${REPORT}`, '/category/notices/', '/archive/'])
			expect(grey(path), path).toBe(true);

		const server = await serveStatic(site.dist);
		const browser = await launchBrowser();
		try {
			const page = await browser.context.newPage();
			await page.goto(server.origin + REPORT);
			const filters = await page.evaluate(() => [
				getComputedStyle(document.documentElement).filter,
				getComputedStyle(document.body).filter,
			]);
			// On the root element, where a filter does not become the containing block of fixed elements.
			expect(filters).toEqual(['grayscale(1)', 'none']);
		} finally {
			await browser.close();
			await server.close();
		}

		// 5 April, 16:30 UTC is already 6 April in Shanghai.
		await buildAt('2026-04-05T16:30:00Z');
		expect(grey('/')).toBe(false);
		expect(grey(REPORT)).toBe(false);
	}, 120_000);

	test('home_only greys the home pages alone', async () => {
		site.write(
			'content/settings.yml',
			`${settings}mourning:\n  from: 2026-04-03\n  to: 2026-04-05\n  home_only: true\n`
		);
		await buildAt('2026-04-03');
		expect(grey('/')).toBe(true);
		expect(grey('/en/')).toBe(true);
		expect(grey(REPORT)).toBe(false);
		expect(grey('/category/notices/')).toBe(false);
	}, 120_000);

	test('a range that ends before it starts stops the build with the file and field named', async () => {
		site.write(
			'content/settings.yml',
			`${settings}mourning:\n  from: 2026-04-05\n  to: 2026-04-03\n`
		);
		const built = await site.run('build', [], { HUIBAO_NOW: '2026-04-04' });
		expect(built.code).not.toBe(0);
		expect(built.stderr + built.stdout).toContain(
			'content/settings.yml: mourning.to: must not be before from (2026-04-05)'
		);
		expect(grey('/')).toBe(true); // the last good dist/ stays
	}, 60_000);
});

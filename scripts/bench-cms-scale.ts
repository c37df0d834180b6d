/**
 * On-demand measurement (not part of npm test): the admin with a large corpus in local mode.
 *
 *   npm run bench:cms-scale -- [--reports 10000] [--runs 3]
 *
 * Writes N generated reports (src/bench/generateReports.ts, 2015–2026, ~830 a year) into a
 * throw-away copy of the site, filed by year, starts the local backend (fs mode) and serves the
 * admin exactly as `npm run build` writes it (dist/admin/ from writeAdmin), then times in
 * Chromium: opening the CMS (this year's list), sorting it, filtering it by category, grouping it
 * by month, searching it, opening one report for editing, and opening another year.
 * Prints one line per run and the medians (numbers for docs/cms.md).
 */
import { cpSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { writeSiteReports } from '../src/bench/generateReports.ts';
import { startLocalBackend } from '../src/cms/localBackend.ts';
import { writeAdmin } from '../src/cms/writeAdmin.ts';
import { launchBrowser } from '../tests/helpers/browser.ts';
import { createFixtureSite, PROJECT } from '../tests/helpers/fixtureSite.ts';
import { serveStatic, type StaticServer } from '../tests/helpers/staticServer.ts';

const arg = (name: string, fallback: number) => {
	const i = process.argv.indexOf(`--${name}`);
	return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const REPORTS = arg('reports', 10_000);
const RUNS = arg('runs', 3);
/** The year the CMS opens on: the current one (the generated reports run to 2026). */
const YEAR = new Date().getFullYear();
const OTHER_YEAR = 2020;

const site = createFixtureSite({ sampleContent: false });
cpSync(join(PROJECT, 'admin'), join(site.root, 'admin'), { recursive: true });
let server: StaticServer | undefined;
let backend: Awaited<ReturnType<typeof startLocalBackend>> | undefined;

try {
	const t = performance.now();
	writeSiteReports(site.root, REPORTS);
	console.log(`${REPORTS} reports written in ${((performance.now() - t) / 1000).toFixed(1)} s`);

	backend = await startLocalBackend({ root: site.root, mode: 'fs', port: 0 });
	const dist = join(site.root, 'dist');
	await writeAdmin({
		root: site.root,
		dist,
		cacheDir: join(site.root, '.cache'),
		env: { CMS_PROXY_URL: backend.url },
	});
	server = await serveStatic(dist);
	const origin = server.origin;

	// The backend alone: one year's list request, cold (reads every file) and warm (front-matter cache).
	const list = async () => {
		const start = performance.now();
		const response = await fetch(backend!.url, {
			method: 'POST',
			headers: { 'Content-Type': 'application/json' },
			body: JSON.stringify({
				action: 'entriesByFolder',
				params: { folder: `content/reports/${YEAR}`, extension: 'md', depth: 2 },
			}),
		});
		const body = await response.text();
		return { ms: performance.now() - start, bytes: body.length };
	};
	const cold = await list();
	const warm = await list();
	console.log(
		`backend list: cold ${cold.ms.toFixed(0)} ms, warm ${warm.ms.toFixed(0)} ms, ${(warm.bytes / 1e6).toFixed(1)} MB`
	);

	const results: Record<string, number>[] = [];
	for (let run = 0; run < RUNS; run++) {
		const browser = await launchBrowser({ timezoneId: 'Asia/Shanghai' });
		try {
			const page = await browser.context.newPage();
			results.push(await measure(page, origin));
			console.log(`run ${run + 1}: ${JSON.stringify(results.at(-1))}`);
		} finally {
			await browser.close();
		}
	}
	const keys = Object.keys(results[0] ?? {});
	console.log(`\nmedians over ${RUNS} runs, ${REPORTS} reports (ms):`);
	console.log(`| step | ${keys.join(' | ')} |`);
	console.log(`| --- | ${keys.map(() => '---:').join(' | ')} |`);
	console.log(
		`| median | ${keys.map((k) => median(results.map((r) => r[k]!)).toFixed(0)).join(' | ')} |`
	);
} finally {
	await server?.close();
	await backend?.close();
	site.cleanup();
}

function median(values: number[]): number {
	const sorted = [...values].sort((a, b) => a - b);
	const mid = Math.floor(sorted.length / 2);
	return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

async function measure(page: Page, origin: string): Promise<Record<string, number>> {
	const timings: Record<string, number> = {};
	const time = async (name: string, action: () => Promise<void>) => {
		const start = performance.now();
		await action();
		timings[name] = performance.now() - start;
	};
	const cards = page.locator('a[href*="/collections/reports-"][href*="/entries/"]');
	const firstCard = async () => (await cards.first().textContent({ timeout: 120_000 })) ?? '';
	const changedFrom = async (before: string) => {
		await page.waitForFunction(
			(previous) => {
				const first = document.querySelector('a[href*="/collections/reports-"][href*="/entries/"]');
				return first !== null && first.textContent !== previous;
			},
			before,
			{ timeout: 120_000, polling: 50 }
		);
	};

	await page.goto(`${origin}/admin/`);
	await page.getByRole('button', { name: '登录', exact: true }).click({ timeout: 60_000 });
	await time('list', async () => {
		await cards.first().waitFor({ timeout: 180_000 });
	});
	timings.cards = await cards.count();

	let before = await firstCard();
	await time('sortTitle', async () => {
		await page.getByRole('button', { name: '排序' }).click();
		await page.getByRole('menuitem', { name: /标题/ }).click();
		await changedFrom(before);
	});

	before = await firstCard();
	await time('filterCategory', async () => {
		await page.getByRole('button', { name: '筛选' }).click();
		await page.getByRole('menuitem', { name: '党建工作' }).click();
		await changedFrom(before);
	});
	timings.cardsFiltered = await cards.count();

	before = await firstCard();
	await time('clearFilter', async () => {
		await page.getByRole('menuitem', { name: '党建工作' }).click();
		await changedFrom(before);
	});
	await page.keyboard.press('Escape');

	await time('groupMonth', async () => {
		await page.getByRole('button', { name: '分组' }).click();
		await page.getByRole('menuitem', { name: '月份' }).click();
		await page
			.locator('h2', { hasText: new RegExp(`^${YEAR}-\\d{2}`) })
			.first()
			.waitFor({ timeout: 120_000 });
	});
	await page.keyboard.press('Escape');

	await time('search', async () => {
		await page.getByPlaceholder('查找报告…').fill('桥梁安全检测');
		await page.keyboard.press('Enter');
		await page.waitForURL(/\/search\//);
		await cards.first().waitFor({ timeout: 180_000 });
	});
	timings.searchHits = await cards.count();

	await time('open', async () => {
		await cards.first().click();
		await page
			.getByRole('textbox', { name: '标题', exact: true })
			.first()
			.waitFor({ timeout: 120_000 });
		await page.locator('[data-slate-editor="true"]').first().waitFor({ timeout: 120_000 });
	});

	await time('otherYear', async () => {
		await page.evaluate((year) => (location.hash = `#/collections/reports-${year}`), OTHER_YEAR);
		await page
			.locator(`a[href*="/collections/reports-${OTHER_YEAR}/entries/"]`)
			.first()
			.waitFor({ timeout: 180_000 });
	});
	return timings;
}

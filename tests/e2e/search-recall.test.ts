/**
 * Recall of the search page in Chromium for what visitors type: parts of what they remember.
 * The site is the sample reports plus 300 generated ones, built with the real build script; the
 * queries are distinctive substrings (in at most five reports) of the Chinese reports' titles and
 * of the opening of their bodies, drawn with a fixed seed. Goals (issue #14): a title substring
 * puts its report on the first page of results for ≥ 98 % of queries, a body substring of two to
 * four characters finds its report for ≥ 90 %.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { writeSiteReports } from '../../src/bench/generateReports.ts';
import { launchBrowser, type Browser } from '../helpers/browser.ts';
import { createFixtureSite, type FixtureSite } from '../helpers/fixtureSite.ts';
import { serveStatic, type StaticServer } from '../helpers/staticServer.ts';

const GENERATED = 300;
/** Queries of each kind (each costs a page load, ~0.2 s). */
const QUERIES = 80;

let site: FixtureSite;
let server: StaticServer;
let browser: Browser;
let page: Page;

interface Source {
	url: string;
	title: string;
	/** Plain text of the body, Markdown syntax removed. */
	body: string;
}

beforeAll(async () => {
	site = createFixtureSite();
	writeSiteReports(site.root, GENERATED);
	const built = await site.run('build');
	if (built.code !== 0) throw new Error(`build failed:\n${built.stdout}\n${built.stderr}`);
	server = await serveStatic(site.dist);
	browser = await launchBrowser();
	page = await browser.context.newPage();
}, 300_000);

afterAll(async () => {
	await browser?.close();
	await server?.close();
	site?.cleanup();
});

/** The Chinese reports of the built site's content, as text. */
function sources(): Source[] {
	const dir = join(site.root, 'content/reports');
	const files = (readdirSync(dir, { recursive: true }) as string[]).filter((f) =>
		/(^|\/)zh\/[^/]+\.md$/.test(f)
	);
	return files.flatMap((file) => {
		const text = readFileSync(join(dir, file), 'utf8');
		const [, front = '', body = ''] = /^---\n([\s\S]*?)\n---\n([\s\S]*)$/.exec(text) ?? [];
		if (/^draft:\s*true/m.test(front)) return [];
		const title = /^title:\s*"?(.*?)"?\s*$/m.exec(front)?.[1] ?? '';
		const plain = body
			.replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
			.replace(/[*_#>|`-]+/g, ' ')
			.replace(/\s+/g, ' ');
		return [
			{ url: `/reports/${file.split('/').pop()!.replace(/\.md$/, '')}/`, title, body: plain },
		];
	});
}

/** A fixed sequence of numbers in [0, 1). */
function random(seed: number): () => number {
	return () => {
		seed = (seed + 0x6d2b79f5) | 0;
		let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
		t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

const hanRuns = (text: string) => text.match(/\p{Script=Han}+/gu) ?? [];

/**
 * One distinctive substring per report, as long as QUERIES allow: `from` gives the text the
 * substring is taken from, of `min`–`max` characters, found in at most five reports.
 */
function queries(
	all: Source[],
	from: (s: Source) => string,
	min: number,
	max: number,
	seed: number
): { query: string; url: string }[] {
	const next = random(seed);
	const haystacks = all.map((s) => `${s.title}\n${s.body}`);
	const picked: { query: string; url: string }[] = [];
	const order = [...all].sort(() => next() - 0.5);
	for (let round = 0; picked.length < QUERIES && round < 20; round++) {
		for (const source of order) {
			if (picked.length >= QUERIES) break;
			const runs = hanRuns(from(source)).filter((r) => r.length >= min);
			for (let attempt = 0; attempt < 10 && runs.length; attempt++) {
				const run = runs[Math.floor(next() * runs.length)]!;
				const length = min + Math.floor(next() * (Math.min(max, run.length) - min + 1));
				const at = Math.floor(next() * (run.length - length + 1));
				const query = run.slice(at, at + length);
				if (picked.some((p) => p.query === query)) continue;
				if (haystacks.filter((h) => h.includes(query)).length > 5) continue;
				picked.push({ query, url: source.url });
				break;
			}
		}
	}
	return picked;
}

/**
 * The result links of the first page of a query typed into the open search page (as a visitor
 * does; the indexes stay loaded), once the whole archive has answered.
 */
async function firstPage(query: string): Promise<{ links: string[]; status: string }> {
	if (!page.url().includes('/search/')) {
		await page.goto(`${server.origin}/search/`);
		// The script has started when it shows its results area (hidden in the HTML, for pages
		// read without JavaScript).
		await page.waitForFunction(() => {
			const status = document.querySelector('.search-status');
			return status !== null && status.closest('[hidden]') === null;
		});
	}
	await page.evaluate(() => (document.querySelector('.search-status')!.textContent = ''));
	await page.locator('#search-page-q').fill(query);
	await page.locator('#search-page-q').press('Enter');
	await page.waitForFunction(() => {
		const status = document.querySelector('.search-status')?.textContent ?? '';
		return /\d|没有/.test(status) && !/…$/.test(status);
	});
	const links = await page
		.locator('.search-result h2 a')
		.evaluateAll((as) => as.map((a) => a.getAttribute('href') ?? ''));
	return { links, status: (await page.locator('.search-status').textContent()) ?? '' };
}

async function recall(
	list: { query: string; url: string }[]
): Promise<{ rate: number; misses: string[] }> {
	const misses: string[] = [];
	for (const { query, url } of list) {
		const { links, status } = await firstPage(query);
		if (!links.includes(url)) misses.push(`${query} (${status})`);
	}
	return { rate: 1 - misses.length / list.length, misses };
}

describe('search recall for substrings (Chromium, samples + 300 generated reports)', () => {
	test('a substring of a title puts its report on the first page of results (≥ 98 %)', async () => {
		const list = queries(sources(), (s) => s.title, 2, 8, 14);
		expect(list.length).toBe(QUERIES);
		const { rate, misses } = await recall(list);
		console.log(
			`title substrings: ${(rate * 100).toFixed(1)} % of ${list.length} found on the first page; missed: ${misses.join(' ') || 'none'}`
		);
		expect(rate).toBeGreaterThanOrEqual(0.98);
	}, 240_000);

	test('a two-to-four-character substring of the opening of a body finds its report (≥ 90 %)', async () => {
		const list = queries(sources(), (s) => s.body.slice(0, 400), 2, 4, 15);
		expect(list.length).toBe(QUERIES);
		const { rate, misses } = await recall(list);
		console.log(
			`body substrings: ${(rate * 100).toFixed(1)} % of ${list.length} found on the first page; missed: ${misses.join(' ') || 'none'}`
		);
		expect(rate).toBeGreaterThanOrEqual(0.9);
	}, 240_000);
});

/**
 * On-demand measurement (not part of npm test): what a visitor's browser loads for a search.
 *
 *   node tests/e2e/search-transfer.ts DIST [--queries 桥梁,会员,隧道,培训]
 *
 * Serves a built site (DIST: `dist/` of a build, e.g. one kept by `npm run bench -- --keep`)
 * on 127.0.0.1 without compression and opens `/search/?q=…` in Chromium with an empty cache,
 * once per query. Counts every response (body and headers, the page itself included) until the
 * first result is on the page, then until every index is merged and the results are final.
 * Prints a table for docs/search.md.
 */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { Request } from 'playwright-core';
import { launchBrowser } from '../helpers/browser.ts';
import { serveStatic } from '../helpers/staticServer.ts';

const { values, positionals } = parseArgs({ allowPositionals: true, options: { queries: { type: 'string', default: '桥梁,会员,隧道,培训' } } });
if (!positionals[0]) {
	console.error('usage: node tests/e2e/search-transfer.ts DIST [--queries 桥梁,会员]');
	process.exit(2);
}
const server = await serveStatic(resolve(positionals[0]));
const rows: string[] = [];
try {
	for (const query of values.queries.split(',')) {
		const browser = await launchBrowser();
		try {
			const page = await browser.context.newPage();
			const sizes: Promise<number>[] = [];
			const size = async (r: Request) => {
				const s = await r.sizes();
				return s.responseBodySize + s.responseHeadersSize;
			};
			page.on('requestfinished', (r) => sizes.push(size(r)));
			const started = performance.now();
			await page.goto(`${server.origin}/search/?q=${encodeURIComponent(query)}`);
			await page.waitForSelector('.search-result');
			const firstMs = performance.now() - started;
			const first = await Promise.all(sizes.slice());
			// Final: every index merged (the status line no longer ends in "…").
			await page.waitForFunction(() => /\d/.test(document.querySelector('.search-status')?.textContent ?? '') && !/…$/.test(document.querySelector('.search-status')?.textContent ?? ''));
			const allMs = performance.now() - started;
			const all = await Promise.all(sizes);
			const kib = (list: number[]) => (list.reduce((a, b) => a + b, 0) / 1024).toFixed(0);
			const status = await page.locator('.search-status').textContent();
			rows.push(`| ${query} | ${status} | ${kib(first)} KiB | ${first.length} | ${(firstMs / 1000).toFixed(1)} s | ${kib(all)} KiB | ${all.length} | ${(allMs / 1000).toFixed(1)} s |`);
			console.error(rows.at(-1));
		} finally {
			await browser.close();
		}
	}
} finally {
	await server.close();
}
console.log('| query | status | bytes before first results | requests | time | bytes, all indexes | requests | time |');
console.log('| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |');
for (const row of rows) console.log(row);

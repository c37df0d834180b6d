/**
 * On-demand measurement (not part of npm test): what a visitor's browser loads for a search.
 *
 *   npm run bench:search-transfer -- DIST [--queries 桥梁,会员,隧道,培训]
 *
 * Serves a built site (DIST: `dist/` of a build, e.g. one kept by `npm run bench -- --keep`)
 * on 127.0.0.1 without compression and opens `/search/?q=…` in Chromium with an empty cache,
 * once per query. Counts every response (body and headers, the page itself included, from the
 * page's resource timing) that had arrived when the first result was put on the page, and then
 * once every index is merged and the results are final; times are from the start of navigation.
 * Prints a table for docs/search.md.
 */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { launchBrowser } from '../tests/helpers/browser.ts';
import { serveStatic } from '../tests/helpers/staticServer.ts';

const { values, positionals } = parseArgs({
	allowPositionals: true,
	options: { queries: { type: 'string', default: '桥梁,会员,隧道,培训' } },
});
if (!positionals[0]) {
	console.error('usage: npm run bench:search-transfer -- DIST [--queries 桥梁,会员]');
	process.exit(2);
}
const server = await serveStatic(resolve(positionals[0]));
const rows: string[] = [];
try {
	for (const query of values.queries.split(',')) {
		const browser = await launchBrowser();
		try {
			const page = await browser.context.newPage();
			// Counted in the page: what had arrived when the first result was put on the page (the
			// page goes on loading older indexes right after, so counting later would include those).
			await page.addInitScript(() => {
				const w = window as unknown as { firstResults?: Loaded };
				const loaded = () => {
					const nav = performance.getEntriesByType('navigation')[0] as
						PerformanceNavigationTiming | undefined;
					const resources = performance.getEntriesByType('resource') as PerformanceResourceTiming[];
					return {
						ms: performance.now(),
						bytes: (nav?.transferSize ?? 0) + resources.reduce((n, r) => n + r.transferSize, 0),
						requests: resources.length + 1,
					};
				};
				type Loaded = ReturnType<typeof loaded>;
				performance.setResourceTimingBufferSize(10_000);
				new MutationObserver((_, observer) => {
					if (!document.querySelector('.search-result')) return;
					w.firstResults = loaded();
					observer.disconnect();
				}).observe(document, { subtree: true, childList: true });
				(window as unknown as { loaded: typeof loaded }).loaded = loaded;
			});
			await page.goto(`${server.origin}/search/?q=${encodeURIComponent(query)}`);
			type Loaded = { ms: number; bytes: number; requests: number };
			const first = await page
				.waitForFunction(() => (window as unknown as { firstResults?: Loaded }).firstResults)
				.then((h) => h.jsonValue() as Promise<Loaded>);
			// Final: every index merged (the status line no longer ends in "…").
			await page.waitForFunction(
				() =>
					/\d/.test(document.querySelector('.search-status')?.textContent ?? '') &&
					!/…$/.test(document.querySelector('.search-status')?.textContent ?? '')
			);
			const all = await page.evaluate(() =>
				(window as unknown as { loaded: () => Loaded }).loaded()
			);
			const kib = (bytes: number) => `${(bytes / 1024).toFixed(0)} KiB`;
			const status = await page.locator('.search-status').textContent();
			rows.push(
				`| ${query} | ${status} | ${kib(first.bytes)} | ${first.requests} | ${(first.ms / 1000).toFixed(1)} s | ${kib(all.bytes)} | ${all.requests} | ${(all.ms / 1000).toFixed(1)} s |`
			);
			console.error(rows.at(-1));
		} finally {
			await browser.close();
		}
	}
} finally {
	await server.close();
}
console.log(
	'| query | status | bytes before first results | requests | time | bytes, all indexes | requests | time |'
);
console.log('| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |');
for (const row of rows) console.log(row);

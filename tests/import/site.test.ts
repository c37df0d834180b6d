/**
 * What the importer writes passes `npm run check` and builds into the site: the fixture pages
 * are imported into a throw-away copy of the project, which is then checked and built.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import matter from 'gray-matter';
import { createFixtureSite, type FixtureSite } from '../helpers/fixtureSite.ts';
import { fileForPath, readPage } from '../helpers/crawl.ts';
import { makeWorkspace } from './helpers.ts';
import { listReportFiles } from '../../src/lib/content/reportPath.ts';

let site: FixtureSite;
let workspace: string | undefined;
let imported: { slug: string; title: string; category: string }[] = [];

beforeAll(async () => {
	site = createFixtureSite();
	const { dir, pages } = await makeWorkspace();
	workspace = dir;
	const zh = async () => (await listReportFiles(site.root)).filter((f) => f.split('/')[3] === 'zh');
	const before = new Set(await zh());
	const result = await site.run('import', [pages]);
	// Two fixture pages are meant to fail (an unmapped section, a page without a date).
	expect(result.code, result.stdout + result.stderr).toBe(1);
	expect(result.stdout + result.stderr).toMatch(/专家风采|unmapped|no category/);
	imported = (await zh())
		.filter((f) => !before.has(f))
		.map((f) => {
			const { data } = matter(readFileSync(join(site.root, f), 'utf8'));
			return {
				slug: f.split('/').at(-1)!.replace(/\.md$/, ''),
				title: String(data.title),
				category: String(data.category),
			};
		});
}, 120_000);

afterAll(() => {
	site?.cleanup();
	if (workspace) rmSync(workspace, { recursive: true, force: true });
});

test('the importer wrote reports for the parseable pages', () => {
	expect(imported.length).toBeGreaterThanOrEqual(5);
});

test('everything it wrote passes npm run check', async () => {
	const check = await site.run('check');
	expect(check.code, check.stderr).toBe(0);
});

test('the imported reports build into the site: their pages, category lists and images', async () => {
	const build = await site.run('build');
	expect(build.code, build.stderr + build.stdout).toBe(0);
	for (const r of imported) {
		expect(readPage(site.dist, `/reports/${r.slug}/`)).toContain(r.title.replace(/&/g, '&amp;'));
		expect(readPage(site.dist, `/category/${r.category}/`)).toContain(`/reports/${r.slug}/`);
	}
	const images = [
		...readPage(
			site.dist,
			`/reports/${imported.find((r) => readPage(site.dist, `/reports/${r.slug}/`).includes('<img'))!.slug}/`
		).matchAll(/<img src="([^"]+)"/g),
	].map((m) => m[1]!);
	expect(images.length).toBeGreaterThan(0);
	for (const src of images.filter((s) => s.startsWith('/')))
		expect(fileForPath(site.dist, src), src).toBeDefined();
}, 120_000);

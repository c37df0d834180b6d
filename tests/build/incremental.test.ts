/**
 * An incremental build must produce exactly what a build from nothing produces: a 200-report
 * site is built once, then changed step by step and rebuilt; after each step its dist/ is
 * compared byte for byte with a cold build of the same content in a second copy.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
	appendFileSync,
	existsSync,
	readFileSync,
	readdirSync,
	truncateSync,
	writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { generateReport } from '../../src/bench/generateReports.ts';
import { readStamp } from '../../src/lib/build/buildStamp.ts';
import { listDist } from '../helpers/crawl.ts';
import { createFixtureSite, type FixtureSite } from '../helpers/fixtureSite.ts';

const N = 200;
let site: FixtureSite;
let reference: FixtureSite;

/** Applies the same change to both copies. */
function both(change: (s: FixtureSite) => void) {
	change(site);
	change(reference);
}

async function build(s: FixtureSite, args: string[] = []) {
	const result = await s.run('build', args);
	expect(result.code, result.stderr + result.stdout).toBe(0);
	return result.stdout;
}

/** The reference is always built from nothing: cache and dist removed first. */
async function coldReference() {
	reference.remove('dist');
	reference.remove('.cache');
	await build(reference);
}

function expectSameOutput() {
	const files = listDist(site.dist);
	expect(files).toEqual(listDist(reference.dist));
	const different = files.filter(
		(f) => !readFileSync(join(site.dist, f)).equals(readFileSync(join(reference.dist, f)))
	);
	expect(different).toEqual([]);
	// Both finished by a build, with stamps that count the same files (the build ids differ).
	const { build: _a, ...stamp } = readStamp(site.dist)!;
	const { build: _b, ...referenceStamp } = readStamp(reference.dist)!;
	expect(stamp).toEqual(referenceStamp);
}

const SAVED_BUNDLE = "with the last run's saved bundle";

function rendered(stdout: string): number {
	const m = /\((\d+) rendered/.exec(stdout);
	return m ? Number(m[1]) : -1;
}

beforeAll(async () => {
	site = createFixtureSite({ sampleContent: false });
	reference = createFixtureSite({ sampleContent: false });
	both((s) => {
		for (let i = 0; i < N; i++) {
			const { file, text } = generateReport(i);
			s.write(file, text);
		}
		// A few translations, so the English side has lists, archives and tags too.
		for (let i = 0; i < 5; i++) {
			const { file, text } = generateReport(i);
			s.write(
				file.replace('/zh/', '/en/'),
				text
					.replace(/^title: ".*"$/m, `title: "Report number ${i + 1}"`)
					.replace('lang: zh', 'lang: en')
			);
		}
	});
	await build(site);
}, 240_000);

afterAll(() => {
	site?.cleanup();
	reference?.cleanup();
});

describe('incremental builds equal cold builds', () => {
	test('a rebuild with no change renders nothing and changes nothing', async () => {
		const before = listDist(site.dist).map((f) => readFileSync(join(site.dist, f)).length);
		const stdout = await build(site);
		expect(rendered(stdout)).toBe(0);
		expect(listDist(site.dist).map((f) => readFileSync(join(site.dist, f)).length)).toEqual(before);
	});

	test('editing one report', async () => {
		both((s) => {
			const file = join(s.root, generateReport(6).file);
			writeFileSync(
				file,
				readFileSync(file, 'utf8').replace(
					/^title: ".*"$/m,
					'title: "关于桥梁检测工作的补充通知"'
				) + '\n新增的一段说明。\n'
			);
		});
		const stdout = await build(site);
		expect(rendered(stdout)).toBeGreaterThan(0);
		expect(rendered(stdout)).toBeLessThan(60);
		// Rendered without starting Astro: the last build saved its bundle (savedBundle.ts).
		expect(stdout).toContain(SAVED_BUNDLE);
		// The new title is in the 相关文章 of reports near it in a tag or its category.
		const relatedLists = listDist(site.dist)
			.filter((f) => f.startsWith('reports/') && !f.includes('report-00007'))
			.map(
				(f) =>
					/<section class="related[\s\S]*?<\/section>/.exec(
						readFileSync(join(site.dist, f), 'utf8')
					)?.[0] ?? ''
			);
		expect(
			relatedLists.filter((html) => html.includes('关于桥梁检测工作的补充通知')).length
		).toBeGreaterThan(0);
		await coldReference();
		expectSameOutput();
	}, 120_000);

	test('adding one report', async () => {
		both((s) => s.write(generateReport(9998).file, generateReport(9998).text));
		await build(site);
		await coldReference();
		expectSameOutput();
	}, 120_000);

	test('deleting one report (and its translation)', async () => {
		both((s) => {
			s.remove(generateReport(2).file);
			s.remove(generateReport(2).file.replace('/zh/', '/en/'));
		});
		const stdout = await build(site);
		expect(stdout).toMatch(/[1-9]\d* removed/);
		await coldReference();
		expectSameOutput();
	}, 120_000);

	// Astro syncs its content collections only when a site has .mdx reports (astroProcess.ts):
	// the first one must still be rendered by MDX, and the build after the last one is gone too.
	test('an .mdx report added to a site that had none, then removed', async () => {
		const { file, text } = generateReport(7777);
		const mdx = file.replace(/\.md$/, '.mdx');
		const slug = mdx.split('/').at(-1)!.replace('.mdx', '');
		both((s) => s.write(mdx, `${text}\n图表数据共 {40 + 2} 项。\n`));
		await build(site);
		expect(readFileSync(join(site.dist, `reports/${slug}/index.html`), 'utf8')).toContain(
			'图表数据共 42 项。'
		);
		await coldReference();
		expectSameOutput();

		both((s) => s.remove(mdx));
		const stdout = await build(site);
		expect(stdout).toMatch(/[1-9]\d* removed/);
		await coldReference();
		expectSameOutput();
	}, 180_000);

	test('adding standing pages: one in the header menu, one in the footer, one translated', async () => {
		both((s) => {
			s.write(
				'content/pages/zh/intro.md',
				'---\ntitle: 协会简介\nnav: header\norder: 0\n---\n协会成立于1993年。见[章程](/about/charter/)。\n'
			);
			s.write(
				'content/pages/en/intro.md',
				'---\ntitle: About us\nnav: header\norder: 0\n---\nFounded in 1993.\n'
			);
			s.write(
				'content/pages/zh/charter.md',
				'---\ntitle: 协会章程\nnav: footer\norder: 20\n---\n## 第一章　总则\n\n第一条　本会名称……\n'
			);
		});
		await build(site);
		await coldReference();
		expectSameOutput();
		expect(readFileSync(join(site.dist, 'index.html'), 'utf8')).toContain('href="/about/intro/"');
	}, 120_000);

	test('editing a page’s text renders that page alone', async () => {
		both((s) => {
			const file = join(s.root, 'content/pages/zh/charter.md');
			writeFileSync(file, readFileSync(file, 'utf8') + '\n第二条　本会是非营利性社会组织。\n');
		});
		const stdout = await build(site);
		expect(rendered(stdout)).toBe(1);
		expect(readFileSync(join(site.dist, 'about/charter/index.html'), 'utf8')).toContain('第二条');
		await coldReference();
		expectSameOutput();
	}, 120_000);

	test('moving a page from the footer to the header menu changes every page of its language', async () => {
		both((s) => {
			const file = join(s.root, 'content/pages/zh/charter.md');
			writeFileSync(file, readFileSync(file, 'utf8').replace('nav: footer', 'nav: header'));
		});
		await build(site);
		await coldReference();
		expectSameOutput();
		const home = readFileSync(join(site.dist, 'index.html'), 'utf8');
		expect(/<nav class="main-nav"[\s\S]*?<\/nav>/.exec(home)?.[0]).toContain('/about/charter/');
	}, 120_000);

	test('renaming a category', async () => {
		both((s) => {
			const file = join(s.root, 'content/categories.yml');
			writeFileSync(file, readFileSync(file, 'utf8').replace('zh: 协会动态', 'zh: 协会新闻'));
		});
		await build(site);
		await coldReference();
		expectSameOutput();
		expect(readFileSync(join(site.dist, 'index.html'), 'utf8')).toContain('协会新闻');
	}, 120_000);
});

describe('two Astro processes', () => {
	// One Astro start for both: the second waits for the first's saved bundle (runAstro.ts).
	const two = { HUIBAO_PROCESSES: '2', HUIBAO_PAGES_PER_PROCESS: '100' };

	test('a full build in two processes equals one in one process; the second renders with the first’s bundle', async () => {
		const cold = await site.run('build', ['--clean'], two);
		expect(cold.code, cold.stderr + cold.stdout).toBe(0);
		expect(cold.stdout).toContain(`in 2 Astro processes (1 ${SAVED_BUNDLE})`);
		await coldReference();
		expectSameOutput();
		// A change that renders every page of a language: both render with saved bundles.
		both((s) => {
			const file = join(s.root, 'content/categories.yml');
			writeFileSync(file, readFileSync(file, 'utf8').replace('zh: 协会新闻', 'zh: 协会动态'));
		});
		const edit = await site.run('build', [], two);
		expect(edit.code, edit.stderr + edit.stdout).toBe(0);
		expect(edit.stdout).toContain(`in 2 Astro processes (${SAVED_BUNDLE})`);
		await coldReference();
		expectSameOutput();
	}, 240_000);
});

describe('a damaged cache or output never produces a wrong site', () => {
	test('a corrupt manifest, content index and pack, and a page edited in dist/ are all detected', async () => {
		const cache = site.cacheDir;
		writeFileSync(join(cache, 'content.json'), '{"version": 2, "files": {');
		const pack = readdirSync(join(cache, 'html')).find((f) => f.endsWith('.pack'))!;
		truncateSync(join(cache, 'html', pack), 1000);
		appendFileSync(join(site.dist, 'reports/report-00010/index.html'), '<!-- tampered -->');
		await build(site);
		expectSameOutput();
		writeFileSync(join(cache, 'build-manifest.json'), 'not json');
		const stdout = await build(site);
		expect(stdout).toContain('building all');
		expectSameOutput();
	}, 180_000);

	test('a saved bundle that was changed is not run: Astro renders and saves it again', async () => {
		const prerender = join(site.cacheDir, 'astro/bundle-0/files/.prerender');
		const entry = readdirSync(prerender).find((f) => f.startsWith('prerender-entry'))!;
		const marker = join(site.root, 'tampered');
		appendFileSync(
			join(prerender, entry),
			`\n(await import('node:fs')).writeFileSync(${JSON.stringify(marker)}, 'ran');\n`
		);
		both((s) => s.write(generateReport(9997).file, generateReport(9997).text));
		const stdout = await build(site);
		expect(stdout).not.toContain(SAVED_BUNDLE);
		expect(existsSync(marker)).toBe(false);
		await coldReference();
		expectSameOutput();
		// The Astro run saved a good bundle, which the next build uses.
		both((s) => s.remove(generateReport(9997).file));
		expect(await build(site)).toContain(SAVED_BUNDLE);
		await coldReference();
		expectSameOutput();
	}, 180_000);

	test('a page deleted from dist/ is rendered again', async () => {
		site.remove('dist/tags/index.html');
		const stdout = await build(site);
		expect(rendered(stdout)).toBe(1);
		expectSameOutput();
	}, 120_000);
});

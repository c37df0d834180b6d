/**
 * A content file is data, never code: gray-matter evaluates front matter that opens with `---js`
 * or `---javascript` unless told otherwise, and check, build, the Astro processes and the dev
 * server all read content.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync, cpSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { validateSite } from '../../src/lib/build/validateSite.ts';
import { formatProblem } from '../../src/lib/content/problem.ts';
import { parseReport } from '../../src/lib/content/parseReport.ts';

const roots: string[] = [];
afterAll(() => roots.forEach((r) => rmSync(r, { recursive: true, force: true })));

const g = globalThis as { __huibaoRan?: string[] };
const payload = (tag: string) =>
	`{ title: (globalThis.__huibaoRan = [...(globalThis.__huibaoRan ?? []), '${tag}'], '标题'), date: '2024-03-15', category: 'news' }`;

describe('front matter is YAML, never code', () => {
	for (const opener of [
		'---js',
		'---javascript',
		'--- js',
		'---JavaScript',
		'---coffee',
		'---json',
	]) {
		test(`"${opener}" is refused without running anything`, () => {
			g.__huibaoRan = [];
			const source = `${opener}\n${payload(opener)}\n---\n正文。\n`;
			const { report, problems } = parseReport(
				'content/reports/zh/a.md',
				source,
				{ lang: 'zh', slug: 'a', kind: 'md' } as never,
				'Asia/Shanghai'
			);
			expect(report).toBeUndefined();
			expect(problems.map((p) => `${p.field}: ${p.message}`)).toEqual([
				expect.stringMatching(/^front matter: "---.+" is not allowed: front matter is YAML data/),
			]);
			expect(g.__huibaoRan).toEqual([]);
		});
	}

	test('npm run check reports the file and runs none of it', async () => {
		g.__huibaoRan = [];
		const root = mkdtempSync(join(tmpdir(), 'huibao-js-'));
		roots.push(root);
		for (const f of ['content/categories.yml', 'content/settings.yml']) {
			mkdirSync(dirname(join(root, f)), { recursive: true });
			cpSync(f, join(root, f));
		}
		const file = join(root, 'content/reports/2024/zh/code.md');
		mkdirSync(dirname(file), { recursive: true });
		writeFileSync(file, `---js\n${payload('check')}\n---\n正文。\n`);
		const { problems } = await validateSite({ root, cacheDir: join(root, '.cache') });
		expect(problems.map(formatProblem)).toEqual([
			'content/reports/2024/zh/code.md: front matter: "---js" is not allowed: front matter is YAML data, opened by a line of exactly ---',
		]);
		expect(g.__huibaoRan).toEqual([]);
	});
});

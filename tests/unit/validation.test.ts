import { afterAll, describe, expect, test } from 'vitest';
import { execFileSync } from 'node:child_process';
import {
	cpSync,
	mkdirSync,
	mkdtempSync,
	readdirSync,
	readFileSync,
	rmSync,
	writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { loadContent } from '../../src/lib/content/loadContent.ts';
import { formatProblem } from '../../src/lib/content/problem.ts';
import { validateSite } from '../../src/lib/build/validateSite.ts';
import { ContentCache, contentCacheKey } from '../../src/lib/content/contentCache.ts';

const roots: string[] = [];
afterAll(() => roots.forEach((r) => rmSync(r, { recursive: true, force: true })));

function project(files: Record<string, string>): string {
	const root = mkdtempSync(join(tmpdir(), 'huibao-validate-'));
	roots.push(root);
	cpSync('content/categories.yml', join(root, 'content/categories.yml'));
	cpSync('content/settings.yml', join(root, 'content/settings.yml'));
	mkdirSync(join(root, 'public/uploads'), { recursive: true });
	for (const [path, text] of Object.entries(files)) {
		mkdirSync(dirname(join(root, path)), { recursive: true });
		writeFileSync(join(root, path), text);
	}
	return root;
}

const ok = (extra = '', body = '正文。') =>
	`---\ntitle: 标题\ndate: 2024-03-15\ncategory: news\n${extra}---\n${body}\n`;

async function problemsOf(files: Record<string, string>): Promise<string[]> {
	const root = project(files);
	const { problems } = await validateSite({ root, cacheDir: join(root, '.cache') });
	return problems.map(formatProblem).sort();
}

describe('validation reports every problem as file: field: message', () => {
	test('a clean project has no problems', async () => {
		expect(
			await problemsOf({
				'content/reports/2024/zh/a.md': ok(),
				'content/reports/2024/en/a.md': ok(),
			})
		).toEqual([]);
	});

	test('all problems of all files at once', async () => {
		const problems = await problemsOf({
			'content/reports/2024/zh/bad-yaml.md': '---\ntitle: [unclosed\ndate: 2024-01-01\n---\n正文',
			'content/reports/2024/zh/no-front-matter.md': '只有正文。',
			'content/reports/2024/zh/bad-date.md': ok().replace('2024-03-15', '2024-02-30'),
			'content/reports/2024/zh/unknown-category.md': ok().replace('news', 'sports'),
			'content/reports/2024/zh/missing-title.md':
				'---\ndate: 2024-03-15\ncategory: news\n---\n正文',
			'content/reports/2024/zh/wrong-lang.md': ok('lang: en\n'),
			'content/reports/2024/en/orphan.md': ok(),
			'content/reports/2024/zh/dup.md': ok(),
			'content/reports/2024/zh/dup.mdx': ok(),
			'content/reports/2024/zh/broken-link.md': ok(
				'',
				'见[旧文](/reports/does-not-exist/)和[栏目](/category/nope/)。'
			),
			'content/reports/2024/zh/missing-files.md': ok(
				'cover: /uploads/none.png\nattachments:\n  - title: 表格\n    file: /uploads/none.xlsx\n',
				'![图](/uploads/gone.png)'
			),
			'content/reports/2024/zh/Bad Name.md': ok(),
		});
		const expected = [
			'content/reports/2024/zh/bad-yaml.md: front matter: YAML error at line',
			'content/reports/2024/zh/no-front-matter.md: front matter: missing',
			'content/reports/2024/zh/bad-date.md: date: must be a real date written YYYY-MM-DD, got "2024-02-30"',
			'content/reports/2024/zh/unknown-category.md: category: unknown category "sports" (known: notices, news,',
			'content/reports/2024/zh/missing-title.md: title: is required',
			'content/reports/2024/zh/wrong-lang.md: lang: says "en" but the file is in the zh/ folder',
			'content/reports/2024/en/orphan.md: file name: translation without an original',
			'content/reports/2024/zh/dup.mdx: file name: duplicate slug "dup" in zh/',
			'content/reports/2024/zh/broken-link.md: body: broken link: /reports/does-not-exist/',
			'content/reports/2024/zh/broken-link.md: body: broken link: /category/nope/ (no such page on the site)',
			'content/reports/2024/zh/missing-files.md: cover: file not found: public/uploads/none.png',
			'content/reports/2024/zh/missing-files.md: attachments.0.file: file not found: public/uploads/none.xlsx',
			'content/reports/2024/zh/missing-files.md: body: image not found: /uploads/gone.png',
			'content/reports/2024/zh/Bad Name.md: file name: "Bad Name" is not a valid slug',
		];
		for (const line of expected)
			expect(
				problems.some((p) => p.startsWith(line)),
				`${line}\n in:\n${problems.join('\n')}`
			).toBe(true);
		expect(problems.some((p) => p.includes('Error:') || p.includes('    at '))).toBe(false);
	});

	test('a published report may not link to a draft', async () => {
		const problems = await problemsOf({
			'content/reports/2024/zh/draft.md': ok('draft: true\n'),
			'content/reports/2024/zh/linker.md': ok('', '[草稿](/reports/draft/)'),
		});
		expect(problems).toEqual([
			expect.stringContaining(
				'content/reports/2024/zh/linker.md: body: broken link: /reports/draft/ (no published report'
			),
		]);
	});

	test('broken data files are reported by file and field', async () => {
		const root = project({ 'content/reports/2024/zh/a.md': ok() });
		writeFileSync(join(root, 'content/settings.yml'), 'name:\n  zh: 协会\nurl: not-a-url\n');
		writeFileSync(
			join(root, 'content/categories.yml'),
			'categories:\n  - slug: news\n    name: { zh: 动态, en: News }\n    order: 1\n  - slug: news\n    name: { zh: 重复, en: Dup }\n    order: 2\n'
		);
		const { problems } = await loadContent({
			root,
			includeDrafts: false,
			cacheDir: join(root, '.cache'),
		});
		const lines = problems.map(formatProblem);
		expect(lines).toContain(
			'content/settings.yml: url: must be the site address, like https://www.example.org.cn'
		);
		expect(lines).toContain('content/settings.yml: name.en: is required');
		expect(lines).toContain('content/categories.yml: categories: slug "news" is used twice');
	});

	test('data files in the old layout (name, name_en) are told how to write each value per language', async () => {
		const root = project({ 'content/reports/2024/zh/a.md': ok() });
		writeFileSync(
			join(root, 'content/categories.yml'),
			'categories:\n  - slug: news\n    name: 动态\n    name_en: News\n    order: 1\n'
		);
		const { problems } = await loadContent({
			root,
			includeDrafts: false,
			cacheDir: join(root, '.cache'),
		});
		expect(problems.map(formatProblem)).toEqual([
			'content/categories.yml: categories.0.name: give one value per language: name: { zh: …, en: … }',
			'content/categories.yml: categories.0.name_en: old layout: write it under name, as en: name: { zh: …, en: … }',
		]);
	});
});

describe('the content cache', () => {
	test('a second load reads nothing and gives the same reports; an edit is seen', async () => {
		const root = project({
			'content/reports/2024/zh/a.md': ok(),
			'content/reports/2024/zh/b.md': ok('', '第二篇。'),
		});
		const cacheDir = join(root, '.cache');
		const first = await loadContent({ root, includeDrafts: false, cacheDir });
		expect(first.rendered).toBe(2);
		const second = await loadContent({ root, includeDrafts: false, cacheDir });
		expect(second.rendered).toBe(0);
		expect(second.content!.reports).toEqual(first.content!.reports);
		writeFileSync(join(root, 'content/reports/2024/zh/b.md'), ok('summary: 新摘要\n', '改过了。'));
		const third = await loadContent({ root, includeDrafts: false, cacheDir });
		expect(third.rendered).toBe(1);
		expect(third.content!.reports.find((r) => r.slug === 'b')!.data.summary).toBe('新摘要');
	});

	test('a corrupt cache is ignored, not trusted', async () => {
		const root = project({ 'content/reports/2024/zh/a.md': ok('', '原文。') });
		const cacheDir = join(root, '.cache');
		await loadContent({ root, includeDrafts: false, cacheDir });
		writeFileSync(join(cacheDir, 'content.json'), '{"version":2,"files":');
		const again = await loadContent({ root, includeDrafts: false, cacheDir });
		expect(again.rendered).toBe(1);
		expect(again.cache.readHtml(again.content!.reports[0]!.digest)).toContain('原文');
	});
});

describe('a Windows checkout (issue #12, item 6)', () => {
	/** The shipped content and uploads, with every content file rewritten by `convert`. */
	async function shippedContent(convert: (text: string) => string) {
		const root = mkdtempSync(join(tmpdir(), 'huibao-eol-'));
		roots.push(root);
		cpSync('content', join(root, 'content'), { recursive: true });
		cpSync('public', join(root, 'public'), { recursive: true });
		for (const name of readdirSync(join(root, 'content'), { recursive: true }) as string[]) {
			if (!/\.(md|yml)$/.test(name)) continue;
			const path = join(root, 'content', name);
			writeFileSync(path, convert(readFileSync(path, 'utf8')));
		}
		const cacheDir = join(root, '.cache');
		const { problems, content } = await validateSite({ root, cacheDir, workers: 0 });
		const cache = ContentCache.open(cacheDir, contentCacheKey(root, 'Asia/Shanghai'));
		const reports = (content?.reports ?? []).map((r) => ({
			file: r.file,
			data: r.data,
			links: r.links,
			html: cache.readHtml(r.digest),
		}));
		return {
			problems: problems.map(formatProblem),
			reports,
			settings: content?.settings,
			categories: content?.categories,
		};
	}

	test('CRLF, CRLF with a byte-order mark and CR-only content validate and render exactly like LF', async () => {
		const lf = await shippedContent((t) => t);
		expect(lf.problems).toEqual([]);
		expect(lf.reports.length).toBeGreaterThanOrEqual(17);
		for (const convert of [
			(t: string) => t.replace(/\n/g, '\r\n'),
			(t: string) => `\uFEFF${t.replace(/\n/g, '\r\n')}`,
			(t: string) => t.replace(/\n/g, '\r'),
		]) {
			const other = await shippedContent(convert);
			expect(other.problems).toEqual([]);
			expect(other).toEqual(lf);
		}
	});

	test('.gitattributes keeps text LF in a checkout that would write CRLF, and binaries untouched', () => {
		const repo = mkdtempSync(join(tmpdir(), 'huibao-git-'));
		roots.push(repo);
		const git = (cwd: string, ...args: string[]) =>
			execFileSync(
				'git',
				[
					'-c',
					'user.name=t',
					'-c',
					'user.email=t@example.org',
					'-c',
					'init.defaultBranch=main',
					...args,
				],
				{ cwd, stdio: 'pipe' }
			);
		const origin = join(repo, 'origin');
		mkdirSync(origin);
		cpSync('.gitattributes', join(origin, '.gitattributes'));
		cpSync('content', join(origin, 'content'), { recursive: true });
		cpSync('src/content/schema.ts', join(origin, 'schema.ts'));
		cpSync('public/uploads/2024/pipeline-survey-chart.png', join(origin, 'chart.png'));
		// A binary that happens to contain CR LF bytes must come back byte for byte.
		writeFileSync(
			join(origin, 'data.xlsx'),
			Buffer.from([0x50, 0x4b, 0x0d, 0x0a, 0x00, 0x0a, 0x0d])
		);
		git(origin, 'init', '-q');
		git(origin, 'add', '.');
		git(origin, 'commit', '-qm', 'content');
		// core.autocrlf=true is what Git for Windows sets by default.
		git(
			repo,
			'-c',
			'core.autocrlf=true',
			'clone',
			'-q',
			'--config',
			'core.autocrlf=true',
			origin,
			'windows'
		);
		const checkout = join(repo, 'windows');
		for (const name of [
			'content/reports/2024/zh/2024-03-15-annual-work-report-2023.md',
			'content/settings.yml',
			'schema.ts',
		]) {
			expect(readFileSync(join(checkout, name), 'utf8'), name).not.toContain('\r');
		}
		for (const name of ['chart.png', 'data.xlsx'])
			expect(
				readFileSync(join(checkout, name)).equals(readFileSync(join(origin, name))),
				name
			).toBe(true);
	});
});

describe('bad values that used to pass check (issue #12, item 8)', () => {
	test('control characters in any text field, named by field and position', async () => {
		expect(
			await problemsOf({
				'content/reports/2024/zh/nul-title.md': ok().replace('title: 标题', 'title: "标\\0题"'),
				'content/reports/2024/zh/nel.md': ok('tags:\n  - "甲\\N"\n'),
				'content/reports/2024/zh/esc.md': ok('', '第一段。\n\n\u001B[31m红字'),
			})
		).toEqual([
			'content/reports/2024/zh/esc.md: body: contains a control character (U+001B) at line 8, column 1; remove it',
			'content/reports/2024/zh/nel.md: tags.0: contains a control character (U+0085) at character 2; remove it',
			'content/reports/2024/zh/nul-title.md: title: contains a control character (U+0000) at character 2; remove it',
		]);
	});

	test('a javascript: social link, an unknown time zone: file: field: problem, no stack trace', async () => {
		const root = project({
			'content/reports/2024/zh/a.md': ok().replace('2024-03-15', '2024-03-15T10:00:00Z'),
		});
		writeFileSync(
			join(root, 'content/settings.yml'),
			'name: { zh: 协会, en: A }\ndescription: { zh: 简介, en: D }\nurl: https://a.org.cn\ntimezone: Asia/Shangai\nsocial:\n  - name: { zh: 微信, en: WeChat }\n    url: javascript:alert(document.cookie)\n'
		);
		const { problems } = await validateSite({ root, cacheDir: join(root, '.cache') });
		expect(problems.map(formatProblem).sort()).toEqual([
			'content/settings.yml: social.0.url: must be a web address (https://…), or a mailto: or tel: link',
			'content/settings.yml: timezone: unknown time zone "Asia/Shangai": use a name like Asia/Shanghai',
		]);
	});

	test('a malformed % escape in a link or a cover is a problem, not a URIError', async () => {
		expect(
			await problemsOf({
				'content/reports/2024/zh/link.md': ok(
					'',
					'[旧文](/reports/%E4%B8/) 和 ![图](/uploads/%E4.png)'
				),
				'content/reports/2024/zh/cover.md': ok('cover: /uploads/%zz.png\n'),
			})
		).toEqual([
			'content/reports/2024/zh/cover.md: cover: malformed % escape: a path under public/, like "/uploads/2024/file.pdf"',
			'content/reports/2024/zh/link.md: body: broken link: /reports/%E4%B8/ (malformed % escape)',
			'content/reports/2024/zh/link.md: body: broken link: /uploads/%E4.png (malformed % escape)',
		]);
	});

	test('invalid UTF-8 and GBK files are refused with the byte, not read as replacement characters', async () => {
		const root = project({});
		mkdirSync(join(root, 'content/reports/2024/zh'), { recursive: true });
		// 标题 in GBK is B1 EA CC E2.
		writeFileSync(
			join(root, 'content/reports/2024/zh/gbk.md'),
			Buffer.concat([
				Buffer.from('---\ntitle: '),
				Buffer.from([0xb1, 0xea, 0xcc, 0xe2]),
				Buffer.from('\ndate: 2024-03-15\ncategory: news\n---\n'),
			])
		);
		writeFileSync(
			join(root, 'content/reports/2024/zh/bad.md'),
			Buffer.concat([Buffer.from(ok()), Buffer.from([0xc3, 0x28])])
		);
		const { problems } = await validateSite({ root, cacheDir: join(root, '.cache') });
		expect(problems.map(formatProblem).sort()).toEqual([
			`content/reports/2024/zh/bad.md: encoding: not valid UTF-8 (byte 0xC3 at offset ${Buffer.byteLength(ok())}); save the file as UTF-8`,
			'content/reports/2024/zh/gbk.md: encoding: not valid UTF-8 (byte 0xB1 at offset 11); save the file as UTF-8',
		]);
	});

	test('raw <style>, <script>, <textarea>, <title>, <xmp>, <noscript> or an unclosed <!-- is refused, naming the line', async () => {
		const files: Record<string, string> = {};
		for (const tag of ['style', 'script', 'textarea', 'title', 'xmp', 'noscript'])
			files[`content/reports/2024/zh/${tag}.md`] = ok(
				'',
				`第一段。\n\n<${tag}>\n\n第二段不能消失。`
			);
		files['content/reports/2024/zh/comment.md'] = ok(
			'',
			'第一段。\n\n<!-- 注释\n\n第二段不能消失。'
		);
		const problems = await problemsOf(files);
		expect(problems).toEqual([
			'content/reports/2024/zh/comment.md: body: line 8: a comment "<!--" is not closed with "-->": everything after it would vanish from the page; close it or remove it',
			...['noscript', 'script', 'style', 'textarea', 'title', 'xmp'].map(
				(tag) =>
					`content/reports/2024/zh/${tag}.md: body: line 8: <${tag}> is not allowed in a report: the page would not show what follows it as written; remove it, or put it in backticks to show it as text`
			),
		]);
	});
});

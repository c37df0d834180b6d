/**
 * A representative subset of the content fuzz cases (contentFuzz.test.ts), built into a real
 * site with the real build script and read back: the feeds and sitemaps must be XML a real
 * parser (Chromium's) accepts, no page may carry a `javascript:` URL, a Windows checkout must
 * build the same pages as a Linux one, and refused content must stop the build with
 * `file: field: problem` lines and leave the last good dist/ as it was.
 */
import { lstatSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getRssString } from '@astrojs/rss';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { feedOptions } from '../../src/lib/site/feed.ts';
import type { PageOf } from '../../src/lib/site/siteModel.ts';
import { launchBrowser, type Browser } from '../helpers/browser.ts';
import { listDist, readPage } from '../helpers/crawl.ts';
import { report } from '../helpers/contentProject.ts';
import { createFixtureSite, type FixtureSite } from '../helpers/fixtureSite.ts';
import { unsafeUrls } from '../helpers/safeHtml.ts';

const R = 'content/reports/2024/zh';
const SECRET = 'OUTSIDE-SECRET-b41c';
const crlf = (text: string) => text.replace(/\n/g, '\r\n');
const body =
	'# 一、目标\n\n第一段，含[链接](/reports/2024-03-15-lf/)。\n\n- 甲\n- 乙\n\n| 表 | 头 |\n|---|---|\n| 1 | 2 |\n';

/** Content that is accepted: each must build, and build safely. */
const ACCEPTED: Record<string, string | Uint8Array> = {
	[`${R}/2024-03-15-lf.md`]: report('tags:\n  - 甲\n', body, '换行检查'),
	[`${R}/2024-03-16-crlf.md`]: `\uFEFF${crlf(report('tags:\n  - 甲\n', body, '换行检查'))}`,
	[`${R}/2024-03-17-cr.md`]: report('tags:\n  - 甲\n', body, '换行检查').replace(/\n/g, '\r'),
	[`${R}/2024-03-18-separators.md`]: report(
		'',
		'甲\u2028乙 \u202Bשלום\u202C 丙 \u200B零宽。',
		'分隔符'
	),
	[`${R}/2024-03-19-links.md`]: report(
		'',
		[
			// (An autolink <javascript:…> keeps its text, as written, and loses its href: the fuzz suite has it.)
			'[a](javascript:alert(1)) [b](JaVaScRiPt:alert(2)) [c](jav&#x61;script:alert(3)) [e](<javascript:alert(6)>)',
			'<a href="java&#x09;script:alert(7)">h</a> <img src="javascript:alert(9)"> <img src=x onerror=alert(10)>',
			'[k]: javascript:alert(13)\n\n[引用][k] [g](data:text/html;base64,PHNjcmlwdD4=)',
		].join('\n\n'),
		'链接注入'
	),
	[`${R}/2024-03-20-yaml.md`]:
		'---\ntitle: &t 锚点与别名\ndate: 2024-03-20T23:30:00-08:00\ncategory: news\nsummary: *t\ntags: [&x 甲, *x]\n---\n<!-- 编辑备注 -->\n正文 `<style>` 与 `<!--`。\n',
	[`${R}/2024-03-21-xml.md`]: report(
		'summary: "<b>粗</b> & ]]> \'引号\' \\"双引号\\""\n',
		'正文。',
		'<title>XML</title> & ]]> 特殊字符'
	),
};

let site: FixtureSite;
let browser: Browser;
const outside = mkdtempSync(join(tmpdir(), 'huibao-outside-'));

/** Whether Chromium's XML parser reads `xml` without an error. */
async function xmlError(xml: string): Promise<string | null> {
	const page = await browser.context.newPage();
	try {
		return await page.evaluate((text) => {
			const doc = new DOMParser().parseFromString(text, 'application/xml');
			return doc.querySelector('parsererror')?.textContent ?? null;
		}, xml);
	} finally {
		await page.close();
	}
}

beforeAll(async () => {
	writeFileSync(join(outside, 'secret.md'), report('', SECRET, SECRET));
	site = createFixtureSite({ sampleContent: false, files: ACCEPTED });
	const [built, launched] = await Promise.all([site.run('build'), launchBrowser()]);
	browser = launched;
	expect(built.code, built.stderr + built.stdout).toBe(0);
}, 240_000);

afterAll(async () => {
	await browser?.close();
	site?.cleanup();
	rmSync(outside, { recursive: true, force: true });
});

describe('a site built from hostile but acceptable content', () => {
	test('every feed and sitemap is well-formed XML', async () => {
		const xmlFiles = listDist(site.dist).filter((f) => f.endsWith('.xml'));
		expect(xmlFiles).toEqual(
			expect.arrayContaining(['rss.xml', 'en/rss.xml', 'sitemap-index.xml', 'sitemap-0.xml'])
		);
		for (const f of xmlFiles)
			expect(await xmlError(readFileSync(join(site.dist, f), 'utf8')), f).toBeNull();
		const rss = readFileSync(join(site.dist, 'rss.xml'), 'utf8');
		expect(rss).toContain('<title>&lt;title&gt;XML&lt;/title&gt; &amp; ]]&gt; 特殊字符</title>');
	});

	test('no page carries a javascript: URL or any other script scheme', () => {
		const pages = listDist(site.dist).filter((f) => f.endsWith('.html') || f.endsWith('.xml'));
		expect(pages.length).toBeGreaterThan(10);
		for (const f of pages) {
			const text = readFileSync(join(site.dist, f), 'utf8');
			expect(text.toLowerCase(), f).not.toContain('javascript:');
			expect(unsafeUrls(text), f).toEqual([]);
			expect(text, f).not.toMatch(/onerror=|vbscript:|data:text\/html/i);
		}
		expect(readPage(site.dist, '/reports/2024-03-19-links/')).toContain('引用');
	});

	test('CRLF with a byte-order mark and CR-only files build the same page as LF', () => {
		const article = (slug: string) => {
			const html = readPage(site.dist, `/reports/${slug}/`);
			return html.slice(html.indexOf('<article'), html.indexOf('<footer class="report-footer"'));
		};
		const lf = article('2024-03-15-lf');
		expect(lf).toContain('<h1 id="一目标">一、目标</h1>');
		expect(lf).toContain('<table>');
		expect(article('2024-03-16-crlf')).toBe(lf);
		expect(article('2024-03-17-cr')).toBe(lf);
	});

	test('a date with a time and an offset is filed under the day it was in China', () => {
		expect(readPage(site.dist, '/reports/2024-03-20-yaml/')).toContain(
			'<time datetime="2024-03-21">'
		);
	});
});

describe('the feed stays well-formed even when a control character slips past validation', () => {
	test('NUL, ESC, U+FFFF and half a surrogate pair are dropped from rss.xml', async () => {
		const page = {
			kind: 'rss',
			lang: 'zh',
			url: '/rss.xml',
			alternates: {},
			props: {
				items: [
					{
						title: '标\u0000题\u001B',
						url: '/reports/a/',
						date: '2024-03-15',
						summary: '摘\uFFFF要\uD800',
						categoryName: '动\u0085态',
						category: 'news',
					},
				],
			},
		} as unknown as PageOf<'rss'>;
		const settings = {
			name: { zh: '协\u0007会', en: 'A' },
			description: { zh: '简\u0000介', en: 'D' },
			url: 'https://www.example.org.cn',
			timezone: 'Asia/Shanghai',
		};
		const xml = await getRssString(feedOptions(page, settings as never));
		expect(await xmlError(xml)).toBeNull();
		expect(xml).toContain('<title>标题</title>');
		expect(xml).toContain('<description>摘要</description>');
		expect(xml).toContain('<category>动态</category>');
	});
});

describe('refused content stops the build and npm run check, and leaves dist/ as it was', () => {
	test('a NUL in a title, links to a file outside (a report, an upload), a stray <style>, an unknown time zone', async () => {
		const before = listDist(site.dist).map((f) => [f, readFileSync(join(site.dist, f)).length]);
		site.write(`${R}/2024-04-01-nul.md`, report('', '正文。', '"标\\0题"'));
		symlinkSync(join(outside, 'secret.md'), join(site.root, R, '2024-04-02-leak.md'));
		symlinkSync(join(outside, 'secret.md'), join(site.root, 'public/leak.txt'));
		site.write(`${R}/2024-04-03-style.md`, report('', '前文。\n\n<style>\n\n后文。'));
		const settings = readFileSync(join(site.root, 'content/settings.yml'), 'utf8');
		expect(settings).toMatch(/^timezone: Asia\/Shanghai$/m);
		site.write(
			'content/settings.yml',
			settings.replace(/^timezone: .*$/m, 'timezone: Mars/Olympus')
		);
		const expected = [
			`  ${R}/2024-04-01-nul.md: title: contains a control character (U+0000) at character 2; remove it`,
			`  ${R}/2024-04-02-leak.md: file: is a symbolic link (to ${join(outside, 'secret.md')}): content must be ordinary files and folders inside the project, so it is not read`,
			`  ${R}/2024-04-03-style.md: body: line 8: <style> is not allowed in a report: the page would not show what follows it as written; remove it, or put it in backticks to show it as text`,
			'  content/settings.yml: timezone: unknown time zone "Mars/Olympus": use a name like Asia/Shanghai',
			`  public/leak.txt: file: is a symbolic link (to ${join(outside, 'secret.md')}): content must be ordinary files and folders inside the project, so it is not read`,
		];

		for (const script of ['build', 'check']) {
			const run = await site.run(script);
			expect(run.code, script).toBe(1);
			const lines = run.stderr.split('\n').filter((l) => /^ {2}(content|public)\//.test(l));
			expect(lines.sort(), `${script}:\n${run.stderr}`).toEqual([...expected].sort());
			expect(run.stderr + run.stdout).not.toMatch(/\n\s+at |RangeError|TypeError|URIError/);
			expect(run.stderr + run.stdout).not.toContain(SECRET);
		}
		expect(listDist(site.dist).map((f) => [f, readFileSync(join(site.dist, f)).length])).toEqual(
			before
		);
		for (const f of listDist(site.dist))
			expect(readFileSync(join(site.dist, f), 'utf8').includes(SECRET), f).toBe(false);
		expect(lstatSync(join(site.root, R, '2024-04-02-leak.md')).isSymbolicLink()).toBe(true);
	});
});

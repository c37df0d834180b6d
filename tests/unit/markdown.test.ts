import { describe, expect, test } from 'vitest';
import { markdownToHtml } from 'satteri';
import { satteriHeadingIdsPlugin } from '@astrojs/markdown-satteri';
import { renderBody } from '../../src/lib/markdown/renderBody.ts';
import { htmlToText } from '../../src/lib/markdown/htmlToText.ts';
import { deriveSummary, truncate } from '../../src/lib/markdown/deriveSummary.ts';
import { generateReport } from '../../src/bench/generateReports.ts';

describe('renderBody', () => {
	test('renders what Astro renders for the same Markdown (heading ids included)', async () => {
		for (let i = 0; i < 20; i++) {
			const body = generateReport(i).text.split('---\n').slice(2).join('---\n');
			const astro = await markdownToHtml(body, {
				hastPlugins: [satteriHeadingIdsPlugin()],
				features: { gfm: true, smartPunctuation: true },
			});
			expect((await renderBody(body)).html).toBe(astro.html);
		}
	});

	test('a body without raw HTML renders in one call exactly as through the tree walk', async () => {
		const tricky = [
			'[甲](/reports/a/) [乙](/reports/a/) [丙](/en/reports/b/?x=1&y=2#top "标题 \\"引号\\"")',
			'![图](/uploads/2024/a.png "说明") ![](/uploads/空 格.png) [外](https://e.org/a?b=1&c=2)',
			'www.example.org 与 https://example.org/路径 自动链接，邮件 someone@example.org',
			'[引用][r] 和 [脚注]^[x] 以及注释[^1]\n\n[r]: /reports/r/\n[^1]: 说明 [链](/reports/f/)',
			'[空]() [相对](reports/x) [上级](../x) [锚](#一总体要求) [网络路径](//evil.example/x)',
			'[脚本](javascript:alert(1)) 之后 [正常](/reports/ok/)',
			'[数据](data:text/html,x) ![图](vbscript:x)',
			'| 表 | 头 |\n|---|---|\n| [格](/reports/t/) | ![图](/uploads/t.png) |',
			'> 引用 [链](/reports/q/)\n\n- 列表 [链](/reports/l/)\n\n```\n[不是链接](/x)\n```',
		];
		const generated = Array.from({ length: 40 }, (_, i) =>
			generateReport(i).text.split('---\n').slice(2).join('---\n')
		);
		for (const md of [...tricky, ...generated]) {
			expect(await renderBody(md), md).toEqual(await renderBody(md, { walk: true }));
		}
	});

	test('Chinese headings get readable ids, repeated ones are numbered', async () => {
		const { html } = await renderBody('## 一、总体要求\n\n## 一、总体要求\n');
		expect(html).toContain('<h2 id="一总体要求">');
		expect(html).toContain('<h2 id="一总体要求-1">');
	});

	test('raw HTML cannot inject scripts, handlers or javascript: URLs', async () => {
		const md = [
			'正文<script>alert(1)</script>',
			'<img src="x" onerror="alert(2)">',
			'<a href="javascript:alert(3)">点我</a> [又一个](javascript:alert(4)) [实体](jav&#x61;script:alert(5))',
			'<iframe src="https://evil.example"></iframe><style>body{display:none}</style>',
			'<table><tr><td rowspan="2">合并</td><td>b</td></tr></table>',
		].join('\n\n');
		const { html, rawHtml } = await renderBody(md);
		expect(rawHtml).toBe(true);
		expect(html).not.toMatch(/<script|onerror|javascript:|<iframe|<style/i);
		expect(html).toContain('rowspan="2"');
		expect(html).toContain('点我');
	});

	test('plain Markdown links with unsafe schemes lose their href', async () => {
		const { html, rawHtml } = await renderBody(
			'[a](javascript:alert(1)) [b](JAVASCRIPT:x) [c](/reports/x/) [d](https://example.org)'
		);
		expect(rawHtml).toBe(false);
		expect(html).not.toMatch(/javascript/i);
		expect(html).toContain('href="/reports/x/"');
		expect(html).toContain('href="https://example.org"');
	});

	test('collects site links and images for the link checker', async () => {
		const { links, images } = await renderBody(
			'[x](/reports/a/) [y](/en/reports/b/#top) [z](https://e.org/) ![i](/uploads/2024/a.png)'
		);
		expect(links).toEqual(['/reports/a/', '/en/reports/b/#top']);
		expect(images).toEqual(['/uploads/2024/a.png']);
	});
});

describe('summaries and text', () => {
	test('the summary is the opening prose, cut at a sentence end', async () => {
		const { summary } = await renderBody(`## 标题\n\n${'协会召开理事会会议。'.repeat(30)}`);
		expect(summary.endsWith('。')).toBe(true);
		expect(Array.from(summary).length).toBeLessThanOrEqual(120);
		expect(summary).not.toContain('标题');
	});

	test('truncate adds an ellipsis when there is no sentence end to cut at', () => {
		expect(truncate('一二三四五六七八九十', 5)).toBe('一二三四五…');
	});

	test('htmlToText keeps the words and drops the markup', () => {
		expect(htmlToText('<h2 id="a">一、总体</h2><p>正文 &amp; <strong>说明</strong></p>')).toBe(
			'一、总体\n正文 & 说明'
		);
		expect(deriveSummary('<p>甲&lt;乙</p>')).toBe('甲<乙');
	});
});

/** The importer's parts on small, targeted inputs: encodings, line heuristics, Markdown, files. */
import iconv from 'iconv-lite';
import matter from 'gray-matter';
import { describe, expect, test } from 'vitest';
import { textToBlocks } from '../../src/importer/blocks.ts';
import { buildCategoryMap, resolveCategory } from '../../src/importer/categoryMap.ts';
import {
	isContactFooter,
	isSiteFooter,
	isToolLine,
	parseBreadcrumb,
} from '../../src/importer/chrome.ts';
import { decodePage } from '../../src/importer/decode.ts';
import { extractArticle, type Article } from '../../src/importer/extractArticle.ts';
import { htmlToBlocks } from '../../src/importer/htmlToBlocks.ts';
import { parseDate, parseMetaLine } from '../../src/importer/metaLine.ts';
import {
	newReportFile,
	reportSlug,
	updatedReportFile,
	validateReportFile,
} from '../../src/importer/reportFile.ts';
import { blocksToMarkdown } from '../../src/importer/toMarkdown.ts';
import { renderedText, renderHtml } from './helpers.ts';

const ARTICLE = '为贯彻落实协会工作部署，现将有关事项通知如下。';

describe('decodePage', () => {
	const text = `<html><body><p>${ARTICLE}</p></body></html>`;
	const gbk = (s: string) => iconv.encode(s, 'gbk');

	test.each([
		[
			'UTF-8 with BOM',
			Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)]),
			'utf-8',
			'BOM',
		],
		[
			'UTF-16LE with BOM',
			Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]),
			'utf-16le',
			'BOM',
		],
		[
			'GBK, meta charset=gb2312',
			gbk(`<meta http-equiv="Content-Type" content="text/html; charset=gb2312">${text}`),
			'gb18030',
			'meta tag',
		],
		['GBK, <meta charset="GBK">', gbk(`<meta charset="GBK">${text}`), 'gb18030', 'meta tag'],
		['GBK, nothing declared', gbk(text), 'gb18030', 'bytes: not UTF-8'],
		['UTF-8, nothing declared', Buffer.from(text), 'utf-8', 'bytes'],
		[
			'UTF-8 under a stale gb2312 declaration',
			Buffer.from(`<meta charset="gb2312">${text}`),
			'utf-8',
			'bytes: declared gb2312, but they are UTF-8',
		],
		[
			'GBK under a wrong utf-8 declaration',
			gbk(`<meta charset="utf-8">${text}`),
			'gb18030',
			'bytes: declared utf-8, but they are not UTF-8',
		],
	])('%s', (_name, bytes, encoding, basis) => {
		const decoded = decodePage(bytes, 'html');
		expect(decoded).toMatchObject({ encoding, basis });
		expect(decoded.text).toContain(ARTICLE);
		expect(decoded.text.startsWith('\ufeff')).toBe(false);
	});

	test('a declared GBK page is believed when its few characters happen to be valid UTF-8 (联通)', () => {
		const decoded = decodePage(gbk('<meta charset="gbk"><p>联通</p>'), 'html');
		expect(decoded.text).toContain('联通');
	});

	test('characters outside GBK survive as GB18030', () => {
		const bytes = iconv.encode(`<p>𠮷与${ARTICLE}</p>`, 'gb18030');
		expect(decodePage(bytes, 'text').text).toContain('𠮷与');
	});
});

describe('meta line', () => {
	test.each([
		['发布时间：2022-12-07  来源：协会秘书处  点击率：123', '2022-12-07', '协会秘书处'],
		['发布时间:2022-12-07 来源: 点击率:', '2022-12-07', undefined],
		['发布日期：2022年12月7日　　来源：　　浏览次数：56', '2022-12-07', undefined],
		['日期：2022/12/7 作者：王明', '2022-12-07', '王明'],
		[
			'【发布时间：2022-12-07 10:30:15】【来源：省住建厅】【字体：大 中 小】',
			'2022-12-07',
			'省住建厅',
		],
		['时间：２０２２年１２月７日', '2022-12-07', undefined],
		['来源：协会秘书处 作者：王明 发布时间：2022.12.07', '2022-12-07', '协会秘书处'],
	])('%s', (line, date, source) => {
		const meta = parseMetaLine(line);
		expect(meta?.date).toBe(date);
		expect(meta?.source).toBe(source);
	});

	test.each([
		'会议时间：2022年12月10日上午9:00',
		'时间：2023年1月10日上午9:00至12:00',
		'一、时间：2023年1月10日',
		'联系人：张三 电话：027-87654321',
		'为深入学习宣传贯彻党的二十大精神，时间：12月5日。',
	])('not a meta line: %s', (line) => {
		expect(parseMetaLine(line)).toBeUndefined();
	});

	test('an unusable date is reported as written', () => {
		const meta = parseMetaLine('发布时间：2022-02-30 来源：协会');
		expect(meta).toMatchObject({ hasDateLabel: true, dateText: '2022-02-30' });
		expect(meta?.date).toBeUndefined();
	});

	test.each([
		['2022-12-07', '2022-12-07'],
		['2022/12/7', '2022-12-07'],
		['2022年12月7日', '2022-12-07'],
		['2022 年 1 月 5 日', '2022-01-05'],
		['2022.1.5 08:00', '2022-01-05'],
		['2022-13-01', undefined],
		['二〇二二年十二月七日', undefined],
	])('parseDate(%s)', (value, expected) => {
		expect(parseDate(value)).toBe(expected);
	});
});

describe('breadcrumb', () => {
	test.each([
		['您现在的位置：首页-通知公告-协会动态', ['通知公告', '协会动态']],
		['您现在的位置:首页 > 新闻动态 > 协会动态', ['新闻动态', '协会动态']],
		['当前位置: 首页 » 标准规范 » 团体标准', ['标准规范', '团体标准']],
		['您的位置:首页 › 党建工作', ['党建工作']],
		['当前位置：网站首页 >> 教育培训 >> 培训通知', ['教育培训', '培训通知']],
		['■ 当前位置：首页＞行业发展＞正文', ['行业发展', '正文']],
		['首页 > 会员服务 > 会员风采', ['会员服务', '会员风采']],
	])('%s', (line, segments) => {
		expect(parseBreadcrumb([line], false)?.segments).toEqual(segments);
	});

	test('a navigation bar is not a breadcrumb', () => {
		expect(parseBreadcrumb(['首页 | 协会概况 | 通知公告 | 协会动态'], false)).toBeUndefined();
		expect(parseBreadcrumb(['首页 > 协会动态'], true)).toBeUndefined();
	});

	test('a trailing separator does not swallow the title below it', () => {
		const crumb = parseBreadcrumb(
			['当前位置: 主页 > 协会动态 >', '协会召开理事会', '时间:2022-12-07'],
			true
		);
		expect(crumb).toEqual({ segments: ['协会动态'], span: 1 });
		const listed = parseBreadcrumb(
			['当前位置：', '首页 >', '通知公告 >', '协会动态', '标题'],
			true
		);
		expect(listed).toEqual({ segments: ['通知公告', '协会动态'], span: 4 });
	});

	test('a trail laid out one crumb per line is joined', () => {
		const crumb = parseBreadcrumb(
			['当前位置：', '首页', '>', '通知公告', '>', '协会动态', '关于召开年会的通知'],
			true
		);
		expect(crumb).toEqual({ segments: ['通知公告', '协会动态'], span: 6 });
	});
});

describe('chrome lines', () => {
	test.each([
		'【打印本页】 【关闭窗口】',
		'【字体：大 中 小】【打印】【关闭】',
		'[打印] [关闭]',
		'分享到：微信 微博 QQ空间',
	])('tool line: %s', (line) => {
		expect(isToolLine(line)).toBe(true);
	});
	test.each(['打印机采购项目公示', '关闭违规企业网站的通知'])('not a tool line: %s', (line) => {
		expect(isToolLine(line)).toBe(false);
	});
	test.each([
		'版权所有：示例省建筑行业协会',
		'Copyright © 2015-2022 All Rights Reserved',
		'鄂ICP备12345678号-1',
		'关于我们 | 联系我们 | 网站地图',
		'示例省建筑行业协会微信公众号',
		'技术支持：示例网络科技有限公司',
	])('site footer: %s', (line) => {
		expect(isSiteFooter(line)).toBe(true);
	});
	test.each([
		'欢迎关注协会微信公众号，及时了解行业动态。',
		'会员单位应尊重他人的著作权，不得侵犯版权所有人的合法权益。',
		'附件：协会微信公众号二维码',
		'扫码报名',
	])('not a site footer: %s', (line) => {
		expect(isSiteFooter(line)).toBe(false);
	});
	test('contact lines above the copyright: the association’s address, not a notice’s contact person', () => {
		expect(isContactFooter('地址：武汉市示例区示例路88号 电话：027-12345678')).toBe(true);
		expect(isContactFooter('电话：027-12345678 传真：027-12345679')).toBe(true);
		expect(isContactFooter('联系人：张三 电话：027-87654321')).toBe(false);
		expect(isContactFooter('联系电话：027-87654321')).toBe(false);
	});
});

function extract(html: string): Article {
	const page = htmlToBlocks(html);
	const article = extractArticle(page.blocks, page.title);
	if ('reason' in article) throw new Error(`${article.field}: ${article.reason}`);
	return article;
}
const bodyText = (article: Article) => article.body.map((b) => b.text);

describe('the page’s own address', () => {
	test.each([
		['<link rel="canonical" href="http://x.org.cn/a/1.html">', 'http://x.org.cn/a/1.html'],
		['<meta property="og:url" content="https://x.org.cn/a/2.html">', 'https://x.org.cn/a/2.html'],
		// Old CMSs print the home page as every page's canonical: that is no address of the article.
		['<link rel="canonical" href="http://x.org.cn/">', undefined],
		['<link rel="canonical" href="http://x.org.cn/index.html">', undefined],
		['<link rel="canonical" href="/a/1.html">', undefined],
		['<link rel="canonical" href="javascript:alert(1)">', undefined],
	])('%s', (head, url) => {
		expect(htmlToBlocks(`<html><head>${head}</head><body></body></html>`).url).toBe(url);
	});
});

describe('extractArticle', () => {
	test('breadcrumb as a list, meta fields in separate boxes, title split over two lines', () => {
		const article = extract(`<title>关于召开示例省建筑行业协会2023年会员大会的通知-协会</title>
			<ul class="crumb"><li>当前位置：</li><li><a>首页</a></li><li>&gt;</li><li><a>通知公告</a></li></ul>
			<h2>关于召开示例省建筑行业协会</h2><h2>2023年会员大会的通知</h2>
			<div><span>来源：协会秘书处</span></div><div><span>发布时间：2023-01-05</span></div><div>浏览：12</div>
			<div class="body"><p>各会员单位：</p><p>${ARTICLE}</p></div>
			<div class="foot">版权所有：示例省建筑行业协会</div>`);
		expect(article).toMatchObject({
			title: '关于召开示例省建筑行业协会2023年会员大会的通知',
			date: '2023-01-05',
			source: '协会秘书处',
			sections: ['通知公告'],
		});
		expect(bodyText(article)).toEqual(['各会员单位：', ARTICLE]);
	});

	test('the body ends where the box holding the article closes, even without footer words', () => {
		const article = extract(`<div class="crumb">您现在的位置：首页 > 协会动态</div>
			<div class="art"><h1>协会召开理事会</h1><p>发布时间：2022-12-07</p>
			<div class="txt"><p>${ARTICLE}</p><p>联系人：张三 电话：027-87654321</p></div></div>
			<div class="links"><p>相关单位</p><p>示例省住房和城乡建设厅</p></div>`);
		expect(bodyText(article)).toEqual([ARTICLE, '联系人：张三 电话：027-87654321']);
	});

	test('a footer-looking line followed by more prose is part of the article', () => {
		const blocks = textToBlocks(`您现在的位置：首页 > 协会动态
			协会开展知识产权培训
			发布时间：2022-12-07
			培训课程包括：
			版权所有权的取得与保护
			讲师结合典型案例，讲解了企业在工程设计、施工图纸等方面如何依法保护自身的合法权益，学员反响热烈。
			版权所有：示例省建筑行业协会`);
		const article = extractArticle(blocks);
		expect('body' in article && article.body.map((b) => b.text)).toEqual([
			'培训课程包括：',
			'版权所有权的取得与保护',
			'讲师结合典型案例，讲解了企业在工程设计、施工图纸等方面如何依法保护自身的合法权益，学员反响热烈。',
		]);
	});

	test('old table layouts: the article in one cell, the footer in another table', () => {
		const article = extract(`<table><tr><td>您好,欢迎访问示例协会官方网站!</td></tr></table>
			<table><tr><td width="200">协会动态<br>行业动态</td><td>
			<table><tr><td>您现在的位置：首页 &gt;&gt; 行业动态</td></tr><tr><td><b>行业运行情况简析</b></td></tr>
			<tr><td>发布时间：2022-12-07 来源：本站</td></tr><tr><td>${ARTICLE}<br>${ARTICLE}</td></tr></table>
			</td></tr></table><table><tr><td>地址：武汉市 电话：027-1</td><td>Copyright 2022</td></tr></table>`);
		expect(article).toMatchObject({
			title: '行业运行情况简析',
			sections: ['行业动态'],
			source: '本站',
		});
		expect(bodyText(article)).toEqual([ARTICLE, ARTICLE]);
	});

	test('hidden elements, scripts and forms are not text', () => {
		const article =
			extract(`<div>当前位置：首页 - 协会动态</div><h1>标题一</h1><div>发布时间：2022-12-07</div>
			<div><p>${ARTICLE}</p><p style="display:none">隐藏的内容</p><script>var a = "脚本";</script><select><option>友情链接</option></select></div>`);
		expect(bodyText(article)).toEqual([ARTICLE]);
	});

	test('a date printed above the title, a section bar holding the breadcrumb, an <ol>', () => {
		const article = extract(`<title>协会召开理事会_示例协会</title>
			<div class="bar"><span>协会动态</span> <span>您现在的位置：首页 &gt; 协会动态 &gt; 正文</span></div>
			<div class="info">时间：2022-12-07 09:32　来源：未知　浏览：次</div>
			<h1>协会召开理事会</h1>
			<div class="txt"><p>会议议程：</p><ol><li>审议工作报告</li><li>审议财务报告</li></ol></div>`);
		expect(article).toMatchObject({
			title: '协会召开理事会',
			date: '2022-12-07',
			sections: ['协会动态'],
		});
		expect(article.source).toBeUndefined();
		expect(bodyText(article)).toEqual(['会议议程：', '1. 审议工作报告', '2. 审议财务报告']);
	});

	test('a DedeCMS page: glued meta labels, placeholder source, divider line', () => {
		const article = extract(`<title>协会召开理事会_协会动态_示例协会</title>
			<div class="place"><strong>当前位置:</strong> <a href="/">主页</a> &gt; <a href="/a/xhdt/">协会动态</a> &gt; </div>
			<div class="viewbox"><div class="title"><h2>协会召开理事会</h2></div>
			<div class="info"><small>时间:</small>2022-12-07 16:29<small>来源:</small>未知<small>作者:</small>admin<small>点击:</small><script src="/plus/count.php"></script>次</div>
			<div class="content"><table width="100%"><tr><td><p>${ARTICLE}</p></td></tr></table></div>
			<div class="boxoff"><strong>------分隔线----------------------------</strong></div>
			<div class="handle"><ul><li>上一篇：<a>没有了</a></li><li>下一篇：<a>关于年会的通知</a></li></ul>
			<ul><li><a>收藏</a></li><li><a>挑错</a></li><li><a>推荐</a></li><li><a>打印</a></li></ul></div></div>`);
		expect(article).toMatchObject({
			title: '协会召开理事会',
			date: '2022-12-07',
			sections: ['协会动态'],
		});
		expect(article.source).toBeUndefined();
		expect(bodyText(article)).toEqual([ARTICLE]);
	});

	test('a header’s bare 当前位置：首页 gives way to the article’s breadcrumb', () => {
		const article = extractArticle(
			textToBlocks(
				`当前位置：首页\n协会简介\n您现在的位置：首页 > 行业动态\n标题\n发布时间：2022-12-07\n${ARTICLE}`
			)
		);
		expect(article).toMatchObject({ title: '标题', sections: ['行业动态'] });
	});

	test('pages that cannot be read say which field is missing', () => {
		expect(extractArticle(textToBlocks('您现在的位置：首页 > 协会动态\n标题\n正文'))).toMatchObject(
			{ field: 'date' }
		);
		expect(
			extractArticle(textToBlocks('您现在的位置：首页 > 协会动态\n发布时间：2022-12-07\n正文'))
		).toMatchObject({ field: 'title' });
		expect(
			extractArticle(
				textToBlocks('您现在的位置：首页 > 协会动态\n标题\n发布时间：2022-12-07\n版权所有：协会')
			)
		).toMatchObject({ field: 'body' });
		// A notice's own 时间： line far from any breadcrumb is not taken for the meta line.
		expect(
			extractArticle(
				textToBlocks(
					'关于召开年会的通知\n各会员单位：\n一、会议安排\n时间：2023年1月10日\n地点：协会会议室'
				)
			)
		).toMatchObject({ field: 'date' });
		expect(
			extractArticle(textToBlocks('您现在的位置：首页 > 协会动态\n标题\n时间：2023年1月10日\n正文'))
		).toMatchObject({ date: '2023-01-10' });
		expect(
			extractArticle(
				textToBlocks('您现在的位置：首页 > 协会动态\n标题\n发布时间：2022-02-30\n正文')
			)
		).toMatchObject({
			field: 'date',
			reason: 'the date line has "2022-02-30", not a date like 2022-12-07 or 2022年12月7日',
		});
	});
});

describe('blocksToMarkdown', () => {
	const md = (lines: string) => blocksToMarkdown(textToBlocks(lines));

	test('section numbering becomes headings; long numbered paragraphs stay paragraphs', () => {
		expect(
			md(
				'一、总体要求\n（一）指导思想\n(二)基本原则\n三）工作目标\n（四）坚持问题导向。各单位要对照要求逐项检查，发现问题及时整改。'
			)
		).toBe(
			'## 一、总体要求\n\n### （一）指导思想\n\n### (二)基本原则\n\n### 三）工作目标\n\n（四）坚持问题导向。各单位要对照要求逐项检查，发现问题及时整改。\n'
		);
		const long = `二、${'加强行业自律，'.repeat(10)}推动高质量发展。`;
		expect(md(long)).toBe(`${long}\n`);
	});

	test('numbers that would start a list are escaped, and render exactly as written', () => {
		const lines = [
			'1.第一条',
			'3. 第三条',
			'10)第十条',
			'2）第二条',
			'- 完 -',
			'* 注',
			'# 号',
			'> 引',
			'+ 加',
		];
		const markdown = md(lines.join('\n'));
		expect(markdown).toContain('1\\.第一条');
		expect(markdown).toContain('3\\. 第三条');
		const html = renderHtml(markdown);
		expect(html).not.toMatch(/<(?:ol|ul|li|h1|blockquote)>/);
		expect(renderedText(markdown).split('\n').filter(Boolean)).toEqual(lines);
	});

	test('Markdown punctuation inside text is escaped, not interpreted', () => {
		const text =
			'星号*强调*、下划线_a_b_、[方括号](链接)、<b>标签</b>、`代码`、| 竖线 |、&amp; 与 \\ 反斜杠';
		expect(renderedText(md(text)).trim()).toBe(text);
	});
});

describe('report files', () => {
	const fields = {
		title: '12:30 开会: “年会” #1',
		date: '2022-12-07',
		category: 'news',
		source: 'on',
		origin: 'pages/a.html',
	};

	test('front matter reads back identically through gray-matter (YAML 1.1) and validates', () => {
		const text = newReportFile(fields, '正文。\n');
		expect(text).toMatch(
			/^---\ntitle: .+\ndate: 2022-12-07\ncategory: news\nsource: "on"\norigin: pages\/a\.html\n---\n\n正文。\n$/
		);
		const parsed = matter(text, {});
		expect({ ...parsed.data, date: (parsed.data.date as Date).toISOString().slice(0, 10) }).toEqual(
			fields
		);
		expect(validateReportFile(text)).toEqual([]);
	});

	test('schema problems are found before writing', () => {
		expect(validateReportFile(newReportFile({ ...fields, title: '长'.repeat(201) }, ''))).toEqual([
			'title: title must be at most 200 characters',
		]);
		expect(validateReportFile(newReportFile({ ...fields, category: 'Bad Slug' }, ''))[0]).toMatch(
			/^category: /
		);
	});

	test('an update replaces the importer’s fields and keeps the editor’s, with their comments', () => {
		const existing = `---\ntitle: 旧标题\ndate: 2022-12-01\ncategory: news\nsource: 旧来源\n# 编辑补充\ntags: [年会]\norigin: pages/a.html\n---\n\n旧正文\n`;
		const updated = updatedReportFile(
			existing,
			{ ...fields, source: undefined } as never,
			'新正文\n'
		);
		expect('text' in updated && updated.text).toBe(
			`---\ntitle: "12:30 开会: “年会” #1"\ndate: 2022-12-07\ncategory: news\n# 编辑补充\ntags: [ 年会 ]\norigin: pages/a.html\n---\n\n新正文\n`
		);
	});

	test('slug: <date>-<first 6 hex of sha1(origin)>', () => {
		expect(reportSlug('2022-12-07', 'pages/a.html')).toBe('2022-12-07-04b959');
		expect(reportSlug('2022-12-07', 'pages/a.html')).toBe(reportSlug('2022-12-07', 'pages/a.html'));
	});
});

describe('categories', () => {
	const categories = [
		'notices',
		'news',
		'party',
		'standards',
		'training',
		'industry',
		'members',
		'policy',
	].map((slug) => ({ slug, name: slug }));

	test('the most specific crumb that maps wins; the defaults cover common names', async () => {
		const map = await buildCategoryMap(categories);
		expect(resolveCategory(['通知公告', '协会动态'], map)).toEqual({ slug: 'news' });
		expect(resolveCategory(['新闻动态', '协会动态', '图片新闻'], map)).toEqual({ slug: 'news' });
		expect(resolveCategory(['标准规范', '团体标准'], map)).toEqual({ slug: 'standards' });
		expect(resolveCategory(['会 员 服 务'], map)).toEqual({ slug: 'members' });
		expect(resolveCategory(['培训'], map)).toEqual({ slug: 'training' });
	});

	test('a default slug missing from categories.yml is reported, not used', async () => {
		const map = await buildCategoryMap(categories.filter((c) => c.slug !== 'party'));
		expect(resolveCategory(['党建工作'], map)).toMatchObject({
			reason: expect.stringContaining(
				'section "党建工作" maps to "party", which is not in content/categories.yml'
			),
		});
	});
});

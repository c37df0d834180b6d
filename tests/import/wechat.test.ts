/**
 * WeChat 公众号 articles: extraction from a saved page, the prompts left out, the date, the
 * pictures (downloaded once with WeChat's Referer, the placeholder refused, a browser's saved
 * copies first), fetching addresses politely, re-running, and a build of the result.
 * Every request goes to a server on 127.0.0.1 (tests/import/wechatServer.ts).
 */
import { existsSync } from 'node:fs';
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import matter from 'gray-matter';
import { afterAll, afterEach, beforeEach, describe, expect, test } from 'vitest';
import { main } from '../../src/importer/cli.ts';
import { listReportFiles, reportFilePath } from '../../src/lib/content/reportPath.ts';
import { reportSlug } from '../../src/importer/reportFile.ts';
import {
	dropWechatChrome,
	extractWechat,
	isWechatPage,
	normaliseWechatUrl,
	publishDate,
	scriptString,
	type WechatArticle,
} from '../../src/importer/wechat.ts';
import { placeholderReason, sniffImage } from '../../src/importer/wechatImages.ts';
import { blocksToMarkdown } from '../../src/importer/toMarkdown.ts';
import { createFixtureSite } from '../helpers/fixtureSite.ts';
import { fileForPath, readPage } from '../helpers/crawl.ts';
import { CATEGORIES_YML, FIXTURES, renderedText, snapshot, squashText } from './helpers.ts';
import { articleImages, gif, png, startWechatServer, type WechatServer } from './wechatServer.ts';

const WECHAT = path.join(FIXTURES, '../wechat');
const ARTICLE = await readFile(path.join(WECHAT, 'article.html'), 'utf8');
const VERIFY = await readFile(path.join(WECHAT, 'verify.html'), 'utf8');
const ORIGIN =
	'https://mp.weixin.qq.com/s?__biz=MzA5OTk5OTk5OQ==&mid=2650000001&idx=1&sn=0123456789abcdef0123456789abcdef';
const CHART = '/mmbiz_png/chart01/640';

function article(html = ARTICLE): WechatArticle {
	const result = extractWechat(html);
	if ('reason' in result) throw new Error(result.reason);
	return result;
}

describe('extraction', () => {
	test('title, date, account, address and share image come from the page as data', () => {
		const a = article();
		expect(a.title).toBe('协会召开2022年度安全生产工作会议');
		expect(a.date).toBe('2022-12-07');
		expect(a.source).toBe('某某市市政工程协会');
		expect(a.url).toBe(ORIGIN);
		expect(a.cover).toBe('https://mmbiz.qpic.cn/mmbiz_jpg/cover01/0?wx_fmt=png');
		expect(a.warnings).toEqual(['1 voice message not imported (WeChat-only content)']);
	});

	test('the hidden #js_content is the body: every character of its text, with headings, bold, lists, tables', () => {
		const md = blocksToMarkdown(article().body);
		const text = squashText(renderedText(md));
		for (const line of [
			'12月6日，协会在会议中心召开2022年度安全生产工作会议，120余家会员单位的负责人参加会议。',
			'会议提出三点要求：',
			'•压实企业主体责任；',
			'•加强危大工程管控；',
			'1.第一季度开展专项检查；',
			'2.第二季度组织应急演练。',
			'季度检查项目整改完成第一季度3635第二季度4141',
			'详细数据见附表，会员单位可向秘书处索取。扫描二维码的方式已不再使用，请通过电子邮件联系。',
		])
			expect(text).toContain(squashText(line));
		expect(md).toContain('**120余家会员单位**');
		expect(md).toContain('## 会议要求');
		expect(md).toContain('## 一、工作回顾');
		expect(md).toMatch(/\| 季度 +\| 检查项目 +\| 整改完成 +\|/);
	});

	test('WeChat chrome is left out: follow banner, QR block, 往期推荐 list, END, 在看, and everything outside #js_content', () => {
		const a = article();
		const text = renderedText(blocksToMarkdown(a.body));
		for (const chrome of [
			'点击蓝字',
			'关注我们',
			'长按识别',
			'往期推荐',
			'第五届会员代表大会',
			'END',
			'在看',
			'阅读原文',
			'赞赏',
			'留言',
			'编辑部',
			'1024',
		])
			expect(text).not.toContain(chrome);
		const images = a.body
			.flatMap((b) => b.nodes ?? [])
			.flatMap(function srcs(n): string[] {
				if (n.type !== 'element') return [];
				const own = n.tagName === 'img' ? [String(n.properties.dataSrc)] : [];
				return [...own, ...n.children.flatMap(srcs)];
			});
		// The banner above the follow line and the QR code next to its line go with them.
		expect(images.some((s) => s.includes('banner01') || s.includes('qrcode01'))).toBe(false);
		expect(images.filter((s) => s.includes('chart01'))).toHaveLength(2);
		expect(images.some((s) => s.includes('divider01'))).toBe(true);
	});

	test('prompts are dropped by their whole shape: lines that only mention 二维码, 在看 or 阅读原文 stay', () => {
		const lines = (texts: string[]) => texts.map((text) => ({ kind: 'line' as const, text }));
		const dropped = [
			'点击蓝字 关注我们',
			'点击上方“蓝字”关注我们',
			'长按识别二维码关注我们',
			'长按二维码识别',
			'扫码关注',
			'扫一扫，关注我们',
			'点击阅读原文',
			'点击左下角“阅读原文”报名',
			'喜欢就点个“在看”吧',
			'分享、点赞、在看',
			'点赞+在看',
			'— END —',
			'END',
			'往期推荐',
		];
		expect(dropWechatChrome(lines(dropped))).toEqual([]);
		const kept = [
			'扫描二维码报名',
			'请扫描下方二维码填写回执。',
			'经验分享会在看守所召开',
			'阅读原文件后签字确认',
			'关注民生工程质量',
			'点击量统计',
		];
		expect(dropWechatChrome(lines(kept)).map((b) => b.text)).toEqual(kept);
	});

	test('the page script is never run: what it would write is not in the report', () => {
		expect(JSON.stringify(article().body.map((b) => b.text))).not.toContain('attacker');
	});

	test('date: var ct is read in Asia/Shanghai; #publish_time is the fallback; neither is a date problem', () => {
		// 1670347800 = 2022-12-06 17:30 UTC = 2022-12-07 01:30 in China.
		expect(publishDate('var ct = "1670347800";')).toBe('2022-12-07');
		expect(publishDate("var ct='1672502399'")).toBe('2022-12-31');
		expect(publishDate("var oriCreateTime = '1670347800';")).toBe('2022-12-07');
		const noCt = ARTICLE.replace(/var ct = "\d+";/, '');
		expect(
			article(
				noCt.replace(
					'<em id="publish_time" class="rich_media_meta rich_media_meta_text"></em>',
					'<em id="publish_time">2023年3月5日 18:00</em>'
				)
			).date
		).toBe('2023-03-05');
		expect(extractWechat(noCt)).toEqual({
			field: 'date',
			reason: expect.stringContaining('var ct'),
		});
	});

	test('title falls back to msg_title, its escapes and entities decoded', () => {
		const html = ARTICLE.replace(/<h1[\s\S]*?<\/h1>/, '').replace(
			"var msg_title = '协会召开2022年度安全生产工作会议'.html(false);",
			"var msg_title = '\\x26quot;安全\\x26quot; &amp; 质量 \\u4f1a\\u8bae'.html(false);"
		);
		expect(article(html).title).toBe('"安全" & 质量 会议');
		expect(scriptString('var nickname = htmlDecode("某协会");', 'nickname')).toBe('');
	});

	test('article addresses are normalised to one form', () => {
		expect(
			normaliseWechatUrl(
				'http://mp.weixin.qq.com/s?__biz=MzA5OTk5OTk5OQ==&amp;mid=2650000001&amp;idx=1&amp;sn=0123456789abcdef0123456789abcdef&chksm=1#rd'
			)
		).toBe(ORIGIN);
		expect(normaliseWechatUrl('https://mp.weixin.qq.com/s/AbC-12_x?scene=1#wechat_redirect')).toBe(
			'https://mp.weixin.qq.com/s/AbC-12_x'
		);
		expect(normaliseWechatUrl('https://example.org/s/AbC')).toBeUndefined();
		expect(normaliseWechatUrl('https://mp.weixin.qq.com/s?__biz=x')).toBeUndefined();
	});

	test('a WeChat page is recognised by itself; an old-site page is not', async () => {
		expect(isWechatPage(ARTICLE)).toBe(true);
		expect(isWechatPage(VERIFY)).toBe(false);
		expect(isWechatPage(await readFile(path.join(FIXTURES, 'html/news-utf8.html'), 'utf8'))).toBe(
			false
		);
	});
});

describe('pictures', () => {
	test('formats are read from the bytes', () => {
		expect(sniffImage(png(1, 1, [0, 0, 0]))).toBe('png');
		expect(sniffImage(gif([0, 0, 0]))).toBe('gif');
		expect(sniffImage(Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10]))).toBe('jpg');
		expect(sniffImage(Buffer.from('RIFF\0\0\0\0WEBPVP8 '))).toBe('webp');
		expect(sniffImage(Buffer.from('<html>'))).toBeUndefined();
	});

	test('the placeholder is recognised by a format that is not the one asked for', () => {
		expect(placeholderReason('https://h/x/640?wx_fmt=png', 'gif', 'image/png')).toMatch(
			/asks for png/
		);
		expect(placeholderReason('https://h/x/640?wx_fmt=jpeg', 'jpg', 'image/jpeg')).toBeUndefined();
		expect(
			placeholderReason('https://h/x/640?wx_fmt=jpeg&tp=webp', 'webp', 'image/webp')
		).toBeUndefined();
		expect(placeholderReason('https://h/x/640', 'gif', 'image/jpeg')).toMatch(/server says jpeg/);
		expect(placeholderReason('https://h/x/640?wx_fmt=other', 'png', null)).toBeUndefined();
	});
});

describe('npm run import with WeChat pages', () => {
	let server: WechatServer;
	let dir: string;
	let project: string;
	let pages: string;

	beforeEach(async () => {
		server = await startWechatServer();
		for (const [p, image] of articleImages()) server.images.set(p, image);
		dir = await mkdtemp(path.join(os.tmpdir(), 'huibao-wechat-'));
		project = path.join(dir, 'project');
		pages = path.join(dir, 'pages');
		await mkdir(path.join(project, 'content'), { recursive: true });
		await writeFile(path.join(project, 'content/categories.yml'), CATEGORIES_YML);
		await mkdir(pages);
		await writeFile(path.join(pages, 'article.html'), ARTICLE);
		await writeFile(path.join(dir, 'map.yml'), '安全生产: industry\n');
	});
	afterEach(async () => {
		await server.close();
		await rm(dir, { recursive: true, force: true });
	});

	const run = async (args: string[]) => {
		const out: string[] = [];
		const err: string[] = [];
		const code = await main([...args, '--root', 'project', '--pause', '0'], {
			out: (l) => out.push(...l.split('\n')),
			err: (l) => err.push(...l.split('\n')),
			cwd: dir,
			fetch: server.fetch,
		});
		return { code, out: out.join('\n'), err: err.join('\n') };
	};
	const reports = async () => {
		const files = (await listReportFiles(project)).filter((f) => f.split('/')[3] === 'zh');
		return Promise.all(
			files.map(async (file) => {
				const parsed = matter(await readFile(path.join(project, file), 'utf8'), {});
				return { file, data: parsed.data, body: parsed.content };
			})
		);
	};
	const imageRequests = (p: string) => server.requests.filter((r) => r.path.startsWith(p));

	test('a saved article becomes a report with its pictures stored locally, each downloaded once', async () => {
		const r = await run(['pages', '--category-map', 'map.yml']);
		expect(r.code, r.out + r.err).toBe(0);
		expect(r.err).toContain('1 voice message not imported');
		const [report, ...others] = await reports();
		expect(others).toHaveLength(0);
		expect(report!.file).toMatch(/^content\/reports\/2022\/zh\/2022-12-07-[0-9a-f]{6}\.md$/);
		expect(report!.data).toMatchObject({
			title: '协会召开2022年度安全生产工作会议',
			category: 'industry',
			source: '某某市市政工程协会',
			origin: ORIGIN,
		});
		expect(report!.data.date).toEqual(new Date('2022-12-07T00:00:00Z'));
		// Pictures: local addresses, the right extension, the server's bytes.
		const srcs = [...report!.body.matchAll(/!\[[^\]]*\]\(([^)]+)\)/g)].map((m) => m[1]!);
		expect(srcs).toHaveLength(3);
		expect(srcs.every((s) => s.startsWith('/uploads/2022/'))).toBe(true);
		expect(srcs[0]).toBe(srcs[1]);
		expect(srcs[0]).toMatch(/\.png$/);
		expect(srcs[2]).toMatch(/\.gif$/);
		expect(await readFile(path.join(project, 'public', srcs[0]!))).toEqual(
			server.images.get(CHART)!.bytes
		);
		expect(report!.data.cover).toMatch(/^\/uploads\/2022\/.*\.png$/);
		expect(await readFile(path.join(project, 'public', String(report!.data.cover)))).toEqual(
			server.images.get('/mmbiz_jpg/cover01/0')!.bytes
		);
		// Once each, as WeChat's own page asks: a browser's User-Agent and WeChat's Referer.
		expect(imageRequests(CHART)).toHaveLength(1);
		expect(imageRequests('/mmbiz_gif/banner01')).toHaveLength(0);
		expect(imageRequests('/mmbiz_png/qrcode01')).toHaveLength(0);
		for (const req of server.requests) {
			expect(req.headers.referer).toBe('https://mp.weixin.qq.com/');
			expect(req.headers['user-agent']).toMatch(/^Mozilla\/5\.0 .*Chrome\//);
		}
	});

	test('no category: the article fails with what to pass, and nothing is written', async () => {
		const before = await snapshot(project);
		const r = await run(['pages']);
		expect(r.code).toBe(1);
		expect(r.err).toMatch(
			/category: no keyword of the category map is in the title; pass --category <slug>/
		);
		expect(await snapshot(project)).toEqual(before);
		const forced = await run(['pages', '--category', 'news']);
		expect(forced.code, forced.err).toBe(0);
		expect((await reports())[0]!.data.category).toBe('news');
	});

	test('the placeholder is never saved: the article fails naming the picture, and nothing is written', async () => {
		server.refused.add(CHART);
		server.refused.add('/mmbiz_gif/divider01/640');
		const before = await snapshot(project);
		const r = await run(['pages', '--category', 'news']);
		expect(r.code).toBe(1);
		expect(r.err).toContain('images: 2 pictures could not be stored');
		expect(r.err).toMatch(
			/chart01\/640\?wx_fmt=png&from=appmsg: WeChat sent its "未经允许不可引用" placeholder .*asks for png, the bytes are gif/
		);
		// The divider asked for a GIF, so only the learned bytes give it away.
		expect(r.err).toMatch(
			/divider01\/640\?wx_fmt=gif: .*the same bytes WeChat sent as its placeholder/
		);
		expect(await snapshot(project)).toEqual(before);
		expect(r.out).toMatch(/failed +1/);
		// Once WeChat serves the picture, the same command imports the article.
		server.refused.clear();
		expect((await run(['pages', '--category', 'news'])).code).toBe(0);
	});

	test("a report name taken while the article was being imported: the editor's file stays, no picture is left behind", async () => {
		const target = path.join(
			project,
			reportFilePath('2022-12-07', 'zh', reportSlug('2022-12-07', ORIGIN))
		);
		const editors = '---\ntitle: 编辑刚建的稿件\ndate: 2022-12-07\ncategory: news\n---\n\n正文\n';
		// The editor saves a report of that name while the pictures are downloading.
		const racing: typeof server.fetch = async (url, init) => {
			if (!existsSync(target)) {
				await mkdir(path.dirname(target), { recursive: true });
				await writeFile(target, editors);
			}
			return server.fetch(url, init);
		};
		const err: string[] = [];
		const code = await main(['pages', '--root', 'project', '--category', 'news'], {
			out: () => {},
			err: (l) => err.push(l),
			cwd: dir,
			fetch: racing,
		});
		expect(code).toBe(1);
		expect(err.join('\n')).toMatch(
			/report: content\/reports\/2022\/zh\/2022-12-07-[0-9a-f]{6}\.md was created by someone else meanwhile; run again/
		);
		expect(await readFile(target, 'utf8')).toBe(editors);
		const left = [
			...(await snapshot(path.join(project, 'public'))).keys(),
			...(await snapshot(path.dirname(target))).keys(),
		];
		expect(left).toEqual([path.basename(target)]);
	});

	test("pictures are downloaded only from WeChat's picture servers", async () => {
		const inside = `http://127.0.0.1:${server.port}/mmbiz_png/chart01/640?wx_fmt=png`;
		await writeFile(
			path.join(pages, 'article.html'),
			ARTICLE.replace(
				'https://mmbiz.qpic.cn/mmbiz_png/chart01/640?wx_fmt=png&amp;from=appmsg',
				inside
			)
		);
		const r = await run(['pages', '--category', 'news']);
		expect(r.code).toBe(1);
		expect(r.err).toContain(
			`image ${inside}: not on a WeChat picture server (*.qpic.cn, *.qlogo.cn); not downloaded`
		);
		expect(server.requests.filter((q) => q.path.startsWith(CHART))).toHaveLength(1); // the other, WeChat, address
	});

	test('a page saved by a browser uses the copies in its _files folder first', async () => {
		const local = png(40, 30, [0xff, 0, 0]);
		await mkdir(path.join(pages, 'article_files'));
		await writeFile(path.join(pages, 'article_files', '640.png'), local);
		await writeFile(
			path.join(pages, 'article.html'),
			ARTICLE.replaceAll(
				'data-src="https://mmbiz.qpic.cn/mmbiz_png/chart01/',
				'src="./article_files/640.png" data-src="https://mmbiz.qpic.cn/mmbiz_png/chart01/'
			)
		);
		const r = await run(['pages', '--category', 'news']);
		expect(r.code, r.err).toBe(0);
		const src = /!\[[^\]]*\]\(([^)]+\.png)\)/.exec((await reports())[0]!.body)![1]!;
		expect(await readFile(path.join(project, 'public', src))).toEqual(local);
		expect(imageRequests(CHART)).toHaveLength(0);
	});

	test("re-running skips the article without a request; --update refreshes it and keeps the editor's fields", async () => {
		expect((await run(['pages', '--category', 'news'])).code).toBe(0);
		const [first] = await reports();
		const requests = server.requests.length;
		const again = await run(['pages', '--category', 'news']);
		expect(again.code).toBe(0);
		expect(again.out).toMatch(
			/skipped +pages\/article\.html: already imported as content\/reports\/2022\/zh\//
		);
		expect(server.requests.length).toBe(requests);

		const file = path.join(project, first!.file);
		const edited = (await readFile(file, 'utf8')).replace(
			/^cover: .*$/m,
			'cover: /uploads/2022/editors-choice.jpg\ntags:\n  - 安全生产'
		);
		await writeFile(file, edited);
		await writeFile(
			path.join(pages, 'article.html'),
			ARTICLE.replace('会议提出三点要求：', '会议提出四点要求：')
		);
		const updated = await run(['pages', '--category', 'news', '--update']);
		expect(updated.code, updated.err).toBe(0);
		expect(updated.out).toMatch(/updated +pages\/article\.html/);
		const [after, ...rest] = await reports();
		expect(rest).toHaveLength(0);
		expect(after!.file).toBe(first!.file);
		expect(after!.data.tags).toEqual(['安全生产']);
		expect(after!.data.cover).toBe('/uploads/2022/editors-choice.jpg');
		expect(after!.body).toContain('会议提出四点要求：');
	});

	test('addresses are fetched one at a time with a pause, and a verification page stops the run', async () => {
		server.pages.set('/s/AbC123', ARTICLE);
		const second = ARTICLE.replace(/<meta property="og:url"[^>]*>/, '')
			.replace(/var msg_link = "[^"]*";/, '')
			.replaceAll('协会召开2022年度安全生产工作会议', '协会举办质量月活动')
			.replace('var ct = "1670347800"', 'var ct = "1694620800"');
		server.pages.set('/s/Second', second);
		server.pages.set('/s/Verify', VERIFY);
		server.pages.set('/s/Later', ARTICLE);
		const urls = ['AbC123', 'Second', 'Verify', 'Later'].map(
			(c) => `https://mp.weixin.qq.com/s/${c}`
		);
		const out: string[] = [];
		const err: string[] = [];
		const code = await main(
			[...urls, '--root', 'project', '--category', 'news', '--pause', '0.2'],
			{
				out: (l) => out.push(l),
				err: (l) => err.push(l),
				cwd: dir,
				fetch: server.fetch,
			}
		);
		expect(code).toBe(1);
		const all = [...out, ...err].join('\n');
		expect(all).toMatch(
			/imported +https:\/\/mp\.weixin\.qq\.com\/s\/AbC123 → content\/reports\/2022\/zh\//
		);
		expect(all).toMatch(
			/imported +https:\/\/mp\.weixin\.qq\.com\/s\/Second → content\/reports\/2023\/zh\/2023-09-14-/
		);
		expect(all).toMatch(
			/failed +https:\/\/mp\.weixin\.qq\.com\/s\/Verify: fetch: WeChat asks for a verification \(环境异常\); stopped fetching/
		);
		expect(all).toMatch(
			/failed +https:\/\/mp\.weixin\.qq\.com\/s\/Later: not fetched: WeChat asks for a verification/
		);
		expect(all).toContain('addresses fetched 2 of 4');
		const pageRequests = server.requests.filter((r) => r.path.startsWith('/s/'));
		expect(pageRequests.map((r) => r.path)).toEqual(['/s/AbC123', '/s/Second', '/s/Verify']);
		for (let i = 1; i < pageRequests.length; i++)
			expect(pageRequests[i]!.at - pageRequests[i - 1]!.at).toBeGreaterThanOrEqual(190);
		expect(pageRequests[0]!.headers['user-agent']).toMatch(/^Mozilla\/5\.0/);
		const origins = (await reports()).map((r) => r.data.origin).sort();
		expect(origins).toEqual([ORIGIN, 'https://mp.weixin.qq.com/s/Second'].sort());

		// Again: the article known by its address is skipped without any request.
		const count = server.requests.length;
		const again = await run(['https://mp.weixin.qq.com/s/Second?scene=1#wechat_redirect']);
		expect(again.code).toBe(0);
		expect(again.out).toMatch(
			/skipped +https:\/\/mp\.weixin\.qq\.com\/s\/Second\?scene=1#wechat_redirect: already imported/
		);
		expect(server.requests.length).toBe(count);
	});

	test('--link makes a link-out item: title, date, source, the address and a link, nothing downloaded', async () => {
		const r = await run(['pages', '--category', 'news', '--link']);
		expect(r.code, r.err).toBe(0);
		const [report] = await reports();
		expect(report!.data).toMatchObject({
			title: '协会召开2022年度安全生产工作会议',
			source: '某某市市政工程协会',
			origin: ORIGIN,
			link: ORIGIN,
			category: 'news',
		});
		expect(report!.data.cover).toBeUndefined();
		expect(report!.body.trim()).toBe('');
		expect(server.requests).toHaveLength(0);
		expect(existsSync(path.join(project, 'public'))).toBe(false);
		// The same article again, as a link or as a copy: already imported.
		expect((await run(['pages', '--category', 'news', '--link'])).out).toMatch(
			/skipped +pages\/article\.html/
		);
	});

	test("--link needs the article's own address", async () => {
		await writeFile(
			path.join(pages, 'article.html'),
			ARTICLE.replace(/<meta property="og:url"[^>]*>/, '').replace(/var msg_link = "[^"]*";/, '')
		);
		const r = await run(['pages', '--category', 'news', '--link']);
		expect(r.code).toBe(1);
		expect(r.err).toContain('link: the page names no address of its own');
	});

	test('bad --pause or --category stops the run before anything is read', async () => {
		const out: string[] = [];
		const io = {
			out: (l: string) => out.push(l),
			err: (l: string) => out.push(l),
			cwd: dir,
			fetch: server.fetch,
		};
		expect(await main(['pages', '--root', 'project', '--pause', 'soon'], io)).toBe(2);
		expect(out.join('\n')).toContain('--pause: "soon" is not a number of seconds');
		expect(await main(['pages', '--root', 'project', '--category', 'weixin'], io)).toBe(2);
		expect(out.join('\n')).toContain('--category "weixin" is not in content/categories.yml');
		expect(server.requests).toHaveLength(0);
	});

	test('only WeChat article addresses are fetched', async () => {
		const r = await run(['https://www.example.org/news/1.html', '--category', 'news']);
		expect(r.code).toBe(1);
		expect(r.err).toContain(
			'only WeChat article addresses (https://mp.weixin.qq.com/s/…) are fetched'
		);
		expect(server.requests).toHaveLength(0);
	});
});

describe('a build of imported WeChat reports', () => {
	const site = createFixtureSite();
	afterAll(() => site.cleanup());

	test('the imported article passes check and builds with its pictures and cover', async () => {
		const server = await startWechatServer();
		try {
			for (const [p, image] of articleImages()) server.images.set(p, image);
			const input = await mkdtemp(path.join(os.tmpdir(), 'huibao-wechat-site-'));
			await cp(path.join(WECHAT, 'article.html'), path.join(input, 'article.html'));
			const err: string[] = [];
			const code = await main([input, '--category', 'news'], {
				out: () => {},
				err: (l) => err.push(l),
				cwd: site.root,
				fetch: server.fetch,
			});
			expect(code, err.join('\n')).toBe(0);
			// A second article, imported as a link-out item.
			await writeFile(
				path.join(input, 'article.html'),
				ARTICLE.replaceAll('mid=2650000001', 'mid=2650000002').replaceAll(
					'协会召开2022年度安全生产工作会议',
					'协会举办质量月活动'
				)
			);
			const linked = await main([input, '--category', 'news', '--link'], {
				out: () => {},
				err: (l) => err.push(l),
				cwd: site.root,
				fetch: server.fetch,
			});
			expect(linked, err.join('\n')).toBe(0);
			await rm(input, { recursive: true, force: true });
		} finally {
			await server.close();
		}
		const imported = [];
		for (const f of (await listReportFiles(site.root)).filter((f) =>
			f.startsWith('content/reports/2022/zh/2022-12-07-')
		))
			imported.push({ f, data: matter(await readFile(path.join(site.root, f), 'utf8')).data });
		expect(imported).toHaveLength(2);
		const file = imported.find((r) => !r.data.link)!.f;
		const linkFile = imported.find((r) => r.data.link)!.f;
		const slug = path.basename(file, '.md');
		const check = await site.run('check');
		expect(check.code, check.stderr + check.stdout).toBe(0);
		const build = await site.run('build');
		expect(build.code, build.stderr + build.stdout).toBe(0);
		const html = readPage(site.dist, `/reports/${slug}/`);
		expect(html).toContain('协会召开2022年度安全生产工作会议');
		expect(html).toContain('<strong>120余家会员单位</strong>');
		const images = [...html.matchAll(/<img[^>]* src="(\/uploads\/[^"]+)"/g)].map((m) => m[1]!);
		expect(images.length).toBeGreaterThanOrEqual(2);
		for (const src of images) expect(fileForPath(site.dist, src), src).toBeDefined();
		expect(
			existsSync(
				path.join(
					site.root,
					'public',
					String(matter(await readFile(path.join(site.root, file), 'utf8')).data.cover)
				)
			)
		).toBe(true);
		expect(html).not.toContain('mmbiz.qpic.cn');
		// The link-out item: listed as a link to WeChat, marked external; its page forwards.
		const link = ORIGIN.replace('mid=2650000001', 'mid=2650000002');
		const list = readPage(site.dist, '/category/news/');
		const anchor = new RegExp(
			`<a href="${link.replace(/[?.]/g, '\\$&').replace(/&/g, '&amp;')}" rel="external noopener" class="external">协会举办质量月活动<span class="external-mark">（外部链接）</span></a>`
		);
		expect(list).toMatch(anchor);
		expect(readPage(site.dist, '/rss.xml')).toContain(
			`<link>${link.replace(/&/g, '&amp;')}</link>`
		);
		const forward = readPage(site.dist, `/reports/${path.basename(linkFile, '.md')}/`);
		expect(forward).toContain(
			`<meta http-equiv="refresh" content="0; url=${link.replace(/&/g, '&amp;')}">`
		);
	}, 180_000);
});

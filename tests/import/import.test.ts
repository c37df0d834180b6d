/**
 * End-to-end: the fixture pages (HTML in UTF-8 and GBK, plain text with and without BOM) imported
 * into a temp project, then checked the way the site will read them.
 */
import { existsSync } from 'node:fs';
import { copyFile, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import matter from 'gray-matter';
import { listReportFiles } from '../../src/lib/content/reportPath.ts';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { reportSchema } from '../../src/content/schema.ts';
import { toPlainDate } from '../../src/lib/dates/plainDate.ts';
import {
	FIXTURES,
	makeWorkspace,
	renderedText,
	renderHtml,
	runCli,
	runImport,
	snapshot,
	squashText,
} from './helpers.ts';

interface Report {
	file: string;
	text: string;
	data: Record<string, unknown>;
	body: string;
}

/** The Chinese report files of a project, from its root: `content/reports/<year>/zh/<slug>.md`. */
async function zhReports(project: string): Promise<string[]> {
	return (await listReportFiles(project)).filter((f) => f.split('/')[3] === 'zh');
}

/** The reports of a project, read with gray-matter as the site reads them, by origin. */
async function readReports(project: string): Promise<Map<string, Report>> {
	const reports = new Map<string, Report>();
	for (const file of await zhReports(project)) {
		const text = await readFile(path.join(project, file), 'utf8');
		const parsed = matter(text, {});
		reports.set(String(parsed.data.origin), {
			file,
			text,
			data: parsed.data,
			body: parsed.content,
		});
	}
	return reports;
}

const workspaces: string[] = [];
async function workspace() {
	const ws = await makeWorkspace();
	workspaces.push(ws.dir);
	return ws;
}
afterAll(async () => {
	for (const dir of workspaces) await rm(dir, { recursive: true, force: true });
});

/** Lines of chrome found on the fixture pages; none may reach a report's rendered text. */
const CHROME = [
	'欢迎访问',
	'会员登录',
	'位置',
	'首页',
	'发布时间',
	'发布日期',
	'日期：',
	'点击',
	'浏览次数',
	'阅读次数',
	'字体',
	'打印',
	'关闭',
	'上一篇',
	'下一篇',
	'关于我们',
	'网站地图',
	'设为首页',
	'版权所有',
	'Copyright',
	'ICP备',
	'地址：武汉市',
	'地址:武汉市',
	'邮编',
	'技术支持',
	'示例省建筑行业协会微信公众号',
	'协会官方微信公众号',
	'协会概况',
];

const PAGES = {
	news: 'http://www.example-xh.org.cn/xhdt/2022/1207/123.html',
	standards: 'pages/gbk/standards-declared.html',
	party: 'pages/gbk/party-undeclared.html',
	notice: 'pages/text/notice-bom.txt',
	training: 'pages/gbk/training.txt',
};

describe('importing the fixture pages', () => {
	let ws: Awaited<ReturnType<typeof makeWorkspace>>;
	let run: Awaited<ReturnType<typeof runImport>>;
	let reports: Map<string, Report>;

	beforeAll(async () => {
		ws = await workspace();
		run = await runImport(ws.dir, ['pages', '--root', 'project']);
		reports = await readReports(ws.project);
	});

	test('imports the good pages, reports the bad ones by path and reason, exits 1', () => {
		expect(run.code).toBe(1);
		expect([...reports.keys()].sort()).toEqual(Object.values(PAGES).sort());
		expect(run.err).toContain(
			'failed       pages/text/experts-unmapped.txt: category: section "专家风采" has no category; add  专家风采: <slug>  to a --category-map file (known slugs: notices, news, party, standards, training, industry, members, policy)'
		);
		expect(run.err.some((l) => l.includes('pages/text/no-date.txt: date: no 发布时间'))).toBe(true);
		const table = run.out.slice(run.out.indexOf('Summary'));
		expect(table).toEqual([
			'Summary',
			'result     pages',
			'imported       5',
			'updated        0',
			'skipped        0',
			'failed         2',
		]);
	});

	test('front matter: title, date, category, source only when present, origin', () => {
		const fm = (origin: string) => reports.get(origin)!.data;
		expect(fm(PAGES.news)).toMatchObject({
			title: '协会召开2022年度会员大会暨一届五次理事会',
			category: 'news',
			source: '协会秘书处',
		});
		expect(fm(PAGES.standards)).toMatchObject({
			title: '关于发布《示例省建筑施工安全管理规程》团体标准的公告',
			category: 'standards',
		});
		expect(fm(PAGES.party)).toMatchObject({
			title: '协会党支部开展“学习二十大 奋进新征程”主题党日活动',
			category: 'party',
			source: '协会党支部',
		});
		expect(fm(PAGES.notice)).toMatchObject({
			title: '关于举办2023年度建筑安全生产培训班的通知',
			category: 'news',
		});
		expect(fm(PAGES.training)).toMatchObject({
			title: '2023年第一期建设工程质量检测人员培训班开班',
			category: 'training',
			source: '培训部',
		});
		// 来源： with nothing after it: no source key at all.
		expect('source' in fm(PAGES.standards)).toBe(false);
		expect('source' in fm(PAGES.notice)).toBe(false);
		// 2022-12-07, 2022年12月7日, 2022/12/7 and 2022.12.07 all become the same calendar day.
		for (const origin of Object.values(PAGES))
			expect(toPlainDate(fm(origin).date as Date)).toBe('2022-12-07');
	});

	test('files are named <date>-<6 hex of sha1(origin)>.md, dates unquoted, Chinese unescaped', async () => {
		const { createHash } = await import('node:crypto');
		for (const [origin, report] of reports) {
			expect(report.file).toBe(
				`content/reports/2022/zh/2022-12-07-${createHash('sha1').update(origin).digest('hex').slice(0, 6)}.md`
			);
			expect(report.text).toMatch(
				/^---\ntitle: .+\ndate: 2022-12-07\ncategory: [a-z]+\n(?:source: .+\n)?origin: .+\n---\n\n/
			);
			expect(report.text).toContain(`title: ${report.data.title}`);
		}
	});

	test('every report validates against reportSchema as the site reads it', () => {
		for (const report of reports.values()) {
			const data = { ...report.data, date: toPlainDate(report.data.date as Date) };
			const result = reportSchema.safeParse(data);
			expect(result.error?.issues ?? []).toEqual([]);
		}
	});

	test.each([
		['news', 'news-utf8'],
		['standards', 'standards-declared'],
		['party', 'party-undeclared'],
		['notice', 'notice-bom'],
		['training', 'training'],
	] as const)(
		'%s: the article body survives character for character',
		async (key, expectedName) => {
			const expected = await readFile(
				path.join(FIXTURES, 'expected', `${expectedName}.body`),
				'utf8'
			);
			const text = renderedText(reports.get(PAGES[key])!.body);
			expect(squashText(text)).toBe(squashText(expected));
		}
	);

	test('a notice that closes with issuer and date gets the 落款 mark before them', () => {
		for (const key of ['notice', 'standards'] as const) {
			expect(reports.get(PAGES[key])!.body).toMatch(
				/\n<!-- 落款 -->\n\n示例省建筑行业协会\n\n2022年12月7日\n$/
			);
		}
		expect(reports.get(PAGES.news)!.body).not.toContain('落款');
	});

	test.each(Object.keys(PAGES) as (keyof typeof PAGES)[])(
		'%s: no site chrome and no repeated title remain',
		(key) => {
			const report = reports.get(PAGES[key])!;
			const text = renderedText(report.body);
			for (const chrome of CHROME) expect(text, chrome).not.toContain(chrome);
			expect(squashText(text).startsWith(squashText(String(report.data.title)))).toBe(false);
		}
	);

	test('headings: 一、 → ##, (一)/（一） and a lost opening parenthesis → ###, numbering kept as written', () => {
		const news = reports.get(PAGES.news)!.body;
		expect(news).toContain('\n## 一、大会审议通过的事项\n');
		expect(news).toContain('\n### （一）审议通过《协会2022年工作报告》；\n');
		expect(news).toContain('\n### (二)审议通过《协会2022年财务收支情况报告》；\n');
		expect(news).toContain('\n### 四)选举产生协会第二届理事会理事、常务理事。\n');
		expect(news).toContain('\n## 四、下一步工作\n');
		const notice = reports.get(PAGES.notice)!.body;
		expect(notice).toContain(
			'\n### 二)地点：示例省建筑行业协会培训中心（武汉市示例区示例路88号）。\n'
		);
		// A bare 时间： line below the meta line is body text, not a second meta line.
		expect(notice).toContain('\n时间：2023年1月10日\n');
	});

	test('numbered paragraphs stay text: escaped in Markdown, rendered as written, never a list', () => {
		const news = reports.get(PAGES.news)!.body;
		expect(news).toContain('\n1\\.加强行业自律');
		expect(news).toContain('\n4\\.办好协会网站');
		expect(news).toContain('\n5\\. 完成上级交办的其他工作。');
		const notice = reports.get(PAGES.notice)!.body;
		for (const report of reports.values()) expect(renderHtml(report.body)).not.toMatch(/<[ou]l>/);
		const text = renderedText(news) + renderedText(notice);
		for (const line of [
			'1.加强行业自律',
			'2.做好会员服务',
			'4.办好协会网站',
			'5. 完成上级交办',
			'5. 施工现场安全检查标准',
			'7)典型事故案例分析',
			'- 完 -',
		]) {
			expect(text).toContain(line);
		}
	});

	test('a simple table becomes a GFM table; merged cells stay sanitized HTML', () => {
		const news = reports.get(PAGES.news)!.body;
		expect(news).toMatch(/^\| 地区 +\| 会员单位（家） \| 参会代表（人） \|$/m);
		expect(news).toMatch(/^\| 其他 \\\| 合计 \| 47 +\| 103 +\|$/m);
		expect(renderHtml(news)).toContain('<td>其他 | 合计</td>');
		const standards = reports.get(PAGES.standards)!.body;
		const table = standards.split('\n').find((l) => l.startsWith('<table>'))!;
		expect(table).toContain('<td rowspan="2">T/HBJX 001-2022</td>');
		expect(table).not.toMatch(/onclick|style|border|width/);
		expect(renderHtml(standards)).toContain('<td rowspan="2">2023年3月1日</td>');
	});

	test('images and attachments are copied to public/uploads/<year>/ and every reference exists', async () => {
		const news = reports.get(PAGES.news)!;
		const image = /!\[会议现场\]\((\/uploads\/2022\/[^)]+\.png)\)/.exec(news.body)?.[1];
		expect(image).toBe(`/uploads/2022/${path.basename(news.file, '.md')}-meeting.png`);
		expect(await readFile(path.join(ws.project, 'public', image!))).toEqual(
			await readFile(path.join(FIXTURES, 'html/images/meeting.png'))
		);
		expect(news.body).toContain(
			`[2022年度会员单位名单.xlsx](/uploads/2022/${path.basename(news.file, '.md')}-member-list.xlsx)`
		);
		for (const report of reports.values()) {
			for (const [, ref] of report.body.matchAll(/\]\((\/[^)\s]+)\)|src="(\/[^"]+)"/g)) {
				expect(existsSync(path.join(ws.project, 'public', ref!)), ref).toBe(true);
			}
		}
	});

	test('links: absolute ones kept, the old site’s relative ones resolved against the page’s address', () => {
		const news = reports.get(PAGES.news)!.body;
		expect(news).toContain('[省住建厅通知](http://www.example-gov.cn/notice/1.html)');
		expect(news).toContain('[往期报道](http://www.example-xh.org.cn/xhdt/2022/1201/100.html)');
	});

	test('re-running changes nothing: byte-identical files, every page skipped', async () => {
		const before = await snapshot(ws.project);
		const again = await runImport(ws.dir, ['pages', '--root', 'project']);
		expect(await snapshot(ws.project)).toEqual(before);
		expect(again.code).toBe(1);
		expect(again.out.slice(again.out.indexOf('Summary'))).toEqual([
			'Summary',
			'result     pages',
			'imported       0',
			'updated        0',
			'skipped        5',
			'failed         2',
		]);
		expect(again.out).toContain(
			`skipped      pages/text/notice-bom.txt: already imported as ${reports.get(PAGES.notice)!.file} (--update refreshes it)`
		);
	});
});

describe('options', () => {
	test('--dry-run writes nothing and says what it would do', async () => {
		const ws = await workspace();
		const before = await snapshot(ws.dir);
		const run = await runImport(ws.dir, ['pages', '--root', 'project', '--dry-run']);
		expect(await snapshot(ws.dir)).toEqual(before);
		expect(run.code).toBe(1);
		expect(
			run.out.some((l) =>
				/^would import +pages\/html\/news-utf8\.html → content\/reports\/2022\/zh\/2022-12-07-[0-9a-f]{6}\.md \(news, 2 files to public\/uploads\)$/.test(
					l
				)
			)
		).toBe(true);
		expect(run.out).toContain('Summary (dry run: nothing was written)');
		expect(run.out).toContain('imported       5');
	});

	test('--category-map (YAML or JSON) maps a section the defaults do not know', async () => {
		const ws = await workspace();
		await writeFile(path.join(ws.dir, 'map.yml'), '# 栏目 → 分类\n专家风采: members\n');
		await writeFile(path.join(ws.dir, 'map.json'), '{ "专家风采": "news" }');
		const yaml = await runImport(ws.dir, [
			'pages/text/experts-unmapped.txt',
			'--root',
			'project',
			'--category-map',
			'map.yml',
		]);
		expect(yaml.code).toBe(0);
		const report = [...(await readReports(ws.project)).values()][0]!;
		expect(report.data).toMatchObject({
			category: 'members',
			source: '协会专家委员会',
			title: '协会专家委员会委员李明简介',
		});

		const other = await workspace();
		await writeFile(path.join(other.dir, 'map.json'), '{ "专家风采": "news" }');
		const json = await runImport(other.dir, [
			'pages/text/experts-unmapped.txt',
			'--root',
			'project',
			'--category-map',
			'map.json',
		]);
		expect(json.code).toBe(0);
		expect([...(await readReports(other.project)).values()][0]!.data.category).toBe('news');
	});

	test('a map to an unknown category stops the run before anything is written (exit 2)', async () => {
		const ws = await workspace();
		await writeFile(path.join(ws.dir, 'map.yml'), '专家风采: experts\n');
		const run = await runImport(ws.dir, [
			'pages',
			'--root',
			'project',
			'--category-map',
			'map.yml',
		]);
		expect(run.code).toBe(2);
		expect(run.err.join('\n')).toContain('专家风采: "experts" is not in content/categories.yml');
		expect(existsSync(path.join(ws.project, 'content/reports'))).toBe(false);
	});

	test('a project without content/categories.yml is refused (exit 2)', async () => {
		const ws = await workspace();
		await rm(path.join(ws.project, 'content/categories.yml'));
		const run = await runImport(ws.dir, ['pages', '--root', 'project']);
		expect(run.code).toBe(2);
		expect(run.err.join('\n')).toContain('content/categories.yml not found');
	});

	test('--default-category files pages without a breadcrumb; without it they fail with the fix', async () => {
		const ws = await workspace();
		const page =
			'您好，欢迎访问示例省建筑行业协会官方网站！\n关于2023年元旦放假的通知\n发布时间：2022年12月28日\n　　根据国务院办公厅通知，协会2023年元旦放假安排如下。\n版权所有：示例省建筑行业协会\n';
		await writeFile(path.join(ws.dir, 'holiday.txt'), page);
		const without = await runImport(ws.dir, ['holiday.txt', '--root', 'project']);
		expect(without.code).toBe(1);
		expect(without.err.join('\n')).toContain(
			'holiday.txt: category: no breadcrumb (您现在的位置：首页 > …) found, so the section is unknown; pass --default-category <slug>'
		);
		const withIt = await runImport(ws.dir, [
			'holiday.txt',
			'--root',
			'project',
			'--default-category',
			'notices',
		]);
		expect(withIt.code).toBe(0);
		const report = [...(await readReports(ws.project)).values()][0]!;
		expect(report.data.category).toBe('notices');
		expect(report.body.trim()).toBe('根据国务院办公厅通知，协会2023年元旦放假安排如下。');
	});

	test('--update refreshes a changed page in place and keeps what editors added', async () => {
		const ws = await workspace();
		const page = path.join(ws.pages, 'text/notice-bom.txt');
		expect(
			await runImport(ws.dir, ['pages/text/notice-bom.txt', '--root', 'project'])
		).toMatchObject({ code: 0 });
		const [report] = [...(await readReports(ws.project)).values()];
		const file = path.join(ws.project, report!.file);
		// An editor adds tags; the old site corrects a sentence.
		await writeFile(
			file,
			report!.text.replace('origin:', 'tags:\n  - 安全生产 # 编辑加的\norigin:')
		);
		await writeFile(
			page,
			(await readFile(page, 'utf8')).replace(
				'各会员单位安全生产管理人员。',
				'各会员单位安全生产管理人员和项目负责人。'
			)
		);

		const skipped = await runImport(ws.dir, ['pages/text/notice-bom.txt', '--root', 'project']);
		expect(skipped.out).toContain('skipped        1');
		expect(await readFile(file, 'utf8')).not.toContain('项目负责人');

		const updated = await runImport(ws.dir, [
			'pages/text/notice-bom.txt',
			'--root',
			'project',
			'--update',
		]);
		expect(updated.code).toBe(0);
		expect(updated.out).toContain('updated        1');
		const text = await readFile(file, 'utf8');
		expect(text).toContain('各会员单位安全生产管理人员和项目负责人。');
		expect(text).toContain('tags:\n  - 安全生产 # 编辑加的\n');
		expect(await zhReports(ws.project)).toEqual([report!.file]);

		const unchanged = await runImport(ws.dir, [
			'pages/text/notice-bom.txt',
			'--root',
			'project',
			'--update',
		]);
		expect(unchanged.out).toContain('skipped        1');
		expect(unchanged.out.join('\n')).toContain('up to date');
	});
});

describe('never duplicates, never overwrites', () => {
	test('a slug taken by another report gets a new unique slug; the other file is untouched', async () => {
		const ws = await workspace();
		const dry = await runImport(ws.dir, [
			'pages/text/notice-bom.txt',
			'--root',
			'project',
			'--dry-run',
		]);
		const slug = /zh\/(2022-12-07-[0-9a-f]{6})\.md/.exec(dry.out.join('\n'))![1]!;
		const other = '---\ntitle: 编辑写的报告\ndate: 2022-12-07\ncategory: news\n---\n\n正文。\n';
		await mkdir(path.join(ws.project, 'content/reports/2022/zh'), { recursive: true });
		await writeFile(path.join(ws.project, 'content/reports/2022/zh', `${slug}.md`), other);
		const run = await runImport(ws.dir, ['pages/text/notice-bom.txt', '--root', 'project']);
		expect(run.code).toBe(0);
		expect(
			await readFile(path.join(ws.project, 'content/reports/2022/zh', `${slug}.md`), 'utf8')
		).toBe(other);
		expect(
			await readFile(path.join(ws.project, 'content/reports/2022/zh', `${slug}-2.md`), 'utf8')
		).toContain('origin: pages/text/notice-bom.txt');
	});

	test('folders a browser saves with a page (<page>_files) are not searched for pages', async () => {
		const ws = await workspace();
		await mkdir(path.join(ws.pages, 'html/news-utf8_files'));
		await writeFile(
			path.join(ws.pages, 'html/news-utf8_files/frame.htm'),
			'<html><body>广告</body></html>'
		);
		await writeFile(path.join(ws.pages, 'html/.hidden.html'), '<html><body>隐藏</body></html>');
		const run = await runImport(ws.dir, ['pages/html', '--root', 'project']);
		expect(run.code).toBe(0);
		expect(run.out).toContain('imported       1');
	});

	test('a page source saved as .txt is read as HTML', async () => {
		const ws = await workspace();
		await copyFile(
			path.join(ws.pages, 'gbk/party-undeclared.html'),
			path.join(ws.pages, 'source.txt')
		);
		const run = await runImport(ws.dir, ['pages/source.txt', '--root', 'project']);
		expect(run.code).toBe(0);
		const report = [...(await readReports(ws.project)).values()][0]!;
		expect(report.data).toMatchObject({ category: 'party', origin: 'pages/source.txt' });
		expect(report.body).not.toContain('<');
	});

	test('the same page saved twice (same canonical address) is imported once', async () => {
		const ws = await workspace();
		await copyFile(
			path.join(ws.pages, 'html/news-utf8.html'),
			path.join(ws.pages, 'html/news-copy.html')
		);
		const run = await runImport(ws.dir, ['pages/html', '--root', 'project']);
		expect(run.code).toBe(0);
		expect(run.out.join('\n')).toMatch(
			/skipped +pages\/html\/news-utf8\.html: same page as one already handled in this run/
		);
		expect(await zhReports(ws.project)).toHaveLength(1);
	});
});

describe('the command line', () => {
	test('node scripts/import.ts runs as a child process: exit 1 with failures, 0 without', async () => {
		const ws = await workspace();
		const all = await runCli(ws.dir, ['pages', '--root', 'project']);
		expect(all.code).toBe(1);
		expect(all.stdout).toMatch(
			/Summary\nresult +pages\nimported +5\nupdated +0\nskipped +0\nfailed +2\n$/
		);
		expect(all.stderr).toContain('pages/text/no-date.txt: date:');

		const good = await workspace();
		const one = await runCli(good.dir, ['pages/gbk/party-undeclared.html', '--root', 'project']);
		expect(one.stderr).toBe('');
		expect(one.code).toBe(0);
		expect(one.stdout).toContain('imported       1');
	});

	test('usage errors exit 2', async () => {
		const ws = await workspace();
		expect((await runImport(ws.dir, [])).code).toBe(2);
		expect((await runImport(ws.dir, ['pages', '--bogus'])).code).toBe(2);
		const help = await runImport(ws.dir, ['--help']);
		expect(help.code).toBe(0);
		expect(help.out.join('\n')).toContain('--category-map FILE');
	});

	test('a missing input is reported as a failure while the others import', async () => {
		const ws = await workspace();
		const run = await runImport(ws.dir, [
			'nope.html',
			'pages/gbk/party-undeclared.html',
			'--root',
			'project',
		]);
		expect(run.code).toBe(1);
		expect(run.err).toContain('failed       nope.html: input: no such file or folder');
		expect(run.out).toContain('imported       1');
	});
});

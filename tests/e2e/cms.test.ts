/**
 * The CMS in a real browser: `npm run cms` (astro dev + local backend) in a throw-away copy of
 * the site, driven through Debian's Chromium. Creates, edits and refuses reports the way an
 * editor would, then checks the files, the build, and git mode's commits.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, relative } from 'node:path';
import matter from 'gray-matter';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { reportSlug } from '../../admin/slug.js';
import { startLocalBackend, type LocalBackend } from '../../src/cms/localBackend.ts';
import { FRONT_MATTER } from '../../src/lib/content/parseReport.ts';
import { launchBrowser, screenshot, type Browser } from '../helpers/browser.ts';
import {
	freePort,
	login,
	PNG,
	startCms,
	THIS_YEAR,
	waitFor,
	type RunningCms,
} from '../helpers/cmsTest.ts';
import { readPage, listDist } from '../helpers/crawl.ts';
import { createFixtureSite, PROJECT, type FixtureSite } from '../helpers/fixtureSite.ts';

const ARTIFACTS = join(PROJECT, '.artifacts/cms');

let site: FixtureSite;
let cms: RunningCms;
let sitePort: number;
let cmsPort: number;
let browser: Browser;

/** Waits until `read` gives the same answer twice, a second apart: the UI has stopped re-rendering. */
async function untilStable(read: () => Promise<string>, ms = 30_000) {
	const until = Date.now() + ms;
	let last = await read();
	while (Date.now() < until) {
		await new Promise((r) => setTimeout(r, 1000));
		const now = await read();
		if (now === last) return;
		last = now;
	}
	throw new Error('the page kept changing');
}

const listening = async (port: number) =>
	new Promise<boolean>((resolveOpen) => {
		const socket = createServer().listen(port, '127.0.0.1');
		socket.once('error', () => resolveOpen(true));
		socket.once('listening', () => socket.close(() => resolveOpen(false)));
	});

/** Hash of every file under content/ and public/, to prove what a save did and did not touch. */
function snapshot(): Map<string, string> {
	const out = new Map<string, string>();
	for (const dir of ['content', 'public']) {
		for (const file of listDist(join(site.root, dir))) {
			out.set(
				`${dir}/${file}`,
				createHash('sha1')
					.update(readFileSync(join(site.root, dir, file)))
					.digest('hex')
			);
		}
	}
	return out;
}

function changed(before: Map<string, string>, after: Map<string, string>): string[] {
	const names = new Set([...before.keys(), ...after.keys()]);
	return [...names].filter((n) => before.get(n) !== after.get(n)).sort();
}

const git = (...args: string[]) =>
	execFileSync('git', ['-c', 'core.quotePath=false', ...args], {
		cwd: site.root,
		encoding: 'utf8',
	});

const openAdmin = (page: Page, path = '') => login(page, sitePort, path);

async function publish(page: Page) {
	await page.getByRole('button', { name: '发布', exact: true }).click();
	await page.getByRole('menuitem', { name: '立即发布' }).click();
}

/** Opens the preview pane unless it is open already (Decap remembers the choice across entries). */
async function showPreview(page: Page) {
	const pane = page.locator('iframe').first();
	if (!(await pane.isVisible()))
		await page.getByRole('button', { name: '预览', exact: true }).click();
	await pane.waitFor();
	return page.frameLocator('iframe').first();
}

async function upload(page: Page, button: string, file: string) {
	await page.getByRole('button', { name: button }).first().click();
	await page.locator('input[type=file]').first().setInputFiles(file);
	await page.getByRole('button', { name: '使用选中的文件' }).click();
}

beforeAll(async () => {
	site = createFixtureSite();
	cpSync(join(PROJECT, 'admin'), join(site.root, 'admin'), { recursive: true });
	site.write('.gitignore', 'node_modules\ndist/\n.astro/\n.cache/\n');
	site.write('.fixtures/cover.png', PNG);
	site.write('.fixtures/方案.pdf', '%PDF-1.4\n%âãÏÓ\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');
	execFileSync('git', ['init', '-q', '-b', 'main'], { cwd: site.root });
	git('add', '-A');
	git('-c', 'user.name=Test', '-c', 'user.email=test@example.org', 'commit', '-qm', 'site');
	mkdirSync(ARTIFACTS, { recursive: true });

	cms = await startCms(site.root);
	sitePort = cms.sitePort;
	cmsPort = cms.cmsPort;
	browser = await launchBrowser({ timezoneId: 'Asia/Shanghai' });
});

afterAll(async () => {
	await browser?.close();
	await cms?.stop();
	site?.cleanup();
});

describe('CMS in the browser', () => {
	let slug = '';

	test('creates a report in Chinese and English with a category, date, tag, image and attachment', async () => {
		const page = await browser.context.newPage();
		await openAdmin(page);
		// The CMS opens on this year's reports, not on the whole archive.
		await page.waitForURL(new RegExp(`#/collections/${THIS_YEAR}$`));
		await page.getByRole('link', { name: '新建报告' }).click();
		const title = page.getByRole('textbox', { name: '标题', exact: true });
		await title.nth(0).fill('关于印发《2022年度行业自律公约》的通知');
		// The editor opens with the preview beside the form; 中英对照 shows the English form.
		await page.getByRole('button', { name: '中英对照', exact: true }).click();
		await title.nth(1).fill('Notice on the 2022 Self-Regulation Convention');
		await page.getByLabel('日期').nth(0).fill('2022-03-15');
		await page.getByRole('combobox', { name: '分类' }).nth(0).click();
		await page.getByRole('option', { name: '通知公告' }).click();
		await page.getByRole('textbox', { name: '来源 (可选)' }).nth(0).fill('协会秘书处');
		await page.getByRole('textbox', { name: '来源 (可选)' }).nth(1).fill('Secretariat');
		await page
			.getByRole('button', { name: /新增标签/ })
			.nth(0)
			.click();
		await page.getByRole('textbox', { name: '标签', exact: true }).nth(0).fill('行业自律');
		await page
			.getByRole('textbox', { name: '摘要 (可选)' })
			.nth(0)
			.fill('印发2022年度行业自律公约。');
		await upload(page, '选择图片', join(site.root, '.fixtures/cover.png'));
		await page
			.getByRole('button', { name: /新增附件/ })
			.nth(0)
			.click();
		await page.getByRole('textbox', { name: '附件名称', exact: true }).nth(0).fill('自律公约全文');
		await upload(page, '选择文件', join(site.root, '.fixtures/方案.pdf'));
		const body = page.locator('[data-slate-editor="true"]');
		await body.nth(0).click();
		await page.keyboard.type('各会员单位：现将行业自律公约印发给你们，请认真遵照执行。');
		await body.nth(1).click();
		await page.keyboard.type('To all members: please observe the convention.');
		await page.waitForTimeout(500);
		await screenshot(page, join(ARTIFACTS, 'editor-zh.png'));

		// The preview: the site's own styles and the report page's parts.
		const preview = await showPreview(page);
		await expect
			.poll(() => preview.locator('h1').textContent())
			.toBe('关于印发《2022年度行业自律公约》的通知');
		await expect
			.poll(() => preview.locator('.report-meta').textContent())
			.toContain('发布时间2022年3月15日');
		await expect
			.poll(() => preview.locator('.report-meta').textContent())
			.toContain('来源协会秘书处');
		await expect
			.poll(() => preview.locator('.prose').textContent())
			.toContain('现将行业自律公约印发给你们');
		await screenshot(page, join(ARTIFACTS, 'preview-zh.png'));

		// Dated 2022, written from this year's list: it is filed under 2022, and the editor is
		// taken to it there.
		await publish(page);
		await page.waitForURL(/#\/collections\/reports-2022\/entries\/.+/, { timeout: 30_000 });
		await page.getByRole('button', { name: '已发布' }).waitFor();
		slug = decodeURIComponent(page.url().split('/entries/')[1]!);
		// A short ASCII name: the date and six hex digits of the title (admin/slug.js).
		expect(slug).toBe(reportSlug('2022-03-15', '关于印发《2022年度行业自律公约》的通知'));
		expect(slug).toMatch(/^2022-03-15-[0-9a-f]{6}$/);
		await page.close();

		const zhText = readFileSync(join(site.root, `content/reports/2022/zh/${slug}.md`), 'utf8');
		expect(zhText).toMatch(/^date: 2022-03-15$/m);
		const zh = matter(zhText, FRONT_MATTER);
		expect(zh.data).toEqual({
			title: '关于印发《2022年度行业自律公约》的通知',
			date: '2022-03-15',
			category: 'notices',
			source: '协会秘书处',
			tags: ['行业自律'],
			summary: '印发2022年度行业自律公约。',
			cover: '/uploads/cover.png',
			attachments: [{ title: '自律公约全文', file: '/uploads/方案.pdf' }],
		});
		expect(zh.content.trim()).toBe('各会员单位：现将行业自律公约印发给你们，请认真遵照执行。');
		const en = matter(
			readFileSync(join(site.root, `content/reports/2022/en/${slug}.md`), 'utf8'),
			FRONT_MATTER
		);
		expect(en.data).toMatchObject({
			title: 'Notice on the 2022 Self-Regulation Convention',
			date: '2022-03-15',
			category: 'notices',
			source: 'Secretariat',
			cover: '/uploads/cover.png',
		});
		expect(en.content.trim()).toBe('To all members: please observe the convention.');
		expect(readFileSync(join(site.root, 'public/uploads/cover.png')).equals(PNG)).toBe(true);
		expect(existsSync(join(site.root, 'public/uploads/方案.pdf'))).toBe(true);

		const check = await site.run('check');
		expect(check.code, check.stderr).toBe(0);
		const build = await site.run('build');
		expect(build.code, build.stderr + build.stdout).toBe(0);
		const url = `/reports/${slug}/`;
		expect(readPage(site.dist, url)).toContain('关于印发《2022年度行业自律公约》的通知');
		expect(readPage(site.dist, `/en${url}`)).toContain(
			'Notice on the 2022 Self-Regulation Convention'
		);
		for (const [lang, list] of [
			['', '关于印发《2022年度行业自律公约》的通知'],
			['/en', 'Notice on the 2022 Self-Regulation Convention'],
		] as const) {
			const href = encodeURI(`${lang}${url}`);
			for (const page of ['/category/notices/', '/archive/2022/', '/archive/2022/03/']) {
				const html = readPage(site.dist, `${lang}${page}`);
				expect(
					html.includes(href) || html.includes(`${lang}${url}`),
					`${lang}${page} links the report`
				).toBe(true);
				expect(html).toContain(list);
			}
			expect(readPage(site.dist, `${lang}/rss.xml`)).toContain(list);
		}
		expect(existsSync(join(site.dist, 'admin/index.html'))).toBe(true);
	});

	test('edits an existing report: only that file changes, not its untouched translation', async () => {
		const file = 'content/reports/2024/zh/2024-07-05-urban-pipeline-renewal-survey.md';
		const before = snapshot();
		const page = await browser.context.newPage();
		await openAdmin(
			page,
			'#/collections/reports-2024/entries/2024-07-05-urban-pipeline-renewal-survey'
		);
		const title = page.getByRole('textbox', { name: '标题', exact: true }).nth(0);
		await title.waitFor();
		await title.fill('城市地下管网更新改造专题调研报告（修订稿）');
		const body = page.locator('[data-slate-editor="true"]').nth(0);
		// Decap loads the entry's translation and images after the form appears and re-renders the
		// editor then; a caret placed before that moves. Wait until the editor stops changing.
		await untilStable(() => body.innerHTML());
		await body.locator('p').last().click();
		// One insertion at the end of the text: typed key by key, a re-render of the editor in
		// between can move the caret and scatter the characters.
		await page.keyboard.press('Control+End');
		await page.keyboard.insertText('【修订说明】本报告于2024年8月修订。');
		await expect.poll(() => body.textContent()).toContain('【修订说明】本报告于2024年8月修订。');
		// The rich-text editor hands its Markdown to the form after a pause: the preview shows the
		// text once the form has it.
		const preview = await showPreview(page);
		await expect
			.poll(() => preview.locator('.prose').textContent(), { timeout: 15_000 })
			.toContain('【修订说明】本报告于2024年8月修订。');
		await publish(page);
		await page.getByRole('button', { name: '已发布' }).waitFor({ timeout: 30_000 });
		await page.close();

		expect(changed(before, snapshot())).toEqual([file]);
		const { data, content } = matter(readFileSync(join(site.root, file), 'utf8'), FRONT_MATTER);
		expect(data.title).toBe('城市地下管网更新改造专题调研报告（修订稿）');
		expect(data.date).toBe('2024-07-05');
		expect(content).toContain('【修订说明】本报告于2024年8月修订。');
		const check = await site.run('check');
		expect(check.code, check.stderr).toBe(0);
	});

	test('a date moved to another year moves the report and its translation there; nothing is lost', async () => {
		const slug = '2024-03-15-annual-work-report-2023';
		const before = snapshot();
		const zhBefore = matter(
			readFileSync(join(site.root, `content/reports/2024/zh/${slug}.md`), 'utf8'),
			FRONT_MATTER
		);
		const enBefore = matter(
			readFileSync(join(site.root, `content/reports/2024/en/${slug}.md`), 'utf8'),
			FRONT_MATTER
		);
		const page = await browser.context.newPage();
		await openAdmin(page, `#/collections/reports-2024/entries/${slug}`);
		const date = page.getByLabel('日期').nth(0);
		await date.waitFor();
		await untilStable(() => page.locator('[data-slate-editor="true"]').nth(0).innerHTML());
		await date.fill('2023-12-28');
		await page.keyboard.press('Tab');
		await publish(page);
		// The editor follows the report to the 2023 list, where it now lives.
		await page.waitForURL(new RegExp(`#/collections/reports-2023/entries/${slug}$`), {
			timeout: 30_000,
		});
		await expect
			.poll(() => page.getByRole('textbox', { name: '标题', exact: true }).nth(0).inputValue(), {
				timeout: 30_000,
			})
			.toBe(zhBefore.data.title);
		await screenshot(page, join(ARTIFACTS, 'moved-to-2023.png'));
		await page.close();

		expect(changed(before, snapshot())).toEqual([
			`content/reports/2023/en/${slug}.md`,
			`content/reports/2023/zh/${slug}.md`,
			`content/reports/2024/en/${slug}.md`,
			`content/reports/2024/zh/${slug}.md`,
		]);
		expect(existsSync(join(site.root, `content/reports/2024/zh/${slug}.md`))).toBe(false);
		const zh = matter(
			readFileSync(join(site.root, `content/reports/2023/zh/${slug}.md`), 'utf8'),
			FRONT_MATTER
		);
		const en = matter(
			readFileSync(join(site.root, `content/reports/2023/en/${slug}.md`), 'utf8'),
			FRONT_MATTER
		);
		expect(zh.data).toEqual({ ...zhBefore.data, date: '2023-12-28' });
		expect(zh.content.trim()).toBe(zhBefore.content.trim());
		expect(en.data).toEqual({ ...enBefore.data, date: '2023-12-28' });
		expect(en.content.trim()).toBe(enBefore.content.trim());
		const check = await site.run('check');
		expect(check.code, check.stderr).toBe(0);
	});

	test('opens a report from its public address in two steps; search never reads every year', async () => {
		const page = await browser.context.newPage();
		await openAdmin(page);
		await page.waitForURL(new RegExp(`#/collections/${THIS_YEAR}$`));
		const lists: string[] = [];
		page.on('request', (request) => {
			const body = request.postData() ?? '';
			if (body.includes('"entriesByFolder"') || body.includes('"allEntriesByFolder"'))
				lists.push(JSON.parse(body).params.folder);
		});
		// 1. paste the address into the search box, 2. press Enter.
		const search = page.getByPlaceholder(/搜索|查找/).first();
		await search.fill(
			`http://127.0.0.1:${sitePort}/reports/2025-04-16-urban-bridge-inspection-campaign/`
		);
		await search.press('Enter');
		await page.waitForURL(
			/#\/collections\/reports-2025\/entries\/2025-04-16-urban-bridge-inspection-campaign$/,
			{ timeout: 30_000 }
		);
		await expect
			.poll(() => page.getByRole('textbox', { name: '标题', exact: true }).nth(0).inputValue(), {
				timeout: 30_000,
			})
			.toContain('桥梁');
		await screenshot(page, join(ARTIFACTS, 'opened-from-address.png'));

		// A plain search of "all collections" becomes a search of one year, and says so.
		await page.goto(`http://127.0.0.1:${sitePort}/admin/#/collections/reports-2023`);
		await page.waitForURL(/reports-2023$/);
		await page.evaluate(() => (location.hash = '#/search/理事会'));
		await page.waitForURL(/#\/collections\/reports-2023\/search\//, { timeout: 15_000 });
		await expect
			.poll(() => page.locator('#huibao-toast').textContent())
			.toContain('查找只在2023年的报告中进行');
		await expect
			.poll(() => page.getByText('2023-09-08', { exact: false }).count(), { timeout: 30_000 })
			.toBeGreaterThan(0);
		await screenshot(page, join(ARTIFACTS, 'search-one-year.png'));
		await page.close();
		// Only year folders were listed, never the whole of content/reports.
		expect(lists.length).toBeGreaterThan(0);
		expect(
			lists.every((folder) => /^content\/reports\/\d{4}$/.test(folder)),
			lists.join(', ')
		).toBe(true);
	});

	test('refuses to publish without a title: the editor sees why and no file is written', async () => {
		const before = snapshot();
		const page = await browser.context.newPage();
		await openAdmin(page, `#/collections/${THIS_YEAR}/new`);
		await page.getByLabel('日期').nth(0).fill('2023-06-01');
		await page.getByRole('combobox', { name: '分类' }).nth(0).click();
		await page.getByRole('option', { name: '协会动态' }).click();
		await publish(page);
		await expect.poll(() => page.getByText('“标题”是必填项').count()).toBeGreaterThan(0);
		await page.getByRole('textbox', { name: '标题', exact: true }).nth(0).fill('   ');
		await publish(page);
		await expect
			.poll(() => page.getByText('不能只有空格，且最多 200 个字').count())
			.toBeGreaterThan(0);
		await screenshot(page, join(ARTIFACTS, 'error-zh.png'));
		await page.waitForTimeout(500);
		expect(page.url()).toMatch(new RegExp(`#/collections/${THIS_YEAR}/new$`));
		await page.close();
		expect(changed(before, snapshot())).toEqual([]);
	});

	test("git mode: one commit with only the report's files; other work stays uncommitted (browser in UTC)", async () => {
		const backend: LocalBackend = await startLocalBackend({
			root: site.root,
			mode: 'git',
			port: 0,
			author: '编辑 <editor@example.org>',
		});
		const utc = await launchBrowser({ timezoneId: 'UTC' });
		try {
			git('add', '-A');
			git(
				'-c',
				'user.name=Test',
				'-c',
				'user.email=test@example.org',
				'commit',
				'-qm',
				'work so far'
			);
			site.write('content/notes-wip.txt', '未完成的笔记\n');
			site.write(
				'content/README.md',
				`${readFileSync(join(site.root, 'content/README.md'), 'utf8')}\n手工修改中\n`
			);
			const head = git('rev-parse', 'HEAD').trim();
			const page = await utc.context.newPage();
			// The page asks config.json where the local backend is: point it at the git-mode one.
			await page.route('**/admin/config.json', async (route) => {
				const response = await route.fetch();
				const json = await response.json();
				json.local.url = backend.url;
				await route.fulfill({ response, json });
			});
			await openAdmin(page, `#/collections/${THIS_YEAR}/new`);
			await page.getByRole('textbox', { name: '标题', exact: true }).nth(0).fill('UTC时区测试');
			await page.getByLabel('日期').nth(0).fill('2022-03-15');
			await page.getByRole('combobox', { name: '分类' }).nth(0).click();
			await page.getByRole('option', { name: '协会动态' }).click();
			// A report needs its text (or a link out): the later tests check the whole site.
			await page.locator('[data-slate-editor="true"]').nth(0).click();
			await page.keyboard.type('时区测试正文。');
			await publish(page);
			await page.getByRole('button', { name: '已发布' }).waitFor({ timeout: 30_000 });
			await page.close();

			expect(git('rev-list', '--count', `${head}..HEAD`).trim()).toBe('1');
			const utcSlug = reportSlug('2022-03-15', 'UTC时区测试');
			expect(git('show', '--name-only', '--format=%an|%s', 'HEAD').trim().split('\n')).toEqual([
				`编辑|新建报告“${utcSlug}”`,
				'',
				`content/reports/2022/zh/${utcSlug}.md`,
			]);
			expect(
				readFileSync(join(site.root, `content/reports/2022/zh/${utcSlug}.md`), 'utf8')
			).toMatch(/^date: 2022-03-15$/m);
			const status = git('status', '--porcelain');
			expect(status).toContain('?? content/notes-wip.txt');
			expect(status).toContain(' M content/README.md');
			expect(readFileSync(join(site.root, 'content/notes-wip.txt'), 'utf8')).toBe('未完成的笔记\n');
			expect(git('rev-parse', '--abbrev-ref', 'HEAD').trim()).toBe('main');
		} finally {
			await utc.close();
			await backend.close();
		}
	});

	test("网站设置 → 哀悼模式: the dates save as plain dates; a report's 落款 mark survives an edit", async () => {
		// Run alone (-t), this test meets the dev server cold: let it compile the admin page first.
		const warm = await browser.context.newPage();
		await warm.goto(`http://127.0.0.1:${sitePort}/admin/`);
		await warm.getByRole('button', { name: '登录', exact: true }).waitFor({ timeout: 120_000 });
		await warm.close();
		const page = await browser.context.newPage();
		await openAdmin(page, '#/collections/site/entries/settings');
		const from = page.getByLabel('开始日期');
		await from.waitFor();
		await from.fill('2026-04-04');
		await page.getByLabel('结束日期（含当天）').fill('2026-04-06');
		await publish(page);
		await page.getByRole('button', { name: '已发布' }).waitFor({ timeout: 30_000 });
		const settings = readFileSync(join(site.root, 'content/settings.yml'), 'utf8');
		expect(settings).toMatch(/^mourning:\n {2}from: 2026-04-04\n {2}to: 2026-04-06\n/m);
		expect((await site.run('check')).code).toBe(0);
		await page.close();

		const file = 'content/reports/2024/zh/2024-05-06-mark-test.md';
		site.write(
			file,
			'---\ntitle: 关于报送统计报表的通知\ndate: 2024-05-06\ncategory: notices\n---\n各会员单位：\n\n请于5月底前报送。\n\n<!-- 落款 -->\n\n江汉省市政工程协会（盖章）\n\n报送日期：2024年5月6日\n'
		);
		const edit = await browser.context.newPage();
		await openAdmin(edit, '#/collections/reports-2024/entries/2024-05-06-mark-test');
		const title = edit.getByRole('textbox', { name: '标题', exact: true }).nth(0);
		await title.waitFor();
		await untilStable(() => edit.locator('[data-slate-editor="true"]').nth(0).innerHTML());
		await title.fill('关于报送2024年统计报表的通知');
		// An edit of the text itself: the rich-text editor writes the whole body back.
		const body = edit.locator('[data-slate-editor="true"]').nth(0);
		await body.locator('p').nth(1).click();
		await edit.keyboard.press('End');
		await edit.keyboard.insertText('逾期不再受理。');
		const preview = await showPreview(edit);
		await expect
			.poll(() => preview.locator('.prose').textContent(), { timeout: 15_000 })
			.toContain('逾期不再受理。');
		await publish(edit);
		await edit.getByRole('button', { name: '已发布' }).waitFor({ timeout: 30_000 });
		await edit.close();
		const saved = readFileSync(join(site.root, file), 'utf8');
		expect(saved).toContain('title: 关于报送2024年统计报表的通知');
		expect(saved).toContain('请于5月底前报送。逾期不再受理。');
		expect(saved).toMatch(
			/\n<!-- 落款 -->\n\n江汉省市政工程协会（盖章）\n\n报送日期：2024年5月6日\n$/
		);
	});

	test('says so in Chinese when the local backend is not running; English on ?lang=en', async () => {
		const page = await browser.context.newPage();
		await page.addInitScript(() => localStorage.removeItem('decap-cms-user'));
		const closed = await freePort();
		await page.route('**/admin/config.json', async (route) => {
			const response = await route.fetch();
			const json = await response.json();
			json.local.url = `http://127.0.0.1:${closed}/api/v1`;
			await route.fulfill({ response, json });
		});
		await page.goto(`http://127.0.0.1:${sitePort}/admin/`);
		await expect
			.poll(() => page.locator('#huibao-notice').textContent())
			.toContain('本地编辑服务没有运行');
		expect(await page.locator('#huibao-notice').textContent()).toContain('npm run cms');
		await page.goto(`http://127.0.0.1:${sitePort}/admin/?lang=en`);
		await expect
			.poll(() => page.locator('#huibao-notice').textContent())
			.toContain('The local editing service is not running');
		await page.unroute('**/admin/config.json');
		await page.goto(`http://127.0.0.1:${sitePort}/admin/?lang=en`);
		await page.getByRole('button', { name: 'Login', exact: true }).waitFor({ timeout: 30_000 });
		await page.goto(`http://127.0.0.1:${sitePort}/admin/?lang=zh`);
		await page.getByRole('button', { name: '登录', exact: true }).waitFor({ timeout: 30_000 });
		await page.close();
	});

	test('Ctrl-C stops the site and the backend', async () => {
		expect(await listening(sitePort)).toBe(true);
		expect(await listening(cmsPort)).toBe(true);
		process.kill(cms.process.pid!, 'SIGINT');
		await waitFor(async () => cms.process.exitCode !== null, 'npm run cms to exit', 15_000);
		expect(await listening(sitePort)).toBe(false);
		expect(await listening(cmsPort)).toBe(false);
		expect(relative(PROJECT, ARTIFACTS)).toBe('.artifacts/cms');
	});
});

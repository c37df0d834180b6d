/**
 * 置顶, 文号/成文日期, links out and 定时发布 from the CMS in a real browser: `npm run cms` in a
 * throw-away copy of the site, Decap driven through Chromium as an editor would. Three items are
 * created (a pinned notice with a 文号 in both languages, a link-out item with no text, a notice
 * scheduled for 08:00), the list of entries shows which is which, and the site built before and
 * at the publish minute (clock faked, machine in another time zone) shows them as it should.
 */
import { cpSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import matter from 'gray-matter';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FRONT_MATTER } from '../../src/lib/content/parseReport.ts';
import { launchBrowser, screenshot, type Browser } from '../helpers/browser.ts';
import { login, startCms, type RunningCms } from '../helpers/cmsTest.ts';
import { readPage } from '../helpers/crawl.ts';
import { serveStatic } from '../helpers/staticServer.ts';
import { createFixtureSite, PROJECT, type FixtureSite } from '../helpers/fixtureSite.ts';

const ARTIFACTS = join(PROJECT, '.artifacts/cms-notices');

let site: FixtureSite;
let cms: RunningCms;
let sitePort: number;
let browser: Browser;

/** A new report in the CMS, past the login page. */
async function newReport(): Promise<Page> {
	const page = await browser.context.newPage();
	await login(page, sitePort);
	await page.getByRole('link', { name: '新建报告' }).click();
	await page.getByRole('textbox', { name: '标题', exact: true }).first().waitFor();
	// One right-hand pane at a time, remembered: the English pane back in place of the preview.
	if (!(await page.getByRole('textbox', { name: '标题', exact: true }).nth(1).isVisible()))
		await page.getByRole('button', { name: '中英对照', exact: true }).click();
	return page;
}

async function fillCommon(page: Page, zhTitle: string, enTitle: string | null, date: string) {
	const title = page.getByRole('textbox', { name: '标题', exact: true });
	await title.nth(0).fill(zhTitle);
	if (enTitle) await title.nth(1).fill(enTitle);
	await page.getByLabel('日期').nth(0).fill(date);
	await page.getByRole('combobox', { name: '分类' }).nth(0).click();
	await page.getByRole('option', { name: '通知公告' }).click();
}

async function typeBody(page: Page, index: number, text: string) {
	await page.locator('[data-slate-editor="true"]').nth(index).click();
	await page.keyboard.type(text);
}

/** Opens the preview pane unless it is open already (Decap remembers the choice across entries). */
async function showPreview(page: Page) {
	const pane = page.locator('iframe').first();
	if (!(await pane.isVisible()))
		await page.getByRole('button', { name: '预览', exact: true }).click();
	await pane.waitFor();
	return page.frameLocator('iframe').first();
}

/** Publishes and waits for Decap to say so; returns the new entry's slug. */
async function publish(page: Page): Promise<string> {
	await page.getByRole('button', { name: '发布', exact: true }).click();
	await page.getByRole('menuitem', { name: '立即发布' }).click();
	await page.waitForURL(/#\/collections\/reports-\d{4}\/entries\/.+/, { timeout: 30_000 });
	await page.getByRole('button', { name: '已发布' }).waitFor();
	return decodeURIComponent(page.url().split('/entries/')[1]!);
}

const frontMatter = (lang: string, slug: string) =>
	matter(readFileSync(join(site.root, `content/reports/2025/${lang}/${slug}.md`), 'utf8'), {
		...FRONT_MATTER,
	});

const slugs: Record<'pinned' | 'link' | 'scheduled', string> = {
	pinned: '',
	link: '',
	scheduled: '',
};

beforeAll(async () => {
	site = createFixtureSite();
	cpSync(join(PROJECT, 'admin'), join(site.root, 'admin'), { recursive: true });
	mkdirSync(ARTIFACTS, { recursive: true });
	cms = await startCms(site.root);
	sitePort = cms.sitePort;
	browser = await launchBrowser({ timezoneId: 'Asia/Shanghai' });
}, 120_000);

afterAll(async () => {
	await browser?.close();
	await cms?.stop();
	site?.cleanup();
});

describe('置顶, 文号, links out and 定时发布 from the CMS', () => {
	it('a pinned notice with a 文号 and 成文日期, in Chinese and English', async () => {
		const page = await newReport();
		await fillCommon(
			page,
			'关于做好年度会费缴纳工作的通知',
			'Notice on annual membership fees',
			'2025-05-20'
		);
		await page.getByLabel('置顶 (可选)', { exact: true }).nth(0).click();
		await page.getByLabel('置顶至 (可选)').nth(0).fill('2025-06-30');
		await page.getByRole('textbox', { name: '文号' }).nth(0).fill('鄂市政协〔2025〕12号');
		await page.getByLabel('成文日期 (可选)').nth(0).fill('2025-05-18');
		await typeBody(page, 0, '各会员单位：请于6月30日前缴纳年度会费。');
		await typeBody(page, 1, 'To all members: please pay the annual fee by 30 June.');
		// The preview shows the 文号 and 成文日期 under the title, as the page will.
		const preview = await showPreview(page);
		await expect
			.poll(() => preview.locator('.report-meta').textContent())
			.toContain('文号鄂市政协〔2025〕12号');
		await expect
			.poll(() => preview.locator('.report-meta').textContent())
			.toContain('成文日期2025年5月18日');
		await screenshot(page, join(ARTIFACTS, 'pinned-editor.png'));
		slugs.pinned = await publish(page);
		await page.close();

		expect(frontMatter('zh', slugs.pinned).data).toMatchObject({
			pinned: true,
			pinned_until: '2025-06-30',
			doc_number: '鄂市政协〔2025〕12号',
			written_date: '2025-05-18',
		});
		// The same-in-every-language fields are copied into the translation.
		expect(frontMatter('en', slugs.pinned).data).toMatchObject({
			title: 'Notice on annual membership fees',
			pinned: true,
			doc_number: '鄂市政协〔2025〕12号',
		});
	}, 180_000);

	it('a link-out item: title, date, category, source and address, no text', async () => {
		const page = await newReport();
		await fillCommon(page, '协会公众号：年会回顾', null, '2025-05-22');
		await page.getByRole('textbox', { name: '来源 (可选)' }).nth(0).fill('协会微信公众号');
		await page
			.getByRole('textbox', { name: '外部链接 (可选)' })
			.nth(0)
			.fill('https://mp.weixin.qq.com/s/abc');
		const preview = await showPreview(page);
		await expect
			.poll(() => preview.locator('.external-link').textContent())
			.toContain('https://mp.weixin.qq.com/s/abc');
		slugs.link = await publish(page);
		await page.close();
		const file = frontMatter('zh', slugs.link);
		expect(file.data).toMatchObject({ link: 'https://mp.weixin.qq.com/s/abc' });
		expect(file.content.trim()).toBe('');
	}, 180_000);

	it('a notice scheduled for 08:00; the list of entries marks pinned, scheduled and link-out', async () => {
		const page = await newReport();
		await fillCommon(page, '关于举办定时发布培训的通知', 'Scheduled training notice', '2025-05-25');
		await page.getByLabel('定时发布 (可选)').nth(0).fill('2025-06-01T08:00');
		await typeBody(page, 0, '定于6月举办培训。');
		await typeBody(page, 1, 'A training course in June.');
		slugs.scheduled = await publish(page);
		expect(frontMatter('zh', slugs.scheduled).data.publish_at).toBe('2025-06-01 08:00');
		expect(frontMatter('en', slugs.scheduled).data.publish_at).toBe('2025-06-01 08:00');

		await page.goto(`http://127.0.0.1:${sitePort}/admin/#/collections/reports-2025`);
		const list = page.locator('main');
		await expect
			.poll(() => list.textContent(), { timeout: 30_000 })
			.toContain('【置顶】2025-05-20');
		expect(await list.textContent()).toContain('【定时】2025-05-25');
		expect(await list.textContent()).toContain('【外链】2025-05-22');
		await screenshot(page, join(ARTIFACTS, 'entries-list.png'));
		await page.close();
	}, 180_000);

	it('the built site, a minute before and at the publish minute, in both languages', async () => {
		const env = { TZ: 'America/Los_Angeles' };
		const before = await site.run('build', [], { ...env, HUIBAO_NOW: '2025-06-01T07:59:00+08:00' });
		expect(before.code, before.stderr + before.stdout).toBe(0);
		for (const lang of ['', '/en']) {
			const list = readPage(site.dist, `${lang}/category/notices/`);
			expect(list).not.toMatch(/定时发布培训|Scheduled training/);
			// Pinned: first in the list, marked.
			const first = /<span class="title">([\s\S]*?)<\/a>/.exec(list)![1]!;
			expect(first).toContain(lang ? 'Pinned' : '置顶');
			expect(first).toContain(lang ? 'Notice on annual membership fees' : '年度会费');
			const pageHtml = readPage(site.dist, `${lang}/reports/${slugs.pinned}/`);
			expect(pageHtml).toContain('鄂市政协〔2025〕12号');
			expect(pageHtml).toContain(lang ? 'Date written' : '成文日期');
		}
		// What a reader sees: the list with its 置顶 tag and external link, the 文号 under the title.
		const server = await serveStatic(site.dist);
		try {
			const page = await browser.context.newPage();
			for (const [path, name] of [
				['/category/notices/', 'category-zh'],
				[`/reports/${slugs.pinned}/`, 'report-zh'],
				[`/en/reports/${slugs.pinned}/`, 'report-en'],
			] as const) {
				await page.goto(server.origin + encodeURI(path));
				await screenshot(page, join(ARTIFACTS, `${name}.png`));
			}
			await page.close();
		} finally {
			await server.close();
		}
		const zhList = readPage(site.dist, '/category/notices/');
		expect(zhList).toContain(
			'<a href="https://mp.weixin.qq.com/s/abc" rel="external noopener" class="external">'
		);
		expect(readPage(site.dist, '/rss.xml')).toContain('协会公众号：年会回顾');

		const at = await site.run('build', [], { ...env, HUIBAO_NOW: '2025-06-01T08:00:00+08:00' });
		expect(at.code, at.stderr + at.stdout).toBe(0);
		expect(readPage(site.dist, '/category/notices/')).toContain('关于举办定时发布培训的通知');
		expect(readPage(site.dist, '/en/category/notices/')).toContain('Scheduled training notice');
		expect(readPage(site.dist, `/reports/${slugs.scheduled}/`)).toContain('定于6月举办培训');
	}, 240_000);
});

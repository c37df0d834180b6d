/**
 * The CMS as a new editor meets it (issue 17): `npm run cms` in a throw-away copy of the site,
 * real Decap in Chromium. Tag values in the list, the English page's attachments, the preview's
 * cover before publishing, plain Chinese, the draft mark, short addresses, the shared media
 * library, and a phone-sized editor. Screenshots in .artifacts/cms-polish/.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import matter from 'gray-matter';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { FRONT_MATTER } from '../../src/lib/content/parseReport.ts';
import { launchBrowser, screenshot, type Browser } from '../helpers/browser.ts';
import { login, PNG, startCms, THIS_YEAR, type RunningCms } from '../helpers/cmsTest.ts';
import { createFixtureSite, PROJECT, type FixtureSite } from '../helpers/fixtureSite.ts';

const ARTIFACTS = join(PROJECT, '.artifacts/cms-polish');

let site: FixtureSite;
let cms: RunningCms;
let sitePort: number;
let browser: Browser;

async function publish(page: Page) {
	await page.getByRole('button', { name: '发布', exact: true }).click();
	await page.getByRole('menuitem', { name: '立即发布' }).click();
}

const shot = (page: Page, name: string) => screenshot(page, join(ARTIFACTS, name));

beforeAll(async () => {
	site = createFixtureSite();
	site.write('.gitignore', 'node_modules\ndist/\n.astro/\n.cache/\n');
	site.write('.fixtures/cover.png', PNG);
	site.write('.fixtures/公约.pdf', '%PDF-1.4\n%âãÏÓ\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');
	// Last year's logo, uploaded with an older report into the shared media folder: the library
	// offers it to a new report of any year.
	site.write('public/uploads/协会标志.png', PNG);
	execFileSync('git', ['init', '-q', '-b', 'main'], { cwd: site.root });
	mkdirSync(ARTIFACTS, { recursive: true });
	cms = await startCms(site.root);
	sitePort = cms.sitePort;
	browser = await launchBrowser({ timezoneId: 'Asia/Shanghai' });
});

afterAll(async () => {
	await browser?.close();
	await cms?.stop();
	site?.cleanup();
});

describe('the CMS as an editor meets it', () => {
	let slug = '';

	test('a new report: plain Chinese, preview with the cover before publishing, tag values, a short address, the English page with the attachments', async () => {
		let page = await browser.context.newPage();
		await page.addInitScript(() => localStorage.removeItem('decap-cms-user'));
		await page.goto(`http://127.0.0.1:${sitePort}/admin/`);
		// The login page: the association's mark and name, not Decap's logo.
		const loginPage = page.locator('[class*="-StyledAuthenticationPage"]');
		await loginPage.waitFor({ timeout: 30_000 });
		expect(await loginPage.evaluate((el) => getComputedStyle(el, '::before').content)).toContain(
			'江汉省市政工程协会'
		);
		expect(await loginPage.locator('img').first().getAttribute('src')).toBe('/favicon.svg');
		await shot(page, 'login.png');
		await page.getByRole('button', { name: '登录', exact: true }).click();
		await page.waitForURL(new RegExp(`#/collections/${THIS_YEAR}$`));

		await page.getByRole('link', { name: '新建报告' }).click();
		let title = page.getByRole('textbox', { name: '标题', exact: true });
		await title.nth(0).waitFor();
		// An empty form is not "saved"; the back link and the language menu read as Chinese.
		await expect
			.poll(() => page.getByText('返回“').first().textContent())
			.toMatch(/^返回“\d{4}年报告”$/);
		expect(await page.getByText('修改已保存').isVisible()).toBe(false);
		expect(await page.getByText(/正在集合|正在使用|进行填充/).count()).toBe(0);
		// The dates are days (日期, 置顶至, 成文日期): no "UTC" beside any of them.
		const utc = page.getByText('UTC', { exact: true });
		expect(await utc.count()).toBeGreaterThan(0);
		expect(await utc.filter({ visible: true }).count()).toBe(0);
		// The preview is beside the form from the start, and its toggle says what it is.
		const preview = page.frameLocator('iframe').first();
		await page.locator('iframe').first().waitFor();
		const toggle = page.getByRole('button', { name: '预览', exact: true });
		expect(await toggle.evaluate((el) => getComputedStyle(el, '::after').content)).toBe('"预览"');
		await shot(page, 'new-report.png');

		// The media library before a date is set: every year's uploads, never "invalid-date".
		const requests: string[] = [];
		page.on('request', (r) => requests.push(r.postData() ?? ''));
		await page.getByRole('button', { name: '选择图片' }).first().click();
		await page.getByText('协会标志.png').waitFor({ timeout: 30_000 });
		await shot(page, 'media-library.png');
		await page
			.locator('input[type=file]')
			.first()
			.setInputFiles(join(site.root, '.fixtures/cover.png'));
		await page.getByRole('button', { name: '使用选中的文件' }).click();
		// The just-uploaded cover shows in the preview before anything is published.
		const cover = preview.locator('figure.cover img');
		await expect
			.poll(() => cover.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth), {
				timeout: 15_000,
			})
			.toBe(16);

		await title.nth(0).fill('关于印发《2022年度行业自律公约》的通知');
		await page.getByLabel('日期').nth(0).fill('2022-03-15');
		await page.getByRole('combobox', { name: '分类' }).nth(0).click();
		await page.getByRole('option', { name: '通知公告' }).click();
		for (const [i, tag] of ['行业自律', '信用评价'].entries()) {
			await page
				.getByRole('button', { name: /新增标签/ })
				.nth(0)
				.click();
			await page.getByRole('textbox', { name: '标签', exact: true }).nth(i).fill(tag);
		}
		await page
			.getByRole('button', { name: /新增附件/ })
			.nth(0)
			.click();
		await page.getByRole('textbox', { name: '附件名称', exact: true }).nth(0).fill('自律公约全文');
		await page.getByRole('button', { name: '选择文件' }).first().click();
		await page
			.locator('input[type=file]')
			.first()
			.setInputFiles(join(site.root, '.fixtures/公约.pdf'));
		await page.getByRole('button', { name: '使用选中的文件' }).click();
		const body = page.locator('[data-slate-editor="true"]');
		await body.nth(0).click();
		await page.keyboard.type('各会员单位：现将行业自律公约印发给你们。');
		await expect
			.poll(() => preview.locator('h1').textContent())
			.toBe('关于印发《2022年度行业自律公约》的通知');
		await shot(page, 'preview-cover.png');
		// The English side: a title and a sentence, no attachments re-entered.
		await page.getByRole('button', { name: '中英对照', exact: true }).click();
		await title.nth(1).fill('Notice on the 2022 Self-Regulation Convention');
		await body.nth(1).click();
		await page.keyboard.type('To all members: please observe the convention.');
		await page.waitForTimeout(500);
		await shot(page, 'editor-zh-en.png');
		expect(requests.join('\n')).not.toContain('invalid-date');

		await publish(page);
		await page.waitForURL(/#\/collections\/reports-2022\/entries\/.+/, { timeout: 30_000 });
		await page.getByRole('button', { name: '已发布' }).waitFor();
		slug = decodeURIComponent(page.url().split('/entries/')[1]!);
		// A short ASCII address: the date and six hex digits.
		expect(slug).toMatch(/^2022-03-15-[0-9a-f]{6}$/);
		// Saved tags show their values, not the word 标签 (the report opened again).
		await page.close();
		page = await browser.context.newPage();
		await login(page, sitePort, `#/collections/reports-2022/entries/${slug}`);
		title = page.getByRole('textbox', { name: '标题', exact: true });
		await expect
			.poll(() => title.nth(0).inputValue(), { timeout: 30_000 })
			.toBe('关于印发《2022年度行业自律公约》的通知');
		// Text on the page, not the value of a text box (getByText does not read inputs).
		for (const tag of ['行业自律', '信用评价'])
			await page.getByText(tag, { exact: true }).first().waitFor({ timeout: 15_000 });
		// 标签 itself only as the field's label (Chinese and English panes), not on each tag.
		expect(await page.getByText('标签', { exact: true }).count()).toBeLessThanOrEqual(2);
		// 在网站上查看 opens this report on the local site.
		await expect
			.poll(() => page.getByRole('link', { name: /在网站上查看/ }).getAttribute('href'), {
				timeout: 30_000,
			})
			.toBe(`http://127.0.0.1:${sitePort}/reports/${slug}/`);
		await page.getByText('行业自律', { exact: true }).first().scrollIntoViewIfNeeded();
		await shot(page, 'tags.png');
		await page.close();

		const en = matter(
			readFileSync(join(site.root, `content/reports/2022/en/${slug}.md`), 'utf8'),
			FRONT_MATTER
		);
		expect(en.data.attachments).toBeUndefined();
		// The English page offers the Chinese version's attachment all the same.
		const enPage = await browser.context.newPage();
		await enPage.goto(`http://127.0.0.1:${sitePort}/en/reports/${slug}/`);
		const attachment = enPage.locator('.attachments a', { hasText: '自律公约全文' });
		await attachment.waitFor({ timeout: 30_000 });
		expect(decodeURI((await attachment.getAttribute('href')) ?? '')).toBe('/uploads/公约.pdf');
		await shot(enPage, 'english-page-attachments.png');
		await enPage.close();
	});

	test('drafts are marked in the CMS list and on the local site', async () => {
		const page = await browser.context.newPage();
		await login(page, sitePort, '#/collections/reports-2026');
		await expect
			.poll(() => page.getByText(/2026-10-15.*【草稿】/).count(), { timeout: 30_000 })
			.toBe(1);
		expect(await page.getByText(/2026-03-20.*【草稿】/).count()).toBe(0);
		await shot(page, 'list-draft.png');
		await page.goto(`http://127.0.0.1:${sitePort}/archive/2026/`);
		const item = page.locator('.report-list li', { hasText: '第四届会员代表大会' });
		await item.waitFor({ timeout: 30_000 });
		expect(await item.locator('.draft-badge').textContent()).toContain('草稿');
		expect(
			await page.locator('.report-list li', { hasText: '继续教育' }).locator('.draft-badge').count()
		).toBe(0);
		await shot(page, 'site-list-draft.png');
		await page.close();
	});

	test('on a phone (390 × 844): read the list, open a report, fix a typo, publish', async () => {
		const phone = await launchBrowser({
			timezoneId: 'Asia/Shanghai',
			viewport: { width: 390, height: 844 },
		});
		try {
			const page = await phone.context.newPage();
			await login(page, sitePort, '#/collections/reports-2025');
			const card = page.getByText('城市桥梁检测专项行动', { exact: false }).first();
			await card.waitFor({ timeout: 30_000 });
			await shot(page, 'phone-list.png');
			await card.click();
			const title = page.getByRole('textbox', { name: '标题', exact: true }).nth(0);
			await title.waitFor({ timeout: 30_000 });
			await page.waitForTimeout(1000);
			// The editor is the screen's width; the preview toggle is on the screen.
			expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
				390
			);
			const toggle = await page.getByRole('button', { name: '预览', exact: true }).boundingBox();
			expect(toggle).not.toBeNull();
			expect(toggle!.x + toggle!.width).toBeLessThanOrEqual(390);
			expect(toggle!.y + toggle!.height).toBeLessThanOrEqual(844);
			await shot(page, 'phone-editor.png');
			const before = await title.inputValue();
			await title.fill(`${before}（更正）`);
			const publishButton = await page
				.getByRole('button', { name: '发布', exact: true })
				.boundingBox();
			expect(publishButton!.x + publishButton!.width).toBeLessThanOrEqual(390);
			await publish(page);
			await page.getByRole('button', { name: '已发布' }).waitFor({ timeout: 30_000 });
			await shot(page, 'phone-published.png');
			const file = readFileSync(
				join(site.root, 'content/reports/2025/zh/2025-04-16-urban-bridge-inspection-campaign.md'),
				'utf8'
			);
			expect(matter(file, FRONT_MATTER).data.title).toBe(`${before}（更正）`);
		} finally {
			await phone.close();
		}
	});
});

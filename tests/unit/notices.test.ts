/**
 * 置顶, 文号/成文日期, links out and 定时发布/下线 in the content pipeline and the site model:
 * real files validated by validateSite() and modelled for a given "now", no Astro.
 */
import { afterAll, describe, expect, test } from 'vitest';
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { validateSite } from '../../src/lib/build/validateSite.ts';
import { formatProblem } from '../../src/lib/content/problem.ts';
import { buildClock, siteTimeAt, toSiteTime } from '../../src/lib/dates/siteTime.ts';
import { scheduleState, scheduleTimes } from '../../src/lib/site/schedule.ts';
import type { PageOf } from '../../src/lib/site/siteModel.ts';
import { recordHtml, searchRecordFor } from '../../src/search/records.ts';
import { grams, indexTerm } from '../../src/search/grams.ts';

const roots: string[] = [];
afterAll(() => roots.forEach((r) => rmSync(r, { recursive: true, force: true })));

function project(files: Record<string, string>): string {
	const root = mkdtempSync(join(tmpdir(), 'huibao-notices-'));
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

const report = (title: string, date: string, extra = '', body = '正文。') =>
	`---\ntitle: ${title}\ndate: ${date}\ncategory: notices\n${extra}---\n${body}\n`;

async function siteAt(files: Record<string, string>, now: string) {
	const root = project(files);
	const result = await validateSite({
		root,
		cacheDir: join(root, '.cache'),
		now: new Date(now),
		workers: 0,
	});
	return { ...result, problems: result.problems.map(formatProblem) };
}

const titles = (items: { title: string }[]) => items.map((i) => i.title);

describe('site time', () => {
	test('times are read as written, in the site zone, to the minute', () => {
		expect(toSiteTime('2025-06-01 08:00')).toBe('2025-06-01 08:00');
		expect(toSiteTime('2025-06-01T08:00:59')).toBe('2025-06-01 08:00');
		// YAML's unquoted `2025-06-01 08:00:00` is a Date at UTC: its UTC fields are what was written.
		expect(toSiteTime(new Date(Date.UTC(2025, 5, 1, 8, 0)))).toBe('2025-06-01 08:00');
		expect(toSiteTime('2025-06-01 24:00')).toBeUndefined();
		expect(toSiteTime('2025-02-30 08:00')).toBeUndefined();
		expect(toSiteTime('2025-06-01T08:00+08:00')).toBeUndefined();
		expect(toSiteTime('明天早上')).toBeUndefined();
	});

	test('now in the site zone does not depend on the machine zone (TZ)', () => {
		const instant = new Date('2025-06-01T00:00:00Z');
		expect(siteTimeAt(instant, 'Asia/Shanghai')).toBe('2025-06-01 08:00');
		expect(siteTimeAt(instant, 'America/Los_Angeles')).toBe('2025-05-31 17:00');
		expect(buildClock({ HUIBAO_NOW: '2025-06-01T07:59:00+08:00' }).toISOString()).toBe(
			'2025-05-31T23:59:00.000Z'
		);
		expect(() => buildClock({ HUIBAO_NOW: '2025-06-01 08:00' })).toThrow(/not an instant/);
	});

	test('live from the publish minute, gone from the take-down minute', () => {
		const data = { publish_at: '2025-06-01 08:00', unpublish_at: '2025-06-30 18:00' };
		expect(scheduleState(data, '2025-06-01 07:59')).toBe('scheduled');
		expect(scheduleState(data, '2025-06-01 08:00')).toBe('live');
		expect(scheduleState(data, '2025-06-30 17:59')).toBe('live');
		expect(scheduleState(data, '2025-06-30 18:00')).toBe('expired');
		expect(scheduleTimes({ pinned: true, pinned_until: '2025-06-30' })).toEqual([
			'2025-07-01 00:00',
		]);
	});
});

describe('validation of the new fields', () => {
	test('every obviously wrong value, as file: field: problem', async () => {
		const { problems } = await siteAt(
			{
				'content/reports/2025/zh/a.md': report('甲', '2025-05-01', 'doc_number: 2025-05-01\n'),
				'content/reports/2025/zh/b.md': report('乙', '2025-05-01', 'doc_number: 协会发〔2025\n'),
				'content/reports/2025/zh/c.md': report('丙', '2025-05-01', 'doc_number: 协会通知\n'),
				'content/reports/2025/zh/d.md': report('丁', '2025-05-01', 'written_date: 2025-05-03\n'),
				'content/reports/2025/zh/e.md': report(
					'戊',
					'2025-05-01',
					"publish_at: '2025-06-01 08:00'\nunpublish_at: '2025-06-01 08:00'\n"
				),
				'content/reports/2025/zh/f.md': report('己', '2025-05-01', 'publish_at: 明天\n'),
				'content/reports/2025/zh/g.md': report('庚', '2025-05-01', '', ''),
				'content/reports/2025/zh/h.md': report('辛', '2025-05-01', 'pinned_until: 2025-06-30\n'),
				// A link-out item needs no body; a real 文号 and 成文日期 pass.
				'content/reports/2025/zh/ok.md': report(
					'壬',
					'2025-05-01',
					'link: https://mp.weixin.qq.com/s/abc\ndoc_number: 鄂市政协〔2025〕12号\nwritten_date: 2025-04-28\n',
					''
				),
			},
			'2025-05-02T00:00:00Z'
		);
		expect(problems.sort()).toEqual([
			'content/reports/2025/zh/a.md: doc_number: is a date, not a document number',
			'content/reports/2025/zh/b.md: doc_number: 〔 without 〕: write the year like 〔2025〕',
			'content/reports/2025/zh/c.md: doc_number: has no number in it ("协会通知"): write it like 协会发〔2025〕3号',
			'content/reports/2025/zh/d.md: written_date: 2025-05-03 is after the publication date 2025-05-01: a document is written before it is published',
			'content/reports/2025/zh/e.md: unpublish_at: 2025-06-01 08:00 is not after publish_at 2025-06-01 08:00: the report would never be on the site',
			'content/reports/2025/zh/f.md: publish_at: must be a time written YYYY-MM-DD HH:mm (in the site\'s time zone, no offset), got "明天"',
			'content/reports/2025/zh/g.md: body: is empty: write the text, or give an external link (link) for a link-out item',
			'content/reports/2025/zh/h.md: pinned_until: is set but pinned is not: tick 置顶 (pinned: true) or clear the date',
		]);
	});
});

describe('the site at a given minute', () => {
	const files = {
		'content/reports/2025/zh/old.md': report('旧通知', '2025-01-10'),
		'content/reports/2025/zh/pin-a.md': report('置顶甲', '2025-02-01', 'pinned: true\n'),
		'content/reports/2025/zh/pin-b.md': report(
			'置顶乙',
			'2025-03-01',
			'pinned: true\npinned_until: 2025-06-30\n'
		),
		'content/reports/2025/zh/new.md': report('新通知', '2025-05-20'),
		'content/reports/2025/zh/later.md': report(
			'定时通知',
			'2025-05-25',
			"publish_at: '2025-06-01 08:00'\n"
		),
		'content/reports/2025/en/later.md': report('Scheduled notice', '2025-05-25'),
		'content/reports/2025/zh/down.md': report(
			'限时通知',
			'2025-05-21',
			"unpublish_at: '2025-06-10 17:30'\n"
		),
		'content/reports/2025/zh/wx.md': report(
			'公众号文章',
			'2025-05-22',
			'link: https://mp.weixin.qq.com/s/abc\n',
			''
		),
	};

	function view(model: NonNullable<Awaited<ReturnType<typeof siteAt>>['model']>) {
		const page = <K extends 'home' | 'category' | 'rss'>(kind: K, url: string) =>
			model.pages.find((p) => p.kind === kind && p.url === url) as PageOf<K>;
		const sitemap = model.pages
			.filter((p) => p.kind === 'sitemap')
			.flatMap((p) => (p as PageOf<'sitemap'>).props.entries.map((e) => e.url));
		return {
			home: page('home', '/').props,
			category: page('category', '/category/notices/').props.items,
			rss: page('rss', '/rss.xml').props.items,
			sitemap,
			reports: model.pages.filter((p) => p.kind === 'report').map((p) => p.url),
		};
	}

	test('a minute before publish_at (Beijing): not anywhere; pinned reports first, newest first', async () => {
		const { model, problems, content } = await siteAt(files, '2025-06-01T07:59:00+08:00');
		expect(problems).toEqual([]);
		const v = view(model!);
		expect(titles(v.category)).toEqual([
			'置顶乙',
			'置顶甲',
			'公众号文章',
			'限时通知',
			'新通知',
			'旧通知',
		]);
		expect(v.category.filter((i) => i.pinned).length).toBe(2);
		expect(titles(v.home.latest).slice(0, 2)).toEqual(['置顶乙', '置顶甲']);
		// …and not again in their category's section below: the home page shows no report twice.
		const inSections = v.home.sections.flatMap((section) => titles(section.items));
		expect(inSections).not.toContain('置顶乙');
		expect(inSections).not.toContain('置顶甲');
		// Feeds stay in date order, unmarked.
		expect(titles(v.rss)).toEqual([
			'公众号文章',
			'限时通知',
			'新通知',
			'置顶乙',
			'置顶甲',
			'旧通知',
		]);
		expect(v.reports).not.toContain('/reports/later/');
		expect(v.reports).not.toContain('/en/reports/later/');
		expect(v.sitemap).not.toContain('/reports/later/');
		expect(content!.reports.map((r) => r.id)).not.toContain('zh/later');
		// A link-out item lists its address, marked external; its forwarding page is not in the sitemap.
		const wx = v.category.find((i) => i.title === '公众号文章')!;
		expect(wx).toMatchObject({ url: 'https://mp.weixin.qq.com/s/abc', external: true });
		expect(v.reports).toContain('/reports/wx/');
		expect(v.sitemap).not.toContain('/reports/wx/');
	});

	test('the publish minute itself, built on a machine in another zone', async () => {
		const { model } = await siteAt(files, '2025-06-01T00:00:00Z');
		const v = view(model!);
		expect(v.reports).toContain('/reports/later/');
		expect(v.reports).toContain('/en/reports/later/');
		expect(v.sitemap).toContain('/reports/later/');
		expect(titles(v.rss)[0]).toBe('定时通知');
	});

	test('take-down minute: out of lists, feeds, sitemap and its page is gone', async () => {
		const before = view((await siteAt(files, '2025-06-10T17:29:00+08:00')).model!);
		expect(titles(before.category)).toContain('限时通知');
		const after = view((await siteAt(files, '2025-06-10T17:30:00+08:00')).model!);
		expect(titles(after.category)).not.toContain('限时通知');
		expect(titles(after.rss)).not.toContain('限时通知');
		expect(after.sitemap).not.toContain('/reports/down/');
		expect(after.reports).not.toContain('/reports/down/');
	});

	test('置顶至: pinned through that day in Beijing, back in date order the next', async () => {
		const lastDay = view((await siteAt(files, '2025-06-30T23:59:00+08:00')).model!);
		expect(titles(lastDay.category).slice(0, 2)).toEqual(['置顶乙', '置顶甲']);
		const nextDay = view((await siteAt(files, '2025-06-30T16:00:00Z')).model!);
		expect(titles(nextDay.category)[0]).toBe('置顶甲');
		expect(nextDay.category.find((i) => i.title === '置顶乙')!.pinned).toBeUndefined();
	});
});

describe('a mistyped HUIBAO_NOW', () => {
	test('is a problem like any other, not a crash', async () => {
		const root = project({ 'content/reports/2025/zh/a.md': report('甲', '2025-05-01') });
		process.env.HUIBAO_NOW = '明天早上';
		try {
			const { problems, model } = await validateSite({ root, cacheDir: join(root, '.cache') });
			expect(problems.map(formatProblem)).toEqual([
				'HUIBAO_NOW: environment: HUIBAO_NOW="明天早上" is not an instant: write it like 2025-06-01T08:00:00+08:00, or a day like 2025-06-01',
			]);
			expect(model).toBeUndefined();
		} finally {
			delete process.env.HUIBAO_NOW;
		}
	});
});

describe('search', () => {
	test('a 文号 is found like the title: its grams weigh as much, its text is in the excerpt', async () => {
		const { content } = await siteAt(
			{
				'content/reports/2025/zh/a.md': report(
					'关于会费的通知',
					'2025-05-01',
					'doc_number: 鄂市政协〔2025〕12号\n'
				),
			},
			'2025-05-02T00:00:00Z'
		);
		const record = searchRecordFor(content!.reports[0]!, '正文。');
		for (const gram of grams('鄂市政协〔2025〕12号')) expect(record.titleGrams).toContain(gram);
		const html = recordHtml(record);
		expect(html).toContain('<p data-pagefind-weight="7">鄂市政协〔2025〕12号</p>');
		expect(html).toContain(indexTerm('市政协'));
	});
});

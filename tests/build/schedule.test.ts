/**
 * 定时发布/下线, 置顶, 文号 and links out in a real build: a small site built again and again
 * with the clock faked (HUIBAO_NOW) on a machine in another time zone (TZ=America/Los_Angeles,
 * while the site is in Asia/Shanghai). Each build is incremental, on the caches of the one
 * before; the last is compared file by file with a clean build of the same minute, so no cached
 * page outlives its end or shows before its start.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { listDist } from '../helpers/crawl.ts';
import { createFixtureSite, type FixtureSite } from '../helpers/fixtureSite.ts';

let site: FixtureSite;

const report = (title: string, date: string, extra = '', body = '正文。') =>
	`---\ntitle: ${title}\ndate: ${date}\ncategory: notices\n${extra}---\n${body}\n`;

/** Builds the site as it is at `now` (an instant with its offset), on a machine in Los Angeles. */
async function buildAt(now: string, args: string[] = []) {
	const result = await site.run('build', args, { HUIBAO_NOW: now, TZ: 'America/Los_Angeles' });
	expect(result.code, result.stderr + result.stdout).toBe(0);
	const indexed = /of (\d+) reports\)/.exec(result.stdout);
	return { stdout: result.stdout, searchRecords: Number(indexed?.[1] ?? -1) };
}

const read = (path: string) => readFileSync(join(site.dist, path), 'utf8');
const has = (path: string) => existsSync(join(site.dist, path));

beforeAll(() => {
	site = createFixtureSite({ sampleContent: false });
	site.write('content/reports/2025/zh/old.md', report('往年旧通知', '2025-01-10'));
	site.write(
		'content/reports/2025/zh/pinned.md',
		report(
			'关于做好年度会费缴纳工作的通知',
			'2025-02-01',
			'pinned: true\npinned_until: 2025-06-30\ndoc_number: 鄂市政协〔2025〕12号\nwritten_date: 2025-01-28\n'
		)
	);
	site.write(
		'content/reports/2025/en/pinned.md',
		report('Notice on annual membership fees', '2025-02-01')
	);
	site.write('content/reports/2025/zh/new.md', report('协会召开理事会', '2025-05-20'));
	site.write(
		'content/reports/2025/zh/later.md',
		report('关于举办定时发布培训的通知', '2025-05-25', "publish_at: '2025-06-01 08:00'\n")
	);
	site.write(
		'content/reports/2025/zh/down.md',
		report('限时报名通知', '2025-05-21', "unpublish_at: '2025-06-10 17:30'\n")
	);
	site.write(
		'content/reports/2025/zh/wx.md',
		report('协会公众号：年会回顾', '2025-05-22', 'link: https://mp.weixin.qq.com/s/abc\n', '')
	);
});

afterAll(() => site?.cleanup());

describe('the built site follows the clock of the site, not of the machine', () => {
	test('07:59 in Beijing: the scheduled report is nowhere; pinned first with its 文号', async () => {
		const { searchRecords } = await buildAt('2025-06-01T07:59:00+08:00');
		expect(has('reports/later/index.html')).toBe(false);
		const list = read('category/notices/index.html');
		expect(list).not.toContain('定时发布培训');
		expect(read('rss.xml')).not.toContain('定时发布培训');
		expect(read('sitemap-0.xml')).not.toContain('/reports/later/');
		expect(read('index.html')).not.toContain('定时发布培训');
		expect(searchRecords).toBe(6);

		// 置顶: first in the category list and on the home page, marked.
		const titles = [...list.matchAll(/<span class="title">([\s\S]*?)<\/a>/g)].map((m) =>
			m[1]!.replace(/<[^>]+>/g, '').trim()
		);
		expect(titles[0]).toBe('置顶关于做好年度会费缴纳工作的通知');
		expect(read('index.html').indexOf('年度会费')).toBeLessThan(
			read('index.html').indexOf('理事会')
		);

		// 文号 and 成文日期 under the title in both languages, and in the feed.
		const zh = read('reports/pinned/index.html');
		expect(zh).toMatch(/<dt>文号<\/dt>\s*<dd lang="zh-CN">鄂市政协〔2025〕12号<\/dd>/);
		expect(zh).toMatch(/<dt>成文日期<\/dt>\s*<dd><time datetime="2025-01-28">/);
		const en = read('en/reports/pinned/index.html');
		expect(en).toMatch(/<dt>Document No\.<\/dt>\s*<dd lang="zh-CN">鄂市政协〔2025〕12号<\/dd>/);
		expect(en).toMatch(/<dt>Date written<\/dt>\s*<dd><time datetime="2025-01-28">/);
		expect(read('rss.xml')).toContain('文号：鄂市政协〔2025〕12号');

		// A link-out item: straight out from the list, marked; in the feed by its title.
		expect(list).toMatch(
			/<a href="https:\/\/mp\.weixin\.qq\.com\/s\/abc" rel="external noopener" class="external">\s*协会公众号：年会回顾\s*<span class="external-mark">（外部链接）<\/span>/
		);
		expect(read('rss.xml')).toContain('<link>https://mp.weixin.qq.com/s/abc</link>');
		expect(read('reports/wx/index.html')).toContain(
			'http-equiv="refresh" content="0; url=https://mp.weixin.qq.com/s/abc"'
		);
		expect(read('sitemap-0.xml')).not.toContain('/reports/wx/');
	}, 120_000);

	test('08:00: it goes live everywhere, incrementally', async () => {
		const { stdout, searchRecords } = await buildAt('2025-06-01T08:00:00+08:00');
		expect(stdout).toMatch(/Pages: \d+ of \d+ changed/);
		expect(has('reports/later/index.html')).toBe(true);
		expect(read('category/notices/index.html')).toContain('定时发布培训');
		expect(read('rss.xml')).toContain('定时发布培训');
		expect(read('sitemap-0.xml')).toContain('/reports/later/');
		expect(searchRecords).toBe(7);
	}, 120_000);

	test('after the take-down minute it leaves, page and all; after 置顶至 the pin is gone', async () => {
		// 2025-07-01 00:00 in Beijing is 09:00 the day before in Los Angeles.
		const { searchRecords } = await buildAt('2025-07-01T00:00:00+08:00');
		expect(has('reports/down/index.html')).toBe(false);
		const list = read('category/notices/index.html');
		expect(list).not.toContain('限时报名通知');
		expect(read('rss.xml')).not.toContain('限时报名通知');
		expect(read('sitemap-0.xml')).not.toContain('/reports/down/');
		expect(searchRecords).toBe(6);
		expect(list).not.toContain('class="pinned-mark"');
		expect(list.indexOf('定时发布培训')).toBeLessThan(list.indexOf('年度会费'));
	}, 120_000);

	test('the incremental result is exactly a clean build of the same minute', async () => {
		const files = listDist(site.dist);
		const before = new Map(files.map((f) => [f, readFileSync(join(site.dist, f))]));
		await buildAt('2025-07-01T00:00:00+08:00', ['--clean']);
		expect(listDist(site.dist)).toEqual(files);
		const different = files.filter((f) => !readFileSync(join(site.dist, f)).equals(before.get(f)!));
		expect(different).toEqual([]);
	}, 120_000);
});

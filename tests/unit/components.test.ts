/**
 * The components with logic, rendered by Astro itself (its Container API) with the props the
 * pages give them: what a reader sees in the list, the page links and the breadcrumb trail.
 */
import { experimental_AstroContainer as AstroContainer } from 'astro/container';
import { beforeAll, describe, expect, test } from 'vitest';
import Breadcrumb from '../../src/components/Breadcrumb.astro';
import Pagination from '../../src/components/Pagination.astro';
import ReportList from '../../src/components/ReportList.astro';
import type { ListItem, Pagination as PaginationData } from '../../src/lib/site/siteModel.ts';

let container: AstroContainer;
beforeAll(async () => {
	container = await AstroContainer.create();
});

const render = (
	component: Parameters<AstroContainer['renderToString']>[0],
	props: Record<string, unknown>
) => container.renderToString(component, { props });
/** What a reader reads: the text without tags, spaces as one. */
const text = (html: string) =>
	html
		.replace(/<[^>]+>/g, ' ')
		.replace(/\s+/g, ' ')
		.trim();
/** The links, as `text → href`. */
const links = (html: string) =>
	[...html.matchAll(/<a [^>]*href="([^"]*)"[^>]*>(.*?)<\/a>/g)].map(
		([, href, inner]) => `${text(inner!)} → ${href}`
	);

describe('Pagination', () => {
	const pages = (page: number, count: number): PaginationData => {
		const url = (n: number) => (n === 1 ? '/category/notices/' : `/category/notices/${n}/`);
		const shown = [1, page - 1, page, page + 1, count].filter(
			(n, i, all) => n >= 1 && n <= count && all.indexOf(n) === i
		);
		return {
			page,
			pages: count,
			total: count * 20 - 7,
			...(page > 1 ? { prevUrl: url(page - 1) } : {}),
			...(page < count ? { nextUrl: url(page + 1) } : {}),
			links: shown
				.sort((a, b) => a - b)
				.flatMap((n, i, all) => [
					...(i > 0 && n - all[i - 1]! > 1 ? [null] : []),
					{ page: n, url: url(n) },
				]),
		};
	};

	test('one page of results: no page links at all', async () => {
		const html = await render(Pagination, { lang: 'zh', pagination: pages(1, 1) });
		expect(html.trim()).toBe('');
	});

	test('in the middle: where the reader is, previous/next, and gaps for the pages left out', async () => {
		const html = await render(Pagination, { lang: 'zh', pagination: pages(5, 9) });
		expect(text(html)).toContain('第 5 页，共 9 页 · 共 173 篇');
		expect(links(html)).toEqual([
			'上一页 → /category/notices/4/',
			'1 → /category/notices/',
			'4 → /category/notices/4/',
			'6 → /category/notices/6/',
			'9 → /category/notices/9/',
			'下一页 → /category/notices/6/',
		]);
		// The current page is said, not linked; the pages left out show as "…" on both sides.
		expect(html).toMatch(/<span aria-current="page">5<\/span>/);
		expect(html.match(/…/g)).toHaveLength(2);
		expect(html).toMatch(/rel="prev"/);
		expect(html).toMatch(/rel="next"/);
	});

	test('first and last pages have no link backwards or forwards; English words on the English side', async () => {
		const first = await render(Pagination, { lang: 'en', pagination: pages(1, 3) });
		expect(text(first)).toContain('Page 1 of 3 · 53 items');
		expect(links(first)).not.toContainEqual(expect.stringMatching(/^Previous page/));
		expect(links(first).at(-1)).toBe('Next page → /category/notices/2/');
		const last = await render(Pagination, { lang: 'zh', pagination: pages(3, 3) });
		expect(links(last)[0]).toBe('上一页 → /category/notices/2/');
		expect(text(last)).not.toContain('下一页');
	});
});

describe('ReportList', () => {
	const item = (over: Partial<ListItem>): ListItem => ({
		url: '/reports/2022-annual/',
		title: '2022年度工作报告',
		date: '2022-03-15',
		category: 'work-reports',
		summary: '回顾一年来协会的主要工作。',
		...over,
	});

	test('a link-out item says it leaves the site and opens without handing over the page', async () => {
		const html = await render(ReportList, {
			lang: 'zh',
			items: [
				item({}),
				item({
					url: 'https://www.gov.cn/zhengce/2022-03/15/notice.htm',
					title: '国务院关于行业标准的通知',
					external: true,
				}),
			],
		});
		expect(links(html)).toEqual([
			'2022年度工作报告 → /reports/2022-annual/',
			'国务院关于行业标准的通知 （外部链接） → https://www.gov.cn/zhengce/2022-03/15/notice.htm',
		]);
		expect(html).toMatch(/<a href="https:\/\/www\.gov\.cn[^"]*" rel="external noopener"/);
		// Only the link-out is marked.
		expect(html.match(/external-mark/g)).toHaveLength(1);
	});

	test('a pinned item wears 置顶 (Pinned in English) before its title; others do not', async () => {
		const html = await render(ReportList, {
			lang: 'zh',
			items: [item({ pinned: true, title: '关于召开年会的通知' }), item({})],
		});
		expect(text(html)).toMatch(/^置顶 关于召开年会的通知 .* 2022年度工作报告/);
		expect(html.match(/pinned-mark/g)).toHaveLength(1);
		const en = await render(ReportList, { lang: 'en', items: [item({ pinned: true })] });
		expect(text(en)).toMatch(/^Pinned /);
	});

	test('a draft (seen only under npm start) says it will not be published; published items do not', async () => {
		const html = await render(ReportList, {
			lang: 'zh',
			items: [item({ draft: true, title: '2023年度工作报告（征求意见稿）' }), item({})],
		});
		expect(text(html)).toMatch(/2023年度工作报告（征求意见稿） 草稿（不会发布）/);
		expect(html.match(/草稿/g)).toHaveLength(1);
		const en = await render(ReportList, { lang: 'en', items: [item({ draft: true })] });
		expect(text(en)).toContain('Draft (not published)');
	});

	test('dates: numeric on the Chinese side, written out on the English side, the same day in every time zone', async () => {
		const zh = await render(ReportList, { lang: 'zh', items: [item({})] });
		expect(zh).toMatch(/<time datetime="2022-03-15">2022-03-15<\/time>/);
		const tz = process.env.TZ;
		try {
			for (const zone of ['Pacific/Honolulu', 'Asia/Shanghai', 'Pacific/Kiritimati']) {
				process.env.TZ = zone;
				const en = await render(ReportList, { lang: 'en', items: [item({})] });
				expect(text(en), zone).toMatch(/15 March 2022|March 15, 2022/);
			}
		} finally {
			if (tz === undefined) delete process.env.TZ;
			else process.env.TZ = tz;
		}
	});

	test('summaries only where the page asks for them; an empty list says so', async () => {
		const plain = await render(ReportList, { lang: 'zh', items: [item({})] });
		expect(text(plain)).not.toContain('回顾一年来');
		const withSummaries = await render(ReportList, {
			lang: 'zh',
			items: [item({})],
			summaries: true,
		});
		expect(text(withSummaries)).toContain('回顾一年来协会的主要工作。');
		expect(text(await render(ReportList, { lang: 'zh', items: [] }))).toBe('暂无内容。');
		expect(text(await render(ReportList, { lang: 'en', items: [] }))).toBe('Nothing here yet.');
	});
});

describe('Breadcrumb', () => {
	const trail = [
		{ name: '工作报告', url: '/category/work-reports/' },
		{ name: '2022年度工作报告', url: '/reports/2022-annual/' },
	];

	test('starts at the home page of the language; the last step is the page itself, not a link', async () => {
		const zh = await render(Breadcrumb, { lang: 'zh', trail });
		expect(text(zh)).toBe('首页 工作报告 2022年度工作报告');
		expect(links(zh)).toEqual(['首页 → /', '工作报告 → /category/work-reports/']);
		expect(zh).toMatch(/<span aria-current="page">2022年度工作报告<\/span>/);
		const en = await render(Breadcrumb, { lang: 'en', trail: [{ name: 'Notices' }] });
		expect(links(en)).toEqual(['Home → /en/']);
		expect(en).toMatch(/<span aria-current="page">Notices<\/span>/);
	});

	test('a step without an address is shown as text', async () => {
		const html = await render(Breadcrumb, {
			lang: 'zh',
			trail: [{ name: '归档' }, { name: '2022年' }],
		});
		expect(links(html)).toEqual(['首页 → /']);
		expect(text(html)).toBe('首页 归档 2022年');
	});
});

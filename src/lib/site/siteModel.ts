/**
 * The site model: every page of the site, with exactly the data it shows.
 *
 * Pages are pure functions of their `props` plus the site-wide data (settings, categories,
 * interface strings, code). That is what makes incremental builds safe: a page whose props
 * fingerprint did not change renders to the same bytes, so the build can skip it. Anything a
 * page shows must therefore come through its props.
 */
import type { Category, NavPlace } from '../../content/schema.ts';
import {
	defaultLocale,
	localeKeys,
	locales,
	otherLocales,
	type Locale,
} from '../../i18n/locales.ts';
import type { ReportRecord, SiteContent } from '../content/loadContent.ts';
import type { PageRecord } from '../content/loadPages.ts';
import { dateParts, type PlainDate } from '../dates/plainDate.ts';
import { buildClock, siteTimeAt, type SiteTime } from '../dates/siteTime.ts';
import { groupBy } from '../groupBy.ts';
import { groupByYearMonth, type YearGroup } from './archive.ts';
import { withInherited } from './inherit.ts';
import { paginate, type PageSlice } from './paginate.ts';
import { relatedReports } from './related.ts';
import { isPinned } from './schedule.ts';
import { tagSlug } from './tagSlug.ts';
import * as url from './urls.ts';

/** A report as lists show it. */
export interface ListItem {
	url: string;
	title: string;
	date: PlainDate;
	category: string;
	summary: string;
	/** A link-out item: `url` is the article's address on another site. */
	external?: true;
	/** A draft: only under `npm start`/`npm run dev` (the build leaves drafts out), marked 草稿. */
	draft?: true;
	/** 置顶: set only in the lists that put pinned reports first (category pages, home). */
	pinned?: true;
}

export interface LinkTo {
	url: string;
	title: string;
}

/** A related report (相关文章) as a report page lists it. */
export interface RelatedItem {
	url: string;
	title: string;
	date: PlainDate;
	/** A link-out item: `url` is the article's address on another site. */
	external?: true;
}

/** A standing page (协会简介, 章程…) as its page shows it. */
export interface StandingPageView {
	slug: string;
	title: string;
	summary: string;
	/** Safe HTML of the body (pages are few and short: it travels with the page). */
	html: string;
}

/** A standing page's link in the header menu or the footer. */
export interface PageLink {
	url: string;
	title: string;
	/** Position, on the same scale as the categories' `order` (the header menu mixes both). */
	order: number;
}

export interface AttachmentView {
	title: string;
	file: string;
	/** Upper-case extension: PDF, DOCX, XLSX… */
	type: string;
	/** Bytes, or null when the file could not be read. */
	size: number | null;
}

export interface ReportView {
	id: string;
	slug: string;
	title: string;
	date: PlainDate;
	category: string;
	source?: string;
	tags: { name: string; url: string }[];
	summary: string;
	cover?: string;
	/** A link-out item: the page forwards to this address. */
	link?: string;
	/** 文号, e.g. 鄂市政协〔2025〕12号. */
	docNumber?: string;
	/** 成文日期, when given. */
	writtenDate?: PlainDate;
	attachments: AttachmentView[];
	draft: boolean;
	/** How the body is found: rendered HTML by digest (.md), or Astro's render() (.mdx). */
	body: { kind: 'md' | 'mdx'; digest: string; file: string };
}

export interface Pagination {
	page: number;
	pages: number;
	total: number;
	prevUrl?: string;
	nextUrl?: string;
	/** Page links to show: first, last and two around the current one; gaps are `null`. */
	links: ({ page: number; url: string } | null)[];
}

interface PageBase<K extends string, P> {
	kind: K;
	lang: Locale;
	/** URL path of the page: `/reports/x/`. */
	url: string;
	/** The same page in the other languages, when it exists (language switch, hreflang). */
	alternates: Partial<Record<Locale, string>>;
	props: P;
}

export type Page =
	| PageBase<
			'home',
			{
				latest: ListItem[];
				sections: { category: string; url: string; items: ListItem[] }[];
				years: { year: number; count: number; url: string }[];
			}
	  >
	| PageBase<
			'report',
			{ report: ReportView; newer?: LinkTo; older?: LinkTo; related: RelatedItem[] }
	  >
	| PageBase<'page', { page: StandingPageView }>
	| PageBase<'category', { category: string; items: ListItem[]; pagination: Pagination }>
	| PageBase<
			'archive',
			{
				years: {
					year: number;
					count: number;
					url: string;
					months: { month: number; count: number; url: string }[];
				}[];
			}
	  >
	| PageBase<
			'archiveYear',
			{
				year: number;
				count: number;
				months: { month: number; url: string; items: ListItem[] }[];
				prevYear?: number;
				nextYear?: number;
			}
	  >
	| PageBase<'archiveMonth', { year: number; month: number; items: ListItem[] }>
	| PageBase<'tags', { tags: { name: string; url: string; count: number }[] }>
	| PageBase<'tag', { tag: string; items: ListItem[]; pagination: Pagination }>
	| PageBase<'siteMap', { years: { year: number; count: number; url: string }[] }>
	| PageBase<'rss', { items: (ListItem & { categoryName: string; docNumber?: string })[] }>
	| PageBase<'sitemap', { entries: SitemapEntry[] }>
	| PageBase<'sitemapIndex', { sitemaps: string[] }>;

/** One URL of the sitemap with its language versions (hreflang). */
export interface SitemapEntry {
	url: string;
	alternates?: { lang: string; url: string }[];
}

/** URLs per sitemap file; the protocol allows 50,000. */
export const SITEMAP_SIZE = 45_000;

export type PageKind = Page['kind'];
export type PageOf<K extends PageKind> = Extract<Page, { kind: K }>;

export interface SiteModel {
	pages: Page[];
	/** Categories in each language's menu: those with reports (all of them in zh). */
	nav: Record<Locale, { category: string; url: string }[]>;
	/** Standing pages linked from every page of a language: in the header menu, in the footer. */
	pageNav: Record<Locale, Record<Exclude<NavPlace, 'none'>, PageLink[]>>;
	/** Reports per language, newest first: what each language's lists contain. */
	reports: Record<Locale, ReportRecord[]>;
}

/**
 * Newest items on the home page, then up to HOME_SECTION more in each category's block. A report
 * is listed once on the home page: the blocks go on from where 最新发布 stops.
 */
export const HOME_LATEST = 8;
export const HOME_SECTION = 5;
/** Items in each RSS feed. */
export const FEED_SIZE = 30;

/**
 * Newest first; reports of the same day by slug, descending, so a later `-2` comes first.
 * Slugs are unique per language, so the order is total and every build agrees on it.
 */
export function compareReports(a: ReportRecord, b: ReportRecord): number {
	if (a.data.date !== b.data.date) return a.data.date < b.data.date ? 1 : -1;
	return a.slug < b.slug ? 1 : a.slug > b.slug ? -1 : 0;
}

export interface ModelOptions {
	/** Size of a file under public/ (for attachment sizes); null when it cannot be read. */
	fileSize: (publicPath: string) => number | null;
	/**
	 * The minute the site is built for, in the site's time zone: decides which pins have run
	 * out. Default: the build clock (HUIBAO_NOW or now). Which reports are live is decided
	 * before the model (schedule.ts, contentAt).
	 */
	now?: SiteTime;
}

/**
 * Every page of the site, one builder per kind of page. The order is fixed (each language's
 * pages in the order below, then the sitemap) so every build lists the pages the same way.
 */
export function buildSiteModel(content: SiteContent, options: ModelOptions): SiteModel {
	const site = siteContext(content, options);
	const pages = localeKeys.flatMap((lang): Page[] => {
		const ctx = langContext(site, lang);
		return [
			homePage(ctx),
			...reportPages(ctx),
			...categoryPages(ctx),
			archivePage(ctx),
			...archiveYearPages(ctx),
			tagsPage(ctx),
			...tagPages(ctx),
			...standingPages(ctx),
			siteMapPage(ctx),
			feedPage(ctx),
		];
	});
	pages.push(...sitemapPages(pages));
	return { pages, nav: categoryNav(site), pageNav: standingNav(site), reports: site.reports };
}

/** What a language has: a page is linked to its versions in the languages that have it. */
type Holdings = Record<'reports' | 'categories' | 'months' | 'tags', Set<string>> & {
	years: Set<number>;
};

/** What every language's pages draw on: the content, per language, and what each language has. */
interface SiteContext {
	content: SiteContent;
	options: ModelOptions;
	categoryBySlug: Map<string, Category>;
	/** Reports per language, newest first. */
	reports: Record<Locale, ReportRecord[]>;
	has: Record<Locale, Holdings>;
	/** Standing pages per language, by slug. */
	standing: Record<Locale, PageRecord[]>;
	/** 置顶 today (the pins that have not run out at the build's minute). */
	pinned: (r: ReportRecord) => boolean;
}

/** One language's reports, as lists and groups, for the builders of that language's pages. */
interface LangContext extends SiteContext {
	lang: Locale;
	list: ReportRecord[];
	items: ListItem[];
	byCategory: Map<string, ReportRecord[]>;
	tags: TagGroup[];
	years: YearGroup<ListItem>[];
}

function siteContext(content: SiteContent, options: ModelOptions): SiteContext {
	const reports = reportsByLang(content.reports);
	const today = (options.now ?? siteTimeAt(buildClock(), content.settings.timezone)).slice(0, 10);
	return {
		content,
		options,
		categoryBySlug: new Map(content.categories.map((c) => [c.slug, c])),
		reports,
		has: holdings(reports),
		standing: standingByLang(content.pages ?? []),
		pinned: (r) => isPinned(r.data, today),
	};
}

/** Each language's reports, newest first, translations completed from their originals. */
function reportsByLang(all: ReportRecord[]): Record<Locale, ReportRecord[]> {
	const originals = new Map(all.filter((r) => r.lang === defaultLocale).map((r) => [r.slug, r]));
	return Object.fromEntries(
		localeKeys.map((lang) => [
			lang,
			all
				.filter((r) => r.lang === lang)
				// A translation takes the original's shared fields it lacks (schema `inherit`: cover,
				// attachments, 置顶, 文号, 成文日期), so its page shows the same files and marks.
				.map((r) => (lang === defaultLocale ? r : withInherited(r, originals.get(r.slug))))
				.sort(compareReports),
		])
	) as Record<Locale, ReportRecord[]>;
}

function holdings(reports: Record<Locale, ReportRecord[]>): Record<Locale, Holdings> {
	return Object.fromEntries(
		localeKeys.map((lang) => [
			lang,
			{
				reports: new Set(reports[lang].map((r) => r.slug)),
				categories: new Set(reports[lang].map((r) => r.data.category)),
				years: new Set(reports[lang].map((r) => dateParts(r.data.date).year)),
				months: new Set(reports[lang].map((r) => r.data.date.slice(0, 7))),
				tags: new Set(collectTags(reports[lang]).map((t) => t.slug)),
			},
		])
	) as Record<Locale, Holdings>;
}

function standingByLang(pages: PageRecord[]): Record<Locale, PageRecord[]> {
	return Object.fromEntries(
		localeKeys.map((lang) => [
			lang,
			pages
				.filter((p) => p.lang === lang)
				.sort((a, b) => (a.slug < b.slug ? -1 : a.slug > b.slug ? 1 : 0)),
		])
	) as Record<Locale, PageRecord[]>;
}

function langContext(site: SiteContext, lang: Locale): LangContext {
	const list = site.reports[lang];
	const items = list.map((r) => toListItem(r));
	return {
		...site,
		lang,
		list,
		items,
		byCategory: groupBy(list, (r) => r.data.category),
		tags: collectTags(list),
		years: groupByYearMonth(items),
	};
}

/** The reports as list items, 置顶 first and marked. */
function pinnedFirst(ctx: LangContext, list: ReportRecord[]): ListItem[] {
	return putPinnedFirst(list, ctx.pinned).map((r) => toListItem(r, ctx.pinned(r)));
}

/** This page, and its version in each other language where `versionIn` finds one. */
function twinOf(
	lang: Locale,
	pageUrl: string,
	versionIn: (other: Locale) => string | undefined
): Page['alternates'] {
	const alternates: Page['alternates'] = { [lang]: pageUrl };
	for (const other of otherLocales(lang)) {
		const href = versionIn(other);
		if (href) alternates[other] = href;
	}
	return alternates;
}

const none = () => undefined;

/** Each year with its count, linked to its archive page (home page, site map). */
function yearLinks({ lang, years }: LangContext): { year: number; count: number; url: string }[] {
	return years.map((y) => ({ year: y.year, count: y.count, url: url.archiveUrl(lang, y.year) }));
}

/**
 * Home: 最新发布 (置顶 first), then each category's next newest reports (its pinned ones
 * first), so no report is there twice.
 */
function homePage(ctx: LangContext): PageOf<'home'> {
	const { lang, byCategory } = ctx;
	const latest = pinnedFirst(ctx, ctx.list).slice(0, HOME_LATEST);
	const onHome = new Set(latest.map((item) => item.url));
	const sections = orderedCategories(ctx.content.categories, byCategory)
		.map((c) => ({
			category: c.slug,
			url: url.categoryUrl(lang, c.slug),
			items: pinnedFirst(ctx, byCategory.get(c.slug)!)
				.filter((item) => !onHome.has(item.url))
				.slice(0, HOME_SECTION),
		}))
		.filter((s) => s.items.length > 0);
	return {
		kind: 'home',
		lang,
		url: url.homeUrl(lang),
		alternates: twinOf(lang, url.homeUrl(lang), url.homeUrl),
		props: { latest, sections, years: yearLinks(ctx) },
	};
}

/** Reports, with their neighbours in the same category and their 相关文章. */
function reportPages(ctx: LangContext): PageOf<'report'>[] {
	const { lang, has, byCategory } = ctx;
	const related = relatedFor(ctx.list, byCategory);
	return [...byCategory.values()].flatMap((inCategory) =>
		inCategory.map((r, i): PageOf<'report'> => {
			const newer = inCategory[i - 1];
			const older = inCategory[i + 1];
			const pageUrl = url.reportUrl(lang, r.slug);
			return {
				kind: 'report',
				lang,
				url: pageUrl,
				alternates: twinOf(lang, pageUrl, (other) =>
					has[other].reports.has(r.slug) ? url.reportUrl(other, r.slug) : undefined
				),
				props: {
					report: toReportView(r, lang, ctx.options),
					newer: newer && { url: url.reportUrl(lang, newer.slug), title: newer.data.title },
					older: older && { url: url.reportUrl(lang, older.slug), title: older.data.title },
					related: related.get(r)!.map(toRelatedItem),
				},
			};
		})
	);
}

/**
 * Category archives: every category on the zh side (an empty one says so), only categories
 * with reports on the en side (no empty English pages).
 */
function categoryPages(ctx: LangContext): PageOf<'category'>[] {
	const { lang, has } = ctx;
	return ctx.content.categories.flatMap((c) => {
		const inCategory = ctx.byCategory.get(c.slug) ?? [];
		if (inCategory.length === 0 && lang !== defaultLocale) return [];
		// The default language lists every category, the others those they have reports in.
		const twin = (other: Locale) =>
			has[other].categories.has(c.slug) || other === defaultLocale
				? url.categoryUrl(other, c.slug)
				: undefined;
		return paginate(pinnedFirst(ctx, inCategory)).map((slice): PageOf<'category'> => {
			const pageUrl = url.categoryUrl(lang, c.slug, slice.page);
			return {
				kind: 'category',
				lang,
				url: pageUrl,
				alternates: twinOf(lang, pageUrl, slice.page === 1 ? twin : none),
				props: {
					category: c.slug,
					items: slice.items,
					pagination: pagination(slice, (p) => url.categoryUrl(lang, c.slug, p)),
				},
			};
		});
	});
}

/** The date archive's front page: every year and its months, with counts. */
function archivePage({ lang, years }: LangContext): PageOf<'archive'> {
	return {
		kind: 'archive',
		lang,
		url: url.archiveUrl(lang),
		alternates: twinOf(lang, url.archiveUrl(lang), (other) => url.archiveUrl(other)),
		props: {
			years: years.map((y) => ({
				year: y.year,
				count: y.count,
				url: url.archiveUrl(lang, y.year),
				months: y.months.map((m) => ({
					month: m.month,
					count: m.items.length,
					url: url.archiveUrl(lang, y.year, m.month),
				})),
			})),
		},
	};
}

/** Each year's archive page, followed by its months' pages. */
function archiveYearPages(ctx: LangContext): (PageOf<'archiveYear'> | PageOf<'archiveMonth'>)[] {
	const { lang, has, years } = ctx;
	return years.flatMap((y, i) => {
		const pageUrl = url.archiveUrl(lang, y.year);
		const yearPage: PageOf<'archiveYear'> = {
			kind: 'archiveYear',
			lang,
			url: pageUrl,
			alternates: twinOf(lang, pageUrl, (other) =>
				has[other].years.has(y.year) ? url.archiveUrl(other, y.year) : undefined
			),
			props: {
				year: y.year,
				count: y.count,
				months: y.months.map((m) => ({
					month: m.month,
					url: url.archiveUrl(lang, y.year, m.month),
					items: m.items,
				})),
				nextYear: years[i - 1]?.year,
				prevYear: years[i + 1]?.year,
			},
		};
		return [yearPage, ...archiveMonthPages(ctx, y)];
	});
}

function archiveMonthPages(
	{ lang, has }: LangContext,
	y: YearGroup<ListItem>
): PageOf<'archiveMonth'>[] {
	return y.months.map((m) => {
		const monthUrl = url.archiveUrl(lang, y.year, m.month);
		const key = `${y.year}-${String(m.month).padStart(2, '0')}`;
		return {
			kind: 'archiveMonth',
			lang,
			url: monthUrl,
			alternates: twinOf(lang, monthUrl, (other) =>
				has[other].months.has(key) ? url.archiveUrl(other, y.year, m.month) : undefined
			),
			props: { year: y.year, month: m.month, items: m.items },
		};
	});
}

/** Every tag, most used first. */
function tagsPage({ lang, tags }: LangContext): PageOf<'tags'> {
	return {
		kind: 'tags',
		lang,
		url: url.tagsUrl(lang),
		alternates: twinOf(lang, url.tagsUrl(lang), url.tagsUrl),
		props: {
			tags: tags.map((t) => ({
				name: t.name,
				url: url.tagUrl(lang, t.slug),
				count: t.reports.length,
			})),
		},
	};
}

/** Each tag's reports, a page at a time. */
function tagPages({ lang, has, tags }: LangContext): PageOf<'tag'>[] {
	return tags.flatMap((t) =>
		paginate(t.reports.map((r) => toListItem(r))).map((slice): PageOf<'tag'> => {
			const pageUrl = url.tagUrl(lang, t.slug, slice.page);
			return {
				kind: 'tag',
				lang,
				url: pageUrl,
				alternates: twinOf(lang, pageUrl, (other) =>
					slice.page === 1 && has[other].tags.has(t.slug) ? url.tagUrl(other, t.slug) : undefined
				),
				props: {
					tag: t.name,
					items: slice.items,
					pagination: pagination(slice, (p) => url.tagUrl(lang, t.slug, p)),
				},
			};
		})
	);
}

/** Standing pages: /about/<slug>/, linked to their translation. */
function standingPages({ lang, standing }: LangContext): PageOf<'page'>[] {
	return standing[lang].map((p) => {
		const pageUrl = url.pageUrl(lang, p.slug);
		return {
			kind: 'page',
			lang,
			url: pageUrl,
			alternates: twinOf(lang, pageUrl, (other) =>
				standing[other].some((o) => o.slug === p.slug) ? url.pageUrl(other, p.slug) : undefined
			),
			props: {
				page: { slug: p.slug, title: p.data.title, summary: p.data.summary, html: p.html },
			},
		};
	});
}

/** 网站地图, the page for people. */
function siteMapPage(ctx: LangContext): PageOf<'siteMap'> {
	const { lang } = ctx;
	return {
		kind: 'siteMap',
		lang,
		url: url.siteMapUrl(lang),
		alternates: twinOf(lang, url.siteMapUrl(lang), url.siteMapUrl),
		props: { years: yearLinks(ctx) },
	};
}

/** The language's RSS feed: its newest FEED_SIZE reports. */
function feedPage({ lang, list, items, categoryBySlug }: LangContext): PageOf<'rss'> {
	return {
		kind: 'rss',
		lang,
		url: url.rssUrl(lang),
		alternates: {},
		props: {
			items: items.slice(0, FEED_SIZE).map((item, i) => {
				const c = categoryBySlug.get(item.category);
				const docNumber = list[i]!.data.doc_number;
				return {
					...item,
					categoryName: c?.name[lang] ?? item.category,
					...(docNumber ? { docNumber } : {}),
				};
			}),
		},
	};
}

/** Categories in each language's menu: those with reports (all of them in the default language). */
function categoryNav({ content, reports }: SiteContext): SiteModel['nav'] {
	return Object.fromEntries(
		localeKeys.map((lang) => {
			const used = new Set(reports[lang].map((r) => r.data.category));
			const shown = content.categories.filter((c) => lang === defaultLocale || used.has(c.slug));
			return [lang, shown.map((c) => ({ category: c.slug, url: url.categoryUrl(lang, c.slug) }))];
		})
	) as SiteModel['nav'];
}

/** Standing pages in each language's header menu and footer. */
function standingNav({ standing }: SiteContext): SiteModel['pageNav'] {
	return Object.fromEntries(
		localeKeys.map((lang) => [
			lang,
			{ header: navLinks(standing[lang], 'header'), footer: navLinks(standing[lang], 'footer') },
		])
	) as SiteModel['pageNav'];
}

/**
 * 相关文章 of every report of one language's list (newest first): by shared tags (spellings
 * that share a tag page count as one tag), then by category. `byCategory` is the list grouped
 * by category, each group keeping the list's order.
 */
export function relatedFor(
	list: ReportRecord[],
	byCategory: Map<string, ReportRecord[]> = groupBy(list, (r) => r.data.category)
): Map<ReportRecord, ReportRecord[]> {
	return relatedReports(list, (r) => uniqueTags(r.data.tags ?? []).map(tagSlug), byCategory);
}

/** A language's pages shown in one place, by `order`, then slug. */
function navLinks(list: PageRecord[], place: NavPlace): PageLink[] {
	return list
		.filter((p) => p.data.nav === place)
		.sort((a, b) => a.data.order - b.data.order || (a.slug < b.slug ? -1 : 1))
		.map((p) => ({ url: url.pageUrl(p.lang, p.slug), title: p.data.title, order: p.data.order }));
}

function toRelatedItem(r: ReportRecord): RelatedItem {
	const { url: href, title, date, external } = toListItem(r);
	return { url: href, title, date, ...(external ? { external } : {}) };
}

/**
 * The sitemap, from the model itself: every HTML page once, with its language versions as
 * hreflang alternates. A page of its own in the model, so it is rendered only when pages are
 * added or removed (and in linear time: @astrojs/sitemap pairs languages by comparing every URL
 * with every other, 3 s per Astro process at 12,000 pages, and sees only the pages a partial
 * build renders).
 */
function sitemapPages(pages: Page[]): Page[] {
	const entries: SitemapEntry[] = pages
		// A link-out item's page only forwards: search engines should go to the article itself.
		.filter((p) => p.kind !== 'rss' && !(p.kind === 'report' && p.props.report.link))
		.map((p) => {
			const versions = Object.entries(p.alternates) as [Locale, string][];
			return versions.length > 1
				? {
						url: p.url,
						alternates: versions.map(([lang, href]) => ({ lang: locales[lang].lang, url: href })),
					}
				: { url: p.url };
		})
		.sort((a, b) => (a.url < b.url ? -1 : a.url > b.url ? 1 : 0));
	const chunks = Array.from(
		{ length: Math.max(1, Math.ceil(entries.length / SITEMAP_SIZE)) },
		(_, i) => entries.slice(i * SITEMAP_SIZE, (i + 1) * SITEMAP_SIZE)
	);
	const files: Page[] = chunks.map((chunk, i) => ({
		kind: 'sitemap',
		lang: defaultLocale,
		url: `/sitemap-${i}.xml`,
		alternates: {},
		props: { entries: chunk },
	}));
	files.push({
		kind: 'sitemapIndex',
		lang: defaultLocale,
		url: '/sitemap-index.xml',
		alternates: {},
		props: { sitemaps: files.map((f) => f.url) },
	});
	return files;
}

/**
 * Pinned reports first, then the rest; each part keeps the list's order (newest first), so
 * several pinned reports stand in date order, newest on top, the same in every build.
 */
function putPinnedFirst(list: ReportRecord[], pinned: (r: ReportRecord) => boolean) {
	const first = list.filter(pinned);
	return first.length ? [...first, ...list.filter((r) => !pinned(r))] : list;
}

function toListItem(r: ReportRecord, pinned = false): ListItem {
	const item: ListItem = {
		url: url.reportUrl(r.lang, r.slug),
		title: r.data.title,
		date: r.data.date,
		category: r.data.category,
		summary: r.data.summary,
		...(r.data.draft ? { draft: true as const } : {}),
		...(pinned ? { pinned: true as const } : {}),
	};
	// A link-out item is listed as a link to where the article lives.
	if (r.data.link) return { ...item, url: r.data.link, external: true };
	return item;
}

function toReportView(r: ReportRecord, lang: Locale, options: ModelOptions): ReportView {
	return {
		id: r.id,
		slug: r.slug,
		title: r.data.title,
		date: r.data.date,
		category: r.data.category,
		...(r.data.source ? { source: r.data.source } : {}),
		tags: uniqueTags(r.data.tags ?? []).map((name) => ({
			name,
			url: url.tagUrl(lang, tagSlug(name)),
		})),
		summary: r.data.summary,
		...(r.data.cover ? { cover: r.data.cover } : {}),
		...(r.data.link ? { link: r.data.link } : {}),
		...(r.data.doc_number ? { docNumber: r.data.doc_number } : {}),
		...(r.data.written_date ? { writtenDate: r.data.written_date } : {}),
		attachments: (r.data.attachments ?? []).map((a) => ({
			title: a.title,
			file: a.file,
			type: (/\.([a-z0-9]+)$/i.exec(a.file)?.[1] ?? 'file').toUpperCase(),
			size: options.fileSize(a.file),
		})),
		draft: r.data.draft === true,
		body: { kind: r.kind, digest: r.digest, file: r.file },
	};
}

/** The same tag written twice in one report (`BIM 技术`, `bim-技术`) counts once. */
function uniqueTags(tags: string[]): string[] {
	const seen = new Set<string>();
	return tags.filter((t) => !seen.has(tagSlug(t)) && seen.add(tagSlug(t)));
}

interface TagGroup {
	slug: string;
	name: string;
	reports: ReportRecord[];
}

/**
 * Tags of one language, most used first. Spellings that share a slug are one tag, shown with
 * the spelling most reports use (ties: the first in code-point order), whatever the file order.
 */
function collectTags(list: ReportRecord[]): TagGroup[] {
	const groups = new Map<string, { reports: ReportRecord[]; names: Map<string, number> }>();
	for (const r of list) {
		for (const name of uniqueTags(r.data.tags ?? [])) {
			const slug = tagSlug(name);
			let g = groups.get(slug);
			if (!g) groups.set(slug, (g = { reports: [], names: new Map() }));
			g.reports.push(r);
			g.names.set(name, (g.names.get(name) ?? 0) + 1);
		}
	}
	return [...groups.entries()]
		.map(([slug, g]) => ({
			slug,
			name: [...g.names.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0]![0],
			reports: g.reports,
		}))
		.sort((a, b) => b.reports.length - a.reports.length || (a.slug < b.slug ? -1 : 1));
}

function orderedCategories(
	categories: Category[],
	byCategory: Map<string, ReportRecord[]>
): Category[] {
	return categories.filter((c) => (byCategory.get(c.slug)?.length ?? 0) > 0);
}

function pagination(slice: PageSlice<unknown>, urlOf: (page: number) => string): Pagination {
	return {
		page: slice.page,
		pages: slice.pages,
		total: slice.total,
		...(slice.page > 1 ? { prevUrl: urlOf(slice.page - 1) } : {}),
		...(slice.page < slice.pages ? { nextUrl: urlOf(slice.page + 1) } : {}),
		links: pageWindow(slice.page, slice.pages).map((p) =>
			p === null ? null : { page: p, url: urlOf(p) }
		),
	};
}

/**
 * Page numbers to link: a category with 500 pages shows `1 … 41 42 [43] 44 45 … 500`,
 * not 500 links.
 *
 * @example pageWindow(43, 500) // [1, null, 41, 42, 43, 44, 45, null, 500]
 */
export function pageWindow(current: number, pages: number, around = 2): (number | null)[] {
	const shown = new Set([1, pages]);
	for (let p = current - around; p <= current + around; p++) if (p >= 1 && p <= pages) shown.add(p);
	const sorted = [...shown].sort((a, b) => a - b);
	const out: (number | null)[] = [];
	sorted.forEach((p, i) => {
		if (i > 0 && p - sorted[i - 1]! > 1) out.push(p - sorted[i - 1]! === 2 ? p - 1 : null);
		out.push(p);
	});
	return out;
}

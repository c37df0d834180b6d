/**
 * What pages need besides their own props: settings, categories, the menu, and (for
 * getStaticPaths) the pages of the site.
 *
 * Under `npm run build` it comes from the build plan. Otherwise (`astro dev`, a plain
 * `astro build`) it is the site model built from Astro's content collections, once per process:
 * getCollection() walks every entry on each call, which costs pages × entries at 10,000
 * reports (withastro/astro#16297).
 */
import { getCollection, getEntry } from 'astro:content';
import type { Category, Settings } from '../../content/schema.ts';
import type { Locale } from '../../i18n/locales.ts';
import type { ReportRecord } from '../content/loadContent.ts';
import { reportFilePath } from '../content/reportPath.ts';
import type { PageRecord } from '../content/loadPages.ts';
import { pageFilePath } from '../content/pagePath.ts';
import { PublicFiles } from '../content/publicFiles.ts';
import { buildClock, siteTimeAt } from '../dates/siteTime.ts';
import { liveReports } from '../site/schedule.ts';
import { buildSiteModel, type Page, type SiteModel } from '../site/siteModel.ts';
import { readStage, waitForPlan } from './buildPlan.ts';
import { isDevServer } from './mode.ts';

export interface Site {
	settings: Settings;
	categories: Map<string, Category>;
	nav: SiteModel['nav'];
	/** Standing pages in the header menu and the footer. */
	pageNav: SiteModel['pageNav'];
	/** Pages to render (all of them, or this process's share of a planned build). */
	pages: Page[];
}

let site: Promise<Site> | undefined;

export function getSite(): Promise<Site> {
	// In dev the content changes under us; rebuilding the model per request is cheap enough there.
	if (isDevServer()) return siteFromCollections();
	site ??= siteFromPlan() ?? siteFromCollections();
	return site;
}

function siteFromPlan(): Promise<Site> | undefined {
	const stage = readStage();
	if (!stage) return undefined;
	return waitForPlan(stage).then((plan) => ({
		settings: plan.settings,
		categories: new Map(plan.categories.map((c) => [c.slug, c])),
		nav: plan.nav,
		pageNav: plan.pageNav,
		pages: plan.pages,
	}));
}

async function siteFromCollections(): Promise<Site> {
	const [entries, pageEntries, categoryEntries, settingsEntry] = await Promise.all([
		getCollection('reports'),
		getCollection('pages'),
		getCollection('categories'),
		getEntry('settings', 'site'),
	]);
	if (!settingsEntry)
		throw new Error('content/settings.yml is missing or invalid (run npm run check)');
	const reports: ReportRecord[] = entries.map((e) => {
		const [lang, slug] = e.id.split('/') as [Locale, string];
		const date = (e.data as ReportRecord['data']).date;
		return {
			id: e.id,
			lang,
			slug,
			year: date.slice(0, 4),
			file: e.filePath ?? reportFilePath(date, lang, slug),
			kind: e.filePath?.endsWith('.mdx') ? 'mdx' : 'md',
			digest: String(e.digest ?? ''),
			data: e.data as ReportRecord['data'],
			links: [],
			images: [],
		};
	});
	// Standing pages carry their rendered body (see content.config.ts).
	const pages: PageRecord[] = pageEntries.map((e) => {
		const [lang, slug] = e.id.split('/') as [Locale, string];
		return {
			id: e.id,
			lang,
			slug,
			file: e.filePath ?? pageFilePath(lang, slug),
			data: e.data as PageRecord['data'],
			html: e.rendered?.html ?? '',
			links: [],
			images: [],
		};
	});
	const categories = categoryEntries
		.map((e) => e.data)
		.sort((a, b) => a.order - b.order || (a.slug < b.slug ? -1 : 1));
	const publicFiles = new PublicFiles(process.cwd());
	const now = siteTimeAt(buildClock(), settingsEntry.data.timezone);
	// The dev server shows scheduled and expired reports, as it shows drafts: editors preview them.
	const model = buildSiteModel(
		{
			reports: isDevServer() ? reports : liveReports(reports, now),
			pages,
			categories,
			settings: settingsEntry.data,
		},
		{ fileSize: (path) => publicFiles.size(path), now }
	);
	return {
		settings: settingsEntry.data,
		categories: new Map(categories.map((c) => [c.slug, c])),
		nav: model.nav,
		pageNav: model.pageNav,
		pages: model.pages,
	};
}

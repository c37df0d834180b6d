/**
 * The site model inside Astro, built from the content collections once per process (every
 * page's getStaticPaths asks for it; Astro's getCollection() walks all entries on each call,
 * which costs pages × entries at 10,000 reports, withastro/astro#16297).
 */
import { getCollection, getEntry } from 'astro:content';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import type { Category, Settings } from '../../content/schema.ts';
import type { Locale } from '../../i18n/locales.ts';
import type { ReportRecord, SiteContent } from '../content/loadContent.ts';
import { buildSiteModel, type SiteModel } from '../site/siteModel.ts';
import { isDevServer } from './mode.ts';

export interface Site {
	content: SiteContent;
	model: SiteModel;
	categories: Map<string, Category>;
	settings: Settings;
}

let site: Promise<Site> | undefined;

export function getSite(): Promise<Site> {
	// In dev the content changes under us; rebuilding the model per request is cheap enough there.
	if (isDevServer()) return buildSite();
	site ??= buildSite();
	return site;
}

async function buildSite(): Promise<Site> {
	const [entries, categoryEntries, settingsEntry] = await Promise.all([
		getCollection('reports'),
		getCollection('categories'),
		getEntry('settings', 'site'),
	]);
	if (!settingsEntry) throw new Error('content/settings.yml is missing or invalid (run npm run check)');
	const reports: ReportRecord[] = entries.map((e) => {
		const [lang, slug] = e.id.split('/') as [Locale, string];
		return {
			id: e.id,
			lang,
			slug,
			file: e.filePath ?? `content/reports/${e.id}.md`,
			kind: e.filePath?.endsWith('.mdx') ? 'mdx' : 'md',
			digest: String(e.digest ?? ''),
			data: e.data as ReportRecord['data'],
			links: [],
			images: [],
		};
	});
	const categories = categoryEntries.map((e) => e.data).sort((a, b) => a.order - b.order || (a.slug < b.slug ? -1 : 1));
	const content: SiteContent = { reports, categories, settings: settingsEntry.data };
	const model = buildSiteModel(content, { fileSize: publicFileSize });
	return { content, model, categories: new Map(categories.map((c) => [c.slug, c])), settings: settingsEntry.data };
}

function publicFileSize(path: string): number | null {
	try {
		return statSync(join(process.cwd(), 'public', decodeURI(path))).size;
	} catch {
		return null;
	}
}

/**
 * Loads all content and builds the site model, collecting every problem: the shared first step
 * of `npm run check` and `npm run build`.
 */
import { loadContent, type LoadOptions, type SiteContent } from '../content/loadContent.ts';
import type { Problem } from '../content/problem.ts';
import { PublicFiles } from '../content/publicFiles.ts';
import { checkPageLinks } from '../site/checkPageLinks.ts';
import { buildClock, siteTimeAt } from '../dates/siteTime.ts';
import { contentAt } from '../site/schedule.ts';
import { buildSiteModel, type SiteModel } from '../site/siteModel.ts';

export interface ValidatedSite {
	/** The content on the site at `now`: scheduled and expired reports are left out. */
	content?: SiteContent;
	model?: SiteModel;
	problems: Problem[];
	/** Files parsed and rendered in this run (0 when the cache had them all). */
	compiled: number;
}

export async function validateSite(
	options: Omit<LoadOptions, 'includeDrafts'> & {
		/** The instant the site is built for (定时发布/下线, 置顶至); default: buildClock(). */
		now?: Date;
		/** Called with the content as soon as it is known, before the site model is built. */
		onContent?: (content: SiteContent) => void;
	}
): Promise<ValidatedSite> {
	const { now: given, onContent, ...loadOptions } = options;
	const loaded = await loadContent({ ...loadOptions, includeDrafts: false });
	const problems = [...loaded.problems];
	let instant = given;
	try {
		instant ??= buildClock();
	} catch (error) {
		// A mistyped HUIBAO_NOW is named like any other problem, not thrown.
		problems.push({ file: 'HUIBAO_NOW', field: 'environment', message: (error as Error).message });
	}
	// Every report is validated (links to a scheduled report are fine: it will be there); the
	// site is what is live at this minute.
	const now = instant && loaded.content && siteTimeAt(instant, loaded.content.settings.timezone);
	const content = now ? contentAt(loaded.content!, now) : undefined;
	if (content && problems.length === 0) onContent?.(content);
	const publicFiles = new PublicFiles(options.root);
	const model =
		content && buildSiteModel(content, { fileSize: (path) => publicFiles.size(path), now });
	if (content && model)
		problems.push(
			...checkPageLinks(
				[...content.reports, ...(content.pages ?? [])],
				model.pages.map((p) => p.url)
			)
		);
	return { content, model, problems, compiled: loaded.rendered };
}

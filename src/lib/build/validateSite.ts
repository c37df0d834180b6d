/**
 * Loads all content and builds the site model, collecting every problem: the shared first step
 * of `npm run check` and `npm run build`.
 */
import { loadContent, type LoadOptions, type SiteContent } from '../content/loadContent.ts';
import type { Problem } from '../content/problem.ts';
import { PublicFiles } from '../content/publicFiles.ts';
import { checkPageLinks } from '../site/checkPageLinks.ts';
import { buildSiteModel, type SiteModel } from '../site/siteModel.ts';

export interface ValidatedSite {
	content?: SiteContent;
	model?: SiteModel;
	problems: Problem[];
	/** Files parsed and rendered in this run (0 when the cache had them all). */
	compiled: number;
}

export async function validateSite(
	options: Omit<LoadOptions, 'includeDrafts'>
): Promise<ValidatedSite> {
	const loaded = await loadContent({ ...options, includeDrafts: false });
	const problems = [...loaded.problems];
	const content = loaded.content;
	const publicFiles = new PublicFiles(options.root);
	const model = content && buildSiteModel(content, { fileSize: (path) => publicFiles.size(path) });
	if (content && model)
		problems.push(
			...checkPageLinks(
				[...content.reports, ...(content.pages ?? [])],
				model.pages.map((p) => p.url)
			)
		);
	return { content, model, problems, compiled: loaded.rendered };
}

/**
 * The plan `npm run build` hands to each Astro process (HUIBAO_PLAN, a JSON file): the pages
 * it must render with their props, the site-wide data, and where to write.
 *
 * The build script has already loaded, validated and modelled the content; passing the result
 * saves every Astro process from doing it again through the content layer (at 10,000 reports:
 * content sync, data store write and model ≈ 2 s per process, most of a one-report rebuild).
 * Without a plan (`astro dev`, a plain `astro build`), pages build the same model from Astro's
 * content collections; a test checks both ways give the same site.
 */
import { readFileSync } from 'node:fs';
import type { Category, ReportFrontmatter, Settings } from '../../content/schema.ts';
import type { Page, SiteModel } from '../site/siteModel.ts';

export interface AstroPlan {
	outDir: string;
	cacheDir: string;
	emptyPublicDir: string;
	settings: Settings;
	categories: Category[];
	nav: SiteModel['nav'];
	/** The pages this process renders. */
	pages: Page[];
	/** `.mdx` reports among them: Astro compiles those itself, so they enter its content layer. */
	mdx: { id: string; file: string; digest: string; data: ReportFrontmatter }[];
}

let plan: AstroPlan | null | undefined;

/** The plan of this Astro process, or null when Astro runs on its own. */
export function readPlan(): AstroPlan | null {
	if (plan === undefined) {
		const file = process.env.HUIBAO_PLAN;
		plan = file ? (JSON.parse(readFileSync(file, 'utf8')) as AstroPlan) : null;
	}
	return plan;
}

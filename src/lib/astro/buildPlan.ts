/**
 * What `npm run build` tells each Astro process (see lib/build/runAstro.ts).
 *
 * - The stage (env HUIBAO_ASTRO_STAGE, known when the process starts): where to write.
 * - The plan (a JSON file, written when the build script has checked the content, possibly
 *   while Astro is already loading): the pages to render with their props, and the site-wide
 *   data. Passing them saves every Astro process from loading, validating and modelling the
 *   content again through the content layer (≈ 2 s per process at 10,000 reports).
 *
 * Without a stage (`astro dev`, a plain `astro build`), pages build the same model from Astro's
 * content collections; a test checks both ways give the same site.
 */
import { existsSync, readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Category, ReportFrontmatter, Settings } from '../../content/schema.ts';
import type { Page, SiteModel } from '../site/siteModel.ts';

export interface AstroStage {
	outDir: string;
	cacheDir: string;
	emptyPublicDir: string;
	planFile: string;
	/**
	 * Whether Astro syncs its content collections first. Under a plan only `.mdx` reports need
	 * them (lib/build/astroProcess.ts); without any, the sync is ~1 s of CPU saved per process.
	 */
	contentSync: boolean;
	/**
	 * Where this process saves its bundle, and the key it is saved under (lib/astro/savedBundle.ts);
	 * absent when it must not be kept (.mdx reports: their content is part of the bundle).
	 */
	bundle?: { dir: string; key: string };
}

export interface AstroPlan extends AstroStage {
	settings: Settings;
	categories: Category[];
	nav: SiteModel['nav'];
	pageNav: SiteModel['pageNav'];
	/** The pages this process renders. */
	pages: Page[];
	/** `.mdx` reports among them: Astro compiles those itself. */
	mdx: { id: string; file: string; digest: string; data: ReportFrontmatter }[];
}

/** The stage of this Astro process, or null when Astro runs on its own. */
export function readStage(): AstroStage | null {
	const json = process.env.HUIBAO_ASTRO_STAGE;
	return json ? (JSON.parse(json) as AstroStage) : null;
}

let plan: Promise<AstroPlan> | undefined;

/** The plan, once the build script has written it (polled; it appears by an atomic rename). */
export function waitForPlan(stage: AstroStage): Promise<AstroPlan> {
	plan ??= (async () => {
		while (!existsSync(stage.planFile)) await sleep(20);
		return JSON.parse(readFileSync(stage.planFile, 'utf8')) as AstroPlan;
	})();
	return plan;
}

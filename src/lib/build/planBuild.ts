/**
 * Which pages this build must render: those whose fingerprint or site-wide inputs changed,
 * and those whose file in dist/ is missing or was touched. Pages that disappeared from the
 * site are removed. When a file Astro writes on every build (a stylesheet in _astro/, the
 * sitemap) is missing or touched, Astro runs again even if no page changed: one page is rendered
 * and its run writes those files anew. Without a trustworthy manifest, everything is rendered
 * into a fresh dist/.
 */
import type { Page } from '../site/siteModel.ts';
import { outputFileFor } from '../site/urls.ts';
import { pageFingerprint } from './fingerprint.ts';
import { distExists, outputIntact, type BuildManifest } from './manifest.ts';

export interface PlannedPage {
	url: string;
	file: string;
	fp: string;
}

export interface BuildPlan {
	/** Every page of the site. */
	pages: PlannedPage[];
	/** Pages to render now. */
	render: PlannedPage[];
	/** Output files of pages that no longer exist. */
	remove: string[];
	/** True when dist/ is rebuilt from nothing. */
	full: boolean;
	/** Why a full build was chosen, for the log. */
	reason?: string;
	/** Files of dist/ the last build wrote were missing or touched: dist/ changed behind its back. */
	damaged?: boolean;
}

export function planBuild(options: {
	model: Page[];
	code: string;
	siteWide: Record<string, string>;
	dist: string;
	previous: BuildManifest | undefined;
	force?: boolean;
	/** Why there is no previous manifest to use, when the caller knows. */
	why?: string;
}): BuildPlan {
	const pages = options.model.map((page) => ({
		url: page.url,
		file: outputFileFor(page.url),
		// The language's site-wide inputs are part of each page's fingerprint.
		fp: `${options.siteWide[page.lang]}.${pageFingerprint(page)}`,
	}));
	const prev = options.previous;
	const reason = options.force
		? 'asked for a clean build'
		: !prev
			? (options.why ?? 'no usable record of a previous build')
			: prev.code !== options.code
				? 'the code or dependencies changed'
				: !distExists(options.dist)
					? 'dist/ is missing'
					: undefined;
	if (reason) return { pages, render: pages, remove: [], full: true, reason };

	let damaged = false;
	const render = pages.filter((p) => {
		const before = prev!.pages[p.url];
		if (!before || before.fp !== p.fp || before.file !== p.file) return true;
		if (outputIntact(options.dist, before.file, before)) return false;
		damaged = true;
		return true;
	});
	const astroDamaged = Object.entries(prev!.astroFiles).some(
		([file, recorded]) => !outputIntact(options.dist, file, recorded)
	);
	damaged ||= astroDamaged;
	if (astroDamaged && render.length === 0 && pages.length > 0) render.push(pages[0]!);
	const current = new Set(pages.map((p) => p.url));
	const remove = Object.entries(prev!.pages)
		.filter(([url]) => !current.has(url))
		.map(([, p]) => p.file);
	return { pages, render, remove, full: false, damaged };
}

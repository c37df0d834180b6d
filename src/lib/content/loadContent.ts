/**
 * Reads, validates and renders all content: the one entry point used by `npm run check`,
 * `npm run build`, the Astro collection loader and the tests.
 *
 * Every problem in every file is collected; nothing stops at the first one.
 */
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Category, ReportFrontmatter, Settings } from '../../content/schema.ts';
import { defaultLocale, localeKeys, locales, type Locale } from '../../i18n/locales.ts';
import { CompilePool } from './compilePool.ts';
import { ContentCache, contentCacheKey, defaultCacheDir, sha1, type FileStamp } from './contentCache.ts';
import { loadCategories, loadSettings } from './loadData.ts';
import { listReportFiles, parseReportPath, reportFilePath, REPORTS_DIR, type ReportPath } from './reportPath.ts';

import type { Problem } from './problem.ts';
import { decodeSitePath, PublicFiles } from './publicFiles.ts';
import { linksUnder } from './symlinks.ts';
import { loadPages, pairPages, type PageRecord } from './loadPages.ts';
import { PAGES_DIR } from './pagePath.ts';

/** A valid report, ready for the site model. */
export interface ReportRecord {
	/** `zh/<slug>`. */
	id: string;
	lang: Locale;
	slug: string;
	/** The year folder the file is in (crossCheck holds it to the date's year). */
	year: string;
	/** Path from the project root: `content/reports/<year>/zh/<slug>.md`. */
	file: string;
	kind: 'md' | 'mdx';
	/** SHA-1 of the file's bytes; the key of its rendered HTML in the cache. */
	digest: string;
	/** Front matter, with `summary` filled from the body when the file has none. */
	data: ReportFrontmatter & { summary: string };
	/** Site-internal links and images found in the body. */
	links: string[];
	images: string[];
}

export interface SiteContent {
	reports: ReportRecord[];
	/** Standing pages (协会简介, 章程…) that are on the site; absent where nobody loaded them. */
	pages?: PageRecord[];
	categories: Category[];
	settings: Settings;
}

export interface LoadOptions {
	/** Project root (the folder with content/ and public/). */
	root: string;
	/** Drafts are part of the site under `astro dev` only. */
	includeDrafts: boolean;
	cacheDir?: string;
	/** Astro's build workers only read the cache the build script has just filled. */
	readOnlyCache?: boolean;
	/** Worker threads for compiling files; 0 compiles in-process (inside Vite). Default: one per core. */
	workers?: number;
	onProgress?: (phase: 'read', done: number, total: number) => void;
	/** Only these report files (by path); cross-file checks are then skipped. */
	only?: (file: string) => boolean;
}

export interface LoadResult {
	/** Undefined when settings or categories are unusable. */
	content?: SiteContent;
	problems: Problem[];
	cache: ContentCache;
	/** How many files had to be parsed and rendered (0 on a warm cache). */
	rendered: number;
}

export async function loadContent(options: LoadOptions): Promise<LoadResult> {
	const { root } = options;
	const problems: Problem[] = [];
	const [{ categories, problems: categoryProblems }, { settings, problems: settingsProblems }] = await Promise.all([
		loadCategories(root),
		loadSettings(root),
	]);
	problems.push(...categoryProblems, ...settingsProblems);
	// Astro copies public/ into the site as it finds it: a link there would publish its target.
	if (!options.only) {
		// A link at content/ itself is above both folders: named once.
		const links = [...linksUnder(root, REPORTS_DIR), ...linksUnder(root, PAGES_DIR), ...linksUnder(root, 'public')];
		problems.push(...links.filter((p, i) => links.findIndex((q) => q.file === p.file) === i));
	}
	const timeZone = settings?.timezone ?? 'Asia/Shanghai';
	const files = (await listReportFiles(root)).filter(options.only ?? (() => true));
	// Astro's processes ask only for .mdx reports, usually none: reading the index of 10,000
	// reports (~0.14 s) for nothing would delay every build's Astro start.
	const cacheDir = options.cacheDir ?? defaultCacheDir(root);
	const key = contentCacheKey(root, timeZone);
	const cache = options.readOnlyCache && files.length === 0 ? ContentCache.empty(cacheDir, key) : ContentCache.open(cacheDir, key);
	const found: { file: string; digest: string; where: ReportPath }[] = [];
	// Synchronous stats: 10,000 of them take ~50 ms, as promises ~250 ms.
	const stamps = files.map((file) => stampOf(join(root, file)));
	const unknown = files.filter((file, i) => !cache.digestFor(file, stamps[i]!)).length;
	const pool = new CompilePool(unknown, options.workers);
	let done = 0;
	let compiled = 0;
	try {
		// 32 files in flight, each read synchronously, then waiting for a compile worker while the
		// next is read. Promise reads cost this thread ~3 times the CPU: `npm run check` of 10,000
		// reports took 8.0 s instead of 7.0 s, with 1.6 s more CPU.
		let next = 0;
		await Promise.all(
			Array.from({ length: 32 }, async () => {
				for (let i = next++; i < files.length; i = next++) {
					const file = files[i]!;
					const where = parseReportPath(file);
					if ('error' in where) {
						problems.push({ file, field: 'file name', message: where.error });
						continue;
					}
					let digest = cache.digestFor(file, stamps[i]!);
					if (!digest || !cache.entry(digest) || (cache.entry(digest)!.data && !cache.hasHtml(digest))) {
						const bytes = readFileSync(join(root, file));
						digest = sha1(bytes);
						cache.rememberFile(file, stamps[i]!, digest);
						// Compile unless this content is known (a copy, or a file renamed back).
						const known = cache.entry(digest);
						if (!known || (known.data && !cache.hasHtml(digest))) {
							const result = await pool.compile({ key: digest, bytes, file, where, timeZone });
							cache.setEntry(digest, result.entry);
							if (result.html) cache.storeHtml(digest, result.html, result.htmlCrc!);
							compiled++;
						}
					}
					found.push({ file, digest, where });
					options.onProgress?.('read', ++done, files.length);
				}
			}),
		);
	} finally {
		await pool.close();
	}

	const valid: ReportRecord[] = [];
	for (const { file, digest, where } of found.sort((a, b) => (a.file < b.file ? -1 : 1))) {
		const entry = cache.entry(digest)!;
		for (const p of entry.problems) problems.push({ file, ...p });
		if (!entry.data) continue;
		valid.push({
			id: where.id,
			lang: where.lang,
			slug: where.slug,
			year: where.year,
			file,
			kind: where.kind,
			digest,
			data: { ...entry.data, summary: entry.data.summary ?? entry.summary ?? '' },
			links: entry.links ?? [],
			images: entry.images ?? [],
		});
	}

	if (!options.readOnlyCache && !options.only) {
		cache.retain(new Set(found.map((f) => f.file)), new Set(found.map((f) => f.digest)));
		cache.save();
	}
	cache.close();
	if (!settings || categories.length === 0) return { problems, cache, rendered: compiled };
	// Drafts are checked like any report (they will be published one day), but published
	// reports may not link to them: the link would break on the live site.
	const reports = options.includeDrafts ? valid : valid.filter((r) => !r.data.draft);
	// Astro's build processes get pages with their HTML from the build plan (`only` is set there).
	const loadedPages = options.only ? { pages: [], problems: [] } : await loadPages(root, timeZone);
	const paired = pairPages(loadedPages.pages, options.includeDrafts);
	problems.push(...loadedPages.problems, ...paired.problems);
	if (!options.only) problems.push(...crossCheck(root, { reports: valid, pages: loadedPages.pages, categories, settings }, new Set(reports.map((r) => r.id)), options.includeDrafts));
	return { content: { reports, pages: paired.pages, categories, settings }, problems, cache, rendered: compiled };
}

function stampOf(path: string): FileStamp {
	const s = statSync(path);
	return [s.size, s.mtimeMs, s.ctimeMs, s.ino];
}

/**
 * Problems that involve more than one file, or files outside content/. `published` holds the
 * ids of reports that will be on the site: translations and links must point at those.
 */
export function crossCheck(root: string, content: SiteContent, published: Set<string>, includeDrafts: boolean): Problem[] {
	const problems: Problem[] = [];
	const categories = new Set(content.categories.map((c) => c.slug));
	const categoryList = content.categories.map((c) => c.slug).join(', ');
	const bySlug = new Map<string, ReportRecord>();
	const publicFiles = new PublicFiles(root);
	const publicFileExists = memo((path: string) => publicFiles.exists(path));

	for (const r of content.reports) {
		const key = `${r.lang}/${r.slug}`;
		const twin = bySlug.get(key);
		if (twin) {
			problems.push({ file: r.file, field: 'file name', message: `duplicate slug "${r.slug}" in ${r.lang}/: ${twin.file} has it too` });
		}
		bySlug.set(key, r);
	}

	for (const r of content.reports) {
		if (!categories.has(r.data.category)) {
			problems.push({ file: r.file, field: 'category', message: `unknown category "${r.data.category}" (known: ${categoryList})` });
		}
		const original = bySlug.get(`${defaultLocale}/${r.slug}`);
		if (r.lang !== defaultLocale && !published.has(`${defaultLocale}/${r.slug}`) && !(r.data.draft && original)) {
			problems.push({
				file: r.file,
				field: 'file name',
				message: `translation without an original: ${REPORTS_DIR}/${r.year}/${defaultLocale}/${r.slug}.md does not exist${includeDrafts ? '' : ' (or is a draft)'}`,
			});
		} else if (r.lang !== defaultLocale && original && original.year !== r.year) {
			// The CMS edits a report and its translation as one entry of one year's collection.
			problems.push({
				file: r.file,
				field: 'file name',
				message: `a translation lives beside its original (${original.file}): move it to ${reportFilePath(original.year, r.lang, r.slug, r.kind)}`,
			});
		} else if (!r.data.date.startsWith(`${r.year}-`) && (r.lang === defaultLocale || !original)) {
			problems.push({
				file: r.file,
				field: 'date',
				message: `${r.data.date} is not in ${r.year}, the year of its folder: move the file to ${reportFilePath(r.data.date, r.lang, r.slug, r.kind)} (npm run migrate-layout does it)`,
			});
		}
		const files: [string, string][] = [];
		if (r.data.cover) files.push(['cover', r.data.cover]);
		r.data.attachments?.forEach((a, i) => files.push([`attachments.${i}.file`, a.file]));
		for (const [field, path] of files) {
			if (!publicFileExists(path)) problems.push({ file: r.file, field, message: `file not found: public${path}` });
		}
		checkBody(r);
	}
	// Standing pages link to reports and files like reports do (links between pages, and from
	// reports to pages, are checked against the site's pages: checkPageLinks.ts).
	for (const p of content.pages ?? []) checkBody(p);
	return problems;

	function checkBody(r: { file: string; images: string[]; links: string[]; data: { draft?: boolean } }) {
		for (const href of [...r.images, ...r.links]) {
			if (decodeSitePath(href) === undefined) problems.push({ file: r.file, field: 'body', message: `broken link: ${href} (malformed % escape)` });
		}
		for (const src of r.images) {
			if (decodeSitePath(src) === undefined) continue;
			if (!publicFileExists(stripQuery(src))) problems.push({ file: r.file, field: 'body', message: `image not found: ${src} (no file public${stripQuery(src)})` });
		}
		for (const href of r.links) {
			if (decodeSitePath(href) === undefined) continue;
			const target = reportLinkTarget(href);
			if (target && !published.has(target) && !(r.data.draft && bySlug.has(target))) {
				problems.push({ file: r.file, field: 'body', message: `broken link: ${href} (no ${includeDrafts ? '' : 'published '}report "${target}")` });
			} else if (!target && /\.[a-z0-9]+$/i.test(stripQuery(href)) && !publicFileExists(stripQuery(href))) {
				problems.push({ file: r.file, field: 'body', message: `broken link: ${href} (no file public${stripQuery(href)})` });
			}
		}
	}
}

/** `/reports/x/` → `zh/x`, `/en/reports/x` → `en/x`; anything else (or a malformed `%` escape) → undefined. */
export function reportLinkTarget(href: string): string | undefined {
	const m = /^((?:\/[^/?#]+)?)\/reports\/([^/?#]+)\/?(?:[?#].*)?$/.exec(href);
	const lang = m && localeKeys.find((l) => locales[l].prefix === m[1]);
	const slug = lang && decodeSitePath(m[2]!);
	if (slug === undefined || slug === null) return undefined;
	return `${lang}/${slug}`;
}

function stripQuery(href: string): string {
	return href.replace(/[?#].*$/, '');
}

function memo<T>(fn: (key: string) => T): (key: string) => T {
	const seen = new Map<string, T>();
	return (key) => {
		if (!seen.has(key)) seen.set(key, fn(key));
		return seen.get(key)!;
	};
}

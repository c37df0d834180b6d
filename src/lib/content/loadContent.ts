/**
 * Reads, validates and renders all content: the one entry point used by `npm run check`,
 * `npm run build`, the Astro collection loader and the tests.
 *
 * Every problem in every file is collected; nothing stops at the first one.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import type { Category, ReportFrontmatter, Settings } from '../../content/schema.ts';
import { defaultLocale, type Locale } from '../../i18n/locales.ts';
import { renderAll } from '../markdown/renderPool.ts';
import { ContentCache, defaultCacheDir, sha1, type CompiledEntry, type FileStamp } from './contentCache.ts';
import { loadCategories, loadSettings } from './loadData.ts';
import { parseReport } from './parseReport.ts';
import { parseReportPath, REPORTS_DIR } from './reportPath.ts';
import type { Problem } from './problem.ts';

/** A valid report, ready for the site model. */
export interface ReportRecord {
	/** `zh/<slug>`. */
	id: string;
	lang: Locale;
	slug: string;
	/** Path from the project root: `content/reports/zh/<slug>.md`. */
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
	/** Render worker threads; 0 renders in-process (inside Vite). Default: one per core. */
	workers?: number;
	onProgress?: (phase: 'read' | 'render', done: number, total: number) => void;
}

export interface LoadResult {
	/** Undefined when settings or categories are unusable. */
	content?: SiteContent;
	problems: Problem[];
	cache: ContentCache;
	/** How many bodies had to be rendered (0 on a warm cache). */
	rendered: number;
}

/** All report files under content/reports, relative to the root with forward slashes. */
export async function listReportFiles(root: string): Promise<string[]> {
	const dir = join(root, REPORTS_DIR);
	if (!existsSync(dir)) return [];
	const names = await readdir(dir, { recursive: true, withFileTypes: true });
	return names
		.filter((d) => d.isFile() && !d.name.startsWith('.'))
		.map((d) => relative(root, join(d.parentPath, d.name)).split(sep).join('/'))
		.sort();
}

export async function loadContent(options: LoadOptions): Promise<LoadResult> {
	const { root } = options;
	const problems: Problem[] = [];
	const [{ categories, problems: categoryProblems }, { settings, problems: settingsProblems }] = await Promise.all([
		loadCategories(root),
		loadSettings(root),
	]);
	problems.push(...categoryProblems, ...settingsProblems);
	const timeZone = settings?.timezone ?? 'Asia/Shanghai';
	const cache = ContentCache.open(options.cacheDir ?? defaultCacheDir(root), timeZone);

	const files = await listReportFiles(root);
	const found: { file: string; digest: string; where: Exclude<ReturnType<typeof parseReportPath>, { error: string }> }[] = [];
	const toRender: { key: string; markdown: string }[] = [];
	let read = 0;

	// Read and parse, 32 files at a time: the disk works while the CPU parses.
	const queue = [...files];
	await Promise.all(
		Array.from({ length: 32 }, async () => {
			for (let file = queue.shift(); file !== undefined; file = queue.shift()) {
				const where = parseReportPath(file);
				if ('error' in where) {
					problems.push({ file, field: 'file name', message: where.error });
					continue;
				}
				const digest = await digestOf(root, file, cache, async (digest, source) => {
					if (cache.entry(digest)) return;
					const { report, problems: fileProblems } = parseReport(file, source, where, timeZone);
					const entry: CompiledEntry = { problems: fileProblems.map(({ field, message }) => ({ field, message })) };
					if (report) {
						entry.data = report.data;
						toRender.push({ key: digest, markdown: report.body });
					}
					cache.setEntry(digest, entry);
				});
				found.push({ file, digest, where });
				options.onProgress?.('read', ++read, files.length);
			}
		}),
	);

	// An entry parsed earlier but whose HTML went missing is rendered again.
	for (const { file, digest } of found) {
		const entry = cache.entry(digest);
		if (entry?.data && !entry.htmlHash && !toRender.some((job) => job.key === digest)) {
			const { report } = parseReport(file, await readFile(join(root, file), 'utf8'), parseReportPath(file) as never, timeZone);
			if (report) toRender.push({ key: digest, markdown: report.body });
		}
	}

	let done = 0;
	await renderAll(
		toRender,
		(digest, body) => {
			const entry = cache.entry(digest)!;
			entry.summary = body.summary;
			entry.links = body.links;
			entry.images = body.images;
			entry.textLength = body.text.length;
			entry.htmlHash = cache.writeHtml(digest, body.html);
			options.onProgress?.('render', ++done, toRender.length);
		},
		{ workers: options.workers },
	);

	const reports: ReportRecord[] = [];
	for (const { file, digest, where } of found.sort((a, b) => (a.file < b.file ? -1 : 1))) {
		const entry = cache.entry(digest)!;
		for (const p of entry.problems) problems.push({ file, ...p });
		if (!entry.data) continue;
		if (entry.data.draft && !options.includeDrafts) continue;
		reports.push({
			id: where.id,
			lang: where.lang,
			slug: where.slug,
			file,
			kind: where.kind,
			digest,
			data: { ...entry.data, summary: entry.data.summary ?? entry.summary ?? '' },
			links: entry.links ?? [],
			images: entry.images ?? [],
		});
	}

	if (!options.readOnlyCache) {
		cache.retain(new Set(found.map((f) => f.file)), new Set(found.map((f) => f.digest)));
		cache.save();
	}
	if (!settings || categories.length === 0) return { problems, cache, rendered: toRender.length };
	const content = { reports, categories, settings };
	problems.push(...crossCheck(root, content, options.includeDrafts));
	return { content, problems, cache, rendered: toRender.length };
}

/** Digest from the cache when the file's stamp is unchanged, else read + hash (+ `onRead`). */
async function digestOf(
	root: string,
	file: string,
	cache: ContentCache,
	onRead: (digest: string, source: string) => Promise<void> | void,
): Promise<string> {
	const path = join(root, file);
	const s = await stat(path);
	const stamp: FileStamp = [s.size, s.mtimeMs, s.ctimeMs, s.ino];
	const known = cache.digestFor(file, stamp);
	if (known && cache.entry(known)) return known;
	const bytes = await readFile(path);
	const digest = sha1(bytes);
	cache.rememberFile(file, stamp, digest);
	await onRead(digest, bytes.toString('utf8'));
	return digest;
}

/** Problems that involve more than one file, or files outside content/. */
export function crossCheck(root: string, content: SiteContent, includeDrafts: boolean): Problem[] {
	const problems: Problem[] = [];
	const categories = new Set(content.categories.map((c) => c.slug));
	const categoryList = content.categories.map((c) => c.slug).join(', ');
	const bySlug = new Map<string, ReportRecord>();
	const publicFileExists = memo((path: string) => existsSync(join(root, 'public', decodeURI(path))));

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
		if (r.lang !== defaultLocale && !bySlug.has(`${defaultLocale}/${r.slug}`)) {
			problems.push({
				file: r.file,
				field: 'file name',
				message: `translation without an original: ${REPORTS_DIR}/${defaultLocale}/${r.slug}.md does not exist${includeDrafts ? '' : ' (or is a draft)'}`,
			});
		}
		const files: [string, string][] = [];
		if (r.data.cover) files.push(['cover', r.data.cover]);
		r.data.attachments?.forEach((a, i) => files.push([`attachments.${i}.file`, a.file]));
		for (const [field, path] of files) {
			if (!publicFileExists(path)) problems.push({ file: r.file, field, message: `file not found: public${path}` });
		}
		for (const src of r.images) {
			if (!publicFileExists(stripQuery(src))) problems.push({ file: r.file, field: 'body', message: `image not found: ${src} (no file public${stripQuery(src)})` });
		}
		for (const href of r.links) {
			const target = reportLinkTarget(href);
			if (target && !bySlug.has(target)) {
				problems.push({ file: r.file, field: 'body', message: `broken link: ${href} (no ${includeDrafts ? '' : 'published '}report "${target}")` });
			} else if (!target && /\.[a-z0-9]+$/i.test(stripQuery(href)) && !publicFileExists(stripQuery(href))) {
				problems.push({ file: r.file, field: 'body', message: `broken link: ${href} (no file public${stripQuery(href)})` });
			}
		}
	}
	return problems;
}

/** `/reports/x/` → `zh/x`, `/en/reports/x` → `en/x`; anything else → undefined. */
export function reportLinkTarget(href: string): string | undefined {
	const m = /^\/(?:(en)\/)?reports\/([^/?#]+)\/?(?:[?#].*)?$/.exec(href);
	if (!m) return undefined;
	return `${m[1] ?? defaultLocale}/${decodeURIComponent(m[2]!)}`;
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

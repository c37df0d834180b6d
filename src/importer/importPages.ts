/**
 * `npm run import`: saved pages of an old site → reports under content/reports/<year>/zh/.
 *
 * Safe to run again and again on the same folders: a page is known by its `origin`, so it is
 * skipped (or, with `update`, refreshed in place) instead of imported twice, and an existing
 * file is never overwritten by a new report. Each page succeeds or fails on its own.
 */
import { defaultLocale } from '../i18n/locales.ts';
import { link, mkdir, readdir, readFile, rename, stat, unlink, writeFile } from 'node:fs/promises';
import { reportFilePath } from '../lib/content/reportPath.ts';
import path from 'node:path';
import { planAssets, type Upload } from './assets.ts';
import { textToBlocks, type Block } from './blocks.ts';
import type { Element } from 'hast';
import {
	buildCategoryMap,
	categoryFromTitle,
	ConfigError,
	loadCategories,
	resolveCategory,
} from './categoryMap.ts';
import { decodePage } from './decode.ts';
import { extractArticle } from './extractArticle.ts';
import { htmlToBlocks } from './htmlToBlocks.ts';
import {
	newReportFile,
	readExistingReports,
	reportSlug,
	updatedReportFile,
	validateReportFile,
	type ImportedFields,
} from './reportFile.ts';
import { blocksToMarkdown } from './toMarkdown.ts';
import { extractWechat, isWechatPage, normaliseWechatUrl } from './wechat.ts';
import { fetchArticle } from './wechatFetch.ts';
import { ImageDownloader, type FetchLike } from './wechatImages.ts';

export interface ImportOptions {
	/** Files and folders to import (folders recursively). */
	inputs: string[];
	/** Project root holding content/ and public/. */
	root: string;
	/** Directory that file-path origins are relative to. */
	cwd: string;
	dryRun?: boolean;
	/** Refresh reports already imported from the same page instead of skipping them. */
	update?: boolean;
	/** A YAML/JSON file mapping section names to category slugs. */
	categoryMap?: string;
	/** Category for pages whose breadcrumb names no section. */
	defaultCategory?: string;
	/** Category for every page of the run (`--category`). */
	category?: string;
	/**
	 * `--link`: WeChat articles become link-out items (title, date, source, address and a `link`
	 * to the article) instead of copies; nothing is downloaded.
	 */
	link?: boolean;
	/** Pause between two fetched WeChat addresses, in milliseconds (default 3000). */
	pauseMs?: number;
	/**
	 * How addresses and images are fetched: the global `fetch`, unless a test routes WeChat's
	 * hosts to its own server on 127.0.0.1 (everything else about a request stays the same).
	 */
	fetch?: FetchLike;
	/** Called as each page is done, for progress output. */
	onResult?: (result: PageResult) => void;
}

export type Status = 'imported' | 'updated' | 'skipped' | 'failed';

export interface PageResult {
	status: Status;
	/** The page, relative to the current directory, with forward slashes. */
	page: string;
	/** The report, relative to the root (`content/reports/<year>/zh/<slug>.md`). */
	report?: string;
	category?: string;
	/** Files copied (or to be copied) under public/uploads/. */
	uploads?: string[];
	/** Why it was skipped or failed; for failures, `field: reason`. */
	reason?: string;
	warnings: string[];
	/** How the page's bytes were decoded, e.g. `gb18030 (meta tag)`. */
	encoding?: string;
}

export type Summary = Record<Status, number>;

/** What happened to the web addresses given (WeChat articles fetched from mp.weixin.qq.com). */
export interface FetchSummary {
	asked: number;
	fetched: number;
	/** Why fetching stopped early (a verification page), if it did. */
	stopped?: string;
}

const DEFAULT_PAUSE_MS = 3000;

const PAGE_EXT = /\.(?:html?|txt)$/i;

/** Imports pages; throws ConfigError when the run cannot start (categories, map file). */
export async function importPages(
	options: ImportOptions
): Promise<{ results: PageResult[]; summary: Summary; fetch?: FetchSummary }> {
	const root = path.resolve(options.cwd, options.root);
	const categories = await loadCategories(root);
	const map = await buildCategoryMap(
		categories,
		options.categoryMap ? path.resolve(options.cwd, options.categoryMap) : undefined,
		options.defaultCategory
	);
	if (options.category !== undefined && !map.known.includes(options.category)) {
		throw new ConfigError(
			`--category "${options.category}" is not in content/categories.yml (known slugs: ${map.known.join(', ')})`
		);
	}
	const fetchFn: FetchLike = options.fetch ?? ((url, init) => fetch(url, init));
	const images = new ImageDownloader(fetchFn);
	const pauseMs = options.pauseMs ?? DEFAULT_PAUSE_MS;
	let fetchSummary: FetchSummary | undefined;
	let fetchedBefore = false;
	const existing = await readExistingReports(root);
	const results: PageResult[] = [];
	const done = (result: PageResult) => {
		results.push(result);
		options.onResult?.(result);
	};
	const display = (file: string) => toSlashes(path.relative(options.cwd, file)) || '.';

	/** Origins of pages handled in this run → their report, so one run never imports a page twice. */
	const seen = new Map<string, string>();

	for (const input of await collectPages(options.inputs, options.cwd)) {
		if ('missing' in input) {
			done({ status: 'failed', page: display(input.missing), reason: input.reason, warnings: [] });
			continue;
		}
		if ('url' in input) {
			fetchSummary ??= { asked: 0, fetched: 0 };
			fetchSummary.asked++;
			const result: PageResult = { status: 'failed', page: input.url, warnings: [] };
			try {
				await importAddress(input.url, result);
			} catch (error) {
				result.status = 'failed';
				result.reason = `page: ${(error as Error).message}`;
			}
			done(result);
			continue;
		}
		const page = display(input.file);
		const result: PageResult = { status: 'failed', page, warnings: [] };
		try {
			const bytes = await readFile(input.file);
			await importOne(bytes, input.file, input.allowed, result);
		} catch (error) {
			result.status = 'failed';
			result.reason = `page: ${(error as Error).message}`;
		}
		done(result);
	}

	/**
	 * A WeChat article's address: skipped without a request when already imported, else fetched
	 * (after a pause, one at a time) and imported like a saved page. A verification page stops
	 * all further fetching for the run: asking again only prolongs WeChat's block.
	 */
	async function importAddress(address: string, result: PageResult): Promise<void> {
		const url = normaliseWechatUrl(address);
		if (!url) {
			result.reason =
				'input: only WeChat article addresses (https://mp.weixin.qq.com/s/…) are fetched; save other pages and import the files';
			return;
		}
		const known = existing.origins.get(url) ?? seen.get(url);
		if (known !== undefined && !options.update) {
			result.status = 'skipped';
			result.report = known;
			result.reason = `already imported as ${known} (--update refreshes it)`;
			return;
		}
		if (fetchSummary!.stopped) {
			result.reason = `not fetched: ${fetchSummary!.stopped}`;
			return;
		}
		if (fetchedBefore && pauseMs > 0) await new Promise((r) => setTimeout(r, pauseMs));
		fetchedBefore = true;
		const page = await fetchArticle(url, fetchFn);
		if ('error' in page) {
			if (page.stop) fetchSummary!.stopped = page.error;
			result.reason = `fetch: ${page.error}`;
			return;
		}
		fetchSummary!.fetched++;
		await importOne(page.bytes, undefined, [], result, url);
	}

	async function importOne(
		bytes: Buffer,
		file: string | undefined,
		allowed: string[],
		result: PageResult,
		address?: string
	): Promise<void> {
		const fail = (field: string, reason: string) => {
			result.status = 'failed';
			result.reason = field ? `${field}: ${reason}` : reason;
		};
		const isHtml = address !== undefined || /\.html?$/i.test(file!) || looksLikeHtml(bytes);
		const decoded = decodePage(bytes, isHtml ? 'html' : 'text');
		result.encoding = `${decoded.encoding} (${decoded.basis})`;
		if (isHtml && isWechatPage(decoded.text)) {
			return importWechat(decoded.text, file, allowed, result, address);
		}
		if (file === undefined) return fail('page', 'not a WeChat article page');
		const html = isHtml ? htmlToBlocks(decoded.text) : undefined;
		const blocks = html ? html.blocks : textToBlocks(decoded.text);
		const origin = html?.url ?? result.page;

		const known = alreadyHandled(origin, 'page', result);
		if (known === false) return;

		const article = extractArticle(blocks, html?.title);
		if ('reason' in article) return fail(article.field, article.reason);
		const category = options.category
			? { slug: options.category }
			: resolveCategory(article.sections, map);
		if ('reason' in category) return fail('category', category.reason);
		result.category = category.slug;

		const slug = known
			? path.basename(known).replace(/\.mdx?$/, '')
			: uniqueSlug(reportSlug(article.date, origin));
		const assets = await planAssets(
			article.body,
			{ file, allowed, ...(html?.base ? { base: html.base } : {}) },
			{ publicDir: path.join(root, 'public'), year: article.date.slice(0, 4), prefix: slug }
		);
		result.warnings.push(...assets.warnings);
		result.uploads = assets.uploads.map((u) => `public${u.url}`);

		const fields: ImportedFields = {
			title: article.title,
			date: article.date,
			category: category.slug,
			origin,
		};
		if (article.source) fields.source = article.source;
		await write(fields, blocksToMarkdown(article.body), assets.uploads, known, slug, result);
	}

	/**
	 * A WeChat article: metadata from the page's tags and script text, the body from #js_content,
	 * every picture stored locally (the browser's saved copy, else downloaded). A picture that
	 * cannot be had fails the article: a report with holes where the pictures were is not written.
	 */
	async function importWechat(
		text: string,
		file: string | undefined,
		allowed: string[],
		result: PageResult,
		address?: string
	): Promise<void> {
		const fail = (field: string, reason: string) => {
			result.status = 'failed';
			result.reason = field ? `${field}: ${reason}` : reason;
		};
		const article = extractWechat(text);
		if ('reason' in article) return fail(article.field, article.reason);
		result.warnings.push(...article.warnings);
		const origin = article.url ?? address ?? result.page;

		const known = alreadyHandled(origin, 'article', result);
		if (known === false) return;
		const category = options.category
			? { slug: options.category }
			: categoryFromTitle(article.title, map);
		if ('reason' in category) return fail('category', category.reason);
		result.category = category.slug;

		const slug = known
			? path.basename(known).replace(/\.mdx?$/, '')
			: uniqueSlug(reportSlug(article.date, origin));
		if (options.link) {
			if (!/^https:\/\//.test(origin)) {
				return fail(
					'link',
					'the page names no address of its own (msg_link, og:url) to link to; import it as a copy'
				);
			}
			const fields: ImportedFields = {
				title: article.title,
				date: article.date,
				category: category.slug,
				origin,
				link: origin,
			};
			if (article.source) fields.source = article.source;
			result.uploads = [];
			return write(fields, '', [], known, slug, result);
		}
		// The share image goes through the same planning as the body's pictures (stored once if
		// the body shows it too), as a line of its own that is taken out again.
		const coverImg: Element | undefined = article.cover
			? { type: 'element', tagName: 'img', properties: { dataSrc: article.cover }, children: [] }
			: undefined;
		const coverBlock: Block[] = coverImg ? [{ kind: 'line', text: '', nodes: [coverImg] }] : [];
		const assets = await planAssets(
			[...article.body, ...coverBlock],
			{
				file: file ?? path.join(root, 'fetched.html'),
				allowed,
				download: (url) => images.get(url),
			},
			{ publicDir: path.join(root, 'public'), year: article.date.slice(0, 4), prefix: slug }
		);
		result.warnings.push(...assets.warnings);
		if (assets.failures.length) {
			const n = assets.failures.length;
			return fail(
				'images',
				`${n} picture${n === 1 ? '' : 's'} could not be stored: ${assets.failures.join('; ')}`
			);
		}
		result.uploads = assets.uploads.map((u) => `public${u.url}`);

		const fields: ImportedFields = {
			title: article.title,
			date: article.date,
			category: category.slug,
			origin,
		};
		if (article.source) fields.source = article.source;
		const coverSrc = coverImg?.properties.src;
		if (typeof coverSrc === 'string' && coverSrc.startsWith('/')) fields.cover = coverSrc;
		await write(fields, blocksToMarkdown(article.body), assets.uploads, known, slug, result);
	}

	/** Validates and writes one report and its files, or says why not; never half a report. */
	async function write(
		fields: ImportedFields,
		body: string,
		uploads: readonly Upload[],
		known: string | undefined,
		slug: string,
		result: PageResult
	): Promise<void> {
		const fail = (field: string, reason: string) => {
			result.status = 'failed';
			result.reason = field ? `${field}: ${reason}` : reason;
		};
		const { origin } = fields;
		// Filed under the year of its date; an update whose date moved to another year moves it.
		result.report = reportFilePath(fields.date, defaultLocale, slug);
		const reportPath = path.join(root, result.report);

		const current =
			known !== undefined ? await readFile(path.join(root, known), 'utf8') : undefined;
		let text: string;
		if (current !== undefined) {
			const updated = updatedReportFile(current, fields, body);
			if ('error' in updated) return fail('report', updated.error);
			text = updated.text;
		} else text = newReportFile(fields, body);
		const problems = validateReportFile(text);
		if (problems.length) return fail('', problems.join('; '));
		seen.set(origin, result.report);

		if (current !== undefined) {
			if (current === text && known === result.report && uploads.every((u) => u.present)) {
				result.status = 'skipped';
				result.reason = `already imported as ${result.report}, and up to date`;
				return;
			}
			result.status = 'updated';
			if (options.dryRun) return;
			await writeUploads(uploads);
			await mkdir(path.dirname(reportPath), { recursive: true });
			await writeFile(`${reportPath}.tmp`, text);
			await rename(`${reportPath}.tmp`, reportPath);
			if (known !== result.report) await unlink(path.join(root, known!));
			return;
		}
		result.status = 'imported';
		existing.slugs.add(slug);
		if (options.dryRun) return;
		const written = await writeUploads(uploads);
		await mkdir(path.dirname(reportPath), { recursive: true });
		try {
			// Never replace a file, even one an editor created a moment ago; and never leave half
			// a report: the text is written aside, then linked into place in one step.
			await placeNew(reportPath, text);
		} catch (error) {
			// The report's files go too: without it they would be orphans in public/.
			for (const file of written) await unlink(file).catch(() => {});
			if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
			return fail('report', `${result.report} was created by someone else meanwhile; run again`);
		}
	}

	/**
	 * Skips a page whose origin this run handled already, or that an earlier run imported (unless
	 * --update). Returns false when skipped, else the report an earlier run wrote (or undefined).
	 */
	function alreadyHandled(
		origin: string,
		what: 'page' | 'article',
		result: PageResult
	): string | undefined | false {
		const handled = seen.get(origin);
		if (handled !== undefined) {
			result.status = 'skipped';
			result.report = handled;
			result.reason = `same ${what} as one already handled in this run (origin ${origin})`;
			return false;
		}
		const known = existing.origins.get(origin);
		if (known !== undefined && !options.update) {
			result.status = 'skipped';
			result.report = known;
			result.reason = `already imported as ${result.report} (--update refreshes it)`;
			return false;
		}
		return known;
	}

	function uniqueSlug(base: string): string {
		if (!existing.slugs.has(base)) return base;
		for (let n = 2; ; n++) if (!existing.slugs.has(`${base}-${n}`)) return `${base}-${n}`;
	}

	const summary: Summary = { imported: 0, updated: 0, skipped: 0, failed: 0 };
	for (const r of results) summary[r.status]++;
	return { results, summary, ...(fetchSummary ? { fetch: fetchSummary } : {}) };
}

/** A page's source saved as .txt ("view source", then save) is still HTML. */
function looksLikeHtml(bytes: Buffer): boolean {
	return /^(?:\xEF\xBB\xBF)?\s*<(?:!doctype\s+html|html)\b/i.test(
		bytes.subarray(0, 512).toString('latin1')
	);
}

/** Writes the files not yet there; returns the ones it wrote. */
async function writeUploads(uploads: readonly Upload[]): Promise<string[]> {
	const written: string[] = [];
	try {
		for (const upload of uploads) {
			if (upload.present) continue;
			await mkdir(path.dirname(upload.target), { recursive: true });
			await placeNew(upload.target, upload.bytes);
			written.push(upload.target);
		}
	} catch (error) {
		for (const file of written) await unlink(file).catch(() => {});
		throw error;
	}
	return written;
}

/**
 * Creates `target` with `data`, complete or not at all, and never over an existing file: the
 * data goes to a temporary name first and is then hard-linked into place (which fails with
 * EEXIST when the name is taken), so a crash or a full disk leaves no half-written file.
 */
async function placeNew(target: string, data: string | Buffer): Promise<void> {
	const tmp = `${target}.${process.pid}.tmp`;
	await writeFile(tmp, data, { flag: 'wx' });
	try {
		await link(tmp, target);
	} catch (error) {
		// A file system without hard links (exFAT, some network shares): create it exclusively.
		if (
			!['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS'].includes(
				(error as NodeJS.ErrnoException).code ?? ''
			)
		)
			throw error;
		await writeFile(target, data, { flag: 'wx' });
	} finally {
		await unlink(tmp).catch(() => {});
	}
}

type Input =
	{ file: string; allowed: string[] } | { url: string } | { missing: string; reason: string };

/**
 * The pages to import, in a stable order. Folders are walked recursively, leaving out hidden
 * entries and the `<page>_files` folders browsers save a page's assets in (they hold frames and
 * scripts, not articles).
 */
async function collectPages(inputs: readonly string[], cwd: string): Promise<Input[]> {
	const out: Input[] = [];
	const taken = new Set<string>();
	for (const input of inputs) {
		if (/^https?:\/\//i.test(input)) {
			out.push({ url: input });
			continue;
		}
		const abs = path.resolve(cwd, input);
		let info;
		try {
			info = await stat(abs);
		} catch {
			out.push({ missing: abs, reason: 'input: no such file or folder' });
			continue;
		}
		if (info.isDirectory()) {
			for (const file of await walk(abs)) {
				if (taken.has(file)) continue;
				taken.add(file);
				out.push({ file, allowed: [abs] });
			}
		} else if (!PAGE_EXT.test(abs)) {
			out.push({ missing: abs, reason: 'input: not an .html, .htm or .txt file' });
		} else if (!taken.has(abs)) {
			taken.add(abs);
			out.push({ file: abs, allowed: [path.dirname(abs)] });
		}
	}
	return out;
}

async function walk(dir: string): Promise<string[]> {
	const entries = (await readdir(dir, { withFileTypes: true })).sort((a, b) =>
		a.name < b.name ? -1 : a.name > b.name ? 1 : 0
	);
	const files: string[] = [];
	for (const entry of entries) {
		if (entry.name.startsWith('.')) continue;
		const full = path.join(dir, entry.name);
		if (entry.isDirectory()) {
			if (/[_.]files$/i.test(entry.name)) continue;
			files.push(...(await walk(full)));
		} else if (entry.isFile() && PAGE_EXT.test(entry.name)) files.push(full);
	}
	return files;
}

function toSlashes(p: string): string {
	return p.split(path.sep).join('/');
}

/**
 * `npm run import`: saved pages of an old site → reports under content/reports/<year>/zh/.
 *
 * Safe to run again and again on the same folders: a page is known by its `origin`, so it is
 * skipped (or, with `update`, refreshed in place) instead of imported twice, and an existing
 * file is never overwritten by a new report. Each page succeeds or fails on its own.
 */
import { mkdir, readdir, readFile, rename, stat, unlink, writeFile } from 'node:fs/promises';
import { reportFilePath } from '../lib/content/reportPath.ts';
import path from 'node:path';
import { planAssets, type Upload } from './assets.ts';
import { textToBlocks } from './blocks.ts';
import { buildCategoryMap, loadCategories, resolveCategory } from './categoryMap.ts';
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

const PAGE_EXT = /\.(?:html?|txt)$/i;

/** Imports pages; throws ConfigError when the run cannot start (categories, map file). */
export async function importPages(
	options: ImportOptions,
): Promise<{ results: PageResult[]; summary: Summary }> {
	const root = path.resolve(options.cwd, options.root);
	const categories = await loadCategories(root);
	const map = await buildCategoryMap(
		categories,
		options.categoryMap ? path.resolve(options.cwd, options.categoryMap) : undefined,
		options.defaultCategory,
	);
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
		const page = display(input.file);
		const result: PageResult = { status: 'failed', page, warnings: [] };
		try {
			await importOne(input.file, input.allowed, result);
		} catch (error) {
			result.status = 'failed';
			result.reason = `page: ${(error as Error).message}`;
		}
		done(result);
	}

	async function importOne(file: string, allowed: string[], result: PageResult): Promise<void> {
		const fail = (field: string, reason: string) => {
			result.status = 'failed';
			result.reason = field ? `${field}: ${reason}` : reason;
		};
		const bytes = await readFile(file);
		const isHtml = /\.html?$/i.test(file) || looksLikeHtml(bytes);
		const decoded = decodePage(bytes, isHtml ? 'html' : 'text');
		result.encoding = `${decoded.encoding} (${decoded.basis})`;
		const html = isHtml ? htmlToBlocks(decoded.text) : undefined;
		const blocks = html ? html.blocks : textToBlocks(decoded.text);
		const origin = html?.url ?? result.page;

		const handled = seen.get(origin);
		if (handled !== undefined) {
			result.status = 'skipped';
			result.report = handled;
			result.reason = `same page as one already handled in this run (origin ${origin})`;
			return;
		}
		const known = existing.origins.get(origin);
		if (known !== undefined && !options.update) {
			result.status = 'skipped';
			result.report = known;
			result.reason = `already imported as ${result.report} (--update refreshes it)`;
			return;
		}

		const article = extractArticle(blocks, html?.title);
		if ('reason' in article) return fail(article.field, article.reason);
		const category = resolveCategory(article.sections, map);
		if ('reason' in category) return fail('category', category.reason);
		result.category = category.slug;

		const slug = known ? path.basename(known).replace(/\.mdx?$/, '') : uniqueSlug(reportSlug(article.date, origin));
		const assets = await planAssets(
			article.body,
			{ file, allowed, ...(html?.base ? { base: html.base } : {}) },
			{ publicDir: path.join(root, 'public'), year: article.date.slice(0, 4), prefix: slug },
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
		const body = blocksToMarkdown(article.body);
		// Filed under the year of its date; an update whose date moved to another year moves it.
		result.report = reportFilePath(article.date, 'zh', slug);
		const reportPath = path.join(root, result.report);

		const current = known !== undefined ? await readFile(path.join(root, known), 'utf8') : undefined;
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
			if (current === text && known === result.report && assets.uploads.every((u) => u.present)) {
				result.status = 'skipped';
				result.reason = `already imported as ${result.report}, and up to date`;
				return;
			}
			result.status = 'updated';
			if (options.dryRun) return;
			await writeUploads(assets.uploads);
			await mkdir(path.dirname(reportPath), { recursive: true });
			await writeFile(`${reportPath}.tmp`, text);
			await rename(`${reportPath}.tmp`, reportPath);
			if (known !== result.report) await unlink(path.join(root, known!));
			return;
		}
		result.status = 'imported';
		existing.slugs.add(slug);
		if (options.dryRun) return;
		await writeUploads(assets.uploads);
		await mkdir(path.dirname(reportPath), { recursive: true });
		try {
			// `wx`: never replace a file, even one an editor created a moment ago.
			await writeFile(reportPath, text, { flag: 'wx' });
		} catch (error) {
			if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
			return fail('report', `${result.report} was created by someone else meanwhile; run again`);
		}
	}

	function uniqueSlug(base: string): string {
		if (!existing.slugs.has(base)) return base;
		for (let n = 2; ; n++) if (!existing.slugs.has(`${base}-${n}`)) return `${base}-${n}`;
	}

	const summary: Summary = { imported: 0, updated: 0, skipped: 0, failed: 0 };
	for (const r of results) summary[r.status]++;
	return { results, summary };
}

/** A page's source saved as .txt ("view source", then save) is still HTML. */
function looksLikeHtml(bytes: Buffer): boolean {
	return /^(?:\xEF\xBB\xBF)?\s*<(?:!doctype\s+html|html)\b/i.test(
		bytes.subarray(0, 512).toString('latin1'),
	);
}

async function writeUploads(uploads: readonly Upload[]): Promise<void> {
	for (const upload of uploads) {
		if (upload.present) continue;
		await mkdir(path.dirname(upload.target), { recursive: true });
		await writeFile(upload.target, upload.bytes, { flag: 'wx' });
	}
}

type Input = { file: string; allowed: string[] } | { missing: string; reason: string };

/**
 * The pages to import, in a stable order. Folders are walked recursively, leaving out hidden
 * entries and the `<page>_files` folders browsers save a page's assets in (they hold frames and
 * scripts, not articles).
 */
async function collectPages(inputs: readonly string[], cwd: string): Promise<Input[]> {
	const out: Input[] = [];
	const taken = new Set<string>();
	for (const input of inputs) {
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
		a.name < b.name ? -1 : a.name > b.name ? 1 : 0,
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

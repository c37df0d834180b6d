/**
 * Writes one Pagefind index (one language and period) from its reports: used by buildSearchIndex
 * in-process and by its worker threads (indexWorker.ts), which run two indexes at once.
 */
import { readdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { ContentCache } from '../lib/content/contentCache.ts';
import type { ReportRecord } from '../lib/content/loadContent.ts';
import { htmlToText } from '../lib/markdown/htmlToText.ts';
import { pagefindLanguage, recordHtml, searchRecordFor, type SearchRecord } from './records.ts';

/** Pagefind files the search page never loads (its ready-made UIs, the worker). */
const UNUSED = /^(?:pagefind-(?:ui|modular-ui|component-ui|highlight|worker)\.(?:js|css)|playground)$/;

type PagefindModule = typeof import('pagefind');

/** The records of reports, bodies read from the build cache (`.mdx`: title and summary only). */
export function recordsOf(reports: ReportRecord[], cache: ContentCache): SearchRecord[] {
	return reports.map((r) => {
		const html = r.kind === 'md' ? cache.readHtml(r.digest) : undefined;
		return searchRecordFor(r, html === undefined ? undefined : htmlToText(html));
	});
}

/**
 * Starts indexing `records` of one period (`2025`, `2025-q2`) in Pagefind (all documents are
 * sent at once, in order) and returns
 * a promise for the finished index at `<langDir>/<dir>/`: written to a temporary folder, freed
 * from Pagefind's memory, trimmed to the files the search page loads, then renamed into place.
 */
export async function startIndex(
	pagefind: PagefindModule,
	records: SearchRecord[],
	period: string,
	langDir: string,
	dir: string,
): Promise<() => Promise<void>> {
	const lang = records[0]?.lang ?? 'zh';
	const { index, errors } = await pagefind.createIndex({ forceLanguage: pagefindLanguage(lang) });
	if (!index) throw new Error(`Pagefind could not start: ${errors.join('; ')}`);
	const added = records.map((r) => index.addHTMLFile({ url: r.url, content: recordHtml(r, period) }));
	return async () => {
		for (const result of await Promise.all(added)) {
			if (result.errors.length) throw new Error(`Pagefind: ${result.errors.join('; ')}`);
		}
		const temp = join(langDir, `.tmp-${dir}-${process.pid}`);
		rmSync(temp, { recursive: true, force: true });
		const written = await index.writeFiles({ outputPath: temp });
		if (written.errors.length) throw new Error(`Pagefind: ${written.errors.join('; ')}`);
		await index.deleteIndex();
		for (const name of readdirSync(temp)) if (UNUSED.test(name)) rmSync(join(temp, name), { recursive: true, force: true });
		const target = join(langDir, dir);
		rmSync(target, { recursive: true, force: true });
		renameSync(temp, target);
	};
}

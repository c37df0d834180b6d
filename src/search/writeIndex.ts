/**
 * Writes one Pagefind index (one language and period) from its reports: used by buildSearchIndex
 * in-process and by its worker threads (indexWorker.ts), which run two indexes at once.
 */
import { defaultLocale } from '../i18n/locales.ts';
import { createHash } from 'node:crypto';
import { readdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { readCheckedJson, writeCheckedJson } from '../lib/checkedJson.ts';
import { bodyHtml } from '../lib/content/bodyHtml.ts';
import type { ContentCache } from '../lib/content/contentCache.ts';
import type { ReportRecord } from '../lib/content/loadContent.ts';
import { htmlToText } from '../lib/markdown/htmlToText.ts';
import { pagefindLanguage, recordHtml, searchRecordFor, type SearchRecord } from './records.ts';

/** Pagefind files the search page never loads (its ready-made UIs, the worker). */
const UNUSED =
	/^(?:pagefind-(?:ui|modular-ui|component-ui|highlight|worker)\.(?:js|css)|playground)$/;

type PagefindModule = typeof import('pagefind');

/** Everything a report's record is made of: its file's digest covers title, body and dates. */
export function recordHash(r: ReportRecord): string {
	return createHash('sha1')
		.update(
			JSON.stringify([
				r.id,
				r.kind,
				r.digest,
				r.data.title,
				r.data.summary,
				r.data.date,
				r.data.category,
			])
		)
		.digest('hex');
}

/**
 * Where the records of one index period were kept at its last build, their code version, and the
 * record hash of each of the period's reports now (in order; computed once, for the index's hash).
 */
export interface RecordStore {
	file: string;
	version: string;
	hashes: string[];
}

/**
 * The records of one period's reports, bodies read from the build cache (`.mdx`: title and
 * summary only); a body missing from the cache or failing its checksum is rendered again from
 * its file (bodyHtml.ts), so a damaged cache never strips text from the index. Records of
 * reports unchanged since the period was last indexed are taken from `store` (segmenting a body
 * takes ~2 ms: an edit then segments one report, not the whole period); the store is rewritten
 * with exactly these records.
 */
export async function recordsOf(
	reports: ReportRecord[],
	cache: ContentCache,
	store: RecordStore,
	root: string,
	timeZone: string
): Promise<SearchRecord[]> {
	const known = readRecords(store);
	const kept: Record<string, SearchRecord> = {};
	const records: SearchRecord[] = [];
	for (const [i, r] of reports.entries()) {
		const hash = store.hashes[i]!;
		let record = known.get(hash);
		if (!record) {
			const html =
				r.kind === 'md' ? await bodyHtml(cache, root, r.file, r.digest, timeZone) : undefined;
			record = searchRecordFor(r, html === undefined ? undefined : htmlToText(html));
		}
		kept[hash] = record;
		records.push(record);
	}
	writeCheckedJson(store.file, { version: store.version, records: kept });
	return records;
}

/** Records of a store by record hash; none when the file is missing, damaged or of other code. */
function readRecords(store: RecordStore): Map<string, SearchRecord> {
	const saved = readCheckedJson(store.file) as
		{ version?: string; records?: Record<string, SearchRecord> } | undefined;
	if (saved?.version === store.version && saved.records && typeof saved.records === 'object')
		return new Map(Object.entries(saved.records));
	return new Map();
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
	dir: string
): Promise<() => Promise<void>> {
	const lang = records[0]?.lang ?? defaultLocale;
	const { index, errors } = await pagefind.createIndex({ forceLanguage: pagefindLanguage(lang) });
	if (!index) throw new Error(`Pagefind could not start: ${errors.join('; ')}`);
	const added = records.map((r) =>
		index.addHTMLFile({ url: r.url, content: recordHtml(r, period) })
	);
	return async () => {
		for (const result of await Promise.all(added)) {
			if (result.errors.length) throw new Error(`Pagefind: ${result.errors.join('; ')}`);
		}
		const temp = join(langDir, `.tmp-${dir}-${process.pid}`);
		rmSync(temp, { recursive: true, force: true });
		const written = await index.writeFiles({ outputPath: temp });
		if (written.errors.length) throw new Error(`Pagefind: ${written.errors.join('; ')}`);
		await index.deleteIndex();
		for (const name of readdirSync(temp))
			if (UNUSED.test(name)) rmSync(join(temp, name), { recursive: true, force: true });
		const target = join(langDir, dir);
		rmSync(target, { recursive: true, force: true });
		renameSync(temp, target);
	};
}

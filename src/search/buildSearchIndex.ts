/**
 * The search index, built by `npm run build` from the compiled content (not from built pages).
 *
 * One Pagefind index per language and period: a year (`zh/2024`, `en/2025`), or a quarter of a
 * year with many reports (`zh/2025-q2`, see periodsOf in records.ts). Each is built from the
 * reports' records (see records.ts) only when the records in it changed: a manifest in the build
 * cache keeps a hash of each index's records. Built indexes live in the build cache
 * (`<cache>/search/<lang>/<period>-<hash>/`) and are hard-linked into `dist/pagefind/`, so a
 * build that wipes dist/ does not have to index again. Large builds index two periods at a time
 * in two worker threads (writeIndex.ts, indexWorker.ts), each with its own Pagefind process
 * holding one period in memory.
 *
 * The search page reads `dist/pagefind/<lang>/indexes.json` (newest period first) and merges the
 * indexes in the browser. A changed index gets a new folder name; indexes.json is replaced in one
 * rename after the new folder is complete, and old folders are removed after that, so a site being
 * served never points at a half-written index.
 */
import { createHash } from 'node:crypto';
import {
	copyFileSync,
	existsSync,
	linkSync,
	mkdirSync,
	readdirSync,
	rmSync,
	statSync,
} from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { Worker } from 'node:worker_threads';
import { isLocale, localeKeys, type Locale } from '../i18n/locales.ts';
import { moduleHash } from '../lib/build/codeHash.ts';
import { DistUpdate } from '../lib/build/distUpdate.ts';
import { readCheckedJson, writeCheckedJson } from '../lib/checkedJson.ts';
import { COMPILER_MODULE, ContentCache, contentCacheKey } from '../lib/content/contentCache.ts';
import type { ReportRecord, SiteContent } from '../lib/content/loadContent.ts';
import { groupBy } from '../lib/groupBy.ts';
import { compareReports } from '../lib/site/siteModel.ts';
import { pagefindLanguage, periodsOf, SPLIT_YEAR_ABOVE } from './records.ts';
import type { IndexJob } from './indexWorker.ts';
import { recordHash, recordsOf, startIndex, type RecordStore } from './writeIndex.ts';

export interface SearchIndexOptions {
	root: string;
	dist: string;
	/** How the build changes dist/ (distUpdate.ts); default: written straight into `dist`. */
	update?: DistUpdate;
	cacheDir: string;
	content: SiteContent;
	log: (line: string) => void;
	/**
	 * Settles when dist/ is ready to receive the index, with the update to publish it through
	 * (else `update`). The indexing itself (into the build cache) needs neither the pages nor the
	 * build plan, so the build runs it while the pages are planned and rendered.
	 */
	publishAfter?: Promise<DistUpdate | void>;
	/** An index worker started ahead of time (startIndexWorker); closed when done, used or not. */
	worker?: Worker;
}

/**
 * Starts an index worker before the content is known: an edit's build hands it the edited
 * period as soon as the content is read, and its start (loading Pagefind and the record code,
 * ~0.25 s) overlaps the content check instead of following it.
 */
export function startIndexWorker(): Worker {
	// A worker's environment is a copy taken when it starts; its Pagefind process inherits that.
	pagefindEnvironment();
	return new Worker(new URL('./indexWorker.ts', import.meta.url));
}

/** What Pagefind reads from the environment when its process starts. */
function pagefindEnvironment(): void {
	process.env.PAGEFIND_UNSTABLE_INDEX_CHUNK_SIZE ??= String(INDEX_CHUNK_SIZE);
}

/** Asks a worker to close its Pagefind process and exit; stops it if it does not within 10 s. */
function closeWorker(worker: Worker): Promise<void> {
	return new Promise<void>((resolve) => {
		worker.once('exit', () => resolve());
		worker.postMessage({ close: true } satisfies IndexJob);
		setTimeout(() => void worker.terminate(), 10_000).unref();
	});
}

export interface SearchIndexSummary {
	/** Indexes on the site. */
	indexes: number;
	/** Indexes built now (the others were unchanged). */
	rebuilt: number;
	/** Reports indexed now. */
	records: number;
	/** Reports in all indexes. */
	total: number;
	seconds: number;
	/** Size and number of files of the indexes in dist/pagefind/ (the indexes.json lists aside). */
	bytes: number;
	files: number;
}

/** What the search page fetches first: `/pagefind/<lang>/indexes.json`. */
export interface IndexList {
	version: number;
	/** Pagefind's language of these indexes. */
	language: string;
	/**
	 * Newest period first. `period` is the index's `period` filter value (`2025-q2` or `2024`),
	 * `year` its year; `path` is relative to `/pagefind/<lang>/` and ends with `/`.
	 */
	indexes: { year: string; period: string; path: string; pages: number }[];
}

/** Format of indexes.json, which the search page reads. */
const INDEX_LIST_FORMAT = 3;
/**
 * The code behind a record and its index: the search's own modules and what compiles a report
 * (the body text comes from there), with the dependencies (Pagefind's version among them). A
 * change makes every index and record again; nothing is bumped by hand.
 */
const INDEX_MODULES = ['src/search/writeIndex.ts', 'src/search/indexWorker.ts', COMPILER_MODULE];
/**
 * Words per Pagefind index chunk (Pagefind's default is 20,000). A query loads one chunk per term
 * from every index, so with one index per period smaller chunks transfer less.
 * Read by Pagefind from PAGEFIND_UNSTABLE_INDEX_CHUNK_SIZE when its service starts.
 */
const INDEX_CHUNK_SIZE = 5000;
/** Below this many reports to index, a second thread (and Pagefind process) is not worth starting. */
const PARALLEL_MIN_REPORTS = 500;

interface Stale {
	key: string;
	reports: ReportRecord[];
	/** Record hash of each report. */
	hashes: string[];
	hash: string;
}

interface IndexEntry {
	hash: string;
	dir: string;
	pages: number;
	/** Size of the index folder (the build's summary line adds these up). */
	bytes: number;
	files: number;
}

interface Manifest {
	/** The code version (INDEX_MODULES) that built these indexes. */
	version: string;
	/** `zh/2025-q2` → record-set hash and folder name. */
	indexes: Record<string, IndexEntry>;
}

/** The search index for `content`, into `dist/pagefind/`. Logs one summary line. */
export async function buildSearchIndex(options: SearchIndexOptions): Promise<SearchIndexSummary> {
	const started = performance.now();
	const { dist, cacheDir, content, log } = options;
	const store = join(cacheDir, 'search');
	const manifestFile = join(store, 'manifest.json');
	// Records change with this code and with Pagefind: either change rebuilds every index.
	const version = moduleHash(options.root, INDEX_MODULES);
	const previous = readManifest(manifestFile, version);

	// The tests set a small threshold to have quarters in a small site.
	const groups = groupReports(
		content.reports,
		Number(process.env.HUIBAO_SEARCH_SPLIT_YEAR_ABOVE) || SPLIT_YEAR_ABOVE
	);
	const manifest: Manifest = { version, indexes: {} };
	const stale: Stale[] = [];
	for (const [key, reports] of groups) {
		const hashes = reports.map(recordHash);
		const hash = sha1([version, key, ...hashes].join('\n')).slice(0, 12);
		const known = previous?.indexes[key];
		if (
			known &&
			known.hash === hash &&
			existsSync(join(store, key.split('/')[0]!, known.dir, 'pagefind-entry.json'))
		) {
			manifest.indexes[key] = known;
		} else {
			stale.push({ key, reports, hashes, hash });
		}
	}

	let indexed = 0;
	if (stale.length > 0) {
		const built = await buildIndexes(
			options.root,
			store,
			stale,
			version,
			cacheDir,
			content.settings.timezone,
			options.worker
		);
		for (const { key, ...entry } of built) manifest.indexes[key] = entry;
		indexed = built.reduce((n, b) => n + b.pages, 0);
	} else if (options.worker) await closeWorker(options.worker);

	const update = (await options.publishAfter) ?? options.update ?? DistUpdate.direct(dist);
	publish(store, update, manifest, previous);
	writeCheckedJson(manifestFile, manifest);
	pruneStore(store, manifest);

	// Counted from the manifest: walking 13,000 files of dist/pagefind takes ~0.15 s.
	const entries = Object.values(manifest.indexes);
	const bytes = entries.reduce((n, i) => n + i.bytes, 0);
	const files = entries.reduce((n, i) => n + i.files, 0);
	const total = Object.values(manifest.indexes).reduce((n, i) => n + i.pages, 0);
	const seconds = (performance.now() - started) / 1000;
	const count = Object.keys(manifest.indexes).length;
	log(
		`Search: ${stale.length} of ${count} indexes built (${indexed} of ${total} reports), ` +
			`${(bytes / 1e6).toFixed(1)} MB in ${files} files (${seconds.toFixed(1)} s)`
	);
	return { indexes: count, rebuilt: stale.length, records: indexed, total, seconds, bytes, files };
}

/** Reports by index key (`zh/2024`, `zh/2025-q2`), each list newest first; keys sorted. */
function groupReports(reports: ReportRecord[], splitAbove: number): Map<string, ReportRecord[]> {
	const byYear = groupBy(
		[...reports].sort(compareReports),
		(r) => `${r.lang}/${r.data.date.slice(0, 4)}`
	);
	const groups: [string, ReportRecord[]][] = [];
	for (const [key, list] of byYear) {
		const lang = key.slice(0, key.indexOf('/'));
		const periods = periodsOf(
			list.map((r) => r.data.date),
			splitAbove
		);
		groups.push(...groupBy(list, (_, i) => `${lang}/${periods[i]}`));
	}
	return new Map(groups.sort(([a], [b]) => (a < b ? -1 : 1)));
}

/**
 * Builds the stale indexes. Large builds run two worker threads, each with its own Pagefind
 * process and one period in memory at a time; an edit's build, the worker it started ahead
 * (startIndexWorker); other small ones run here, where this process prepares the next period's
 * records while Pagefind indexes the previous one.
 */
async function buildIndexes(
	root: string,
	store: string,
	stale: Stale[],
	version: string,
	cacheDir: string,
	timeZone: string,
	started?: Worker
): Promise<({ key: string } & IndexEntry)[]> {
	pagefindEnvironment();
	const jobs = stale.map(({ key, reports, hashes, hash }) => {
		const [lang, period] = key.split('/') as [Locale, string];
		const records = { file: recordsFile(store, key), version, hashes };
		return {
			key,
			hash,
			reports,
			period,
			records,
			langDir: join(store, lang),
			dir: `${period}-${hash}`,
		};
	});
	const total = jobs.reduce((n, j) => n + j.reports.length, 0);
	const threads = Math.min(
		availableParallelism(),
		jobs.length,
		total >= PARALLEL_MIN_REPORTS ? 2 : 1
	);
	if (threads > 1 || started) await inWorkers(jobs, threads, root, cacheDir, timeZone, started);
	else await inProcess(jobs, root, cacheDir, timeZone);
	return jobs.map((j) => ({
		key: j.key,
		hash: j.hash,
		dir: j.dir,
		pages: j.reports.length,
		...folderSize(join(j.langDir, j.dir)),
	}));
}

interface Job {
	key: string;
	hash: string;
	reports: ReportRecord[];
	period: string;
	records: RecordStore;
	langDir: string;
	dir: string;
}

/** The records of an index key's last build: `<store>/records/zh-2025-q2.json`. */
function recordsFile(store: string, key: string): string {
	return join(store, 'records', `${key.replace('/', '-')}.json`);
}

async function inProcess(
	jobs: Job[],
	root: string,
	cacheDir: string,
	timeZone: string
): Promise<void> {
	const pagefind = await import('pagefind');
	const cache = ContentCache.open(cacheDir, contentCacheKey(root, timeZone));
	let running: Promise<void> | undefined;
	try {
		for (const job of jobs) {
			// Prepared while Pagefind still indexes the previous period; one index in its memory at a time.
			const records = await recordsOf(job.reports, cache, job.records, root, timeZone);
			await running;
			running = (await startIndex(pagefind, records, job.period, job.langDir, job.dir))();
		}
		await running;
	} finally {
		cache.close();
		await pagefind.close();
	}
}

async function inWorkers(
	jobs: Job[],
	threads: number,
	root: string,
	cacheDir: string,
	timeZone: string,
	started?: Worker
): Promise<void> {
	// Largest periods first, so the two threads finish close together.
	const queue = [...jobs].sort((a, b) => b.reports.length - a.reports.length);
	const workers = Array.from({ length: threads }, (_, i) =>
		i === 0 && started ? started : startIndexWorker()
	);
	try {
		await Promise.all(
			workers.map(async (worker) => {
				for (let job = queue.shift(); job; job = queue.shift()) {
					const { reports, period, records, langDir, dir } = job;
					const message: IndexJob = {
						id: 0,
						reports,
						period,
						records,
						langDir,
						dir,
						root,
						cacheDir,
						timeZone,
					};
					const reply = await new Promise<{ error?: string }>((resolve, reject) => {
						worker.once('message', resolve);
						worker.once('error', reject);
						worker.postMessage(message);
					});
					worker.removeAllListeners('error');
					if (reply.error) throw new Error(`search index ${job.key}: ${reply.error}`);
				}
			})
		);
	} finally {
		await Promise.all(workers.map(closeWorker));
	}
}

/**
 * Makes dist/pagefind/ mirror the indexes of the manifest: links new folders in, then replaces
 * each language's indexes.json, then removes folders no longer listed. Through `update`, so a
 * build that does not finish leaves the previous index in dist/.
 */
function publish(
	store: string,
	update: DistUpdate,
	manifest: Manifest,
	previous: Manifest | undefined
): void {
	for (const lang of localeKeys) {
		const entries = Object.entries(manifest.indexes)
			.filter(([key]) => key.startsWith(`${lang}/`))
			.map(([key, i]) => ({
				period: key.slice(lang.length + 1),
				path: `${i.dir}/`,
				pages: i.pages,
				dir: i.dir,
			}))
			.sort((a, b) => (a.period < b.period ? 1 : -1));
		const langRel = `pagefind/${lang}`;
		// No index of this language in dist/ at all: deleted behind the build's back (or a first
		// index after builds with --no-search); either way the build stamp is counted anew.
		if (entries.length > 0 && !existsSync(update.path(langRel))) update.drifted = true;
		for (const e of entries) {
			if (!existsSync(join(update.path(langRel), e.dir, 'pagefind-entry.json'))) {
				// An index the last build published and this one keeps, gone from dist/: someone
				// else deleted it (the build stamp is then counted anew).
				if (previous?.indexes[`${lang}/${e.period}`]?.dir === e.dir) update.drifted = true;
				const temp = update.temp();
				linkTree(join(store, lang, e.dir), temp);
				update.put(`${langRel}/${e.dir}`, temp);
			}
		}
		if (entries.length === 0) {
			// Only if it is there: removing what is missing marks dist/ as changed behind the
			// build's back, and every edit of a site without English reports then recounted
			// the whole of dist/ for its stamp (0.35 s at 10,000 reports).
			if (existsSync(update.path(langRel))) update.remove(langRel);
			continue;
		}
		const list: IndexList = {
			version: INDEX_LIST_FORMAT,
			language: pagefindLanguage(lang),
			indexes: entries.map(({ period, path, pages }) => ({
				year: period.slice(0, 4),
				period,
				path,
				pages,
			})),
		};
		update.writeFile(`${langRel}/indexes.json`, JSON.stringify(list));
		const keep = new Set([...entries.map((e) => e.dir), 'indexes.json']);
		for (const name of readdirSync(update.path(langRel)))
			if (!keep.has(name)) update.remove(`${langRel}/${name}`);
	}
	const out = update.path('pagefind');
	if (existsSync(out)) {
		for (const name of readdirSync(out))
			if (!(localeKeys as string[]).includes(name)) update.remove(`pagefind/${name}`);
	}
}

/**
 * Hard-links every file of `from` into the new folder `to` (copies when the cache is on another
 * file system than dist/).
 */
function linkTree(from: string, to: string): void {
	for (const d of readdirSync(from, { recursive: true, withFileTypes: true })) {
		if (!d.isFile()) continue;
		const source = join(d.parentPath, d.name);
		const target = join(to, relative(from, source));
		mkdirSync(dirname(target), { recursive: true });
		try {
			linkSync(source, target);
		} catch {
			copyFileSync(source, target);
		}
	}
}

/** Removes index folders and record files of the store that the manifest no longer lists. */
function pruneStore(store: string, manifest: Manifest): void {
	const keep = new Set(
		Object.entries(manifest.indexes).map(([key, i]) => `${key.split('/')[0]}/${i.dir}`)
	);
	for (const key of Object.keys(manifest.indexes))
		keep.add(relative(store, recordsFile(store, key)));
	for (const lang of existsSync(store) ? readdirSync(store) : []) {
		const langDir = join(store, lang);
		if (!statSync(langDir).isDirectory()) continue;
		for (const dir of readdirSync(langDir))
			if (!keep.has(`${lang}/${dir}`)) rmSync(join(langDir, dir), { recursive: true, force: true });
	}
}

/** Index keys and folder names as this module makes them; anything else in a manifest is refused. */
const INDEX_KEY = /^([a-z]{2})\/\d{4}(?:-q[1-4])?$/;
const INDEX_DIR = /^\d{4}(?:-q[1-4])?-[0-9a-f]{12}$/;

/**
 * The manifest of the indexes in the store, when it passes its checksum, was made by this code,
 * and names only folders this module makes (a poisoned name never reaches a path).
 */
function readManifest(file: string, version: string): Manifest | undefined {
	const m = readCheckedJson(file) as Manifest | undefined;
	if (m?.version !== version || typeof m.indexes !== 'object' || m.indexes === null)
		return undefined;
	for (const [key, entry] of Object.entries(m.indexes)) {
		const lang = INDEX_KEY.exec(key)?.[1];
		if (
			!lang ||
			!isLocale(lang) ||
			typeof entry?.dir !== 'string' ||
			!INDEX_DIR.test(entry.dir) ||
			!Number.isSafeInteger(entry.pages)
		)
			return undefined;
	}
	return m;
}

/** Bytes and files under a folder (0 when it does not exist). */
function folderSize(dir: string): { bytes: number; files: number } {
	let bytes = 0;
	let files = 0;
	if (!existsSync(dir)) return { bytes, files };
	for (const d of readdirSync(dir, { recursive: true, withFileTypes: true })) {
		if (!d.isFile()) continue;
		bytes += statSync(join(d.parentPath, d.name)).size;
		files++;
	}
	return { bytes, files };
}

function sha1(text: string): string {
	return createHash('sha1').update(text).digest('hex');
}

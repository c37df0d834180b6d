/**
 * Measuring the search index, for `scripts/bench-search.ts` and `npm run bench`: how long the
 * index takes, how much memory the whole process tree needs, how big it is, and how many bytes
 * a visitor's browser loads for a query.
 */
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { locales, type Locale } from '../i18n/locales.ts';
import type { IndexList } from './buildSearchIndex.ts';
import { searchTerms } from './grams.ts';

export interface SearchIndexMeasure {
	/** Time of buildSearchIndex itself (content loading not included). */
	seconds: number;
	/** Peak resident memory of the process tree (Node and Pagefind), sampled every 50 ms. */
	peakRssBytes: number;
	/** CPU time of the process tree (user + system, as last sampled): wall time on a busy machine is not. */
	cpuSeconds: number;
	/** dist/pagefind/ after the run. */
	bytes: number;
	files: number;
	/** Indexes built, of all, and reports indexed. */
	rebuilt: number;
	indexes: number;
	records: number;
}

/**
 * Builds the search index of the site at `root` in a child process (content read through the
 * build cache, as `npm run build` does) and measures it. Run `loadContent` once before, or the
 * first measure includes rendering every report's Markdown in the peak memory.
 */
export async function measureSearchIndex(options: {
	root: string;
	dist: string;
	cacheDir: string;
}): Promise<SearchIndexMeasure> {
	const node = join(options.root, 'node_modules/.bin/node');
	const child = spawn(
		node,
		[join(import.meta.dirname, 'benchChild.ts'), options.root, options.dist, options.cacheDir],
		{
			env: { ...process.env, HUIBAO_CACHE_DIR: options.cacheDir },
			stdio: ['ignore', 'pipe', 'inherit'],
		}
	);
	let peak = 0;
	const cpu = new Map<number, number>();
	const sample = () => {
		if (!child.pid) return;
		const tree = processTree(child.pid);
		peak = Math.max(peak, tree.rss);
		for (const [pid, ticks] of tree.cpu) cpu.set(pid, ticks);
	};
	const timer = setInterval(sample, 50);
	let out = '';
	child.stdout.on('data', (d: Buffer) => (out += d.toString()));
	const code = await new Promise<number>((resolve, reject) => {
		child.on('error', reject);
		child.on('close', (c) => resolve(c ?? 1));
	});
	clearInterval(timer);
	if (code !== 0) throw new Error(`search index failed (exit ${code}):\n${out}`);
	const summary = JSON.parse(out.trim().split('\n').pop()!) as {
		seconds: number;
		bytes: number;
		files: number;
		rebuilt: number;
		indexes: number;
		records: number;
	};
	const ticks = [...cpu.values()].reduce((a, b) => a + b, 0);
	return { ...summary, peakRssBytes: peak, cpuSeconds: ticks / 100 };
}

/** Memory and CPU ticks (1/100 s) of a process and its descendants, from /proc (Linux). */
function processTree(pid: number): { rss: number; cpu: Map<number, number> } {
	const children = new Map<number, number[]>();
	const ticks = new Map<number, number>();
	for (const name of readdirSync('/proc')) {
		if (!/^\d+$/.test(name)) continue;
		try {
			const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
			const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
			const parent = Number(fields[1]);
			ticks.set(Number(name), Number(fields[11]) + Number(fields[12]));
			const list = children.get(parent) ?? [];
			list.push(Number(name));
			children.set(parent, list);
		} catch {
			// The process ended meanwhile.
		}
	}
	let rss = 0;
	const cpu = new Map<number, number>();
	const queue = [pid];
	for (let p = queue.shift(); p !== undefined; p = queue.shift()) {
		try {
			const status = readFileSync(`/proc/${p}/status`, 'utf8');
			rss += Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) * 1024;
			cpu.set(p, ticks.get(p) ?? 0);
		} catch {
			// Gone.
		}
		queue.push(...(children.get(p) ?? []));
	}
	return { rss, cpu };
}

export interface QueryTransfer {
	query: string;
	results: number;
	/** Bytes loaded until the first page of results can be shown (first batch of years). */
	firstResultsBytes: number;
	requestsBeforeFirst: number;
	/** Bytes once every year is loaded and the results are final. */
	allYearsBytes: number;
}

/** Results per page and the first batch of indexes, as src/search/client.ts does. */
const PAGE = 10;
const FIRST_BATCH_PAGES = 2000;

/**
 * Bytes a browser loads for one query on the search page, counted over dist/ files (as stored:
 * Pagefind's index files are already gzipped; pagefind.js is counted uncompressed). Follows the
 * page's script: indexes.json, the newest year's pagefind.js, WebAssembly and index, the other
 * years of the first batch, the filters, a search per word, and the fragments of the first ten
 * results; then the remaining years. The page itself (HTML, CSS, its script) is not included.
 */
export async function measureQueryTransfer(
	dist: string,
	lang: Locale,
	query: string
): Promise<QueryTransfer> {
	const root = join(dist, 'pagefind', lang);
	const list = JSON.parse(readFileSync(join(root, 'indexes.json'), 'utf8')) as IndexList;
	let bytes = readFileSync(join(root, 'indexes.json')).length;
	let requests = 1;
	const seen = new Set<string>();
	const realFetch = globalThis.fetch;
	const g = globalThis as { document?: unknown };
	const hadDocument = 'document' in g;
	globalThis.fetch = (async (input: string | URL | Request) => {
		const url = new URL(
			typeof input === 'string' ? input : input instanceof URL ? input.href : input.url
		);
		url.search = '';
		const body = await readFile(fileURLToPath(url));
		if (!seen.has(url.href)) {
			seen.add(url.href);
			bytes += body.length;
			requests++;
		}
		return new Response(body);
	}) as typeof fetch;
	// Pagefind takes the page's language from <html lang>; Chinese queries are segmented by it.
	g.document = {
		currentScript: null,
		querySelector: () => ({ getAttribute: () => locales[lang].lang }),
	};
	try {
		const base = (path: string) => pathToFileURL(join(root, path)).href;
		const script = join(root, list.indexes[0]!.path, 'pagefind.js');
		bytes += readFileSync(script).length;
		requests++;
		const pagefind = (await import(`${pathToFileURL(script).href}?${Date.now()}`)) as {
			options(o: object): Promise<void>;
			init(): Promise<void>;
			mergeIndex(path: string, o?: object): Promise<void>;
			filters(): Promise<unknown>;
			search(q: string, o?: object): Promise<{ results: { data(): Promise<unknown> }[] }>;
			destroy(): Promise<void>;
		};
		await pagefind.options({ basePath: base(list.indexes[0]!.path), baseUrl: '/', noWorker: true });
		await pagefind.init();
		let first = 0;
		for (let pages = 0; first < list.indexes.length && pages < FIRST_BATCH_PAGES; first++)
			pages += list.indexes[first]!.pages;
		const searchNow = async () => {
			await pagefind.filters();
			const terms = searchTerms(query, lang);
			for (const word of terms) {
				const best = (await pagefind.search(word)).results[0];
				if (best) await best.data();
			}
			const { results } = await pagefind.search(terms.join(' '));
			await Promise.all(results.slice(0, PAGE).map((r) => r.data()));
			return results.length;
		};
		for (const i of list.indexes.slice(1, first))
			await pagefind.mergeIndex(base(i.path), { baseUrl: '/' });
		await searchNow();
		const firstResultsBytes = bytes;
		const requestsBeforeFirst = requests;
		for (const i of list.indexes.slice(first))
			await pagefind.mergeIndex(base(i.path), { baseUrl: '/' });
		const results = await searchNow();
		await pagefind.destroy();
		return { query, results, firstResultsBytes, requestsBeforeFirst, allYearsBytes: bytes };
	} finally {
		globalThis.fetch = realFetch;
		if (!hadDocument) delete g.document;
	}
}

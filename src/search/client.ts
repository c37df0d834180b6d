/**
 * The search page's script: the only JavaScript of the site. Results appear as the visitor types,
 * with filters by category and year (with counts), best-match or newest-first order, and more
 * results on demand. The query, order and filters are kept in the address (`/search/?q=桥梁`).
 *
 * Pagefind's indexes are one per period: a year, or a quarter of a busy year (see
 * buildSearchIndex.ts). The newest periods are loaded first and results shown from them; the
 * older ones are merged right after and the results updated, so the first results never wait for
 * the whole archive. Newest-first order asks each period in turn (periods do not overlap, so this
 * is exact); best match is Pagefind's score. Each report's index period is its Pagefind filter
 * `period`; the year filter and its counts are made of the periods of each year.
 */
import { defaultLocale, isLocale, locales, type Locale } from '../i18n/locales.ts';
import { listDate } from '../lib/dates/plainDate.ts';
import { GRAM_PREFIX, hanRuns, searchTerms } from './grams.ts';
import { SECTION_MARK } from './sectionMark.ts';

interface IndexList {
	version: number;
	language: string;
	indexes: { year: string; period: string; path: string; pages: number }[];
}

interface PagefindData {
	url: string;
	raw_content?: string;
	content: string;
	meta: Record<string, string | undefined>;
	locations: number[];
}

interface PagefindResult {
	id: string;
	score: number;
	data(): Promise<PagefindData>;
}

interface PagefindResponse {
	results: PagefindResult[];
	filters: Record<string, Record<string, number>>;
}

type Filters = Partial<Record<'category' | 'year', string>>;
type PagefindFilters = Partial<Record<'category' | 'period', string | { any: string[] }>>;
/** A period no index has: a filter that matches nothing. */
const NO_PERIOD = '0000';

interface Pagefind {
	options(options: Record<string, unknown>): Promise<void>;
	init(): Promise<void>;
	mergeIndex(path: string, options?: Record<string, unknown>): Promise<void>;
	search(
		term: string,
		options?: { filters?: PagefindFilters; sort?: Record<string, 'asc' | 'desc'> }
	): Promise<PagefindResponse>;
	filters(): Promise<Record<string, Record<string, number>>>;
}

type Sort = 'best' | 'newest';

/** Results shown at first and added by each "more". */
const PAGE = 10;
/** The first batch of indexes covers at least this many reports (newest periods first). */
const FIRST_BATCH_PAGES = 2000;
/** Words of readable text around the matches in an excerpt: Han words are a character or two. */
const excerptWords = (lang: Locale) => (locales[lang].han ? 48 : 30);
const TYPING_PAUSE_MS = 250;

async function start(root: HTMLElement): Promise<void> {
	const lang = isLocale(root.dataset.lang) ? root.dataset.lang : defaultLocale;
	const t = JSON.parse(root.dataset.strings ?? '{}') as Record<string, string>;
	const categories = new Map(JSON.parse(root.dataset.categories ?? '[]') as [string, string][]);
	const form = document.getElementById('search-page-form') as HTMLFormElement;
	const input = form.querySelector('input[name="q"]') as HTMLInputElement;
	const status = root.querySelector('[data-status]') as HTMLElement;
	const controls = root.querySelector('[data-controls]') as HTMLElement;
	const list = root.querySelector('[data-results]') as HTMLOListElement;
	const moreButton = root.querySelector('[data-more]') as HTMLButtonElement;
	const notice = document.getElementById('search-notice') as HTMLElement;
	const fill = (key: string, vars: Record<string, string | number> = {}) =>
		(t[key] ?? key).replace(/\{(\w+)\}/g, (whole, name: string) =>
			name in vars ? String(vars[name]) : whole
		);

	const params = new URLSearchParams(location.search);
	input.value = params.get('q') ?? '';
	const state = {
		sort: (params.get('sort') === 'newest' ? 'newest' : 'best') as Sort,
		filters: {
			...(params.get('category') ? { category: params.get('category')! } : {}),
			...(params.get('year') ? { year: params.get('year')! } : {}),
		} as Filters,
	};
	root.hidden = false;

	let engine: Engine;
	try {
		const opened = await Engine.open(lang);
		if (!opened) {
			notice.textContent = fill('searchPage.noIndex');
			notice.hidden = false;
			root.hidden = true;
			return;
		}
		engine = opened;
	} catch (error) {
		console.error(error);
		notice.textContent = fill('searchPage.failed');
		notice.hidden = false;
		root.hidden = true;
		return;
	}

	let run = 0;
	let view: View | undefined;
	let timer: ReturnType<typeof setTimeout> | undefined;

	/** Runs the current query: first batch of periods, then all of them. */
	async function search(): Promise<void> {
		const id = ++run;
		const term = input.value.trim();
		keepInAddress(term);
		if (!term) {
			view = undefined;
			// The hint is already under the box: an empty search says nothing more.
			status.textContent = '';
			controls.replaceChildren();
			list.replaceChildren();
			moreButton.hidden = true;
			return;
		}
		status.textContent = fill('searchPage.loading');
		try {
			for (const batch of engine.batches(state.filters.year)) {
				await engine.load(batch);
				if (id !== run) return;
				const next = await View.compute(engine, term, state.sort, state.filters);
				if (id !== run) return;
				view = next;
				await render(id, engine.loaded < engine.list.indexes.length);
				if (id !== run) return;
			}
		} catch (error) {
			console.error(error);
			if (id === run) status.textContent = fill('searchPage.failed');
		}
	}

	async function render(id: number, partial: boolean): Promise<void> {
		if (!view) return;
		const shown = await view.page(0, PAGE);
		const cards = await Promise.all(shown.map((r) => card(r, view!.term)));
		if (id !== run) return;
		// Everything changes at once, when the results are ready: the count announced to screen
		// readers always describes the list on the page.
		const more = partial ? fill('searchPage.partial') : '';
		status.textContent =
			view.total === 0
				? fill('searchPage.noResults', { query: view.term }) + more
				: fill('searchPage.results', { count: view.total }) + more;
		renderControls();
		list.replaceChildren(...cards);
		moreButton.hidden = view.total <= shown.length;
	}

	async function showMore(): Promise<void> {
		if (!view) return;
		const id = run;
		const from = list.children.length;
		const next = await view.page(from, PAGE);
		if (id !== run) return;
		list.append(...(await Promise.all(next.map((r) => card(r, view!.term)))));
		moreButton.hidden = list.children.length >= view.total;
		status.textContent = fill('searchPage.shown', {
			shown: list.children.length,
			count: view.total,
		});
		(list.children[from]?.querySelector('a') as HTMLAnchorElement | null)?.focus();
	}

	function renderControls(): void {
		if (!view) return;
		const sort = group(
			fill('searchPage.sort'),
			'sort',
			[
				{ value: 'best', label: fill('searchPage.sortRelevance') },
				{ value: 'newest', label: fill('searchPage.sortNewest') },
			],
			state.sort
		);
		const categoryOptions = [...categories]
			.filter(([slug]) => (view!.categoryCounts[slug] ?? 0) > 0 || state.filters.category === slug)
			.map(([slug, name]) => ({
				value: slug,
				label: `${name} (${view!.categoryCounts[slug] ?? 0})`,
			}));
		const yearOptions = Object.entries(view.yearCounts)
			.filter(([year, n]) => n > 0 || state.filters.year === year)
			.sort(([a], [b]) => (a < b ? 1 : -1))
			.map(([year, n]) => ({ value: year, label: `${fill('archive.year', { year })} (${n})` }));
		if (state.filters.year && !yearOptions.some((o) => o.value === state.filters.year)) {
			yearOptions.unshift({ value: state.filters.year, label: `${state.filters.year} (0)` });
		}
		const all = (counts: Record<string, number>) =>
			`${fill('searchPage.all')} (${Object.values(counts).reduce((a, b) => a + b, 0)})`;
		const category = group(
			fill('searchPage.category'),
			'category',
			[{ value: '', label: all(view.categoryCounts) }, ...categoryOptions],
			state.filters.category ?? ''
		);
		const year = group(
			fill('searchPage.year'),
			'year',
			[{ value: '', label: all(view.yearCounts) }, ...yearOptions],
			state.filters.year ?? ''
		);
		controls.replaceChildren(sort, category, year);
	}

	/** A fieldset of radio buttons; choosing one searches again. */
	function group(
		legend: string,
		name: string,
		options: { value: string; label: string }[],
		current: string
	): HTMLFieldSetElement {
		const fieldset = document.createElement('fieldset');
		fieldset.className = `search-facet search-facet-${name}`;
		const title = document.createElement('legend');
		title.textContent = legend;
		fieldset.append(title);
		for (const option of options) {
			const label = document.createElement('label');
			const radio = document.createElement('input');
			radio.type = 'radio';
			radio.name = `search-${name}`;
			radio.value = option.value;
			radio.checked = option.value === current;
			radio.addEventListener('change', () => {
				if (name === 'sort') state.sort = option.value === 'newest' ? 'newest' : 'best';
				else if (option.value) state.filters[name as 'category' | 'year'] = option.value;
				else delete state.filters[name as 'category' | 'year'];
				void search();
			});
			label.append(radio, ` ${option.label}`);
			fieldset.append(label);
		}
		return fieldset;
	}

	async function card(result: PagefindResult, term: string): Promise<HTMLLIElement> {
		const data = await result.data();
		const runs = locales[lang].han ? hanRuns(term) : [];
		const parts = splitContent(data, lang, runs);
		const li = document.createElement('li');
		li.className = 'search-result';
		const heading = document.createElement('h2');
		const link = document.createElement('a');
		link.href = data.url;
		link.append(
			...(parts.title.length ? marked(parts.title, lang, runs) : [data.meta.title ?? data.url])
		);
		heading.append(link);
		const meta = document.createElement('p');
		meta.className = 'search-result-meta';
		const date = data.meta.date ?? '';
		const time = document.createElement('time');
		time.dateTime = date;
		time.textContent = listDate(date, lang);
		const category = data.meta.category
			? (categories.get(data.meta.category) ?? data.meta.category)
			: '';
		meta.append(time, category ? ` · ${category}` : '');
		const excerpt = document.createElement('p');
		excerpt.className = 'search-result-excerpt';
		excerpt.append(...marked(parts.excerpt, lang, runs));
		li.append(heading, meta, excerpt);
		if (parts.bodyWords.length) {
			const extra = document.createElement('p');
			extra.className = 'search-result-more';
			extra.append(fill('searchPage.inBody'));
			parts.bodyWords.forEach((w, i) => {
				const mark = document.createElement('mark');
				mark.textContent = w;
				extra.append(...(i ? [fill('list.separator')] : []), mark);
			});
			li.append(extra);
		}
		return li;
	}

	function keepInAddress(term: string): void {
		const next = new URLSearchParams();
		if (term) next.set('q', term);
		if (state.sort === 'newest') next.set('sort', 'newest');
		if (state.filters.category) next.set('category', state.filters.category);
		if (state.filters.year) next.set('year', state.filters.year);
		const query = next.toString();
		history.replaceState(null, '', query ? `?${query}` : location.pathname);
	}

	input.addEventListener('input', () => {
		clearTimeout(timer);
		timer = setTimeout(() => void search(), TYPING_PAUSE_MS);
	});
	form.addEventListener('submit', (event) => {
		event.preventDefault();
		clearTimeout(timer);
		void search();
	});
	moreButton.addEventListener('click', () => void showMore());
	await search();
}

/** The merged Pagefind indexes of one language, loaded newest period first. */
class Engine {
	readonly lang: Locale;
	readonly list: IndexList;
	readonly pagefind: Pagefind;
	loaded = 0;

	private constructor(lang: Locale, list: IndexList, pagefind: Pagefind) {
		this.lang = lang;
		this.list = list;
		this.pagefind = pagefind;
	}

	/** Undefined when the site has no index (the dev server, or a build without reports). */
	static async open(lang: Locale): Promise<Engine | undefined> {
		const response = await fetch(`/pagefind/${lang}/indexes.json`, { cache: 'no-cache' });
		if (response.status === 404) return undefined;
		if (!response.ok) throw new Error(`indexes.json: HTTP ${response.status}`);
		const list = (await response.json()) as IndexList;
		if (list.indexes.length === 0) return undefined;
		const base = `/pagefind/${lang}/${list.indexes[0]!.path}`;
		const pagefind = (await import(/* @vite-ignore */ `${base}pagefind.js`)) as Pagefind;
		// No worker: one file less to download, and a search takes milliseconds.
		await pagefind.options({ basePath: base, noWorker: true, excerptLength: 0 });
		await pagefind.init();
		const engine = new Engine(lang, list, pagefind);
		engine.loaded = 1;
		await pagefind.filters();
		return engine;
	}

	/**
	 * How many indexes to have loaded at each step: a first batch of recent periods (every period
	 * of a chosen year among them), then all.
	 */
	*batches(year?: string): Generator<number> {
		const indexes = this.list.indexes;
		let first = 0;
		for (let pages = 0; first < indexes.length && pages < FIRST_BATCH_PAGES; first++)
			pages += indexes[first]!.pages;
		if (year)
			for (const [k, i] of indexes.entries()) if (i.year === year) first = Math.max(first, k + 1);
		if (first < indexes.length && this.loaded < indexes.length) yield Math.max(first, this.loaded);
		yield indexes.length;
	}

	/** Merges the next indexes until `count` are loaded. */
	async load(count: number): Promise<void> {
		const next = this.list.indexes.slice(this.loaded, count);
		if (next.length === 0) return;
		await Promise.all(
			next.map((i) => this.pagefind.mergeIndex(`/pagefind/${this.lang}/${i.path}`))
		);
		this.loaded = Math.max(this.loaded, count);
		// Loads the filter data of every index: search results count by category and year only then.
		await this.pagefind.filters();
	}

	/** Loaded periods, newest first. */
	periods(): string[] {
		return this.list.indexes.slice(0, this.loaded).map((i) => i.period);
	}

	/** Every period of a year, loaded or not. */
	periodsOf(year: string): string[] {
		return this.list.indexes.filter((i) => i.year === year).map((i) => i.period);
	}
}

/** The results of one query with its order and filters, over the indexes loaded so far. */
class View {
	readonly engine: Engine;
	readonly term: string;
	readonly sort: Sort;
	readonly filters: Filters;
	readonly total: number;
	readonly categoryCounts: Record<string, number>;
	readonly yearCounts: Record<string, number>;
	/** Results per period with the category filter applied (newest-first order visits these). */
	private readonly periodCounts: Record<string, number>;
	private readonly best: PagefindResult[];
	private byPeriod = new Map<string, PagefindResult[]>();

	private constructor(
		engine: Engine,
		term: string,
		sort: Sort,
		filters: Filters,
		main: PagefindResponse,
		categoryCounts: Record<string, number>,
		periodCounts: Record<string, number>
	) {
		this.engine = engine;
		this.term = term;
		this.sort = sort;
		this.filters = filters;
		this.total = main.results.length;
		this.best = main.results;
		this.categoryCounts = categoryCounts;
		this.periodCounts = periodCounts;
		const years: Record<string, number> = {};
		for (const [period, n] of Object.entries(periodCounts))
			years[period.slice(0, 4)] = (years[period.slice(0, 4)] ?? 0) + n;
		this.yearCounts = years;
	}

	static async compute(engine: Engine, term: string, sort: Sort, filters: Filters): Promise<View> {
		const { category, year } = filters;
		const pf = engine.pagefind;
		const allowed = await periodsWithEveryWord(engine, term);
		if (allowed?.length === 0)
			return new View(engine, term, sort, filters, { results: [], filters: {} }, {}, {});
		// Periods are separate indexes; only those holding every word may answer (see below).
		const periodFilter = (y?: string): PagefindFilters['period'] => {
			const periods = y
				? engine.periodsOf(y).filter((p) => !allowed || allowed.includes(p))
				: allowed;
			return periods && (periods.length ? { any: periods } : NO_PERIOD);
		};
		const only = (c?: string, y?: string): PagefindFilters => {
			const f: PagefindFilters = {};
			if (c) f.category = c;
			const pf = periodFilter(y);
			if (pf) f.period = pf;
			return f;
		};
		const query = pagefindQuery(term, engine.lang);
		const main = await pf.search(query, { filters: only(category, year) });
		// Each facet counts with the other facet applied, not its own (so choosing 2024 still
		// shows how many results the other years have).
		const withoutCategory = category
			? await pf.search(query, { filters: only(undefined, year) })
			: main;
		const withoutYear = year
			? await pf.search(query, { filters: only(category, undefined) })
			: main;
		return new View(
			engine,
			term,
			sort,
			filters,
			main,
			withoutCategory.filters.category ?? {},
			withoutYear.filters.period ?? {}
		);
	}

	/** Results [from, from + count) in this view's order. */
	async page(from: number, count: number): Promise<PagefindResult[]> {
		if (this.sort === 'best') return this.best.slice(from, from + count);
		const ordered: PagefindResult[] = [];
		const { category, year } = this.filters;
		for (const period of this.engine.periods()) {
			if (year && !period.startsWith(year)) continue;
			if (!(this.periodCounts[period] ?? 0)) continue;
			let results = this.byPeriod.get(period);
			if (!results) {
				const response = await this.engine.pagefind.search(
					pagefindQuery(this.term, this.engine.lang),
					{ filters: { ...(category ? { category } : {}), period }, sort: { date: 'desc' } }
				);
				this.byPeriod.set(period, (results = response.results));
			}
			ordered.push(...results);
			if (ordered.length >= from + count) break;
		}
		return ordered.slice(from, from + count);
	}
}

/**
 * The periods whose index holds every term of the query (undefined: a one-term query, any).
 *
 * Pagefind leaves out a query term that an index does not have, so across one index per period
 * 基础设施 (基础设 + 础设施) would list every report of other periods that has 基础设. Asking each
 * term alone tells which periods have it. And a term that no indexed word starts with is matched
 * by its longest indexed prefix, so the best result for a gram term alone must contain it, or no
 * report has it.
 */
async function periodsWithEveryWord(engine: Engine, term: string): Promise<string[] | undefined> {
	const words = queryWords(term, engine.lang);
	let periods: Set<string> | undefined;
	for (const word of words) {
		const { results, filters } = await engine.pagefind.search(word);
		const best = results[0];
		if (!best) return [];
		if (word.startsWith(GRAM_PREFIX) && locales[engine.lang].han) {
			const data = await best.data();
			if (!(data.raw_content ?? data.content).includes(word)) return [];
		}
		const here = Object.entries(filters.period ?? {})
			.filter(([, n]) => n > 0)
			.map(([p]) => p);
		periods = new Set(periods ? here.filter((p) => periods!.has(p)) : here);
	}
	return words.length > 1 ? [...(periods ?? [])] : undefined;
}

/** The terms Pagefind searches for (see grams.ts). */
function queryWords(term: string, lang: Locale): string[] {
	return searchTerms(term, lang);
}

/** The query as Pagefind is asked it: every term, each required. */
function pagefindQuery(term: string, lang: Locale): string {
	return queryWords(term, lang).join(' ');
}

interface Word {
	text: string;
	hit: boolean;
}

/**
 * The indexed content of a result in its parts: title words, a window of readable text around
 * the matches (or its opening), and what was matched only further into the body. `runs` are the
 * query's Chinese parts, found in the text as they are (the index matched their grams).
 */
export function splitContent(
	data: PagefindData,
	lang: Locale,
	runs: string[] = []
): { title: Word[]; excerpt: Word[]; bodyWords: string[] } {
	const raw = (data.raw_content ?? data.content).replace(/&lt;/g, '<').replace(/&gt;/g, '>');
	const zws = raw.includes('\u200B');
	const words = zws ? raw.split('\u200B') : raw.split(/[^\S\uFEFF]+/);
	const marks = words.flatMap((w, i) => (w.trim().startsWith(SECTION_MARK) ? [i] : []));
	const titleEnd = marks[0] ?? 0;
	const textEnd = marks[1] ?? words.length;
	const hits = new Set(data.locations);
	const span = (from: number, to: number): Word[] =>
		words
			.slice(from, to)
			.map((text, k) => ({ text: text.replace(/\s+$/, zws ? ' ' : ''), hit: hits.has(from + k) }));
	const found = (from: number, to: number) => {
		const text = words
			.slice(from, to)
			.map((w) => w.trim())
			.join('');
		return runs.filter((run) => text.includes(run));
	};
	// Where the readable text first has the query: a marked word, or one of the query's Chinese parts.
	const inText = data.locations.filter((l) => l > titleEnd && l < textEnd).sort((a, b) => a - b);
	let first = inText[0];
	if (runs.length) {
		let text = '';
		for (let i = titleEnd + 1; i < textEnd && (first === undefined || i < first); i++) {
			text += words[i]!.trim();
			if (runs.some((run) => text.includes(run))) {
				first = i;
				break;
			}
		}
	}
	const length = excerptWords(lang);
	let start = titleEnd + 1;
	if (first !== undefined)
		start = Math.max(titleEnd + 1, Math.min(first - Math.floor(length / 4), textEnd - length));
	const end = Math.min(textEnd, start + length);
	const excerpt = span(start, end);
	if (start > titleEnd + 1) excerpt.unshift({ text: '…', hit: false });
	if (end < textEnd) excerpt.push({ text: '…', hit: false });
	// Matched only further into the body: the query's parts (pair terms are not for showing) and
	// other matched words.
	const shown = new Set([...found(0, titleEnd), ...found(start, end)]);
	const later = [
		...runs.filter((run) => !shown.has(run)),
		...(inText.length
			? []
			: data.locations
					.filter((l) => l > textEnd)
					.map((l) => (words[l] ?? '').trim())
					.filter((w) => w && !w.startsWith(GRAM_PREFIX))),
	];
	const bodyWords = [...new Set(later)].slice(0, 5);
	const title = span(0, titleEnd).filter(
		(w, i, all) => !(i === all.length - 1 && /^[.\s]*$/.test(w.text))
	);
	if (title.length)
		title[title.length - 1]!.text = title[title.length - 1]!.text.replace(/\.\s*$/, '');
	return { title, excerpt, bodyWords };
}

/**
 * Text nodes and `<mark>`s for words; spaces the segmentation put between Chinese words go. Marked
 * are the words Pagefind matched and every occurrence of the query's Chinese parts (`runs`),
 * character by character, wherever the words were split.
 */
function marked(words: Word[], lang: Locale, runs: string[] = []): Node[] {
	let text = '';
	const hit: boolean[] = [];
	words.forEach((w, i) => {
		let piece = w.text;
		if (locales[lang].han) {
			const core = piece.trimEnd();
			const next = words[i + 1]?.text ?? '';
			const keepSpace = core !== piece && /[A-Za-z0-9]$/.test(core) && /^[A-Za-z0-9]/.test(next);
			piece = (core === '.' ? '。' : core) + (keepSpace ? ' ' : '');
		} else if (i > 0 && !/^[.,;:!?]/.test(piece)) {
			piece = ` ${piece}`;
		}
		const lead = w.hit ? /^\s*/.exec(piece)![0].length : piece.length;
		for (let k = 0; k < piece.length; k++) hit.push(w.hit && k >= lead);
		text += piece;
	});
	for (const run of runs) {
		for (let at = text.indexOf(run); at >= 0; at = text.indexOf(run, at + 1))
			hit.fill(true, at, at + run.length);
	}
	const nodes: Node[] = [];
	for (let from = 0; from < text.length;) {
		let to = from + 1;
		while (to < text.length && hit[to] === hit[from]) to++;
		const piece = text.slice(from, to);
		if (hit[from]) {
			const mark = document.createElement('mark');
			mark.textContent = piece;
			nodes.push(mark);
		} else {
			nodes.push(document.createTextNode(piece));
		}
		from = to;
	}
	return nodes;
}

// Last: the classes above must be defined before the page starts using them.
const app = document.getElementById('search-app');
if (app) void start(app);

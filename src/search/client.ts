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

/** The search page's elements and its words in the page's language. */
interface SearchPage {
	lang: Locale;
	categories: Map<string, string>;
	form: HTMLFormElement;
	input: HTMLInputElement;
	status: HTMLElement;
	controls: HTMLElement;
	list: HTMLOListElement;
	moreButton: HTMLButtonElement;
	notice: HTMLElement;
	/** A dictionary string with its `{name}` placeholders filled in. */
	fill(key: string, vars?: Record<string, string | number>): string;
}

/** What is searched for besides the words: the order and the filters chosen. */
interface Choices {
	sort: Sort;
	filters: Filters;
}

async function start(root: HTMLElement): Promise<void> {
	const page = readPage(root);
	const choices = readAddress(page.input);
	root.hidden = false;
	const opened = await openEngine(page, root);
	if (!opened) return;
	const engine: Engine = opened;

	let run = 0;
	let view: View | undefined;
	let timer: ReturnType<typeof setTimeout> | undefined;

	/** Runs the current query: first batch of periods, then all of them. */
	async function search(): Promise<void> {
		const id = ++run;
		const term = page.input.value.trim();
		keepInAddress(term, choices);
		if (!term) {
			view = undefined;
			clearResults(page);
			return;
		}
		page.status.textContent = page.fill('searchPage.loading');
		try {
			for (const batch of engine.batches(choices.filters.year)) {
				await engine.load(batch);
				if (id !== run) return;
				const next = await View.compute(engine, term, choices.sort, choices.filters);
				if (id !== run) return;
				view = next;
				await showResults(page, view, choices, engine.loaded < engine.list.indexes.length, {
					current: () => id === run,
					choose: () => void search(),
				});
				if (id !== run) return;
			}
		} catch (error) {
			console.error(error);
			if (id === run) page.status.textContent = page.fill('searchPage.failed');
		}
	}

	async function more(): Promise<void> {
		if (!view) return;
		const id = run;
		await showMore(page, view, () => id === run);
	}

	page.input.addEventListener('input', () => {
		clearTimeout(timer);
		timer = setTimeout(() => void search(), TYPING_PAUSE_MS);
	});
	page.form.addEventListener('submit', (event) => {
		event.preventDefault();
		clearTimeout(timer);
		void search();
	});
	page.moreButton.addEventListener('click', () => void more());
	await search();
}

// --- The page and its address ---

function readPage(root: HTMLElement): SearchPage {
	const t = JSON.parse(root.dataset.strings ?? '{}') as Record<string, string>;
	const form = document.getElementById('search-page-form') as HTMLFormElement;
	return {
		lang: isLocale(root.dataset.lang) ? root.dataset.lang : defaultLocale,
		categories: new Map(JSON.parse(root.dataset.categories ?? '[]') as [string, string][]),
		form,
		input: form.querySelector('input[name="q"]') as HTMLInputElement,
		status: root.querySelector('[data-status]') as HTMLElement,
		controls: root.querySelector('[data-controls]') as HTMLElement,
		list: root.querySelector('[data-results]') as HTMLOListElement,
		moreButton: root.querySelector('[data-more]') as HTMLButtonElement,
		notice: document.getElementById('search-notice') as HTMLElement,
		fill: (key, vars = {}) =>
			(t[key] ?? key).replace(/\{(\w+)\}/g, (whole, name: string) =>
				name in vars ? String(vars[name]) : whole
			),
	};
}

/** The query, order and filters the address asks for (`/search/?q=桥梁&sort=newest`). */
function readAddress(input: HTMLInputElement): Choices {
	const params = new URLSearchParams(location.search);
	input.value = params.get('q') ?? '';
	return {
		sort: params.get('sort') === 'newest' ? 'newest' : 'best',
		filters: {
			...(params.get('category') ? { category: params.get('category')! } : {}),
			...(params.get('year') ? { year: params.get('year')! } : {}),
		},
	};
}

/** The address says what is shown, so it can be shared or bookmarked. */
function keepInAddress(term: string, choices: Choices): void {
	const next = new URLSearchParams();
	if (term) next.set('q', term);
	if (choices.sort === 'newest') next.set('sort', 'newest');
	if (choices.filters.category) next.set('category', choices.filters.category);
	if (choices.filters.year) next.set('year', choices.filters.year);
	const query = next.toString();
	history.replaceState(null, '', query ? `?${query}` : location.pathname);
}

// --- Loading the indexes ---

/** The indexes of the page's language, or undefined with a notice in place of the search. */
async function openEngine(page: SearchPage, root: HTMLElement): Promise<Engine | undefined> {
	let key: string;
	try {
		const engine = await Engine.open(page.lang);
		if (engine) return engine;
		key = 'searchPage.noIndex';
	} catch (error) {
		console.error(error);
		key = 'searchPage.failed';
	}
	page.notice.textContent = page.fill(key);
	page.notice.hidden = false;
	root.hidden = true;
	return undefined;
}

// --- Rendering ---

function clearResults(page: SearchPage): void {
	// The hint is already under the box: an empty search says nothing more.
	page.status.textContent = '';
	page.controls.replaceChildren();
	page.list.replaceChildren();
	page.moreButton.hidden = true;
}

/** The first results, their count and the facets; `choose` searches again after a facet change. */
async function showResults(
	page: SearchPage,
	view: View,
	choices: Choices,
	partial: boolean,
	search: { current: () => boolean; choose: () => void }
): Promise<void> {
	const shown = await view.page(0, PAGE);
	const cards = await Promise.all(shown.map((r) => resultCard(page, r, view.term)));
	if (!search.current()) return;
	// Everything changes at once, when the results are ready: the count announced to screen
	// readers always describes the list on the page.
	const more = partial ? page.fill('searchPage.partial') : '';
	page.status.textContent =
		view.total === 0
			? page.fill('searchPage.noResults', { query: view.term }) + more
			: page.fill('searchPage.results', { count: view.total }) + more;
	page.controls.replaceChildren(...facets(page, view, choices, search.choose));
	page.list.replaceChildren(...cards);
	page.moreButton.hidden = view.total <= shown.length;
}

/** The next results, appended; focus moves to the first new one. */
async function showMore(page: SearchPage, view: View, current: () => boolean): Promise<void> {
	const { list } = page;
	const from = list.children.length;
	const next = await view.page(from, PAGE);
	if (!current()) return;
	list.append(...(await Promise.all(next.map((r) => resultCard(page, r, view.term)))));
	page.moreButton.hidden = list.children.length >= view.total;
	page.status.textContent = page.fill('searchPage.shown', {
		shown: list.children.length,
		count: view.total,
	});
	(list.children[from]?.querySelector('a') as HTMLAnchorElement | null)?.focus();
}

/** Order, category and year, each with its counts. */
function facets(
	page: SearchPage,
	view: View,
	choices: Choices,
	choose: () => void
): HTMLFieldSetElement[] {
	const { fill, categories } = page;
	const { filters } = choices;
	const group = (
		legend: string,
		name: 'sort' | 'category' | 'year',
		options: { value: string; label: string }[],
		current: string
	) =>
		radioGroup(legend, name, options, current, (value) => {
			if (name === 'sort') choices.sort = value === 'newest' ? 'newest' : 'best';
			else if (value) filters[name] = value;
			else delete filters[name];
			choose();
		});
	const sort = group(
		fill('searchPage.sort'),
		'sort',
		[
			{ value: 'best', label: fill('searchPage.sortRelevance') },
			{ value: 'newest', label: fill('searchPage.sortNewest') },
		],
		choices.sort
	);
	const categoryOptions = [...categories]
		.filter(([slug]) => (view.categoryCounts[slug] ?? 0) > 0 || filters.category === slug)
		.map(([slug, name]) => ({
			value: slug,
			label: `${name} (${view.categoryCounts[slug] ?? 0})`,
		}));
	const yearOptions = Object.entries(view.yearCounts)
		.filter(([year, n]) => n > 0 || filters.year === year)
		.sort(([a], [b]) => (a < b ? 1 : -1))
		.map(([year, n]) => ({ value: year, label: `${fill('archive.year', { year })} (${n})` }));
	if (filters.year && !yearOptions.some((o) => o.value === filters.year)) {
		yearOptions.unshift({ value: filters.year, label: `${filters.year} (0)` });
	}
	const all = (counts: Record<string, number>) =>
		`${fill('searchPage.all')} (${Object.values(counts).reduce((a, b) => a + b, 0)})`;
	const category = group(
		fill('searchPage.category'),
		'category',
		[{ value: '', label: all(view.categoryCounts) }, ...categoryOptions],
		filters.category ?? ''
	);
	const year = group(
		fill('searchPage.year'),
		'year',
		[{ value: '', label: all(view.yearCounts) }, ...yearOptions],
		filters.year ?? ''
	);
	return [sort, category, year];
}

/** A fieldset of radio buttons; choosing one calls `onChange` with its value. */
function radioGroup(
	legend: string,
	name: string,
	options: { value: string; label: string }[],
	current: string,
	onChange: (value: string) => void
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
		radio.addEventListener('change', () => onChange(option.value));
		label.append(radio, ` ${option.label}`);
		fieldset.append(label);
	}
	return fieldset;
}

/** One result: linked title, date and category, an excerpt, and what matched further in. */
async function resultCard(
	page: SearchPage,
	result: PagefindResult,
	term: string
): Promise<HTMLLIElement> {
	const { lang, fill, categories } = page;
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

// --- Loading and merging the indexes; querying them ---

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

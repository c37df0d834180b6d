/**
 * What the search index holds for each report, and the small HTML document Pagefind reads it from.
 *
 * Pure functions of a report and its body text, so the tests can check exactly what is indexed:
 * the title (an `<h1>`, which Pagefind weights above body text), the summary and the opening of
 * the body as readable text (excerpts come from there), then every other distinct word of the body
 * once (a "word bag", weighted low). Navigation, footers and list pages never reach the index:
 * only these documents do.
 *
 * The word bag is why the index stays small: a 5,000-character report repeats most of its words
 * many times, and Pagefind stores every occurrence and the whole text again for excerpts. One
 * occurrence of each word is enough to find the report; the excerpt of a word that only occurs
 * in the bag is the summary, with the word named under it.
 */
import { locales, type Locale } from '../i18n/locales.ts';
import type { ReportRecord } from '../lib/content/loadContent.ts';
import { reportUrl } from '../lib/site/urls.ts';
import { grams, indexTerm } from './grams.ts';
import { SECTION_MARK } from './sectionMark.ts';

export { SECTION_MARK };

/** Characters of body text kept readable after the summary (the rest goes into the word bag). */
export const LEAD_CHARS = 200;
/** At most this many characters of distinct body words per report (bounds the index size). */
export const BAG_MAX_CHARS = 3000;
/**
 * At most this many distinct grams of a report's text (after the title's): bounds the index size
 * (~8 bytes each on disk, fragment and word index; 450 keep 10,000 reports under 60 MB).
 */
export const GRAM_MAX = 450;
/**
 * The opening of the body (characters) indexed with all its grams; the rest adds the grams of its
 * words (any part of a word is found there, not a part across two words), while GRAM_MAX allows.
 */
export const OPENING_CHARS = 400;

/** One report as the search index sees it. */
export interface SearchRecord {
	lang: Locale;
	/** Page URL, `/reports/<slug>/` or `/en/reports/<slug>/`. */
	url: string;
	title: string;
	summary: string;
	/** Readable text after the summary. */
	lead: string;
	/**
	 * Distinct body words not already in title, summary or lead, separated by spaces. Chinese
	 * words are left to the pairs below: the bag keeps Latin words (and English reports' words).
	 */
	bag: string;
	/** Distinct grams of Han characters of the title (see grams.ts). */
	titleGrams: string[];
	/**
	 * Distinct grams of the summary and body not in the title, at most GRAM_MAX: all of the
	 * opening's, then those of the words of the rest.
	 */
	textGrams: string[];
	/** `YYYY-MM-DD`. */
	date: string;
	/** `YYYY`; the index partition is the year or one of its quarters (see periodsOf). */
	year: string;
	/** Category slug (names are shown by the search page, in its language). */
	category: string;
	/** 文号, found like the title (its grams weigh as much), shown in the excerpt. */
	docNumber?: string;
}

/**
 * The record of a report. `bodyText` is the plain text of its rendered body (`htmlToText`), or
 * undefined for `.mdx` reports, whose title and summary are indexed alone.
 */
export function searchRecordFor(report: ReportRecord, bodyText: string | undefined): SearchRecord {
	const title = report.data.title.trim();
	const docNumber = report.data.doc_number?.trim();
	let summary = report.data.summary.trim();
	const text = (bodyText ?? '').replace(/\s+/g, ' ').trim();
	const afterSummary = continuationOf(text, summary);
	let lead: string;
	let rest: string;
	if (afterSummary !== text) {
		// A summary cut from the body (ending in "…", perhaps in the middle of a word): the readable
		// text is the body's own opening in one piece, so no word is split in two at the cut.
		lead = cutAt(text, text.length - afterSummary.length + LEAD_CHARS);
		summary = '';
		rest = text.slice(lead.length);
	} else {
		lead = cutAt(afterSummary, LEAD_CHARS);
		rest = afterSummary.slice(lead.length);
	}
	const known = wordsOf(`${title}\n${summary}\n${lead}`, report.lang);
	const titleGrams = [...new Set([...grams(title), ...grams(docNumber ?? '')])];
	const seen = new Set(titleGrams);
	const textGrams: string[] = [];
	const add = (gram: string) => {
		if (seen.has(gram) || textGrams.length >= GRAM_MAX) return;
		seen.add(gram);
		textGrams.push(gram);
	};
	for (const gram of grams(`${summary}\n${text.slice(0, OPENING_CHARS)}`)) add(gram);
	// One pass over the words of the rest: Chinese words give grams, the others go in the bag.
	const bag = wordBag(rest, report.lang, known, (word) => {
		if (!/^[\u3400-\u9fff]+$/.test(word)) for (const gram of grams(word)) add(gram);
		else if (word.length >= 2) {
			for (let i = 0; i + 3 <= word.length; i++) add(word.slice(i, i + 3));
			add(word.slice(-2));
		}
		return textGrams.length < GRAM_MAX;
	});
	return {
		lang: report.lang,
		url: reportUrl(report.lang, report.slug),
		title,
		summary,
		lead,
		bag,
		titleGrams,
		textGrams,
		date: report.data.date,
		year: report.data.date.slice(0, 4),
		category: report.data.category,
		...(docNumber ? { docNumber } : {}),
	};
}

/**
 * The body after the summary, when the summary is the body's own opening (as derived by the
 * content pipeline); otherwise the whole body, since an editor's summary says something else.
 */
function continuationOf(text: string, summary: string): string {
	const opening = summary.replace(/…$/, '').replace(/\s+/g, ' ');
	if (opening && text.startsWith(opening)) return text.slice(opening.length).trim();
	return text;
}

/** At most `max` characters, ending at a sentence end when one is near the cut. */
export function cutAt(text: string, max: number): string {
	if (text.length <= max) return text;
	const head = text.slice(0, max);
	const end = Math.max(
		...['。', '；', '！', '？', '. ', '; '].map((mark) => head.lastIndexOf(mark))
	);
	if (end >= max * 0.5) return head.slice(0, end + 1);
	// No sentence end: do not cut a word of a language written with spaces in two.
	const space = head.lastIndexOf(' ');
	return /[A-Za-z0-9]$/.test(head) && /^[A-Za-z0-9]/.test(text.slice(max)) && space > max * 0.5
		? head.slice(0, space)
		: head;
}

const segmenters = new Map<Locale, Intl.Segmenter>();

function segmenter(lang: Locale): Intl.Segmenter {
	let s = segmenters.get(lang);
	if (!s)
		segmenters.set(lang, (s = new Intl.Segmenter(locales[lang].lang, { granularity: 'word' })));
	return s;
}

const HAN = /^\p{Script=Han}$/u;

/**
 * Words as the browser splits a query (`Intl.Segmenter`, which Pagefind uses on the search page),
 * lower-cased. Single Han characters the segmenter leaves on their own (专|项, 非|开|挖) are joined
 * into one word again, so 专项 stays one entry instead of two characters found everywhere.
 */
export function* words(text: string, lang: Locale): Generator<string> {
	for (const [word] of wordsWithEnds(text, lang)) yield word;
}

/** words(), each with where the text after it starts (for a caller that stops early). */
function* wordsWithEnds(text: string, lang: Locale): Generator<[word: string, next: number]> {
	let run = '';
	for (const s of segmenter(lang).segment(text)) {
		if (s.isWordLike && HAN.test(s.segment)) {
			run += s.segment;
			continue;
		}
		if (run) yield [run, s.index];
		run = '';
		if (s.isWordLike) yield [s.segment.toLowerCase(), s.index + s.segment.length];
	}
	if (run) yield [run, text.length];
}

function wordsOf(text: string, lang: Locale): Set<string> {
	return new Set(words(text, lang));
}

/**
 * Distinct words of `text` not in `known` and worth indexing, in order of first appearance, at
 * most BAG_MAX_CHARS. Each distinct Chinese word is handed to `onHan` (for its grams) instead,
 * until it returns false: from then on only the parts of the text between Chinese characters
 * are segmented. The segmenter always breaks between Han and other characters, so those parts
 * give the words the whole text gives there, and a Chinese report's ~5,000 characters are not
 * segmented (~1.4 ms) only to find its few Latin words once its grams are complete. Repeated
 * sentences are segmented once (they are common in reports: 各会员单位…).
 */
export function wordBag(
	text: string,
	lang: Locale,
	known: Set<string> = new Set(),
	onHan?: (word: string) => boolean
): string {
	const clauses = [...new Set(text.split(/(?<=[，。；：、！？,.;:!?])/))].join(' ');
	const seen = new Set(known);
	const bag: string[] = [];
	let length = 0;
	/** Adds a word; false once the bag is full and nothing more can go in it. */
	const take = (word: string): boolean => {
		if (seen.has(word)) return true;
		seen.add(word);
		if (!worthIndexing(word)) return true;
		if (length + word.length + 1 > BAG_MAX_CHARS) return !!onHan;
		bag.push(word);
		length += word.length + 1;
		return true;
	};
	let rest = clauses.length;
	for (const [word, next] of wordsWithEnds(clauses, lang)) {
		if (onHan && HAN.test(word[0]!)) {
			if (seen.has(word)) continue;
			seen.add(word);
			if (onHan(word)) continue;
			rest = next;
			break;
		}
		if (!take(word)) return bag.join(' ');
	}
	for (const part of clauses.slice(rest).split(HAN_RUN)) {
		if (!WORDY.test(part)) continue;
		for (const word of words(part, lang)) if (!take(word)) return bag.join(' ');
	}
	return bag.join(' ');
}

const HAN_RUN = /\p{Script=Han}+/u;
const WORDY = /[\p{L}\p{N}]/u;

/**
 * Words of the bag worth a place in the index: not Chinese (every pair of Han characters is a
 * term of its own, see grams.ts) and not a bare number (12, 3.5%: years are a filter, figures are
 * not searched for).
 */
function worthIndexing(word: string): boolean {
	return !/\p{Script=Han}/u.test(word) && !/^[\d.,%]+$/.test(word);
}

/** Grams as Pagefind terms, separated by spaces. */
function gramTerms(list: string[]): string {
	// Sorted, neighbours share their first characters: the fragment files compress better.
	return list.map(indexTerm).sort().join(' ');
}

const escapeHtml = (s: string) =>
	s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/**
 * Pagefind's language code, the tag's language subtag: `zh` (Chinese segmentation, no stemming),
 * `en` (English stemming).
 */
export function pagefindLanguage(lang: Locale): string {
	return locales[lang].lang.split('-')[0]!.toLowerCase();
}

/**
 * The document Pagefind indexes for a record: title in `<h1>` (Pagefind's heading weight and its
 * `title` meta), summary and lead as readable text, the word bag at a low weight. Date and
 * category are meta (shown with results); category and the index's period are filters (the
 * search page counts years by adding up their periods); `date` is also the sort key.
 */
export function recordHtml(r: SearchRecord, period: string = r.year): string {
	const body = [
		`<h1>${escapeHtml(r.title)}</h1>`,
		`<p>${SECTION_MARK}</p>`,
		// The document number as written: its digits are words of their own (2025, 12).
		r.docNumber && `<p data-pagefind-weight="7">${escapeHtml(r.docNumber)}</p>`,
		r.summary && `<p>${escapeHtml(r.summary)}</p>`,
		r.lead && `<p>${escapeHtml(r.lead)}</p>`,
		`<p>${SECTION_MARK}</p>`,
		r.bag && `<p data-pagefind-weight="0.5">${escapeHtml(r.bag)}</p>`,
		// The title's grams weigh like the title itself, so a report whose title has the query
		// ranks above reports that have it in their text.
		r.titleGrams.length && `<p data-pagefind-weight="7">${gramTerms(r.titleGrams)}</p>`,
		r.textGrams.length && `<p data-pagefind-weight="1">${gramTerms(r.textGrams)}</p>`,
	].filter(Boolean);
	const tag = (kind: 'filter' | 'meta' | 'sort', key: string, value: string) =>
		`<meta data-pagefind-${kind}="${key}[content]" content="${escapeHtml(value)}">`;
	const head = [
		tag('filter', 'period', period),
		tag('filter', 'category', r.category),
		tag('meta', 'date', r.date),
		tag('meta', 'category', r.category),
		tag('sort', 'date', r.date),
	];
	return `<html lang="${pagefindLanguage(r.lang)}"><head>${head.join('')}</head><body>${body.join('')}</body></html>`;
}

/**
 * A language-year with more reports than this is indexed per quarter. An edit re-indexes the
 * period of its report: at 1,000 reports a year a quarter holds ~250 (measured at 10,000 reports:
 * 2.2 s instead of 5.6 s for a year), while a query loads four small indexes for that year instead
 * of one (first results 204 KiB in 63 requests instead of 177 KiB in 28).
 */
export const SPLIT_YEAR_ABOVE = 400;

/**
 * The index period of each date of one language-year: the year (`2024`), or its quarter
 * (`2025-q2`) when the year has more than `splitAbove` reports. Periods sort by time as
 * strings, so newest first is descending order.
 */
export function periodsOf(dates: string[], splitAbove = SPLIT_YEAR_ABOVE): string[] {
	const split = dates.length > splitAbove;
	return dates.map((d) =>
		split ? `${d.slice(0, 4)}-q${Math.floor((Number(d.slice(5, 7)) - 1) / 3) + 1}` : d.slice(0, 4)
	);
}

/**
 * Character n-grams of Chinese text as search terms, shared by the indexer (records.ts) and the
 * search page (client.ts), so a report and a query are turned into the same terms.
 *
 * Pagefind matches whole words of its segmenter (and prefixes of them); a visitor types any part
 * of what they remember (基础设, 度工作报), which cuts across those words. So every three
 * adjacent Han characters of a report are indexed as a term of their own (see grams()), and a
 * query is made of the same terms: 基础设施 → 基础设 + 础设施, every one required. Any substring
 * of two or more characters of the text is then found, whatever the segmenters do.
 *
 * A gram is written as one ASCII word (`zq` and three base-36 digits per character): Pagefind's
 * Chinese segmenter would split a gram such as 础设施 again, but keeps an ASCII word whole. Each
 * character takes a fixed three digits, so the term of two characters is a prefix of the terms of
 * every gram starting with them, and Pagefind's prefix matching finds those too.
 */
import { locales, type Locale } from '../i18n/locales.ts';

/** Starts every term: no word of a report's Latin text starts with it. */
export const GRAM_PREFIX = 'zq';
/** Han characters that get a term: CJK Extension A and the Unified Ideographs block. */
const FIRST = 0x3400;
const LAST = 0x9fff;

const isGramChar = (code: number) => code >= FIRST && code <= LAST;

/** Three base-36 digits for a Han character. */
function code36(code: number): string {
	return (code - FIRST).toString(36).padStart(3, '0');
}

/** The term of a gram of Han characters (of one or two: the prefix of the grams starting so). */
export function gramTerm(chars: string): string {
	let term = GRAM_PREFIX;
	for (const c of chars) term += code36(c.codePointAt(0)!);
	return term;
}

/**
 * Ends the term of a run's last pair, in place of a third character (no character has these
 * digits): every indexed term is then 2 + 9 characters long. Pagefind also matches indexed words
 * that are a prefix of a query's term, so a pair indexed as a shorter word would match every
 * query gram starting with it.
 */
const END = 'zzz';

/** The indexed term of a gram of grams(): three characters, or a run's last two and END. */
export function indexTerm(gram: string): string {
	const term = gramTerm(gram);
	return term.length === GRAM_PREFIX.length + 6 ? term + END : term;
}

/** Runs of adjacent Han characters (of the blocks above) in `text`, one character or more. */
export function hanRuns(text: string): string[] {
	const runs: string[] = [];
	let run = '';
	for (const c of text) {
		if (isGramChar(c.codePointAt(0)!)) {
			run += c;
			continue;
		}
		if (run) runs.push(run);
		run = '';
	}
	if (run) runs.push(run);
	return runs;
}

/**
 * Distinct grams of `text`, in order of first appearance: every three adjacent Han characters,
 * and the last two of each run (基础设施。→ 基础设, 础设施, 设施). A query of two
 * characters is then found as the prefix of a three-character gram, or as a run's last pair; a
 * longer query needs all of its three-character grams, which rarely come together by chance.
 */
export function* grams(text: string): Generator<string> {
	const seen = new Set<string>();
	const emit = function* (gram: string) {
		if (seen.has(gram)) return;
		seen.add(gram);
		yield gram;
	};
	for (const run of hanRuns(text)) {
		const chars = [...run];
		if (chars.length < 2) continue;
		for (let i = 0; i + 2 < chars.length; i++)
			yield* emit(chars[i]! + chars[i + 1]! + chars[i + 2]!);
		yield* emit(chars[chars.length - 2]! + chars[chars.length - 1]!);
	}
}

/**
 * The terms of a query's Chinese part, and the rest of the query as given. Each run of Han
 * characters: its three-character grams; two characters: the term of the pair (a prefix of the
 * grams starting with it); one: the prefix of every gram starting with it.
 * @example queryTerms('基础设 BIM') // { grams: ['zq…', 'zq…'], rest: 'BIM' }
 */
export function queryTerms(query: string): { grams: string[]; rest: string } {
	const grams: string[] = [];
	for (const run of hanRuns(query)) {
		const chars = [...run];
		if (chars.length < 3) grams.push(gramTerm(run));
		for (let i = 0; i + 2 < chars.length; i++)
			grams.push(gramTerm(chars[i]! + chars[i + 1]! + chars[i + 2]!));
	}
	let rest = '';
	for (const c of query) rest += isGramChar(c.codePointAt(0)!) ? ' ' : c;
	return { grams: [...new Set(grams)], rest: rest.replace(/\s+/g, ' ').trim() };
}

/**
 * The terms Pagefind is asked for a query, each required. Chinese: the grams of its Han text and
 * its other words; English: its words. Lower case, no punctuation.
 */
export function searchTerms(query: string, lang: Locale): string[] {
	const latin = (text: string) =>
		text
			.toLowerCase()
			.replace(/[\p{P}]/gu, ' ')
			.split(/\s+/)
			.filter(Boolean);
	if (locales[lang].han) {
		const { grams, rest } = queryTerms(query);
		return [...new Set([...grams, ...latin(rest)])];
	}
	return [...new Set(latin(query))];
}

/**
 * Finds the article in a page's lines: breadcrumb → title → meta line → body → footer.
 *
 * The meta line (发布时间…) is the anchor: it is the one line every article page has and chrome
 * never imitates. The title is the line above it, the body starts below it, and ends where the
 * page's tools, previous/next links or footer begin (or, in HTML, where the box holding the
 * article closes).
 */
import type { Element } from 'hast';
import type { PlainDate } from '../lib/dates/plainDate.ts';
import { squash, type Block } from './blocks.ts';
import {
	countTitleRepeats,
	isArticleEnd,
	isContactFooter,
	isSiteFooter,
	isToolLine,
	parseBreadcrumb,
	sectionCrumbs,
	type Breadcrumb,
} from './chrome.ts';
import { parseMetaLine, type MetaLine } from './metaLine.ts';

export interface Article {
	title: string;
	date: PlainDate;
	source?: string;
	/** Breadcrumb crumbs that may name the section, most specific last; undefined: no breadcrumb. */
	sections?: string[];
	/** The article's own blocks, in order, without chrome or repeated title lines. */
	body: Block[];
}

/** How far below the breadcrumb a bare `时间：<date>` line may be to count as the meta line. */
const WEAK_META_REACH = 4;

/** Why a page could not be read, by the front matter field it leaves without a value. */
export interface ExtractError {
	field: 'title' | 'date' | 'body';
	reason: string;
}

/**
 * A sentence of some length is article prose, never footer; footers' own sentences are
 * disclaimers about the site (本站、转载、侵权).
 */
const PROSE = /^.{30,}[。！？]$/su;
const DISCLAIMER = /本站|本网|转载|侵权|版权/;

/** Finds the article; `pageTitle` (the HTML `<title>`) helps with titles split over two lines. */
export function extractArticle(
	blocks: readonly Block[],
	pageTitle?: string
): Article | ExtractError {
	const lines = blocks.map((b) => b.text);
	const crumb = findBreadcrumb(lines);
	const searchFrom = crumb ? crumb.index + crumb.span : 0;

	const meta = findMeta(blocks, searchFrom, crumb !== undefined);
	if ('reason' in meta) return meta;
	const { start: metaStart, end: metaEnd, data } = meta;

	const title =
		findTitle(
			blocks,
			crumb ? searchFrom : Math.max(0, metaStart - 3),
			metaStart,
			crumb,
			pageTitle
		) ??
		titleBelow(blocks, metaEnd, pageTitle) ??
		fromPageTitle(pageTitle);
	if (title === undefined) {
		return { field: 'title', reason: 'no title line found above the 发布时间/date line' };
	}
	const body = findBody(blocks, metaStart, metaEnd, title);
	if (body.length === 0) {
		return { field: 'body', reason: 'no article text found below the 发布时间/date line' };
	}

	const article: Article = { title, date: data.date!, body };
	if (data.source) article.source = data.source;
	if (crumb) article.sections = sectionCrumbs(crumb.segments, title);
	return article;
}

/**
 * The page's breadcrumb: the first labelled one (您现在的位置…) that names a section, else the
 * first bare `首页 > …` one; a header's lone `当前位置：首页` only when there is nothing better.
 */
function findBreadcrumb(lines: readonly string[]): (Breadcrumb & { index: number }) | undefined {
	let empty: (Breadcrumb & { index: number }) | undefined;
	for (const labelled of [true, false]) {
		for (let i = 0; i < lines.length; i++) {
			const crumb = parseBreadcrumb(lines.slice(i, i + 12), labelled);
			if (!crumb) continue;
			if (crumb.segments.length > 0) return { ...crumb, index: i };
			empty ??= { ...crumb, index: i };
		}
	}
	return empty;
}

/**
 * The first group of meta lines below the breadcrumb that carries a date label. Sites split the
 * fields over several boxes (date in one, source in the next), so neighbouring meta lines join.
 */
function findMeta(
	blocks: readonly Block[],
	from: number,
	afterCrumb: boolean
): { start: number; end: number; data: MetaLine } | ExtractError {
	for (let i = from; i < blocks.length; i++) {
		const first = parseMetaLine(blocks[i]!.text);
		if (!first) continue;
		const data: MetaLine = { ...first };
		// A lone `时间：2023-01-10` is the meta line only right under the breadcrumb and title;
		// anywhere else it is more likely a line of a notice.
		if (first.weak && !(afterCrumb && i - from <= WEAK_META_REACH)) {
			if (parseMetaLine(blocks[i + 1]?.text ?? '') === undefined) continue;
		}
		let end = i + 1;
		for (; end < blocks.length; end++) {
			const next = parseMetaLine(blocks[end]!.text);
			if (!next) break;
			if (!data.hasDateLabel && next.hasDateLabel) {
				data.hasDateLabel = true;
				if (next.date) data.date = next.date;
				if (next.dateText !== undefined) data.dateText = next.dateText;
			}
			if (data.source === undefined && next.source !== undefined) data.source = next.source;
		}
		if (!data.hasDateLabel) continue;
		if (!data.date) {
			const shown = data.dateText ? `"${data.dateText}"` : 'an empty value';
			return {
				field: 'date',
				reason: `the date line has ${shown}, not a date like 2022-12-07 or 2022年12月7日`,
			};
		}
		return { start: i, end, data };
	}
	return { field: 'date', reason: 'no 发布时间/发布日期/日期 line found below the title' };
}

function findTitle(
	blocks: readonly Block[],
	from: number,
	metaStart: number,
	crumb: Breadcrumb | undefined,
	pageTitle: string | undefined
): string | undefined {
	const crumbs = new Set((crumb?.segments ?? []).map(squash));
	const candidates: string[] = [];
	for (let i = from; i < metaStart; i++) {
		const block = blocks[i]!;
		if (block.kind === 'line' && block.text && !isToolLine(block.text)) candidates.push(block.text);
	}
	// A section name repeated above the title (协会动态) is not the title, unless it is all there is.
	const named = candidates.filter((c) => !crumbs.has(squash(c)));
	const pool = named.length > 0 ? named : candidates;
	const last = pool.at(-1);
	if (last === undefined) return undefined;
	// A long title broken over two lines: the <title> shows whether the line above belongs to it.
	const before = pool.at(-2);
	const joined = before === undefined ? undefined : `${before}${last}`;
	return joined && pageTitle && squash(pageTitle).includes(squash(joined)) ? joined : last;
}

/**
 * Some sites print the date above the title. The line below the meta line is the title only
 * when the page's `<title>` says so; the body then drops it as a repeated title line.
 */
function titleBelow(
	blocks: readonly Block[],
	metaEnd: number,
	pageTitle: string | undefined
): string | undefined {
	if (!pageTitle) return undefined;
	let i = metaEnd;
	while (i < blocks.length && isToolLine(blocks[i]!.text)) i++;
	const line = blocks[i];
	if (!line || line.kind !== 'line' || !line.text || line.text.length > 100) return undefined;
	return squash(pageTitle).includes(squash(line.text)) ? line.text : undefined;
}

/** `关于……的通知 - 某某协会` → the longest part, which is the article's, not the site's, name. */
function fromPageTitle(pageTitle: string | undefined): string | undefined {
	if (!pageTitle) return undefined;
	const parts = pageTitle.split(/\s+[-_|–—]\s+|\s*[|｜_]\s*|\s*--\s*/).filter(Boolean);
	return parts.sort((a, b) => b.length - a.length)[0];
}

function findBody(
	blocks: readonly Block[],
	metaStart: number,
	metaEnd: number,
	title: string
): Block[] {
	let start = metaEnd;
	const isTool = (block: Block | undefined) => block?.kind === 'line' && isToolLine(block.text);
	const skipTools = () => {
		while (isTool(blocks[start])) start++;
	};
	skipTools();
	start += countTitleRepeats(
		blocks.slice(start, start + 8).map((b) => b.text),
		title
	);
	skipTools();

	const end = boxEnd(blocks, metaStart, start);
	let cut = end;
	for (let i = start; i < end; i++) {
		const text = blocks[i]!.text;
		if (isArticleEnd(text)) {
			cut = i;
			break;
		}
		if (isSiteFooter(text) && !hasProseAfter(blocks, i + 1, end)) {
			cut = i;
			while (cut > start && isContactFooter(blocks[cut - 1]!.text)) cut--;
			break;
		}
	}
	return blocks.slice(start, cut);
}

/**
 * In HTML, the article sits in a box (`<div class=content>`, a table cell) that also holds the
 * meta line; the footer is outside it. The body ends where that box closes.
 */
function boxEnd(blocks: readonly Block[], metaStart: number, start: number): number {
	const metaBox = blocks[metaStart]?.ancestors;
	const firstBox = blocks[start]?.ancestors;
	if (!metaBox || !firstBox) return blocks.length;
	let box: Element | undefined;
	for (let i = 0; i < Math.min(metaBox.length, firstBox.length) && metaBox[i] === firstBox[i]; i++)
		box = metaBox[i];
	if (!box) return blocks.length;
	for (let i = start; i < blocks.length; i++) if (!blocks[i]!.ancestors?.includes(box)) return i;
	return blocks.length;
}

/** A footer-looking line followed by more article prose was part of the article after all. */
function hasProseAfter(blocks: readonly Block[], from: number, end: number): boolean {
	for (let i = from; i < end; i++) {
		const text = blocks[i]!.text;
		if (PROSE.test(text) && !DISCLAIMER.test(text)) return true;
	}
	return false;
}

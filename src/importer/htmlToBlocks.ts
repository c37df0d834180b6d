/**
 * A saved HTML page → the lines a reader sees, plus what the page says about itself.
 *
 * Old sites lay pages out with nested tables and stray `<font>`s around `<p>`s, so the tree is
 * walked the way a browser would render it: every block element, `<br>` and table cell starts a
 * new line, inline content stays together and keeps its nodes for the Markdown conversion.
 */
import type { Element, ElementContent, Root } from 'hast';
import { unified } from 'unified';
import rehypeParse from 'rehype-parse';
import { select, selectAll } from 'hast-util-select';
import { toText } from 'hast-util-to-text';
import { collapseSpace, type Block } from './blocks.ts';
import { isSiteFooter, parseBreadcrumb } from './chrome.ts';
import { parseMetaLine } from './metaLine.ts';

export interface HtmlPage {
	blocks: Block[];
	/** The page's own address, from `<link rel=canonical>` or `og:url`, when it gives one. */
	url?: string;
	/** `<base href>` or the page's own address: what relative links were relative to. */
	base?: string;
	/** The `<title>` text, a fallback when no title line is found. */
	title?: string;
}

/** Never seen by a reader, or form widgets and embeds that hold no article text. */
const SKIP = new Set(
	(
		'head script style noscript template iframe frame frameset object embed select ' +
		'option optgroup input button textarea svg math canvas map area audio video ' +
		'source track link meta title base dialog'
	).split(' ')
);

/** Elements rendered inline: they stay inside the current line. */
const INLINE = new Set(
	(
		'a abbr b bdi bdo big cite code data del dfn em font i img ins kbd label mark ' +
		'nobr q s samp small span strike strong sub sup time tt u var wbr'
	).split(' ')
);

/** A data table's cells are short; a layout table's cell holds a whole column of the page. */
const MAX_DATA_CELL = 300;

/** Parses a page and flattens its body into blocks. */
export function htmlToBlocks(html: string): HtmlPage {
	const tree = unified().use(rehypeParse).parse(html) as Root;
	const page: HtmlPage = { blocks: [] };

	const url = pageUrl(tree);
	if (url) page.url = url;
	const base = stringProp(select('base[href]', tree), 'href');
	const resolvedBase =
		base && url ? safeUrl(base, url) : base && /^https?:/i.test(base) ? base : undefined;
	if (resolvedBase ?? url) page.base = resolvedBase ?? url;
	const title = select('title', tree);
	if (title) page.title = collapseSpace(toText(title));

	const body = select('body', tree) ?? tree;
	page.blocks = flatten(body.children as ElementContent[]);
	return page;
}

/**
 * The lines of one element's content, walked like a page body. `bullets`: items of a `<ul>`
 * start with `• `, the mark a reader saw (WeChat articles list things that way).
 */
export function elementToBlocks(element: Element, options: { bullets?: boolean } = {}): Block[] {
	return flatten(element.children, options.bullets === true);
}

/**
 * `<link rel=canonical>` or `og:url`, if absolute http(s). Many old CMSs print the home page as
 * every page's canonical; that would make all articles one, so a bare site root is ignored.
 */
function pageUrl(tree: Root): string | undefined {
	const candidates = [
		stringProp(select('link[rel~=canonical]', tree), 'href'),
		stringProp(select('meta[property="og:url"]', tree), 'content'),
	];
	for (const candidate of candidates) {
		if (!candidate) continue;
		try {
			const url = new URL(candidate.trim());
			if (!/^https?:$/.test(url.protocol)) continue;
			if (/^\/(?:index\.\w+)?$/i.test(url.pathname) && !url.search) continue;
			return url.href;
		} catch {
			continue;
		}
	}
	return undefined;
}

function safeUrl(href: string, base: string): string | undefined {
	try {
		return new URL(href, base).href;
	} catch {
		return undefined;
	}
}

/** A string property of an element (hast gives some, such as `rel`, as lists). */
export function stringProp(element: Element | undefined, name: string): string | undefined {
	const value = element?.properties[name];
	if (typeof value === 'string') return value;
	if (Array.isArray(value)) return value.join(' ');
	return undefined;
}

function flatten(children: ElementContent[], bullets = false): Block[] {
	const blocks: Block[] = [];
	let run: ElementContent[] = [];
	let runAncestors: Element[] = [];
	let runHeading: number | undefined;

	const flush = () => {
		if (run.length === 0) return;
		const nodes = run;
		run = [];
		const text = collapseSpace(
			toText({ type: 'element', tagName: 'p', properties: {}, children: nodes })
		);
		const hasImage = nodes.some(
			(n) => n.type === 'element' && (n.tagName === 'img' || selectAll('img', n).length > 0)
		);
		if (!text && !hasImage) return;
		const block: Block = { kind: 'line', text, nodes, ancestors: runAncestors };
		if (runHeading !== undefined) block.headingLevel = runHeading;
		if (hasImage) block.hasImage = true;
		blocks.push(block);
	};
	const addInline = (node: ElementContent, ancestors: Element[], heading: number | undefined) => {
		if (run.length === 0) {
			runAncestors = ancestors;
			runHeading = heading;
		}
		run.push(node);
	};

	const visit = (node: ElementContent, ancestors: Element[], heading: number | undefined): void => {
		if (node.type === 'text') return addInline(node, ancestors, heading);
		if (node.type !== 'element') return;
		const tag = node.tagName;
		if (SKIP.has(tag) || isHidden(node)) return;
		if (tag === 'br') return flush();
		if (tag === 'table' && isDataTable(node)) {
			flush();
			blocks.push({ kind: 'table', text: tableText(node), nodes: [node], ancestors });
			return;
		}
		if (INLINE.has(tag) && !hasBlockInside(node)) return addInline(node, ancestors, heading);
		// A block, or an inline element wrapped around blocks (<font><p>…</p></font>): its
		// children are walked, and a block also ends the line before and after it.
		const isBlock = !INLINE.has(tag);
		if (isBlock) flush();
		const level = /^h([1-6])$/.exec(tag);
		const inner = isBlock ? [...ancestors, node] : ancestors;
		const children =
			tag === 'ol'
				? numberItems(node)
				: tag === 'ul' && bullets
					? bulletItems(node)
					: node.children;
		for (const child of children) visit(child, inner, level ? Number(level[1]) : heading);
		if (isBlock) flush();
	};

	for (const child of children) visit(child, [], undefined);
	flush();
	return blocks;
}

/**
 * A reader of the old page saw the numbers of an `<ol>`; items become paragraphs here, so the
 * numbers are written into their text (and escaped later like any typed `1.`).
 */
function numberItems(ol: Element): ElementContent[] {
	const start = Number.parseInt(String(ol.properties.start ?? '1'), 10);
	let n = Number.isFinite(start) ? start : 1;
	return ol.children.map((child) => {
		if (child.type !== 'element' || child.tagName !== 'li') return child;
		return withMarker(child, `${n++}. `);
	});
}

/**
 * An item with its marker written in front of its first line: into the paragraph an editor's
 * `<li><p>…</p></li>` wraps the text in, so the marker does not become a line of its own.
 */
function withMarker(item: Element, marker: string): Element {
	const first = item.children.find((c) => c.type !== 'text' || c.value.trim() !== '');
	const children: ElementContent[] =
		first?.type === 'element' && !INLINE.has(first.tagName) && !SKIP.has(first.tagName)
			? item.children.map((c) => (c === first ? withMarker(first, marker) : c))
			: [{ type: 'text', value: marker }, ...item.children];
	return { ...item, children };
}

/** `<ul>` items with the bullet a reader saw written into their text. */
function bulletItems(ul: Element): ElementContent[] {
	return ul.children.map((child) => {
		if (child.type !== 'element' || child.tagName !== 'li') return child;
		return withMarker(child, '• ');
	});
}

function isHidden(element: Element): boolean {
	if (element.properties.hidden !== undefined && element.properties.hidden !== false) return true;
	const style = stringProp(element, 'style');
	return style !== undefined && /(?:display\s*:\s*none|visibility\s*:\s*hidden)/i.test(style);
}

function hasBlockInside(element: Element): boolean {
	return element.children.some(
		(child) => child.type === 'element' && (!INLINE.has(child.tagName) || hasBlockInside(child))
	);
}

/**
 * A table of data (kept as a table) rather than page layout (walked like any other box):
 * at least 2×2, nothing nested, short cells, and none of the page's own furniture inside.
 */
function isDataTable(table: Element): boolean {
	if (selectAll('table', table).some((t) => t !== table)) return false;
	const rows = selectAll('tr', table);
	if (rows.length < 2) return false;
	let widest = 0;
	for (const row of rows) {
		const cells = row.children.filter(
			(c): c is Element => c.type === 'element' && (c.tagName === 'td' || c.tagName === 'th')
		);
		widest = Math.max(widest, cells.length);
		for (const cell of cells) {
			const text = collapseSpace(toText(cell));
			if (text.length > MAX_DATA_CELL) return false;
			if (parseBreadcrumb([text], false) || parseMetaLine(text) || isSiteFooter(text)) return false;
		}
	}
	return widest >= 2;
}

function tableText(table: Element): string {
	return collapseSpace(
		selectAll('tr', table)
			.map((row) =>
				selectAll('td, th', row)
					.map((cell) => collapseSpace(toText(cell)))
					.join(' ')
			)
			.join(' ')
	);
}

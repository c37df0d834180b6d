/**
 * The article's blocks → Markdown, keeping every character a reader saw.
 *
 * Headings follow the numbering Chinese official writing uses (一、 → `##`, （一） → `###`);
 * everything else stays a paragraph exactly as written. Numbered paragraphs (`1.`) are escaped
 * rather than turned into lists: renumbering would change the text when the original skips.
 */
import type { Element, ElementContent, Root as HastRoot } from 'hast';
import type { PhrasingContent, Root, RootContent, Table, TableCell, TableRow } from 'mdast';
import { toMdast } from 'hast-util-to-mdast';
import { selectAll } from 'hast-util-select';
import { unified } from 'unified';
import remarkGfm from 'remark-gfm';
import remarkStringify from 'remark-stringify';
import rehypeSanitize, { defaultSchema, type Options as SanitizeSchema } from 'rehype-sanitize';
import rehypeStringify from 'rehype-stringify';
import type { Block } from './blocks.ts';
import { closingStart, SIGNATURE_MARK } from '../lib/markdown/signature.ts';

/** Chinese numerals as used in section numbering. */
const NUMERAL = '[一二三四五六七八九十百零〇]{1,4}';
const LEVEL_2 = new RegExp(`^${NUMERAL}、`);
/** `(一)`, `（一）`, and `一)` / `一）` whose opening parenthesis got lost. */
const LEVEL_3 = new RegExp(`^(?:[(（]\\s*${NUMERAL}\\s*[)）]|${NUMERAL}[)）])`);
/** Longer lines that start with a number are paragraphs that happen to be numbered. */
const MAX_HEADING = 60;

/** Indents of `　　` or `&nbsp;`, and stray BOMs and zero-width spaces from Word. */
const LEADING_SPACE = /^[\s\u00a0\u3000\ufeff\u200b]+/;
const TRAILING_SPACE = /[\s\u00a0\u3000\ufeff\u200b]+$/;

/** How a block becomes Markdown: a heading of some depth, or a paragraph. */
export function headingDepth(block: Block): number | undefined {
	const text = block.text;
	if (text.length > MAX_HEADING || /[。！？；][^]/.test(text)) return undefined;
	if (LEVEL_2.test(text)) return 2;
	if (LEVEL_3.test(text)) return 3;
	if (block.headingLevel !== undefined) return Math.min(6, Math.max(2, block.headingLevel));
	return undefined;
}

/** Converts the body blocks to Markdown (without front matter), ending in one newline. */
export function blocksToMarkdown(blocks: readonly Block[]): string {
	const children = blocks.flatMap(blockToMdast);
	// A closing (issuer and date lines) gets the 落款 mark, so it stays marked when edited.
	const texts = children.map((node) => (node.type === 'paragraph' ? plainText(node) : ''));
	const start = closingStart(texts);
	if (start > 0) children.splice(start, 0, { type: 'html', value: SIGNATURE_MARK });
	return stringify({ type: 'root', children });
}

function plainText(node: RootContent): string {
	if ('value' in node && typeof node.value === 'string') return node.value;
	return 'children' in node ? (node.children as RootContent[]).map(plainText).join('') : '';
}

function blockToMdast(block: Block): RootContent[] {
	if (block.kind === 'table') {
		const table = block.nodes?.[0];
		if (!table || table.type !== 'element') return [];
		return [isSimpleTable(table) ? gfmTable(table) : { type: 'html', value: rawTable(table) }];
	}
	const phrasing = block.nodes
		? inlineToPhrasing(block.nodes)
		: [{ type: 'text' as const, value: block.text }];
	const children = trimPhrasing(phrasing);
	if (children.length === 0) return [];
	const depth = headingDepth(block);
	if (depth !== undefined) {
		return [
			{ type: 'heading', depth: depth as 2 | 3 | 4 | 5 | 6, children: unwrapEmphasis(children) },
		];
	}
	return [{ type: 'paragraph', children }];
}

function inlineToPhrasing(nodes: ElementContent[]): PhrasingContent[] {
	const tree: HastRoot = {
		type: 'root',
		children: [{ type: 'element', tagName: 'p', properties: {}, children: nodes }],
	};
	return flattenPhrasing((toMdast(tree) as Root).children);
}

/** Any mdast content as phrasing, blocks separated by a space (table cells, odd nesting). */
function flattenPhrasing(nodes: readonly RootContent[]): PhrasingContent[] {
	const out: PhrasingContent[] = [];
	for (const node of nodes) {
		if (isPhrasing(node)) out.push(node);
		else if ('children' in node) {
			if (out.length) out.push({ type: 'text', value: ' ' });
			out.push(...flattenPhrasing(node.children as RootContent[]));
		} else if ('value' in node && typeof node.value === 'string') {
			out.push({ type: 'text', value: node.value });
		}
	}
	return out;
}

const PHRASING = new Set('text strong emphasis delete link image inlineCode break html'.split(' '));
function isPhrasing(node: RootContent): node is PhrasingContent {
	return PHRASING.has(node.type);
}

/** Leading and trailing spaces (indents of `　　` or `&nbsp;`) would become code or escapes. */
function trimPhrasing(nodes: PhrasingContent[]): PhrasingContent[] {
	const list = [...nodes];
	const edge = (at: 'start' | 'end') => {
		while (list.length) {
			const node = at === 'start' ? list[0]! : list.at(-1)!;
			if (node.type === 'break') {
				if (at === 'start') list.shift();
				else list.pop();
				continue;
			}
			if (node.type === 'text') {
				node.value = node.value.replace(at === 'start' ? LEADING_SPACE : TRAILING_SPACE, '');
				if (node.value === '') {
					if (at === 'start') list.shift();
					else list.pop();
					continue;
				}
			} else if ('children' in node) {
				node.children = trimPhrasing(node.children as PhrasingContent[]) as typeof node.children;
				if (node.children.length === 0 && node.type !== 'link') {
					if (at === 'start') list.shift();
					else list.pop();
					continue;
				}
			}
			break;
		}
	};
	edge('start');
	edge('end');
	return list;
}

/** `## **一、总体要求**` says nothing `## 一、总体要求` does not. */
function unwrapEmphasis(nodes: PhrasingContent[]): PhrasingContent[] {
	return nodes.flatMap((node) =>
		node.type === 'strong' || node.type === 'emphasis' ? unwrapEmphasis(node.children) : [node]
	);
}

function cells(row: Element): Element[] {
	return row.children.filter(
		(c): c is Element => c.type === 'element' && (c.tagName === 'td' || c.tagName === 'th')
	);
}

/** GFM tables have no merged cells; tables with them stay HTML. */
function isSimpleTable(table: Element): boolean {
	return selectAll('td, th', table).every(
		(cell) => span(cell.properties.rowSpan) <= 1 && span(cell.properties.colSpan) <= 1
	);
}

function span(value: unknown): number {
	const n = typeof value === 'number' ? value : Number.parseInt(String(value ?? '1'), 10);
	return Number.isFinite(n) ? n : 1;
}

/** A GFM table whose first row is the header (old pages rarely mark one with `<th>`). */
function gfmTable(table: Element): Table {
	const rows = selectAll('tr', table).map((row): TableRow => ({
		type: 'tableRow',
		children: cells(row).map((cell): TableCell => ({
			type: 'tableCell',
			children: trimPhrasing(inlineToPhrasing(cell.children)),
		})),
	}));
	const width = Math.max(...rows.map((r) => r.children.length));
	return { type: 'table', align: Array.from({ length: width }, () => null), children: rows };
}

/** Only table structure, text formatting, images and links survive; no classes, styles, widths. */
const TABLE_SCHEMA: SanitizeSchema = {
	...defaultSchema,
	tagNames: [
		'table',
		'caption',
		'thead',
		'tbody',
		'tfoot',
		'tr',
		'th',
		'td',
		'br',
		'p',
		'strong',
		'b',
		'em',
		'i',
		'sup',
		'sub',
		'img',
		'a',
	],
	attributes: {
		td: ['rowSpan', 'colSpan'],
		th: ['rowSpan', 'colSpan'],
		img: ['src', 'alt'],
		a: ['href'],
	},
	clobberPrefix: '',
	clobber: [],
	strip: ['script', 'style'],
};

const tableHtml = unified().use(rehypeSanitize, TABLE_SCHEMA).use(rehypeStringify);

/**
 * A table with merged cells as sanitized HTML on one line: a blank line would end the HTML block
 * in Markdown, and whitespace between cells means nothing in HTML.
 */
function rawTable(table: Element): string {
	const copy = structuredClone(table);
	dropLayoutWhitespace(copy);
	const tree = tableHtml.runSync({ type: 'root', children: [copy] } as HastRoot);
	return tableHtml
		.stringify(tree)
		.replace(/\s*\n\s*/g, ' ')
		.trim();
}

/** Indentation between `<tr>`s and `<td>`s is not content; inside cells, spaces are kept. */
function dropLayoutWhitespace(element: Element): void {
	if (element.tagName === 'td' || element.tagName === 'th' || element.tagName === 'caption') return;
	element.children = element.children.filter((c) => !(c.type === 'text' && c.value.trim() === ''));
	for (const child of element.children) if (child.type === 'element') dropLayoutWhitespace(child);
}

/**
 * East Asian characters take two columns in the monospace fonts editors use, so table pipes line
 * up in the Markdown source.
 */
function displayWidth(text: string): number {
	let width = 0;
	for (const ch of text) {
		const cp = ch.codePointAt(0)!;
		const wide =
			(cp >= 0x1100 && cp <= 0x115f) ||
			(cp >= 0x2e80 && cp <= 0xa4cf) ||
			(cp >= 0xac00 && cp <= 0xd7a3) ||
			(cp >= 0xf900 && cp <= 0xfaff) ||
			(cp >= 0xfe30 && cp <= 0xfe4f) ||
			(cp >= 0xff00 && cp <= 0xff60) ||
			(cp >= 0xffe0 && cp <= 0xffe6) ||
			(cp >= 0x20000 && cp <= 0x3fffd);
		width += wide ? 2 : 1;
	}
	return width;
}

const markdown = unified()
	.use(remarkGfm, { stringLength: displayWidth })
	.use(remarkStringify, {
		bullet: '-',
		emphasis: '*',
		strong: '*',
		rule: '-',
		fences: true,
		listItemIndent: 'one',
		// `1.` or `1)` opening a line would start a list in some renderers even without a space
		// after it (and in all of them with one): always escape, so `1.` renders as `1.`.
		unsafe: [
			{ character: '.', before: '\\d+', atBreak: true },
			{ character: ')', before: '\\d+', atBreak: true },
		],
	});

function stringify(root: Root): string {
	return markdown.stringify(root);
}

/**
 * A page as a sequence of blocks: what a reader sees as separate lines.
 *
 * Both forms of a saved page (HTML, or the text a browser copies) reduce to this, so finding the
 * breadcrumb, title, meta line, body and footer is one line-based algorithm for both. HTML blocks
 * keep their nodes so the body can still carry formatting, images and tables into Markdown.
 */
import type { Element, ElementContent } from 'hast';

export interface Block {
	/** `line`: a paragraph or line of text (maybe with images); `table`: a data table. */
	kind: 'line' | 'table';
	/** The visible text on one line, whitespace collapsed: what the heuristics look at. */
	text: string;
	/** HTML only: the inline content of a line, or the table element. */
	nodes?: ElementContent[];
	/** HTML only: the line sits in an `<h1>`…`<h6>` of this level. */
	headingLevel?: number;
	/** HTML only: the line contains at least one image. */
	hasImage?: boolean;
	/** HTML only: the block elements around it, outermost first (to keep the body in its box). */
	ancestors?: Element[];
}

/** All kinds of space old pages use (ideographic space, nbsp, BOM, zero-width) as one space. */
export function collapseSpace(text: string): string {
	return text.replace(/[\s\u00a0\u3000\ufeff\u200b]+/g, ' ').trim();
}

/** Text with every kind of space removed: for comparing lines that only differ in spacing. */
export function squash(text: string): string {
	return text.replace(/[\s\u00a0\u3000\ufeff\u200b]+/g, '');
}

/** A plain-text copy of a page: each non-empty line is a block. */
export function textToBlocks(text: string): Block[] {
	const blocks: Block[] = [];
	for (const raw of text.split(/\r\n|\r|\n/)) {
		const line = collapseSpace(raw);
		if (line) blocks.push({ kind: 'line', text: line });
	}
	return blocks;
}

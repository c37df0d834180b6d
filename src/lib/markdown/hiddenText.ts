/**
 * Raw HTML that would make text vanish from a page without a word.
 *
 * In Markdown, a line starting with `<style>`, `<script>` or `<textarea>` opens an HTML block
 * that runs until the matching close tag — to the end of the report when there is none — and an
 * unclosed `<!--` does the same. In the browser (and the sanitizer, which parses like one),
 * `<title>`, `<xmp>`, `<iframe>`, `<noembed>`, `<noframes>` and `<plaintext>` turn everything
 * after them into raw text, and `<template>` into an inert fragment. Then the sanitizer removes
 * these elements, and with them whatever they swallowed: the editor sees a page that simply
 * stops, or shows tags and stars as text.
 *
 * Rather than guess what was meant (a tag pasted from a Word export? text about HTML?), these
 * are refused with their line, so the editor decides: remove the tag, or put it in backticks
 * to show it as text. A tag inside a code span or code block is text already and is fine.
 */
import { markdownToMdast } from 'satteri';

/** Elements whose content a page would not show as written (void of Markdown, or dropped). */
const SWALLOWING =
	/<(script|style|textarea|title|xmp|iframe|noembed|noframes|noscript|plaintext|template)(?=[\s/>]|$)/i;

export interface HiddenText {
	/** Line in the Markdown given (1-based). */
	line: number;
	message: string;
}

interface Node {
	type: string;
	value?: string;
	children?: Node[];
	position?: { start: { line: number; column: number } };
}

/**
 * Every raw HTML construct in `markdown` that would hide text, with its line. Parses again with
 * positions: called only for the few bodies that contain raw HTML at all.
 */
export function hiddenText(markdown: string): HiddenText[] {
	const tree = markdownToMdast(markdown, {
		features: { gfm: true, smartPunctuation: true },
		position: true,
	}) as Node;
	const found: HiddenText[] = [];
	const stack: Node[] = [tree];
	while (stack.length) {
		const node = stack.pop()!;
		if (node.children)
			for (let i = node.children.length - 1; i >= 0; i--) stack.push(node.children[i]!);
		if (node.type !== 'html' || !node.value) continue;
		const start = node.position?.start.line ?? 1;
		const at = (index: number) => start + (node.value!.slice(0, index).match(/\n/g)?.length ?? 0);
		// A closed comment hides what is in it on purpose: blank it out (keeping line breaks).
		const visible = node.value.replace(/<!--[\s\S]*?-->/g, (c) => c.replace(/[^\n]/g, ' '));
		const tag = SWALLOWING.exec(visible);
		if (tag) {
			found.push({
				line: at(tag.index),
				message: `<${tag[1]!.toLowerCase()}> is not allowed in a report: the page would not show what follows it as written; remove it, or put it in backticks to show it as text`,
			});
			continue;
		}
		const comment = node.value.indexOf('<!--');
		if (comment >= 0 && !node.value.includes('-->', comment + 4)) {
			found.push({
				line: at(comment),
				message:
					'a comment "<!--" is not closed with "-->": everything after it would vanish from the page; close it or remove it',
			});
			continue;
		}
		const other = /<(\?|!\[CDATA\[|![A-Za-z])/.exec(visible);
		if (other) {
			found.push({
				line: at(other.index),
				message: `"<${other[1]}" is not allowed in a report: the page would not show it or what follows it; remove it, or put it in backticks to show it as text`,
			});
		}
	}
	return found.sort((a, b) => a.line - b.line);
}

/**
 * 落款: the issuer and date that close a notice, set at the right as in 公文 layout.
 *
 * Authors mark it in plain Markdown with a comment line, invisible in every Markdown preview:
 *
 *     <!-- 落款 -->
 *
 *     江汉省市政工程协会
 *
 *     2025年3月15日
 *
 * Everything after the mark is the closing. Without a mark the common closing is recognised:
 * one to three short issuer lines followed by a date line (2025年3月15日, 二〇二五年三月十五日,
 * 15 March 2025) ending the text, as separate paragraphs or lines of one paragraph. The importer
 * writes the mark when it sees that pattern, so imported notices carry it explicitly.
 */

/** The mark as authors write it (also what the importer writes). */
export const SIGNATURE_MARK = '<!-- 落款 -->';
const MARK_LINE = /^[ \t]*<!--\s*落款\s*-->[ \t]*$/;
/** Stands in for the mark while the Markdown is rendered (plain text: no raw-HTML pass). */
const TOKEN = 'HUIBAO-SIGNATURE-MARK-7F3A';
const TOKEN_PARAGRAPH = `<p>${TOKEN}</p>`;

const DATE_LINE = new RegExp(
	'^(?:' +
		[
			'\\d{4}\\s*年\\s*\\d{1,2}\\s*月\\s*\\d{1,2}\\s*日',
			'[〇○零一二三四五六七八九]{4}年[一二三四五六七八九十]{1,3}月[一二三四五六七八九十]{1,3}日',
			'\\d{4}[-./]\\d{1,2}[-./]\\d{1,2}',
			'\\d{1,2} [A-Z][a-z]+ \\d{4}',
			'[A-Z][a-z]+ \\d{1,2}, \\d{4}',
		].join('|') +
		')$'
);
/** Sentence punctuation or a label (联系人：…) means a line is text, not an issuer. */
const NOT_ISSUER = /[。！？；：:;!?]|\.$/;
const MAX_ISSUER = 60;
const MAX_ISSUERS = 3;

/** Whether a line of text is a date as closings write it. */
export function isDateLine(text: string): boolean {
	return DATE_LINE.test(text.trim());
}

function isIssuerLine(text: string): boolean {
	const t = text.trim();
	return (
		t.length > 0 && Array.from(t).length <= MAX_ISSUER && !NOT_ISSUER.test(t) && !isDateLine(t)
	);
}

/**
 * Where the closing starts in a text's last lines: the index of its first line, or -1 when the
 * text does not end with a date line (optionally preceded by up to three issuer lines).
 */
export function closingStart(lines: readonly string[]): number {
	let end = lines.length;
	while (end > 0 && !lines[end - 1]!.trim()) end--;
	if (end === 0 || !isDateLine(lines[end - 1]!)) return -1;
	let start = end - 1;
	while (start > 0 && end - 1 - start < MAX_ISSUERS && isIssuerLine(lines[start - 1]!)) start--;
	return start;
}

/** Replaces the author's mark (its last occurrence outside code) by a placeholder paragraph. */
export function replaceMark(markdown: string): string {
	if (!markdown.includes('落款')) return markdown; // most bodies: no line to look at
	const lines = markdown.split('\n');
	let fence: string | undefined;
	let at = -1;
	lines.forEach((line, i) => {
		const f = /^ {0,3}(`{3,}|~{3,})/.exec(line)?.[1];
		if (f && (!fence || f[0] === fence[0])) fence = fence ? undefined : f;
		else if (!fence && MARK_LINE.test(line)) at = i;
	});
	if (at < 0) return markdown;
	lines[at] = `\n${TOKEN}\n`;
	return lines.join('\n');
}

const TRAILING_PARAGRAPHS = /(?:<p>(?:(?!<\/?p>)[\s\S])*<\/p>\s*)+$/;
/**
 * A closing is at most MAX_ISSUERS + 1 lines, so only the body's last few paragraphs can hold
 * it (more than that, for paragraphs without text such as an image). Looking only there keeps
 * the search linear: TRAILING_PARAGRAPHS, anchored at the end, is otherwise tried from every
 * paragraph of the body and runs to the end from each (quadratic in a long body ending in a list).
 */
const TAIL_PARAGRAPHS = 8;

/**
 * Where the last TAIL_PARAGRAPHS paragraphs of `html` start: its first paragraph when it has
 * fewer, its end when it has none.
 */
function tailStart(html: string): number {
	let at = html.length;
	for (let i = 0; i < TAIL_PARAGRAPHS; i++) {
		const p = at > 0 ? html.lastIndexOf('<p>', at - 1) : -1;
		if (p < 0) return i === 0 ? html.length : at;
		at = p;
	}
	return at;
}
const textOf = (html: string) => html.replace(/<[^>]*>/g, '').trim();

/**
 * Wraps the closing of rendered body HTML in `<div class="signature">`: what follows the
 * author's mark, or else a recognised closing (see closingStart). Lines of one paragraph are
 * kept as lines.
 */
export function wrapSignature(html: string): string {
	const marked = html.indexOf(TOKEN_PARAGRAPH);
	if (marked >= 0) {
		const closing = html.slice(marked + TOKEN_PARAGRAPH.length).trim();
		const before = html.slice(0, marked).trimEnd();
		return closing ? `${before}\n<div class="signature">${closing}</div>\n` : `${before}\n`;
	}
	const from = tailStart(html);
	const tail = TRAILING_PARAGRAPHS.exec(html.slice(from));
	if (!tail) return html;
	// The trailing paragraphs as written, and each one's lines (soft breaks and <br>).
	const originals = [...tail[0].matchAll(/<p>[\s\S]*?<\/p>/g)].map((m) => m[0]);
	const paragraphs = originals.map((p) =>
		p
			.slice(3, -4)
			.split(/<br\s*\/?>\s*|\n/)
			.filter((l) => textOf(l))
	);
	const lines = paragraphs.flat();
	const start = closingStart(lines.map(textOf));
	if (start < 0) return html;
	// Whole paragraphs from the end that lie within the closing.
	let inClosing = lines.length - start;
	let first = paragraphs.length;
	while (first > 0 && paragraphs[first - 1]!.length <= inClosing) {
		inClosing -= paragraphs[--first]!.length;
	}
	const kept = originals.slice(0, first);
	let closing = paragraphs.slice(first);
	if (closing.length === 0) {
		// The closing is the last lines of the last paragraph: split it there.
		const last = paragraphs.at(-1)!;
		const cut = last.length - inClosing;
		if (cut > 0) kept[kept.length - 1] = `<p>${last.slice(0, cut).join('\n')}</p>`;
		closing = [last.slice(cut)];
	}
	const body = html.slice(0, from + tail.index).trimEnd();
	const signature = closing.map((p) => `<p>${p.join('<br>\n')}</p>`).join('\n');
	return `${[body, ...kept].filter(Boolean).join('\n')}\n<div class="signature">${signature}</div>\n`;
}

/** Removes the closing block from body HTML (for summaries and excerpts). */
export function withoutSignature(html: string): string {
	return html.replace(/<div class="signature">[\s\S]*?<\/div>\s*$/, '');
}

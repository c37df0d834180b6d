/**
 * Plain text of rendered HTML: block elements become line breaks, tags go, entities are decoded.
 * Works on our own renderer's output (well-formed, no scripts), so a small scanner is enough and
 * costs microseconds where a full HTML parser would cost milliseconds per report.
 */
const BLOCK =
	/<\/(?:p|h[1-6]|li|tr|div|blockquote|pre|table|ul|ol|dd|dt|figcaption|section)>|<br\s*\/?>|<\/t[dh]>/gi;

const NAMED: Record<string, string> = {
	amp: '&',
	lt: '<',
	gt: '>',
	quot: '"',
	apos: "'",
	nbsp: ' ',
};

/** Decodes the entities an HTML serializer emits (`&amp;`, `&#39;`, `&#x4e2d;`…). */
export function decodeEntities(text: string): string {
	return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, code: string) => {
		if (code[0] === '#') {
			const n =
				code[1] === 'x' || code[1] === 'X'
					? Number.parseInt(code.slice(2), 16)
					: Number(code.slice(1));
			return Number.isFinite(n) && n > 0 && n < 0x110000 ? String.fromCodePoint(n) : whole;
		}
		return NAMED[code.toLowerCase()] ?? whole;
	});
}

/** @example htmlToText('<h2>一、总体</h2><p>正文 &amp; 说明</p>') // '一、总体\n正文 & 说明' */
export function htmlToText(html: string): string {
	const withBreaks = html.replace(/<\/t[dh]>/gi, ' ').replace(BLOCK, '\n');
	const stripped = withBreaks.replace(/<[^>]*>/g, '');
	return decodeEntities(stripped)
		.split('\n')
		.map((line) => line.replace(/[ \t\r\f\v]+/g, ' ').trim())
		.filter(Boolean)
		.join('\n');
}

import { decodeEntities } from './htmlToText.ts';

/** Characters of the opening text used as a summary when the front matter has none. */
export const SUMMARY_LENGTH = 120;

/**
 * The opening paragraphs of a rendered body, cut near SUMMARY_LENGTH characters at a sentence
 * end when there is one. Headings, tables and lists are skipped: a summary should read as prose.
 *
 * @example deriveSummary('<p>一段话。第二句。</p>') // '一段话。第二句。'
 */
export function deriveSummary(html: string, length = SUMMARY_LENGTH): string {
	let text = '';
	for (const match of html.matchAll(/<p>([\s\S]*?)<\/p>/g)) {
		const paragraph = decodeEntities((match[1] ?? '').replace(/<[^>]*>/g, ''))
			.replace(/\s+/g, ' ')
			.trim();
		if (!paragraph) continue;
		text = text ? `${text} ${paragraph}` : paragraph;
		if (text.length >= length) break;
	}
	return truncate(text, length);
}

/** Cuts text to at most `length` characters (code points), preferring a sentence end. */
export function truncate(text: string, length: number): string {
	const chars = Array.from(text);
	if (chars.length <= length) return text;
	const head = chars.slice(0, length).join('');
	const end = Math.max(
		head.lastIndexOf('。'),
		head.lastIndexOf('；'),
		head.lastIndexOf('. '),
		head.lastIndexOf('！'),
		head.lastIndexOf('？')
	);
	if (end >= length * 0.6) return head.slice(0, end + 1);
	return `${head.replace(/[，、,;；：:\s]+$/, '')}…`;
}

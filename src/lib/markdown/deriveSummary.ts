import { decodeEntities } from './htmlToText.ts';
import { withoutSignature } from './signature.ts';

/** Characters of the opening text used as a summary when the front matter has none. */
export const SUMMARY_LENGTH = 120;

/**
 * The opening paragraphs of a rendered body, cut near SUMMARY_LENGTH characters at a sentence
 * end when there is one. Headings, tables and lists are skipped: a summary should read as prose.
 * So are the salutation that opens a notice (各会员单位：) and its closing (落款, see
 * signature.ts): a list of notices should not read 各会员单位：… 各会员单位：…
 *
 * @example deriveSummary('<p>一段话。第二句。</p>') // '一段话。第二句。'
 */
export function deriveSummary(html: string, length = SUMMARY_LENGTH): string {
	let text = '';
	let first = true;
	for (const match of withoutSignature(html).matchAll(/<p>([\s\S]*?)<\/p>/g)) {
		const raw = decodeEntities((match[1] ?? '').replace(/<[^>]*>/g, '')).trim();
		if (!raw) continue;
		const paragraph = (first ? withoutSalutation(raw) : raw).replace(/\s+/g, ' ').trim();
		first = false;
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

/**
 * A notice's salutation: a short line ending in a colon that opens the text (各会员单位：,
 * 各有关单位、各会员单位：, 尊敬的会员：), alone or at the start of the first paragraph.
 * Only a line of its own, or one that starts like a salutation (各/全体/尊敬的/致), counts:
 * 通知如下：… is text.
 */
const SALUTATION_LINE = /^[^。！？；：:\n]{1,40}[：:]\s*(?:\n|$)/;
const SALUTATION_START = /^(?:各|全体|尊敬的|致)[^。！？；：:，,\n]{0,40}[：:]/;

export function withoutSalutation(paragraph: string): string {
	const line = SALUTATION_LINE.exec(paragraph) ?? SALUTATION_START.exec(paragraph);
	return line ? paragraph.slice(line[0].length).trim() : paragraph;
}

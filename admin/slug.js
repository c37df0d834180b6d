// @ts-check
/**
 * File names of new reports, shared by the admin page (browser) and the tests (Node).
 *
 * `<date>-<title words>`: the report's date, then its title reduced to what a slug may hold
 * (src/lib/content/reportPath.ts: lower-case ASCII letters, digits and Chinese characters joined
 * by "-"), cut at a byte budget so the whole name stays under 180 bytes even with Decap's
 * "-1", "-2"… suffix for a second report with the same title on the same day.
 * Full-width letters and digits become ASCII (NFKC); punctuation such as 《》“”（），、 becomes
 * "-"; other scripts (kana, Cyrillic…) are dropped the same way. An empty result is "report".
 */

/** A character a slug keeps. */
const KEEP = /^[a-z0-9\p{Script=Han}]$/u;

/** UTF-8 length of one code point. */
function utf8Bytes(/** @type {string} */ ch) {
	const code = /** @type {number} */ (ch.codePointAt(0));
	return code < 0x80 ? 1 : code < 0x800 ? 2 : code < 0x10000 ? 3 : 4;
}

/**
 * The title part of a slug, at most `maxBytes` bytes of UTF-8.
 * @param {unknown} title
 * @param {number} maxBytes
 * @returns {string}
 */
export function titleSlug(title, maxBytes) {
	const text = String(title ?? '')
		.normalize('NFKC')
		.toLowerCase();
	let out = '';
	let bytes = 0;
	let gap = false;
	for (const ch of text) {
		if (!KEEP.test(ch)) {
			gap = true;
			continue;
		}
		const joiner = gap && out ? 1 : 0;
		const size = utf8Bytes(ch);
		if (bytes + joiner + size > maxBytes) break;
		if (joiner) out += '-';
		out += ch;
		bytes += joiner + size;
		gap = false;
	}
	return out;
}

/** Room left for Decap's "-<n>" suffix on a duplicate name. */
export const SUFFIX_BYTES = 4;

/**
 * The slug of a new report: `2025-04-16-关于开展2025年度城市桥梁检测专项行动的通知`.
 * @param {unknown} date the report's date, `YYYY-MM-DD`
 * @param {unknown} title
 * @param {{ titleBytes?: number, maxBytes?: number }} [limits]
 * @returns {string}
 */
export function reportSlug(date, title, limits = {}) {
	const { titleBytes = 96, maxBytes = 180 } = limits;
	const day = typeof date === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(date) ? date : '';
	const budget = Math.min(titleBytes, maxBytes - (day ? day.length + 1 : 0) - SUFFIX_BYTES);
	const words = titleSlug(title, budget) || 'report';
	return day ? `${day}-${words}` : words;
}

/**
 * The slug of a new standing page (content/pages/): the address name the editor typed when it
 * keeps the rule, else the title reduced to it (`协会简介`), else "page".
 * @param {unknown} typed
 * @param {unknown} title
 * @param {{ titleBytes?: number, maxBytes?: number }} [limits]
 * @returns {string}
 */
export function pageSlug(typed, title, limits = {}) {
	const { titleBytes = 96, maxBytes = 180 } = limits;
	const budget = Math.min(titleBytes, maxBytes - SUFFIX_BYTES);
	return titleSlug(typed, budget) || titleSlug(title, budget) || 'page';
}

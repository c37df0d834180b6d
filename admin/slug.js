// @ts-check
/**
 * File names (and so addresses) of new reports, shared by the admin page (browser) and the tests
 * (Node): `<date>-<6 hex digits>`, e.g. `2025-04-16-3fa9c2`.
 *
 * Why: a name made from a Chinese title is percent-encoded wherever an address is pasted (WeChat
 * turns `/reports/2025-04-16-关于开展…的通知/` into ~250 characters of %E5%85%B3…), while
 * `/reports/2025-04-16-3fa9c2/` is 30 characters and reads the same everywhere. The date keeps
 * names sorted and tells a reader when the report is from; the six digits are a hash of the title
 * (FNV-1a), so the same title gives the same name on every computer and in the tests. It is the
 * importer's scheme too (`<date>-<6 hex of sha1(origin)>`, src/importer/reportFile.ts). A second
 * report with the same title on the same day gets Decap's "-1". Existing reports keep their
 * names: nothing is renamed, so no address changes.
 */

/* Standing pages (pageSlug, below) are named from their title: lower-case ASCII letters, digits
 * and Chinese characters joined by "-" (src/lib/content/reportPath.ts), cut at a byte budget. */

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

/** 32-bit FNV-1a of the UTF-8 bytes of `text`. */
function fnv1a(/** @type {string} */ text) {
	let hash = 0x811c9dc5;
	for (const byte of new TextEncoder().encode(text)) {
		hash ^= byte;
		hash = Math.imul(hash, 0x01000193) >>> 0;
	}
	return hash;
}

/**
 * Six hex digits naming a title: the same title (after NFKC and trimming) gives the same digits.
 * @param {unknown} title
 */
export function titleId(title) {
	const text = String(title ?? '')
		.normalize('NFKC')
		.trim();
	return fnv1a(text).toString(16).padStart(8, '0').slice(0, 6);
}

/**
 * The slug of a new report: `2025-04-16-3fa9c2`.
 * @param {unknown} date the report's date, `YYYY-MM-DD`
 * @param {unknown} title
 * @returns {string}
 */
export function reportSlug(date, title) {
	const day = typeof date === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(date) ? date : '';
	const id = titleId(title);
	return day ? `${day}-${id}` : id;
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

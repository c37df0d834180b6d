/**
 * The HTTP headers each file of the built site is stored with.
 *
 * Object storage serves back exactly the Content-Type and Cache-Control it was given at upload,
 * and CDNs take their caching cue from the latter, so these two headers are decided here, once,
 * from the file's path alone (the same path always gets the same headers, which is what lets the
 * deploy compare runs).
 */

import { createHash } from 'node:crypto';
import { lookup } from 'mrmime';

/**
 * How long a file may be cached, from the role its path shows:
 * - `immutable`: its name carries a hash of its content, so a new version gets a new name;
 * - `page`: HTML, which must show an edit at once;
 * - `feed`: RSS/Atom feeds, sitemaps, robots.txt, polled by machines;
 * - `upload`: an editor's file under `/uploads/`, which can be replaced under the same name;
 * - `admin`: the Decap CMS app, which must pick up a new version and its config at once;
 * - `entry`: unhashed files that name hashed ones (Pagefind's entry and loader), which must never
 *   be older than the files they point at;
 * - `asset`: any other file (favicon, images and fonts in `public/`).
 */
export type CacheClass = 'immutable' | 'page' | 'feed' | 'upload' | 'admin' | 'entry' | 'asset';

/** Cache-Control per class; `immutable` spares revalidation requests for a year. */
export const CACHE_CONTROL: Readonly<Record<CacheClass, string>> = {
	immutable: 'public, max-age=31536000, immutable',
	page: 'public, max-age=0, must-revalidate',
	feed: 'public, max-age=300, must-revalidate',
	upload: 'public, max-age=3600, must-revalidate',
	admin: 'no-cache',
	entry: 'public, max-age=0, must-revalidate',
	asset: 'public, max-age=3600, must-revalidate',
};

/** Types mrmime lacks or gets differently from what browsers and feed readers expect. */
const TYPE_OVERRIDES: Readonly<Record<string, string>> = {
	// text/xml would make some clients ignore the encoding declaration; application/xml does not.
	xml: 'application/xml',
	xsl: 'application/xslt+xml',
	docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
	xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
	pptx: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
	doc: 'application/msword',
	xls: 'application/vnd.ms-excel',
	ppt: 'application/vnd.ms-powerpoint',
	odt: 'application/vnd.oasis.opendocument.text',
	ods: 'application/vnd.oasis.opendocument.spreadsheet',
	ofd: 'application/ofd',
	wps: 'application/vnd.ms-works',
	ico: 'image/x-icon',
	eot: 'application/vnd.ms-fontobject',
	rar: 'application/vnd.rar',
	'7z': 'application/x-7z-compressed',
	tar: 'application/x-tar',
	avi: 'video/x-msvideo',
	// Pagefind's index files are binary; the loader fetches them and never looks at the type.
	pagefind: 'application/octet-stream',
	pf_fragment: 'application/octet-stream',
	pf_index: 'application/octet-stream',
	pf_meta: 'application/octet-stream',
	pf_filter: 'application/octet-stream',
};

/** Types that are text but not under `text/`, and so need the charset spelled out. */
const TEXTUAL = new Set([
	'application/javascript',
	'application/json',
	'application/xml',
	'application/manifest+json',
	'image/svg+xml',
]);

const FALLBACK_TYPE = 'application/octet-stream';

/** The extension, lower-cased, without the dot; '' when there is none. */
function extensionOf(key: string): string {
	const base = key.slice(key.lastIndexOf('/') + 1);
	const dot = base.lastIndexOf('.');
	return dot <= 0 ? '' : base.slice(dot + 1).toLowerCase();
}

/**
 * Content-Type for a key, with `; charset=utf-8` on every textual type: Astro writes UTF-8, and
 * without the parameter a browser may guess GBK for a Chinese page that lacks a meta tag.
 */
export function contentTypeFor(key: string): string {
	const ext = extensionOf(key);
	const type = TYPE_OVERRIDES[ext] ?? (ext ? lookup(ext) : undefined) ?? FALLBACK_TYPE;
	const textual =
		type.startsWith('text/') ||
		TEXTUAL.has(type) ||
		type.endsWith('+xml') ||
		type.endsWith('+json');
	return textual ? `${type}; charset=utf-8` : type;
}

/** `name.HASH.ext` with a hash of 8+ URL-safe characters mixing letters and digits. */
const HASHED_NAME = /\.([A-Za-z0-9_-]{8,64})\.[A-Za-z0-9]+$/;

function looksFingerprinted(base: string): boolean {
	const m = HASHED_NAME.exec(base);
	if (!m) return false;
	const hash = m[1] ?? '';
	return /[0-9]/.test(hash) && /[A-Za-z]/.test(hash);
}

const FEED_NAMES = /^(?:robots\.txt|.*\.(?:xml|xsl|rss|atom))$/i;
const PAGEFIND_HASHED = /\.(?:pf_fragment|pf_index|pf_meta|pf_filter)$/;

/**
 * The cache class of a key. Fingerprint detection is deliberately narrow outside `_astro/`: a file
 * wrongly called immutable stays stale in browsers for a year, one wrongly called mutable only
 * costs a revalidation.
 */
export function cacheClassFor(key: string): CacheClass {
	const base = key.slice(key.lastIndexOf('/') + 1);
	if (key.startsWith('_astro/')) return 'immutable';
	if (key.startsWith('admin/')) return 'admin';
	if (key.startsWith('pagefind/')) return PAGEFIND_HASHED.test(base) ? 'immutable' : 'entry';
	if (/\.html?$/i.test(base)) return 'page';
	if (FEED_NAMES.test(base)) return 'feed';
	if (key.startsWith('uploads/')) return 'upload';
	if (looksFingerprinted(base)) return 'immutable';
	return 'asset';
}

/** What a key is stored with. */
export interface ObjectHeaders {
	contentType: string;
	cacheControl: string;
}

/** Both headers for a key. */
export function headersFor(key: string): ObjectHeaders {
	return { contentType: contentTypeFor(key), cacheControl: CACHE_CONTROL[cacheClassFor(key)] };
}

/**
 * A short digest of the headers, kept in the deploy manifest so that a change of these rules
 * re-uploads the files it affects even though their bytes did not change.
 */
export function headersDigest(headers: ObjectHeaders): string {
	return createHash('sha256')
		.update(`${headers.contentType}\n${headers.cacheControl}`)
		.digest('hex')
		.slice(0, 12);
}

import { isLocale, type Locale } from '../../i18n/locales.ts';

/** Where reports live, relative to the project root. */
export const REPORTS_DIR = 'content/reports';

/**
 * A report's slug is its file name and its URL: `/reports/<slug>/`.
 * Lower-case ASCII letters, digits and Chinese characters, joined by single `-`, `_` or `.`;
 * no spaces, capitals or punctuation, so the name is the same on every OS, in git and on a CDN.
 */
export const SLUG_PATTERN = /^[a-z0-9\p{Script=Han}]+(?:[-_.][a-z0-9\p{Script=Han}]+)*$/u;
export const SLUG_MAX_BYTES = 180;

export interface ReportPath {
	lang: Locale;
	slug: string;
	kind: 'md' | 'mdx';
	/** `zh/<slug>`: unique across the collection. */
	id: string;
}

/**
 * Reads `content/reports/<locale>/<slug>.md` (path relative to the root, forward slashes).
 * Returns a message instead when the path breaks the layout rules.
 */
export function parseReportPath(file: string): ReportPath | { error: string } {
	const rest = file.startsWith(`${REPORTS_DIR}/`) ? file.slice(REPORTS_DIR.length + 1) : file;
	const parts = rest.split('/');
	const name = parts.at(-1) ?? '';
	const ext = /\.(mdx?)$/.exec(name)?.[1] as 'md' | 'mdx' | undefined;
	if (!ext) return { error: 'reports must be .md (or .mdx) files' };
	if (parts.length !== 2 || !isLocale(parts[0])) {
		return { error: `reports must be at ${REPORTS_DIR}/<zh|en>/<slug>.${ext} (no other folders)` };
	}
	const slug = name.slice(0, -(ext.length + 1));
	if (!SLUG_PATTERN.test(slug)) {
		return {
			error: `"${slug}" is not a valid slug: use lower-case letters, digits or Chinese characters joined by "-", like 2024-03-15-annual-report`,
		};
	}
	if (Buffer.byteLength(slug) > SLUG_MAX_BYTES) return { error: `slug is too long (at most ${SLUG_MAX_BYTES} bytes)` };
	const lang = parts[0] as Locale;
	return { lang, slug, kind: ext, id: `${lang}/${slug}` };
}

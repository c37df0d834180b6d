import { existsSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { isLocale, localeKeys, type Locale } from '../../i18n/locales.ts';
import { slugProblem } from './slugChecks.ts';
import { linkOnPath } from './symlinks.ts';

/**
 * Where reports live, relative to the project root: one folder per year, then one per language,
 * `content/reports/<yyyy>/<locale>/<slug>.md`.
 *
 * The year is the year of the report's `date`. It is there for the editors: Decap CMS reads every
 * file of a collection when the collection is translated, sorted or filtered, so the CMS has one
 * collection per year folder and never lists the whole archive (docs/cms.md). A translation lives
 * in the same year folder as its original, as Decap's `multiple_folders` i18n expects.
 * The folder does not reach the URL: a report is `/reports/<slug>/` whatever its year.
 */
export const REPORTS_DIR = 'content/reports';

/**
 * A report's slug is its file name and its URL: `/reports/<slug>/`.
 * Lower-case ASCII letters, digits and Chinese characters, joined by single `-`, `_` or `.`;
 * no spaces, capitals or punctuation, so the name is the same on every OS, in git and on a CDN.
 */
export const SLUG_PATTERN = /^[a-z0-9\p{Script=Han}]+(?:[-_.][a-z0-9\p{Script=Han}]+)*$/u;
export const SLUG_MAX_BYTES = 180;

/** A year folder's name: four digits. */
export const YEAR_PATTERN = /^\d{4}$/;

export interface ReportPath {
	/** The year folder, `2025`. */
	year: string;
	lang: Locale;
	slug: string;
	kind: 'md' | 'mdx';
	/** `zh/<slug>`: unique across the collection, whatever the year. */
	id: string;
}

/** `content/reports/<year>`: one CMS collection. */
export function yearDir(year: string | number): string {
	return `${REPORTS_DIR}/${year}`;
}

/** Where a report belongs: `content/reports/<year of date>/<lang>/<slug>.<kind>`. */
export function reportFilePath(date: string, lang: Locale, slug: string, kind: 'md' | 'mdx' = 'md'): string {
	return `${yearDir(date.slice(0, 4))}/${lang}/${slug}.${kind}`;
}

/**
 * Reads `content/reports/<year>/<locale>/<slug>.md` (path relative to the root, forward slashes).
 * Returns a message instead when the path breaks the layout rules. Whether the year is the year
 * of the date is checked with the front matter (loadContent's crossCheck).
 */
export function parseReportPath(file: string): ReportPath | { error: string } {
	const rest = file.startsWith(`${REPORTS_DIR}/`) ? file.slice(REPORTS_DIR.length + 1) : file;
	const parts = rest.split('/');
	const name = parts.at(-1) ?? '';
	const ext = /\.(mdx?)$/.exec(name)?.[1] as 'md' | 'mdx' | undefined;
	if (!ext) return { error: 'reports must be .md (or .mdx) files' };
	if (parts.length === 2 && isLocale(parts[0])) {
		return {
			error: `reports are filed by year: move it to ${REPORTS_DIR}/<year of its date>/${parts[0]}/${name} (npm run migrate-layout moves every report)`,
		};
	}
	if (parts.length !== 3 || !YEAR_PATTERN.test(parts[0]!) || !isLocale(parts[1])) {
		return { error: `reports must be at ${REPORTS_DIR}/<year>/<${localeKeys.join('|')}>/<slug>.${ext} (no other folders)` };
	}
	const slug = name.slice(0, -(ext.length + 1));
	if (!SLUG_PATTERN.test(slug)) {
		return {
			error: `"${slug}" is not a valid slug: use lower-case letters, digits or Chinese characters joined by "-", like 2024-03-15-annual-report`,
		};
	}
	if (Buffer.byteLength(slug) > SLUG_MAX_BYTES) return { error: `slug is too long (at most ${SLUG_MAX_BYTES} bytes)` };
	const problem = slugProblem(slug);
	if (problem) return { error: problem };
	const lang = parts[1] as Locale;
	return { year: parts[0]!, lang, slug, kind: ext, id: `${lang}/${slug}` };
}

/** All files under content/reports (any folder), relative to the root with forward slashes. */
export async function listReportFiles(root: string): Promise<string[]> {
	const dir = join(root, REPORTS_DIR);
	// Links are never followed (symlinks.ts); loadContent names them as problems.
	if (!existsSync(dir) || linkOnPath(root, REPORTS_DIR)) return [];
	const names = await readdir(dir, { recursive: true, withFileTypes: true });
	return names
		.filter((d) => d.isFile() && !d.name.startsWith('.'))
		.map((d) => relative(root, join(d.parentPath, d.name)).split(sep).join('/'))
		.sort();
}

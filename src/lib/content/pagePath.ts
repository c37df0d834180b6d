/**
 * Where standing pages live: `content/pages/<locale>/<slug>.md` (协会简介, 章程, 联系我们…),
 * shown at `/about/<slug>/`. The same slug rule as reports, so a name is the same on every OS,
 * in git and on a CDN; the slug is the page's address and does not change once published.
 */
import { existsSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { isLocale, localeKeys, type Locale } from '../../i18n/locales.ts';
import { SLUG_MAX_BYTES, SLUG_PATTERN } from './reportPath.ts';
import { slugProblem } from './slugChecks.ts';
import { linkOnPath } from './symlinks.ts';

export const PAGES_DIR = 'content/pages';

export interface PagePath {
	lang: Locale;
	slug: string;
	/** `zh/<slug>`. */
	id: string;
}

/** `content/pages/<lang>/<slug>.md` */
export function pageFilePath(lang: Locale, slug: string): string {
	return `${PAGES_DIR}/${lang}/${slug}.md`;
}

/** Reads `content/pages/<locale>/<slug>.md`, or says what is wrong with the path. */
export function parsePagePath(file: string): PagePath | { error: string } {
	const rest = file.startsWith(`${PAGES_DIR}/`) ? file.slice(PAGES_DIR.length + 1) : file;
	const parts = rest.split('/');
	const name = parts.at(-1) ?? '';
	if (!name.endsWith('.md')) return { error: 'pages must be .md files' };
	if (parts.length !== 2 || !isLocale(parts[0])) {
		return {
			error: `pages must be at ${PAGES_DIR}/<${localeKeys.join('|')}>/<slug>.md (no other folders)`,
		};
	}
	const slug = name.slice(0, -3);
	if (!SLUG_PATTERN.test(slug)) {
		return {
			error: `"${slug}" is not a valid slug: use lower-case letters, digits or Chinese characters joined by "-", like charter`,
		};
	}
	if (Buffer.byteLength(slug) > SLUG_MAX_BYTES)
		return { error: `slug is too long (at most ${SLUG_MAX_BYTES} bytes)` };
	const problem = slugProblem(slug);
	if (problem) return { error: problem };
	const lang = parts[0] as Locale;
	return { lang, slug, id: `${lang}/${slug}` };
}

/** All files under content/pages, relative to the root with forward slashes. */
export async function listPageFiles(root: string): Promise<string[]> {
	const dir = join(root, PAGES_DIR);
	// Links are never followed (symlinks.ts); loadContent names them as problems.
	if (!existsSync(dir) || linkOnPath(root, PAGES_DIR)) return [];
	const names = await readdir(dir, { recursive: true, withFileTypes: true });
	return names
		.filter((d) => d.isFile() && !d.name.startsWith('.'))
		.map((d) => relative(root, join(d.parentPath, d.name)).split(sep).join('/'))
		.sort();
}

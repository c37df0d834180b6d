/**
 * A hash of everything besides content that shapes the output: the site's code, the Astro
 * config, the installed dependency versions and the build's own version. When it changes,
 * every page is rebuilt; a cached page is only reused with the exact code that made it.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

/** Bump to invalidate every previous build's pages (e.g. when the merge logic changes). */
export const BUILD_FORMAT = 1;

/**
 * What the pages are made of (src/importer, src/deploy and src/cms do not shape pages; the
 * search page's script in src/search does).
 */
const INPUTS = [
	'src/pages',
	'src/search',
	'src/layouts',
	'src/components',
	'src/styles',
	'src/lib',
	'src/i18n',
	'src/content',
	'src/content.config.ts',
	'astro.config.mjs',
	'package-lock.json',
	'tsconfig.json',
];

export function codeHash(root: string): string {
	const hash = createHash('sha1').update(`huibao-build-${BUILD_FORMAT}\n`);
	for (const input of INPUTS) {
		const path = join(root, input);
		if (!existsSync(path)) continue;
		const files = statSync(path).isDirectory()
			? readdirSync(path, { recursive: true, withFileTypes: true })
					.filter((d) => d.isFile())
					.map((d) => join(d.parentPath, d.name))
					.sort()
			: [path];
		for (const file of files) {
			hash.update(relative(root, file).split(sep).join('/')).update('\0').update(readFileSync(file)).update('\0');
		}
	}
	return hash.digest('hex');
}

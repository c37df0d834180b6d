/**
 * Hashes of the code that made a cached result, so that no cache outlives the code behind it.
 * Nothing here is bumped by hand: the hashes are of the files themselves.
 *
 * - codeHash(): the pages. Every file under src/ (an exclusion list, not an inclusion list: a new
 *   folder such as src/utils/ counts from its first build), the Astro and TypeScript config, and
 *   the installed dependencies (package.json, package-lock.json and npm's record of what is in
 *   node_modules). When it changes, every page is rendered again.
 * - moduleHash(): one cached computation (compiling a report, a search record): the files its
 *   entry module imports, followed through every relative import, plus the dependencies. A
 *   sanitizer fix or a schema change reaches the content cache; a new page component does not
 *   make every report compile again.
 */
import { hash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';

/**
 * What under src/ never shapes a build's output: the entry points of other commands, which the
 * build does not import (tests/unit/codeHash.test.ts checks that), and documentation.
 */
export const NOT_BUILD_CODE = [/^src\/importer\//, /^src\/deploy\//, /^src\/bench\//, /\.md$/];

/**
 * Files outside src/ that shape every build: the build's entry point, config, and which
 * dependencies are installed.
 */
const ROOT_INPUTS = [
	'scripts/build.ts',
	'astro.config.mjs',
	'tsconfig.json',
	'package.json',
	'package-lock.json',
	'node_modules/.package-lock.json',
];

function filesUnder(root: string, dir: string): string[] {
	const path = join(root, dir);
	if (!existsSync(path)) return [];
	return readdirSync(path, { recursive: true, withFileTypes: true })
		.filter((d) => d.isFile())
		.map((d) => relative(root, join(d.parentPath, d.name)).split(sep).join('/'))
		.sort();
}

function hashFiles(root: string, files: string[], salt = ''): string {
	const parts: (string | Buffer)[] = [salt];
	for (const file of files) {
		const path = join(root, file);
		if (!existsSync(path)) continue;
		parts.push(`\0${file}\0`, readFileSync(path));
	}
	return hash(
		'sha1',
		Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p) : p))),
		'hex'
	);
}

/** The files src/ holds that may shape a build (relative to the root, sorted). */
export function buildCodeFiles(root: string): string[] {
	return filesUnder(root, 'src').filter(
		(file) => !NOT_BUILD_CODE.some((pattern) => pattern.test(file))
	);
}

export function codeHash(root: string): string {
	return hashFiles(root, [...buildCodeFiles(root), ...ROOT_INPUTS]);
}

/** import … from '…', export … from '…', import('…'), import '…', new URL('…', import.meta.url). */
const SPECIFIER =
	/(?:^|[\s;])(?:import|export)\s[^'"`;]*?from\s*['"]([^'"]+)['"]|import\s*\(\s*['"]([^'"]+)['"]\s*\)|(?:^|[\s;])import\s*['"]([^'"]+)['"]|new URL\(\s*['"]([^'"]+)['"]\s*,\s*import\.meta\.url/gm;

/** Every file reached from `entries` through relative imports (relative to the root, sorted). */
export function importClosure(root: string, entries: string[]): string[] {
	const seen = new Set<string>();
	const queue = entries.map((e) => resolve(root, e));
	for (let file = queue.pop(); file; file = queue.pop()) {
		if (seen.has(file) || !existsSync(file) || !statSync(file).isFile()) continue;
		seen.add(file);
		for (const m of readFileSync(file, 'utf8').matchAll(SPECIFIER)) {
			const spec = m[1] ?? m[2] ?? m[3] ?? m[4];
			if (spec?.startsWith('.')) queue.push(resolve(dirname(file), spec));
		}
	}
	return [...seen].map((f) => relative(root, f).split(sep).join('/')).sort();
}

const moduleHashes = new Map<string, { files: string[]; stamp: string; value: string }>();

/** Sizes and modification times of files: a cheap check that a remembered hash still holds. */
function statStamp(root: string, files: string[]): string {
	return files
		.map((f) => {
			try {
				const s = statSync(join(root, f));
				return `${s.size}:${s.mtimeMs}`;
			} catch {
				return '-';
			}
		})
		.join(',');
}

/**
 * Hash of the code of a cached computation: the import closure of `entries` (relative to the
 * root) and the installed dependencies. Remembered while none of those files changes (a dev
 * server lives through edits of the code), so a build computes it once (~2 ms).
 */
export function moduleHash(root: string, entries: string[]): string {
	const key = `${resolve(root)}\0${entries.join('\0')}`;
	const known = moduleHashes.get(key);
	if (known && statStamp(root, known.files) === known.stamp) return known.value;
	const files = [
		...importClosure(root, entries),
		...ROOT_INPUTS.filter((f) => f !== 'astro.config.mjs'),
	];
	const value = hashFiles(root, files);
	moduleHashes.set(key, { files, stamp: statStamp(root, files), value });
	return value;
}

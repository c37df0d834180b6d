/**
 * Paths read from cache files and manifests are data: before one is joined to a folder it must
 * be a plain relative path that stays inside that folder (no `..`, no absolute path, no
 * backslash, no NUL). A poisoned manifest can then at worst make the build do more work, never
 * delete or read a file outside dist/ or the cache.
 */
import { isAbsolute, relative, resolve, sep } from 'node:path';

/** `a/b/c.html`: forward slashes, no empty, `.` or `..` segment, not absolute. */
export function isSafeRelativePath(path: unknown): path is string {
	if (typeof path !== 'string' || path === '' || path.length > 4096) return false;
	if (path.includes('\\') || path.includes('\0') || path.startsWith('/') || isAbsolute(path))
		return false;
	return path.split('/').every((part) => part !== '' && part !== '.' && part !== '..');
}

/** `base` joined with `path`, refusing anything that would land outside `base`. */
export function inside(base: string, path: string): string {
	const full = resolve(base, path);
	const rel = relative(resolve(base), full);
	if (
		!isSafeRelativePath(path) ||
		rel === '' ||
		rel.startsWith('..') ||
		isAbsolute(rel) ||
		rel.split(sep).includes('..')
	) {
		throw new Error(`refusing a path outside ${base}: ${JSON.stringify(path)}`);
	}
	return full;
}

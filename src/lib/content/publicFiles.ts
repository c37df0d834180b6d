/**
 * Site paths of files under public/ (`/uploads/2024/a.pdf`), as reports and settings name them,
 * turned into files on disk — only inside public/, never through a symbolic link, and never with
 * an exception for a malformed `%` escape. Checking that a file exists or reading its size is
 * still reading: `/%2e%2e/%2e%2e/etc/passwd` must not tell anyone what is outside the project.
 */
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { linkOnPath } from './symlinks.ts';

/** `/a%20b.pdf` → `a b.pdf`; undefined for a malformed escape. */
export function decodeSitePath(path: string): string | undefined {
	try {
		return decodeURIComponent(path);
	} catch {
		return undefined;
	}
}

/**
 * Why a site path cannot name a file under public/, or undefined when it can: a malformed `%`
 * escape, a `.`/`..` segment or a backslash (even when escaped), a NUL.
 */
export function publicPathProblem(path: string): string | undefined {
	const decoded = decodeSitePath(path);
	if (decoded === undefined) return 'malformed % escape';
	if (!decoded.startsWith('/') || decoded.startsWith('//')) return 'must start with a single "/"';
	if (/[\\\0]/.test(decoded) || decoded.split('/').some((part) => part === '.' || part === '..')) return 'must stay inside public/ (no "..")';
	return undefined;
}

/** The file a site path names under `<root>/public`, or undefined when it may not be looked at. */
export function publicFile(root: string, path: string): string | undefined {
	if (publicPathProblem(path)) return undefined;
	const relativePath = `public${decodeSitePath(path)!}`.replace(/\/+$/, '');
	if (linkOnPath(root, relativePath)) return undefined;
	return join(root, relativePath);
}

export function publicFileExists(root: string, path: string): boolean {
	const file = publicFile(root, path);
	return file !== undefined && existsSync(file);
}

/** Size of a file under public/, or null when there is none (or it may not be looked at). */
export function publicFileSize(root: string, path: string): number | null {
	const file = publicFile(root, path);
	if (!file) return null;
	try {
		return statSync(file).size;
	} catch {
		return null;
	}
}

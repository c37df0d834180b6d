/**
 * Site paths of files under public/ (`/uploads/2024/a.pdf`), as reports and settings name them,
 * turned into files on disk — only inside public/, never through a symbolic link, and never with
 * an exception for a malformed `%` escape. Checking that a file exists or reading its size is
 * still reading: `/%2e%2e/%2e%2e/etc/passwd` must not tell anyone what is outside the project.
 */
import { lstatSync, type Stats } from 'node:fs';
import { join } from 'node:path';

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

/**
 * Files under `<root>/public`, looked up by site path: only inside public/, never through a link.
 * Each folder on the way is checked once per instance (one instance per validation or build),
 * so 10,000 reports with their attachments cost about one lstat per file, like existsSync did.
 */
export class PublicFiles {
	private readonly root: string;
	/** Folder (relative to the root) → it is a real folder, not a link. */
	private readonly folders = new Map<string, boolean>();

	constructor(root: string) {
		this.root = root;
	}

	/** The file's own stat (links not followed), or undefined when it may not be looked at. */
	private stat(path: string): Stats | undefined {
		if (publicPathProblem(path)) return undefined;
		const relativePath = `public${decodeSitePath(path)!}`.replace(/\/+$/, '');
		for (let i = relativePath.indexOf('/'); i > 0; i = relativePath.indexOf('/', i + 1)) {
			if (!this.folder(relativePath.slice(0, i))) return undefined;
		}
		const stat = lstatSync(join(this.root, relativePath), { throwIfNoEntry: false });
		return stat && !stat.isSymbolicLink() ? stat : undefined;
	}

	private folder(relativePath: string): boolean {
		let ok = this.folders.get(relativePath);
		if (ok === undefined) {
			ok = lstatSync(join(this.root, relativePath), { throwIfNoEntry: false })?.isDirectory() ?? false;
			this.folders.set(relativePath, ok);
		}
		return ok;
	}

	exists(path: string): boolean {
		return this.stat(path) !== undefined;
	}

	/** Size in bytes, or null when there is no such file (or it may not be looked at). */
	size(path: string): number | null {
		return this.stat(path)?.size ?? null;
	}
}

/**
 * Folders as lists of files: what the build's merge, the saved bundle and the render process
 * need to walk and copy.
 */
import { copyFileSync, existsSync, mkdirSync, readdirSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';

/** Files under a folder, relative, with forward slashes; none when it does not exist. */
export function listFiles(dir: string): string[] {
	if (!existsSync(dir)) return [];
	return readdirSync(dir, { recursive: true, withFileTypes: true })
		.filter((d) => d.isFile())
		.map((d) => relative(dir, join(d.parentPath, d.name)).split(sep).join('/'));
}

/** Copies a folder's files, one by one (fs.cpSync reports a full disk as EIO, not ENOSPC). */
export function copyTree(from: string, to: string): void {
	for (const file of listFiles(from)) {
		const target = join(to, file);
		mkdirSync(dirname(target), { recursive: true });
		copyFileSync(join(from, file), target);
	}
}

/**
 * Lists the built site and hashes every file, so that what changed is known by content: a fresh
 * CI checkout gives every file a new timestamp, but the same bytes give the same SHA-256.
 */

import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { lstat, readdir, stat } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { DeployConfigError } from './config.ts';
import { runPool } from './runPool.ts';

/** One file of the built site. */
export interface LocalFile {
	/** Path inside dist/ with '/' separators: the object key below the prefix. */
	key: string;
	/** Absolute path on disk. */
	path: string;
	size: number;
	/** Hex SHA-256 of the content. */
	sha256: string;
}

/**
 * Files that configure other hosts (Netlify, Cloudflare Pages) and mean nothing to a bucket;
 * served from one, they would only publish the host configuration.
 */
const HOST_CONFIG_FILES = new Set(['_headers', '_redirects']);

/** Hex SHA-256 of a file, streamed so a large upload does not sit in memory. */
export async function hashFile(path: string): Promise<string> {
	const hash = createHash('sha256');
	for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
	return hash.digest('hex');
}

async function walk(root: string, dir: string, out: { key: string; path: string; size: number }[]): Promise<void> {
	const entries = await readdir(dir, { withFileTypes: true });
	for (const entry of entries) {
		const path = join(dir, entry.name);
		let isDir = entry.isDirectory();
		let isFile = entry.isFile();
		if (entry.isSymbolicLink()) {
			// Follow links the way a web server would, but skip dangling ones.
			const target = await stat(path).catch(() => undefined);
			isDir = target?.isDirectory() ?? false;
			isFile = target?.isFile() ?? false;
		}
		if (isDir) await walk(root, path, out);
		else if (isFile) {
			const key = relative(root, path).split(sep).join('/');
			if (HOST_CONFIG_FILES.has(key)) continue;
			out.push({ key, path, size: (await stat(path)).size });
		}
	}
}

/**
 * Checks that `distDir` is a built site and returns its files sorted by key, hashed.
 * Throws DeployConfigError when the directory is missing or has no index.html, because
 * deploying that would replace the live site with nothing.
 */
export async function scanDist(distDir: string, concurrency = 8): Promise<LocalFile[]> {
	const info = await lstat(distDir).catch(() => undefined);
	if (!info) throw new DeployConfigError(`${distDir} does not exist (run npm run build first)`);
	const dirInfo = info.isSymbolicLink() ? await stat(distDir) : info;
	if (!dirInfo.isDirectory()) throw new DeployConfigError(`${distDir} is not a directory`);
	const found: { key: string; path: string; size: number }[] = [];
	await walk(distDir, distDir, found);
	if (!found.some((f) => f.key === 'index.html')) {
		throw new DeployConfigError(`${distDir} has no index.html, so it is not a built site (run npm run build first)`);
	}
	found.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
	return runPool(found, concurrency, async (f) => ({ ...f, sha256: await hashFile(f.path) }));
}

/**
 * Moves what Astro rendered into dist/, removes the files of pages that no longer exist, and
 * copies public/ over file by file. After this, dist/ holds exactly what a build from nothing
 * would hold (the incremental-build test compares the two byte for byte).
 */
import { copyFileSync, cpSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmdirSync, rmSync, statSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';
import type { BuildManifest } from './manifest.ts';

/** Files under a folder, relative, with forward slashes. */
export function listFiles(dir: string): string[] {
	if (!existsSync(dir)) return [];
	return readdirSync(dir, { recursive: true, withFileTypes: true })
		.filter((d) => d.isFile())
		.map((d) => relative(dir, join(d.parentPath, d.name)).split(sep).join('/'));
}

function sameBytes(a: string, b: string): boolean {
	try {
		const sa = statSync(a);
		const sb = statSync(b);
		return sa.size === sb.size && readFileSync(a).equals(readFileSync(b));
	} catch {
		return false;
	}
}

/** Deletes a file and then its parent folders as long as they are empty. */
function removeWithEmptyParents(dist: string, file: string): void {
	rmSync(join(dist, file), { force: true });
	for (let dir = dirname(join(dist, file)); dir.startsWith(dist + sep); dir = dirname(dir)) {
		try {
			rmdirSync(dir);
		} catch {
			break;
		}
	}
}

export interface MergeResult {
	/** Other Astro output (assets, sitemap, 404 page, robots.txt), written by this build. */
	astroFiles: string[];
	removed: number;
	/** Settles when the previous dist/ of a full build is deleted. */
	cleanup: Promise<void>;
}

/**
 * Moves a staging tree into dist/: a folder that dist/ lacks moves whole, with one rename
 * (a new report page is one folder); folders on both sides are merged; a file replaces dist/'s
 * copy when it is a page rendered now or its bytes differ. On this kind of disk each mkdir or
 * rename costs ~0.5 ms, so renaming folders instead of files saves seconds at 10,000 pages.
 */
function moveTree(from: string, to: string, rel: string, pageFiles: Set<string>): void {
	let existing: Set<string>;
	try {
		existing = new Set(readdirSync(to));
	} catch {
		mkdirSync(dirname(to), { recursive: true });
		move(from, to);
		return;
	}
	for (const entry of readdirSync(from, { withFileTypes: true })) {
		const source = join(from, entry.name);
		const target = join(to, entry.name);
		const path = rel ? `${rel}/${entry.name}` : entry.name;
		if (!existing.has(entry.name)) move(source, target);
		else if (entry.isDirectory()) moveTree(source, target, path, pageFiles);
		else if (pageFiles.has(path) || !sameBytes(source, target)) move(source, target);
	}
}

/** Rename, or copy when the build cache is on another file system than dist/. */
function move(from: string, to: string): void {
	try {
		renameSync(from, to);
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code !== 'EXDEV') throw error;
		cpSync(from, to, { recursive: true });
	}
}

/**
 * `pageFiles`: output files of the pages rendered now. Anything else in the staging folders is
 * output Astro writes on every build; it replaces dist/'s copy only when the bytes differ, and
 * such files that a build no longer writes are removed.
 */
export function mergeOutput(options: {
	dist: string;
	stages: string[];
	pageFiles: Set<string>;
	remove: string[];
	previous: BuildManifest | undefined;
	full: boolean;
	/** Where an old dist/ is moved to be deleted (same file system as dist/ is best). */
	trashDir: string;
}): MergeResult {
	const { dist, stages, pageFiles } = options;
	let cleanup: Promise<void> = Promise.resolve();
	const astroFiles = new Set<string>();
	for (const stage of stages) for (const file of listFiles(stage)) if (!pageFiles.has(file)) astroFiles.add(file);
	if (options.full && existsSync(dist)) {
		// Deleting 12,000 old pages takes seconds; move them aside at once and delete them while
		// the rest of the build runs (the build awaits `cleanup` before it finishes).
		const trash = `${options.trashDir}/old-dist-${process.pid}-${Date.now()}`;
		try {
			mkdirSync(options.trashDir, { recursive: true });
			renameSync(dist, trash);
			cleanup = rm(trash, { recursive: true, force: true });
		} catch {
			rmSync(dist, { recursive: true, force: true });
		}
	}
	for (const stage of stages) {
		if (existsSync(stage)) moveTree(stage, dist, '', pageFiles);
		rmSync(stage, { recursive: true, force: true });
	}
	mkdirSync(dist, { recursive: true });

	let removed = 0;
	for (const file of options.remove) {
		removeWithEmptyParents(dist, file);
		removed++;
	}
	// Assets or other Astro files an earlier build wrote and this one did not (old CSS names).
	// Without an Astro run this build wrote none, and the previous ones all still stand.
	for (const file of stages.length ? Object.keys(options.previous?.astroFiles ?? {}) : []) {
		if (!astroFiles.has(file) && !pageFiles.has(file)) {
			removeWithEmptyParents(dist, file);
			removed++;
		}
	}
	return { astroFiles: [...astroFiles], removed, cleanup };
}

/**
 * Copies public/ into dist/, skipping files whose size and modification time match the last
 * copy, and deletes copies of files that left public/. Uploads can be gigabytes; Astro would
 * copy all of them on every build.
 */
export function syncPublic(options: {
	publicDir: string;
	dist: string;
	previous: BuildManifest['publicFiles'];
	full: boolean;
}): { files: BuildManifest['publicFiles']; copied: number; removed: number } {
	const files: BuildManifest['publicFiles'] = {};
	let copied = 0;
	let removed = 0;
	for (const file of listFiles(options.publicDir)) {
		const source = statSync(join(options.publicDir, file));
		const before = options.previous[file];
		const target = join(options.dist, file);
		// Same size and time as copied last time; or, after a fresh git checkout (new times), the
		// same bytes as the copy in dist/.
		const unchanged =
			!options.full &&
			before !== undefined &&
			before.size === source.size &&
			existsSync(target) &&
			statSync(target).size === source.size &&
			(before.mtimeMs === source.mtimeMs || sameBytes(join(options.publicDir, file), target));
		if (!unchanged) {
			mkdirSync(dirname(target), { recursive: true });
			copyFileSync(join(options.publicDir, file), target);
			copied++;
		}
		files[file] = { size: source.size, mtimeMs: source.mtimeMs };
	}
	for (const file of Object.keys(options.previous)) {
		if (!files[file]) {
			removeWithEmptyParents(options.dist, file);
			removed++;
		}
	}
	return { files, copied, removed };
}

/**
 * What the last build put in dist/: each page's fingerprint and file, the files copied from
 * public/, and the site-wide inputs. Kept in the build cache, never deployed.
 *
 * The manifest is an input like any other and is only trusted when it passes its checksum
 * (checkedJson.ts), every path in it is a plain path inside dist/, no file is claimed twice, and
 * it names the build whose stamp dist/ carries (buildStamp.ts) with no more files than that
 * stamp counts. Anything else means a full build. Pages it lists are also checked one by one
 * (outputIntact) before they are reused.
 */
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { readCheckedJson, writeCheckedJson } from '../checkedJson.ts';
import { isSafeRelativePath } from '../safePath.ts';
import type { BuildStamp } from './buildStamp.ts';

export interface FileRecord {
	size: number;
	mtimeMs: number;
}

export interface BuildManifest {
	/** The build id of the stamp this build put in dist/. */
	build: string;
	/** codeHash() of the build that wrote dist/. */
	code: string;
	/** Site-wide inputs per language (settings, categories, menu, year). */
	siteWide: Record<string, string>;
	/** URL → fingerprint, output file (relative to dist), and its size and mtime as written. */
	pages: Record<string, { fp: string; file: string } & FileRecord>;
	/** Files from public/: path → size and mtime as copied. */
	publicFiles: Record<string, FileRecord>;
	/** Files Astro writes on every build (assets, sitemap, 404…): path → size and mtime. */
	astroFiles: Record<string, FileRecord>;
}

export function emptyManifest(): BuildManifest {
	return { build: '', code: '', siteWide: {}, pages: {}, publicFiles: {}, astroFiles: {} };
}

const isRecord = (v: unknown): v is Record<string, unknown> =>
	typeof v === 'object' && v !== null && !Array.isArray(v);
const isFileRecord = (v: unknown): v is FileRecord =>
	isRecord(v) &&
	Number.isSafeInteger(v.size) &&
	(v.size as number) >= 0 &&
	typeof v.mtimeMs === 'number' &&
	Number.isFinite(v.mtimeMs);

/** Why a manifest cannot be trusted for this dist/, or undefined when it can. */
export function manifestProblem(m: unknown, stamp: BuildStamp | undefined): string | undefined {
	if (
		!isRecord(m) ||
		typeof m.build !== 'string' ||
		typeof m.code !== 'string' ||
		!isRecord(m.siteWide)
	)
		return 'unreadable';
	if (!isRecord(m.pages) || !isRecord(m.publicFiles) || !isRecord(m.astroFiles))
		return 'unreadable';
	if (!stamp || stamp.build !== m.build) return 'it is not the record of the build in dist/';
	const claimed = new Set<string>();
	const claim = (file: unknown) => {
		if (!isSafeRelativePath(file) || claimed.has(file)) return false;
		claimed.add(file);
		return true;
	};
	for (const page of Object.values(m.pages)) {
		if (
			!isFileRecord(page) ||
			typeof (page as { fp?: unknown }).fp !== 'string' ||
			!claim((page as { file?: unknown }).file)
		)
			return 'a page entry is malformed';
	}
	for (const group of [m.publicFiles, m.astroFiles]) {
		for (const [file, record] of Object.entries(group))
			if (!isFileRecord(record) || !claim(file)) return 'a file entry is malformed';
	}
	if (claimed.size > stamp.files)
		return `it lists ${claimed.size} files, the build stamp ${stamp.files}`;
	return undefined;
}

export function readManifest(file: string): unknown {
	return readCheckedJson(file);
}

export function writeManifest(file: string, manifest: BuildManifest): void {
	writeCheckedJson(file, manifest);
}

/**
 * True when the file is in dist/ as the build left it: same size and modification time
 * (an edit or a copy by hand changes the time, so a touched page is rebuilt). Times are
 * compared to the second: CI caches are tar archives, which keep whole seconds only.
 */
export function outputIntact(dist: string, file: string, recorded: FileRecord): boolean {
	try {
		const s = statSync(join(dist, file));
		return (
			s.size === recorded.size &&
			Math.floor(s.mtimeMs / 1000) === Math.floor(recorded.mtimeMs / 1000)
		);
	} catch {
		return false;
	}
}

export function distExists(dist: string): boolean {
	return existsSync(join(dist, 'index.html'));
}

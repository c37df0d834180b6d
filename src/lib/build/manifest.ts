/**
 * What the last build put in dist/: each page's fingerprint and file, the files copied from
 * public/, and the site-wide inputs. Kept in the build cache, never deployed.
 *
 * The manifest is only trusted when it parses, has this format, and the files it lists are
 * still in dist/ with the recorded sizes; anything else means a full build.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

const FORMAT = 1;

export interface BuildManifest {
	format: number;
	/** codeHash() of the build that wrote dist/. */
	code: string;
	/** Site-wide inputs per language (settings, categories, menu, year). */
	siteWide: Record<string, string>;
	/** URL → fingerprint, output file (relative to dist), and its size and mtime as written. */
	pages: Record<string, { fp: string; file: string; size: number; mtimeMs: number }>;
	/** Files from public/: path → size and mtime as copied. */
	publicFiles: Record<string, { size: number; mtimeMs: number }>;
	/** Files Astro writes on every build (assets, sitemap, 404…): path → size and mtime. */
	astroFiles: Record<string, { size: number; mtimeMs: number }>;
}

export function emptyManifest(): BuildManifest {
	return { format: FORMAT, code: '', siteWide: {}, pages: {}, publicFiles: {}, astroFiles: {} };
}

export function readManifest(file: string): BuildManifest | undefined {
	try {
		const m = JSON.parse(readFileSync(file, 'utf8')) as BuildManifest;
		if (m?.format !== FORMAT || typeof m.pages !== 'object' || typeof m.publicFiles !== 'object' || typeof m.astroFiles !== 'object') {
			return undefined;
		}
		return m;
	} catch {
		return undefined;
	}
}

export function writeManifest(file: string, manifest: BuildManifest): void {
	mkdirSync(dirname(file), { recursive: true });
	const temp = `${file}.${process.pid}.tmp`;
	writeFileSync(temp, JSON.stringify(manifest));
	renameSync(temp, file);
}

/**
 * True when the file is in dist/ as the build left it: same size and modification time
 * (an edit or a copy by hand changes the time, so a touched page is rebuilt). Times are
 * compared to the second: CI caches are tar archives, which keep whole seconds only.
 */
export function outputIntact(dist: string, file: string, recorded: { size: number; mtimeMs: number }): boolean {
	try {
		const s = statSync(join(dist, file));
		return s.size === recorded.size && Math.floor(s.mtimeMs / 1000) === Math.floor(recorded.mtimeMs / 1000);
	} catch {
		return false;
	}
}

export function distExists(dist: string): boolean {
	return existsSync(join(dist, 'index.html'));
}

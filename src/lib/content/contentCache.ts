/**
 * The content cache: what reading, validating and rendering each report produced, keyed by the
 * SHA-1 of the file's bytes, so a rebuild only does work for files whose bytes changed.
 *
 * Layout (under node_modules/.cache/huibao/ unless HUIBAO_CACHE_DIR says otherwise; CI keeps it
 * between runs):
 * - content.json — file stats → digest, and digest → parsed front matter, summary, links…
 * - html/*.pack — rendered body HTML (see htmlPacks.ts), read by the report pages.
 *
 * Trust rules: a file's digest is reused only while its size, mtime, ctime and inode are all
 * unchanged (ctime cannot be set back by tools, so an edit always shows); an index that fails its
 * checksum (checkedJson.ts) or was made by other code or settings is ignored as a whole. "Other
 * code" is the hash of every file compiling a report imports, and the installed dependencies
 * (moduleHash in lib/build/codeHash.ts): a sanitizer fix or a schema change empties the cache, with
 * no version number to remember to bump. Rendered HTML carries its own CRC-32 in the index and is
 * checked when read.
 */
import { createHash } from 'node:crypto';
import { crc32 } from 'node:zlib';
import { join, resolve } from 'node:path';
import { HtmlPacks, isPackLocation, type PackLocation } from './htmlPacks.ts';
import type { ReportFrontmatter } from '../../content/schema.ts';
import type { Problem } from './problem.ts';
import { moduleHash } from '../build/codeHash.ts';
import { readCheckedJson, writeCheckedJson } from '../checkedJson.ts';

/** What compiles a report, from the project root: its imports are the code the cache depends on. */
export const COMPILER_MODULE = 'src/lib/content/compileReport.ts';

/**
 * The key of a content cache: the code that compiles reports, the dependencies, and the time zone
 * dates are read in. A cache with another key is ignored.
 */
export function contentCacheKey(root: string, timeZone: string): string {
	return `${moduleHash(root, [COMPILER_MODULE])}/${timeZone}`;
}

export function defaultCacheDir(root: string): string {
	return resolve(root, process.env.HUIBAO_CACHE_DIR ?? 'node_modules/.cache/huibao');
}

/** Stat fields that must all match for a cached digest to be trusted. */
export type FileStamp = [size: number, mtimeMs: number, ctimeMs: number, ino: number];

export interface CompiledEntry {
	/** Validated front matter, when the file is valid. */
	data?: ReportFrontmatter;
	/** Problems found in the file alone (file name left out: the same bytes may move). */
	problems: Omit<Problem, 'file'>[];
	/** Derived from the body; present once rendered. */
	summary?: string;
	links?: string[];
	images?: string[];
	/** Where the rendered HTML is, and its CRC-32 (checked when read). */
	html?: PackLocation;
	htmlCrc?: number;
}

interface CacheFile {
	/** contentCacheKey() of the code and settings that made it. */
	key: string;
	files: Record<string, { stamp: FileStamp; digest: string }>;
	entries: Record<string, CompiledEntry>;
}

export function sha1(data: string | Uint8Array): string {
	return createHash('sha1').update(data).digest('hex');
}

export class ContentCache {
	readonly dir: string;
	private data: CacheFile;
	private dirty = false;
	private packs: HtmlPacks;

	private constructor(dir: string, data: CacheFile) {
		this.dir = dir;
		this.data = data;
		this.packs = new HtmlPacks(join(dir, 'html'));
	}

	/** A cache with nothing in it (not read from disk). */
	static empty(dir: string, key: string): ContentCache {
		return new ContentCache(dir, { key, files: {}, entries: {} });
	}

	/**
	 * Opens the cache (`key` from contentCacheKey), starting empty when the file is missing,
	 * damaged, or from other code or settings.
	 */
	static open(dir: string, key: string): ContentCache {
		const data = readCheckedJson(join(dir, 'content.json')) as CacheFile | undefined;
		const usable =
			data?.key === key &&
			typeof data.files === 'object' &&
			data.files !== null &&
			typeof data.entries === 'object' &&
			data.entries !== null;
		return new ContentCache(dir, usable ? data : { key, files: {}, entries: {} });
	}

	/** The digest recorded for a file, if its stamp still matches. */
	digestFor(file: string, stamp: FileStamp): string | undefined {
		const known = this.data.files[file];
		if (!known || known.stamp.length !== 4 || known.stamp.some((v, i) => v !== stamp[i])) return undefined;
		return known.digest;
	}

	rememberFile(file: string, stamp: FileStamp, digest: string): void {
		this.data.files[file] = { stamp, digest };
		this.dirty = true;
	}

	entry(digest: string): CompiledEntry | undefined {
		return this.data.entries[digest];
	}

	setEntry(digest: string, entry: CompiledEntry): void {
		this.data.entries[digest] = entry;
		this.dirty = true;
	}

	/** Stores a rendered body (bytes + their CRC-32, computed where it was rendered). */
	storeHtml(digest: string, bytes: Uint8Array, crc: number): void {
		const entry = this.data.entries[digest];
		if (!entry) throw new Error(`no cache entry for ${digest}`);
		entry.html = this.packs.append(bytes);
		entry.htmlCrc = crc;
		this.dirty = true;
	}

	/**
	 * The rendered HTML, or undefined when it is missing or damaged. A CRC-32 catches a damaged
	 * pack at a tenth of SHA-1's cost (it runs once per report page of every build).
	 */
	readHtml(digest: string): string | undefined {
		const entry = this.data.entries[digest];
		if (!entry?.html || entry.htmlCrc === undefined) return undefined;
		const bytes = this.packs.read(entry.html);
		return bytes && crc32(bytes) === entry.htmlCrc ? bytes.toString('utf8') : undefined;
	}

	hasHtml(digest: string): boolean {
		return isPackLocation(this.data.entries[digest]?.html);
	}

	/** Keeps only the files and digests still in use, so the index does not grow forever. */
	retain(files: Set<string>, digests: Set<string>): void {
		for (const file of Object.keys(this.data.files)) if (!files.has(file)) delete this.data.files[file];
		for (const digest of Object.keys(this.data.entries)) if (!digests.has(digest)) delete this.data.entries[digest];
		const byLocation = new Map<PackLocation, CompiledEntry>();
		for (const entry of Object.values(this.data.entries)) if (isPackLocation(entry.html)) byLocation.set(entry.html, entry);
		this.packs.compact(byLocation.keys(), (from, to) => {
			byLocation.get(from)!.html = to;
		});
		this.dirty = true;
	}

	/** Writes the index atomically with its checksum (checkedJson.ts). */
	save(): void {
		if (!this.dirty) return;
		writeCheckedJson(join(this.dir, 'content.json'), this.data);
		this.dirty = false;
	}

	close(): void {
		this.packs.close();
	}
}

/**
 * Decides what a deploy does: which files to upload, in which order, which to leave, which
 * objects to delete. Pure, so that the rules that keep the live site whole can be tested
 * without a bucket.
 */

import { headersDigest, headersFor, cacheClassFor, type ObjectHeaders } from './contentHeaders.ts';
import type { Manifest, ManifestEntry } from './manifest.ts';
import type { LocalFile } from './scanDist.ts';

/**
 * Upload phases, in order. Each finishes before the next starts, so at every moment each live
 * page refers only to files that are already there:
 * 1. `fingerprinted`: new hashed files (`_astro/*`, Pagefind chunks) no old page refers to;
 * 2. `assets`: other files pages refer to (images, uploads, Pagefind's entry, the CMS bundle);
 * 3. `pages`: HTML;
 * 4. `feeds`: feeds, sitemaps and robots.txt, which announce the pages to machines.
 */
export const PHASES = ['fingerprinted', 'assets', 'pages', 'feeds'] as const;

/** One of PHASES. */
export type Phase = (typeof PHASES)[number];

/** The phase a key is uploaded in. */
export function phaseFor(key: string): Phase {
	const cacheClass = cacheClassFor(key);
	if (cacheClass === 'immutable') return 'fingerprinted';
	if (/\.html?$/i.test(key)) return 'pages';
	if (cacheClass === 'feed') return 'feeds';
	return 'assets';
}

/** A local file with what the deploy decided about it. */
export interface PlannedFile extends LocalFile {
	headers: ObjectHeaders;
	headersDigest: string;
	phase: Phase;
}

/** What HEAD tells about an object the manifest does not cover. */
export interface RemoteHead {
	sha256: string | undefined;
	contentType: string | undefined;
	cacheControl: string | undefined;
}

/** What is known about the bucket before the deploy changes anything. */
export interface RemoteState {
	/** Every key under the prefix (manifest excluded) with its size, from LIST. */
	listing: ReadonlyMap<string, number>;
	/** The manifest, or undefined if there is none, it is unreadable, or --verify was given. */
	manifest: Manifest | undefined;
	/** HEAD results for the keys needsHead() named. */
	heads?: ReadonlyMap<string, RemoteHead | undefined>;
}

/** The decisions of one deploy. */
export interface DeployPlan {
	/** In upload order: by phase, then by key. */
	upload: PlannedFile[];
	unchanged: PlannedFile[];
	/** Keys to delete, pages first and fingerprinted files last. */
	delete: string[];
	/** The manifest that describes the bucket once the deploy is done. */
	finalManifest: Manifest;
	/** The manifest to write before the first upload: only entries no upload will touch. */
	interimManifest: Manifest;
}

/** Adds headers and phase to scanned files. */
export function annotate(files: readonly LocalFile[]): PlannedFile[] {
	return files.map((f) => {
		const headers = headersFor(f.key);
		return { ...f, headers, headersDigest: headersDigest(headers), phase: phaseFor(f.key) };
	});
}

function entryOf(f: PlannedFile): ManifestEntry {
	return { sha256: f.sha256, size: f.size, headers: f.headersDigest };
}

/**
 * Files whose stored state only a HEAD request can tell: present in the bucket with the right
 * size but unknown to the manifest (first deploy with this tool, a lost manifest, an upload
 * interrupted after the interim manifest was written, or --verify).
 */
export function needsHead(
	files: readonly PlannedFile[],
	remote: Omit<RemoteState, 'heads'>
): PlannedFile[] {
	return files.filter((f) => remote.listing.get(f.key) === f.size && !remote.manifest?.has(f.key));
}

function isUnchanged(f: PlannedFile, remote: RemoteState): boolean {
	const size = remote.listing.get(f.key);
	if (size === undefined || size !== f.size) return false;
	const entry = remote.manifest?.get(f.key);
	if (entry)
		return entry.sha256 === f.sha256 && entry.size === f.size && entry.headers === f.headersDigest;
	const head = remote.heads?.get(f.key);
	return (
		head !== undefined &&
		head.sha256 === f.sha256 &&
		head.contentType === f.headers.contentType &&
		head.cacheControl === f.headers.cacheControl
	);
}

const byKey = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Plans a deploy of `files` over `remote`. */
export function planDeploy(files: readonly PlannedFile[], remote: RemoteState): DeployPlan {
	const upload: PlannedFile[] = [];
	const unchanged: PlannedFile[] = [];
	for (const f of files) (isUnchanged(f, remote) ? unchanged : upload).push(f);
	upload.sort((a, b) => PHASES.indexOf(a.phase) - PHASES.indexOf(b.phase) || byKey(a.key, b.key));

	const local = new Set(files.map((f) => f.key));
	const deletions = [...remote.listing.keys()].filter((key) => !local.has(key));
	// Reverse phase order: pages that refer to a file go before the file.
	deletions.sort(
		(a, b) => PHASES.indexOf(phaseFor(b)) - PHASES.indexOf(phaseFor(a)) || byKey(a, b)
	);

	const finalManifest: Manifest = new Map(files.map((f) => [f.key, entryOf(f)]));
	const interimManifest: Manifest = new Map(unchanged.map((f) => [f.key, entryOf(f)]));
	return { upload, unchanged, delete: deletions, finalManifest, interimManifest };
}

/** Total bytes of some files. */
export function totalBytes(files: readonly { size: number }[]): number {
	return files.reduce((sum, f) => sum + f.size, 0);
}

/**
 * The deploy manifest: one object in the bucket that records, for every key the deploy wrote,
 * the SHA-256 of its content, its size and which headers it got.
 *
 * It exists because the alternatives are bad at 20,000 files: ETags are MD5 on some providers
 * and something else for multipart uploads or encrypted buckets, and reading each object's
 * `x-amz-meta-sha256` takes one HEAD request per file. With the manifest a no-change deploy costs
 * one GET plus one LIST request per 1,000 keys. The LIST is still made, and wins over the manifest
 * where they disagree, so an object removed or replaced by hand is noticed.
 */

import { gunzipSync, gzipSync } from 'node:zlib';

/** Name of the manifest object, below the prefix. */
export const MANIFEST_KEY = '.huibao-deploy-manifest.json.gz';

/** What the manifest knows about one object. */
export interface ManifestEntry {
	sha256: string;
	size: number;
	/** headersDigest() of the Content-Type and Cache-Control it was uploaded with. */
	headers: string;
}

/** Key → entry. */
export type Manifest = Map<string, ManifestEntry>;

interface ManifestFile {
	format: 'huibao-deploy-manifest';
	version: 1;
	written: string;
	files: Record<string, [sha256: string, size: number, headers: string]>;
}

/** Gzipped JSON; compact arrays keep a 20,000-file manifest near a megabyte. */
export function encodeManifest(manifest: Manifest, now = new Date()): Buffer {
	const files: ManifestFile['files'] = {};
	for (const key of [...manifest.keys()].sort()) {
		const e = manifest.get(key) as ManifestEntry;
		files[key] = [e.sha256, e.size, e.headers];
	}
	const body: ManifestFile = {
		format: 'huibao-deploy-manifest',
		version: 1,
		written: now.toISOString(),
		files,
	};
	return gzipSync(JSON.stringify(body));
}

/**
 * Reads a manifest; returns undefined for anything unreadable, because a damaged manifest must
 * only cost a slower deploy (every object is checked by HEAD), never a wrong one.
 */
export function decodeManifest(data: Uint8Array): Manifest | undefined {
	try {
		const parsed = JSON.parse(gunzipSync(data).toString('utf8')) as Partial<ManifestFile>;
		if (parsed.format !== 'huibao-deploy-manifest' || parsed.version !== 1 || !parsed.files)
			return undefined;
		const manifest: Manifest = new Map();
		for (const [key, entry] of Object.entries(parsed.files)) {
			if (!Array.isArray(entry) || entry.length !== 3) return undefined;
			const [sha256, size, headers] = entry;
			if (typeof sha256 !== 'string' || typeof size !== 'number' || typeof headers !== 'string')
				return undefined;
			manifest.set(key, { sha256, size, headers });
		}
		return manifest;
	} catch {
		return undefined;
	}
}

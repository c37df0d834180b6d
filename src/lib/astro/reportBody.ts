/**
 * The rendered body of a .md report, from the build cache; rendered now when the cache does not
 * have it or its copy fails its checksum (see ../content/bodyHtml.ts).
 */
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { bodyHtml } from '../content/bodyHtml.ts';
import { ContentCache, contentCacheKey, defaultCacheDir } from '../content/contentCache.ts';

let cache: ContentCache | undefined;
let cacheStamp = -1;

/** The cache index, reopened when the loader has rewritten it (dev server edits). */
function openCache(timeZone: string): ContentCache {
	const dir = defaultCacheDir(process.cwd());
	let stamp = 0;
	try {
		stamp = statSync(join(dir, 'content.json')).mtimeMs;
	} catch {}
	if (!cache || stamp !== cacheStamp) {
		cache = ContentCache.open(dir, contentCacheKey(process.cwd(), timeZone));
		cacheStamp = stamp;
	}
	return cache;
}

export function reportBodyHtml(digest: string, file: string, timeZone: string): Promise<string> {
	return bodyHtml(openCache(timeZone), process.cwd(), file, digest, timeZone);
}

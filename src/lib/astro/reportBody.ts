/**
 * The rendered body of a .md report, from the build cache; rendered now (and cached) when the
 * cache does not have it or its copy fails its checksum, so a damaged cache heals itself.
 */
import { statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import matter from 'gray-matter';
import { ContentCache, defaultCacheDir } from '../content/contentCache.ts';
import { renderBody } from '../markdown/renderBody.ts';
import { FRONT_MATTER } from '../content/parseReport.ts';

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
		cache = ContentCache.open(dir, timeZone);
		cacheStamp = stamp;
	}
	return cache;
}

export async function reportBodyHtml(digest: string, file: string, timeZone: string): Promise<string> {
	const cache = openCache(timeZone);
	const cached = cache.readHtml(digest);
	if (cached !== undefined) return cached;
	const source = await readFile(join(process.cwd(), file), 'utf8');
	const { html } = await renderBody(matter(source, FRONT_MATTER).content);
	return html;
}

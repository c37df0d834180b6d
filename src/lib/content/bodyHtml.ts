/**
 * The rendered body of a `.md` report: from the content cache when its copy passes its checksum,
 * otherwise rendered again from the report file. A damaged cache costs time, never text: the
 * pages and the search index read bodies through here.
 */
import { readFile } from 'node:fs/promises';
import matter from 'gray-matter';
import { renderBody } from '../markdown/renderBody.ts';
import type { ContentCache } from './contentCache.ts';
import { FRONT_MATTER } from './parseReport.ts';
import { inside } from '../safePath.ts';

/** `file` is relative to `root` (as in ReportRecord.file). */
export async function bodyHtml(cache: ContentCache, root: string, file: string, digest: string): Promise<string> {
	const cached = cache.readHtml(digest);
	if (cached !== undefined) return cached;
	const source = await readFile(inside(root, file), 'utf8');
	return (await renderBody(matter(source, FRONT_MATTER).content)).html;
}

/**
 * The rendered body of a `.md` report: from the content cache when its copy passes its checksum,
 * otherwise compiled again from the report file by the same code that filled the cache
 * (compileReport.ts), so the result is the same. A damaged cache costs time, never text: the
 * pages and the search index read bodies through here.
 */
import { readFile } from 'node:fs/promises';
import { inside } from '../safePath.ts';
import { compileReport } from './compileReport.ts';
import type { ContentCache } from './contentCache.ts';
import { parseReportPath } from './reportPath.ts';

/** `file` is relative to `root` (as in ReportRecord.file). */
export async function bodyHtml(cache: ContentCache, root: string, file: string, digest: string, timeZone: string): Promise<string> {
	const cached = cache.readHtml(digest);
	if (cached !== undefined) return cached;
	const where = parseReportPath(file);
	if ('error' in where) throw new Error(`${file}: ${where.error}`);
	const { html } = await compileReport({ file, bytes: await readFile(inside(root, file)), where, timeZone });
	if (!html) throw new Error(`${file}: it no longer compiles; run the build again`);
	return Buffer.from(html.buffer, html.byteOffset, html.byteLength).toString('utf8');
}

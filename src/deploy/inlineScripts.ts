/**
 * Finds inline scripts in pages about to be published. The Content-Security-Policy the CDN sends
 * (public/_headers, docs/deploy.md) allows scripts from the site's own files only, so an inline
 * `<script>` (Astro inlines small ones by itself) would silently not run in production, while it
 * runs fine in `astro dev`. The deploy warns instead of failing: the CSP lives in the CDN's
 * settings, which the deploy cannot see. The reading pages' own script (lib/site/readingScript.ts)
 * is allowed by its hash in that policy, so it is not counted.
 */

import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { READING_SCRIPT_HASH } from '../lib/site/readingScript.ts';
import type { PlannedFile } from './planDeploy.ts';
import { runPool } from './runPool.ts';

const SCRIPT = /<script\b([^>]*)>([\s\S]*?)<\/script\s*>/gi;
const EXECUTABLE_TYPES = new Set([
	'',
	'module',
	'text/javascript',
	'application/javascript',
	'importmap',
]);

/** Hashes the site's policy allows (`'sha256-…'`). */
const ALLOWED_HASHES = new Set([READING_SCRIPT_HASH]);
const hashOf = (body: string) => `'sha256-${createHash('sha256').update(body).digest('base64')}'`;

/** Number of inline scripts in an HTML document that the site's `script-src` policy would block. */
export function countInlineScripts(html: string): number {
	let count = 0;
	for (const match of html.matchAll(SCRIPT)) {
		const attributes = match[1] ?? '';
		const body = match[2] ?? '';
		if (/\bsrc\s*=/i.test(attributes) || !body.trim() || ALLOWED_HASHES.has(hashOf(body))) continue;
		const type = /\btype\s*=\s*["']?([^"'\s>]*)/i.exec(attributes)?.[1]?.toLowerCase() ?? '';
		if (EXECUTABLE_TYPES.has(type)) count++;
	}
	return count;
}

/** Keys of the HTML files among `files` that carry inline scripts. */
export async function pagesWithInlineScripts(
	files: readonly PlannedFile[],
	concurrency = 8
): Promise<string[]> {
	const pages = files.filter((f) => f.phase === 'pages');
	const flagged = await runPool(pages, concurrency, async (f) =>
		countInlineScripts(await readFile(f.path, 'utf8')) > 0 ? f.key : undefined
	);
	return flagged.filter((key): key is string => key !== undefined);
}

/**
 * Standing pages (content/pages/<locale>/<slug>.md): read, validated and rendered like reports
 * (same front-matter reader, Markdown renderer, sanitiser and hidden-text checks), with their own
 * schema. An association has a handful of them, so they are compiled afresh on every load
 * (≈1 ms each) and carry their HTML with them: no cache to go stale, and a page's fingerprint
 * covers its body.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pageSchema, type PageFrontmatter } from '../../content/schema.ts';
import { defaultLocale, type Locale } from '../../i18n/locales.ts';
import { compileReport } from './compileReport.ts';
import { listPageFiles, pageFilePath, parsePagePath } from './pagePath.ts';
import type { Problem } from './problem.ts';

export interface PageRecord {
	/** `zh/<slug>`. */
	id: string;
	lang: Locale;
	slug: string;
	/** `content/pages/<lang>/<slug>.md` */
	file: string;
	/** Front matter; `summary` filled from the body when absent. */
	data: PageFrontmatter & { summary: string };
	/** Safe HTML of the body. */
	html: string;
	/** Site-internal links and images found in the body. */
	links: string[];
	images: string[];
}

export async function loadPages(
	root: string,
	timeZone: string
): Promise<{ pages: PageRecord[]; problems: Problem[] }> {
	const problems: Problem[] = [];
	const pages: PageRecord[] = [];
	for (const file of await listPageFiles(root)) {
		const where = parsePagePath(file);
		if ('error' in where) {
			problems.push({ file, field: 'file name', message: where.error });
			continue;
		}
		const bytes = await readFile(join(root, file));
		const { entry, html } = await compileReport(
			{ file, bytes, where: { lang: where.lang, kind: 'md' }, timeZone },
			pageSchema
		);
		for (const p of entry.problems) problems.push({ file, ...p });
		if (!entry.data || !html) continue;
		const data = entry.data as unknown as PageFrontmatter;
		pages.push({
			id: where.id,
			lang: where.lang,
			slug: where.slug,
			file,
			data: { ...data, summary: data.summary ?? entry.summary ?? '' },
			html: new TextDecoder().decode(html),
			links: entry.links ?? [],
			images: entry.images ?? [],
		});
	}
	return { pages, problems };
}

/**
 * A translation needs a published Chinese page with the same slug; the Chinese page decides
 * where both are linked from, so a translation's own `nav` and `order` are replaced by its.
 */
export function pairPages(
	pages: PageRecord[],
	includeDrafts: boolean
): { pages: PageRecord[]; problems: Problem[] } {
	const problems: Problem[] = [];
	const shown = new Set(includeDrafts ? pages : pages.filter((p) => !p.data.draft));
	const originals = new Map(
		[...shown].filter((p) => p.lang === defaultLocale).map((p) => [p.slug, p])
	);
	const out: PageRecord[] = [];
	for (const p of pages) {
		const original = originals.get(p.slug);
		if (p.lang !== defaultLocale && !original) {
			if (!p.data.draft)
				problems.push({
					file: p.file,
					field: 'file name',
					message: `translation without an original: ${pageFilePath(defaultLocale, p.slug)} does not exist${includeDrafts ? '' : ' (or is a draft)'}`,
				});
			continue;
		}
		if (!shown.has(p)) continue;
		out.push(
			original && p !== original
				? { ...p, data: { ...p.data, nav: original.data.nav, order: original.data.order } }
				: p
		);
	}
	return { pages: out, problems };
}

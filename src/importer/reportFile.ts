/**
 * The report files the importer writes and the ones already there.
 *
 * Front matter is written as YAML 1.1 because gray-matter (js-yaml), which the site reads it
 * with, follows 1.1: a 1.2 writer would leave `12:30` or `on` unquoted and js-yaml would read a
 * number or a boolean back. The date is the one value written as a 1.1 timestamp, unquoted, as
 * the editors and the CMS write it.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import YAML from 'yaml';
import { reportSchema } from '../content/schema.ts';
import { toPlainDate, type PlainDate } from '../lib/dates/plainDate.ts';
import { defaultLocale } from '../i18n/locales.ts';
import { listReportFiles, parseReportPath } from '../lib/content/reportPath.ts';

/** What the importer owns in a report's front matter; an editor's other fields are kept. */
export interface ImportedFields {
	title: string;
	date: PlainDate;
	category: string;
	source?: string;
	origin: string;
	/** The share image (WeChat): written for a new report, and on update only when it has none. */
	cover?: string;
	/** `--link`: the article's address; the report is a link-out item with no body. */
	link?: string;
}

const OWNED = ['title', 'date', 'category', 'source', 'origin'] as const;

/**
 * `<date>-<6 hex of sha1(origin)>`: sorts by date, is the same on every run for the same page,
 * and is plain ASCII, so it is a safe file name and URL everywhere.
 */
export function reportSlug(date: PlainDate, origin: string): string {
	return `${date}-${createHash('sha1').update(origin).digest('hex').slice(0, 6)}`;
}

const FRONT_MATTER = /^\uFEFF?---\r?\n([\s\S]*?)\r?\n?---[ \t]*(?:\r?\n|$)/;

/** A new report file: front matter, a blank line, the Markdown body. */
export function newReportFile(fields: ImportedFields, body: string): string {
	const doc = new YAML.Document({}, { version: '1.1' });
	for (const key of OWNED) setField(doc, key, fields);
	if (fields.cover) doc.set('cover', fields.cover);
	if (fields.link) doc.set('link', fields.link);
	return compose(doc, body);
}

/**
 * The report file after re-importing its page: the importer's fields and the body are replaced,
 * anything an editor added to the front matter (tags, summary, cover…) and its comments stay.
 */
export function updatedReportFile(
	existing: string,
	fields: ImportedFields,
	body: string
): { text: string } | { error: string } {
	const match = FRONT_MATTER.exec(existing);
	if (!match) return { error: 'the existing report has no front matter' };
	const doc = YAML.parseDocument(match[1]!, { version: '1.1' });
	if (doc.errors.length) {
		const reason = doc.errors[0]!.message.split('\n')[0];
		return { error: `the existing report's front matter is not valid YAML: ${reason}` };
	}
	if (!YAML.isMap(doc.contents)) {
		return { error: "the existing report's front matter is not a list of fields" };
	}
	for (const key of OWNED) setField(doc, key, fields);
	// The cover is an editor's field too: an imported one only fills an empty place.
	if (fields.cover && !doc.has('cover')) doc.set('cover', fields.cover);
	if (fields.link) doc.set('link', fields.link);
	return { text: compose(doc, body) };
}

function setField(doc: YAML.Document, key: (typeof OWNED)[number], fields: ImportedFields): void {
	const value = fields[key];
	if (value === undefined) {
		doc.delete(key);
		return;
	}
	// A Date at UTC midnight is written as a bare `2022-12-07` by the 1.1 timestamp type.
	doc.set(key, key === 'date' ? doc.createNode(new Date(`${value}T00:00:00Z`)) : value);
}

function compose(doc: YAML.Document, body: string): string {
	return `---\n${doc.toString({ lineWidth: 0 })}---\n\n${body}`;
}

/**
 * Checks a report file against the site's schema, read back the way the site reads it.
 * Returns problems as `field: message`.
 */
export function validateReportFile(text: string): string[] {
	const match = FRONT_MATTER.exec(text);
	if (!match) return ['front matter: missing'];
	const data = YAML.parse(match[1]!, { version: '1.1' }) as Record<string, unknown> | null;
	if (data === null || typeof data !== 'object') return ['front matter: not a list of fields'];
	if (data.date instanceof Date) data.date = toPlainDate(data.date) ?? data.date;
	const result = reportSchema.safeParse(data);
	if (result.success) return [];
	return result.error.issues.map(
		(issue) => `${issue.path.join('.') || 'front matter'}: ${issue.message}`
	);
}

/** Splits a report into its front matter data and body (for tests and the origin index). */
export function readReportFile(
	text: string
): { data: Record<string, unknown>; body: string } | undefined {
	const match = FRONT_MATTER.exec(text);
	if (!match) return undefined;
	try {
		const data = YAML.parse(match[1]!, { version: '1.1' }) as unknown;
		if (data === null || typeof data !== 'object' || Array.isArray(data)) return undefined;
		return { data: data as Record<string, unknown>, body: text.slice(match[0].length) };
	} catch {
		return undefined;
	}
}

/**
 * The existing Chinese reports (imported reports are Chinese: the old sites are; translations are
 * made in the CMS): origin → report file (from the root, `content/reports/<year>/zh/<slug>.md`),
 * the slugs in use, files that cannot be read.
 */
export async function readExistingReports(
	root: string
): Promise<{ origins: Map<string, string>; slugs: Set<string>; unreadable: string[] }> {
	const origins = new Map<string, string>();
	const slugs = new Set<string>();
	const unreadable: string[] = [];
	for (const file of await listReportFiles(root)) {
		const where = parseReportPath(file);
		if ('error' in where || where.lang !== defaultLocale) continue;
		slugs.add(where.slug);
		const parsed = readReportFile(await readFile(path.join(root, file), 'utf8'));
		if (!parsed) {
			unreadable.push(file);
			continue;
		}
		const origin = parsed.data.origin;
		if (typeof origin === 'string' && !origins.has(origin.trim())) origins.set(origin.trim(), file);
	}
	return { origins, slugs, unreadable };
}

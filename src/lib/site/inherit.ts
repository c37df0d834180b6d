/**
 * A translation shows the original's shared values when it has none of its own: the fields
 * marked `inherit` in the schema (cover, attachments, 置顶 and 置顶至, 文号, 成文日期). The CMS's
 * translation side starts without attachments, and reports translated earlier or by hand often
 * leave these out; the translated page must still offer the files, and 文号 and 置顶 must agree
 * across languages (content/README.md: translations share the attachment files).
 * A translation that has its own (English titles, English-only files, pinned: false) keeps them.
 */
import { fieldMeta, reportSchema } from '../../content/schema.ts';
import type { ReportRecord } from '../content/loadContent.ts';

/** Front-matter keys a translation takes from its original when it has no value of its own. */
export const INHERITED_FIELDS: readonly string[] = Object.entries(reportSchema.shape)
	.filter(([, schema]) => fieldMeta(schema)?.inherit)
	.map(([name]) => name);

const missing = (value: unknown) =>
	value === undefined || value === null || (Array.isArray(value) && value.length === 0);

/** `translation` with the inherited fields it lacks filled from `original` (a new record). */
export function withInherited(translation: ReportRecord, original: ReportRecord | undefined) {
	if (!original) return translation;
	const data: Record<string, unknown> = { ...translation.data };
	let changed = false;
	for (const key of INHERITED_FIELDS) {
		const own = data[key];
		const theirs = (original.data as Record<string, unknown>)[key];
		if (missing(own) && !missing(theirs)) {
			data[key] = theirs;
			changed = true;
		}
	}
	return changed ? ({ ...translation, data } as ReportRecord) : translation;
}

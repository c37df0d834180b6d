/**
 * 相关文章: a few reports related to each report — those sharing the most tags with it, then
 * others of its category — shown newest first.
 *
 * Candidates come from an index (each tag's and each category's reports, newest first) and only
 * from near the report itself: the `window` reports on either side of it in each of its lists.
 * So the work per report is fixed (tags × 2·window), the whole archive costs linear time, and
 * an edit changes the related lists of a bounded set of reports (those near it in a list they
 * share: at most 3·window per list): an incremental build re-renders tens of pages, not every report that
 * shares a popular tag. Reports of the same period are also what a reader of an old notice
 * is looking for; the newest reports are on the home page already.
 */
import type { ReportRecord } from '../content/loadContent.ts';

/** How many related reports a report page lists. */
export const RELATED_SIZE = 5;
/** Reports looked at on each side of a report, in each tag list and in its category. */
export const RELATED_WINDOW = 4;

/**
 * Related reports of every report of one language. `list` is newest first (compareReports);
 * `tagsOf` gives a report's tag keys (each once); `categoryLists` its category's reports in the
 * same order as `list`.
 */
export function relatedReports(
	list: readonly ReportRecord[],
	tagsOf: (r: ReportRecord) => readonly string[],
	categoryLists: ReadonlyMap<string, readonly ReportRecord[]>,
	size = RELATED_SIZE,
	window = RELATED_WINDOW
): Map<ReportRecord, ReportRecord[]> {
	const rank = new Map(list.map((r, i) => [r, i]));
	// Each tag's reports, newest first, and where each report stands in them.
	const byTag = new Map<string, ReportRecord[]>();
	const places = new Map<ReportRecord, [ReportRecord[], number][]>();
	for (const r of list) {
		const own: [ReportRecord[], number][] = [];
		for (const tag of tagsOf(r)) {
			let group = byTag.get(tag);
			if (!group) byTag.set(tag, (group = []));
			own.push([group, group.length]);
			group.push(r);
		}
		places.set(r, own);
	}
	const categoryPlace = new Map<ReportRecord, number>();
	for (const group of categoryLists.values()) group.forEach((r, i) => categoryPlace.set(r, i));

	const newestFirst = (a: ReportRecord, b: ReportRecord) => rank.get(a)! - rank.get(b)!;
	const result = new Map<ReportRecord, ReportRecord[]>();
	for (const r of list) {
		const shared = new Map<ReportRecord, number>();
		for (const [group, at] of places.get(r)!) {
			for (const other of near(group, at, window)) shared.set(other, (shared.get(other) ?? 0) + 1);
		}
		const chosen = [...shared.keys()]
			.sort((a, b) => shared.get(b)! - shared.get(a)! || newestFirst(a, b))
			.slice(0, size);
		if (chosen.length < size) {
			const taken = new Set(chosen);
			const inCategory = categoryLists.get(r.data.category) ?? [];
			const more = near(inCategory, categoryPlace.get(r) ?? 0, window).filter(
				(other) => !taken.has(other)
			);
			chosen.push(...more.sort(newestFirst).slice(0, size - chosen.length));
		}
		// Shown newest first: the list reads like every other list of the site.
		result.set(r, chosen.sort(newestFirst));
	}
	return result;
}

/**
 * The `2·window` reports nearest to `at` in `group` (the one at `at` left out): `window` on
 * either side, or more on one side at the ends of the list, so the newest and the oldest
 * report have as many candidates as any other.
 */
function near<T>(group: readonly T[], at: number, window: number): T[] {
	const start = Math.max(0, Math.min(at - window, group.length - 1 - 2 * window));
	const out: T[] = [];
	for (let j = start; j <= Math.min(group.length - 1, start + 2 * window); j++)
		if (j !== at) out.push(group[j]!);
	return out;
}

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
	// Reports are numbered by their place in `list`: a smaller number is a newer report.
	const rank = new Map(list.map((r, i) => [r, i]));
	// Each tag's reports, newest first, and where each report stands in them.
	const byTag = new Map<string, number[]>();
	const places: [number[], number][][] = list.map((r, i) =>
		tagsOf(r).map((tag) => {
			let group = byTag.get(tag);
			if (!group) byTag.set(tag, (group = []));
			group.push(i);
			return [group, group.length - 1];
		})
	);
	const categoryOf: [number[], number][] = new Array(list.length);
	for (const group of categoryLists.values()) {
		const numbers = group.map((r) => rank.get(r)!);
		numbers.forEach((n, at) => (categoryOf[n] = [numbers, at]));
	}

	const result = new Map<ReportRecord, ReportRecord[]>();
	list.forEach((r, i) => {
		// Candidates and how many of the report's tags each shares: a few dozen at most.
		const candidates: number[] = [];
		const shared: number[] = [];
		for (const [group, at] of places[i]!) {
			for (const other of near(group, at, window)) {
				const k = candidates.indexOf(other);
				if (k < 0) {
					candidates.push(other);
					shared.push(1);
				} else shared[k]!++;
			}
		}
		const order = candidates.map((_, k) => k);
		order.sort((a, b) => shared[b]! - shared[a]! || candidates[a]! - candidates[b]!);
		const chosen = order.slice(0, size).map((k) => candidates[k]!);
		if (chosen.length < size && categoryOf[i]) {
			const [group, at] = categoryOf[i]!;
			const more = near(group, at, window)
				.filter((other) => !chosen.includes(other))
				.sort((a, b) => a - b);
			chosen.push(...more.slice(0, size - chosen.length));
		}
		// Shown newest first: the list reads like every other list of the site.
		result.set(
			r,
			chosen.sort((a, b) => a - b).map((n) => list[n]!)
		);
	});
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

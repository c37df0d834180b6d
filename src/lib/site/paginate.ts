/** Reports per page on category and tag pages. */
export const PAGE_SIZE = 20;

export interface PageSlice<T> {
	items: T[];
	/** 1-based. */
	page: number;
	pages: number;
	total: number;
}

/**
 * Splits a list into pages of `size`; an empty list still gets one (empty) page, so a category
 * with no reports yet has a page that says so instead of a 404.
 *
 * @example paginate([1, 2, 3], 2).map((p) => p.items) // [[1, 2], [3]]
 */
export function paginate<T>(items: readonly T[], size = PAGE_SIZE): PageSlice<T>[] {
	const pages = Math.max(1, Math.ceil(items.length / size));
	return Array.from({ length: pages }, (_, i) => ({
		items: items.slice(i * size, (i + 1) * size),
		page: i + 1,
		pages,
		total: items.length,
	}));
}

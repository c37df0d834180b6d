import { dateParts } from '../dates/plainDate.ts';

export interface MonthGroup<T> {
	month: number;
	items: T[];
}
export interface YearGroup<T> {
	year: number;
	count: number;
	months: MonthGroup<T>[];
}

/**
 * Groups items (already newest first) by year and month of their plain date, newest first.
 * Only the date string is read, so the build machine's time zone cannot move an item.
 *
 * @example groupByYearMonth([{ date: '2022-03-15' }])[0] // { year: 2022, count: 1, months: [{ month: 3, … }] }
 */
export function groupByYearMonth<T extends { date: string }>(items: readonly T[]): YearGroup<T>[] {
	const years = new Map<number, Map<number, T[]>>();
	for (const item of items) {
		const { year, month } = dateParts(item.date);
		let months = years.get(year);
		if (!months) years.set(year, (months = new Map()));
		let list = months.get(month);
		if (!list) months.set(month, (list = []));
		list.push(item);
	}
	return [...years.entries()]
		.sort((a, b) => b[0] - a[0])
		.map(([year, months]) => {
			const monthGroups = [...months.entries()]
				.sort((a, b) => b[0] - a[0])
				.map(([month, list]) => ({ month, items: list }));
			return {
				year,
				count: monthGroups.reduce((n, m) => n + m.items.length, 0),
				months: monthGroups,
			};
		});
}

import { describe, expect, test } from 'vitest';
import { groupByYearMonth } from '../../src/lib/site/archive.ts';
import { paginate } from '../../src/lib/site/paginate.ts';
import { pageWindow } from '../../src/lib/site/siteModel.ts';

describe('groupByYearMonth', () => {
	test('groups newest first with counts per year and month', () => {
		const items = ['2024-12-31', '2024-12-01', '2024-01-01', '2023-07-15'].map((date) => ({
			date,
		}));
		const years = groupByYearMonth(items);
		expect(
			years.map((y) => [y.year, y.count, y.months.map((m) => [m.month, m.items.length])])
		).toEqual([
			[
				2024,
				3,
				[
					[12, 2],
					[1, 1],
				],
			],
			[2023, 1, [[7, 1]]],
		]);
	});
});

describe('paginate', () => {
	test('cuts 45 items into pages of 20, 20 and 5', () => {
		const pages = paginate(
			Array.from({ length: 45 }, (_, i) => i),
			20
		);
		expect(pages.map((p) => [p.page, p.items.length, p.pages, p.total])).toEqual([
			[1, 20, 3, 45],
			[2, 20, 3, 45],
			[3, 5, 3, 45],
		]);
		expect(pages[2]!.items[0]).toBe(40);
	});

	test('an empty list is one empty page', () => {
		expect(paginate([])).toEqual([{ items: [], page: 1, pages: 1, total: 0 }]);
	});
});

describe('pageWindow', () => {
	test('shows the ends and the pages around the current one', () => {
		expect(pageWindow(43, 500)).toEqual([1, null, 41, 42, 43, 44, 45, null, 500]);
		expect(pageWindow(1, 3)).toEqual([1, 2, 3]);
		expect(pageWindow(5, 9)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
		expect(pageWindow(1, 1)).toEqual([1]);
	});
});

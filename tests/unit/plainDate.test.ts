import { afterEach, describe, expect, test } from 'vitest';
import { dateParts, formatDate, isPlainDate, toPlainDate } from '../../src/lib/dates/plainDate.ts';
import { reportSchema } from '../../src/content/schema.ts';
import { groupByYearMonth } from '../../src/lib/site/archive.ts';
import matter from 'gray-matter';

const ZONES = [
	'Asia/Shanghai',
	'America/Los_Angeles',
	'UTC',
	'Pacific/Kiritimati',
	'Pacific/Pago_Pago',
];
const originalTz = process.env.TZ;
afterEach(() => {
	process.env.TZ = originalTz;
});

describe('toPlainDate', () => {
	test.each(ZONES)(
		'keeps an unquoted YAML date as the same day when the machine is in %s',
		(zone) => {
			process.env.TZ = zone;
			const { data } = matter('---\ndate: 2022-03-15\n---\n', {});
			expect(data.date).toBeInstanceOf(Date);
			expect(toPlainDate(data.date)).toBe('2022-03-15');
			const parsed = reportSchema.parse({ title: 't', date: data.date, category: 'news' });
			expect(parsed.date).toBe('2022-03-15');
			expect(groupByYearMonth([{ date: parsed.date }])[0]).toMatchObject({
				year: 2022,
				months: [{ month: 3 }],
			});
			expect(formatDate(parsed.date, 'zh')).toBe('2022年3月15日');
		}
	);

	test('reads a timestamp with a time of day in the site time zone', () => {
		expect(toPlainDate('2022-03-14T16:00:00Z')).toBe('2022-03-15');
		expect(toPlainDate('2022-03-14T16:00:00Z', 'America/Los_Angeles')).toBe('2022-03-14');
		expect(toPlainDate(new Date('2022-03-15T08:30:00+08:00'))).toBe('2022-03-15');
	});

	test('returns undefined for impossible or malformed dates', () => {
		for (const bad of ['2023-02-29', '2022-13-01', '2022-3-5', '15/03/2022', 'yesterday', '']) {
			expect(toPlainDate(bad), bad).toBeUndefined();
		}
		expect(toPlainDate(new Date('nope'))).toBeUndefined();
		expect(isPlainDate('2024-02-29')).toBe(true);
	});
});

describe('dateParts and formatDate', () => {
	test('split and show a date without any Date object', () => {
		expect(dateParts('2026-01-09')).toEqual({ year: 2026, month: 1, day: 9 });
		expect(formatDate('2026-01-09', 'en')).toBe('9 January 2026');
	});
});

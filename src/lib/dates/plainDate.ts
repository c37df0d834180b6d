/**
 * Calendar dates without time zones.
 *
 * A report dated 2022-03-15 must show and be filed as 2022-03-15 on any machine, so dates are
 * kept as `YYYY-MM-DD` strings from the moment they are read, and never pass through local time.
 */
import { locales, type Locale } from '../../i18n/locales.ts';

/** `YYYY-MM-DD`, e.g. `'2022-03-15'`. */
export type PlainDate = string;

const PLAIN = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?$/;

/** True for a real calendar date written `YYYY-MM-DD` (so `2023-02-29` is false). */
export function isPlainDate(value: unknown): boolean {
	if (typeof value !== 'string') return false;
	const m = PLAIN.exec(value);
	if (!m) return false;
	const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
	if (y < 1900 || y > 2999 || mo < 1 || mo > 12 || d < 1) return false;
	return d <= daysInMonth(y, mo);
}

function daysInMonth(year: number, month: number): number {
	return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/**
 * Reads a date as YAML or a form gives it:
 * - `'2022-03-15'` stays as it is;
 * - a Date at exactly UTC midnight is what YAML makes of an unquoted `2022-03-15`: its UTC day;
 * - any other instant (`2022-03-14T16:00:00Z`, or a Date with a time of day) is the calendar
 *   day it was in `timeZone`, China Standard Time unless the site settings say otherwise.
 *
 * Returns undefined when the value is not a valid date.
 *
 * @example toPlainDate(new Date('2022-03-15')) // '2022-03-15'
 * @example toPlainDate('2022-03-14T16:00:00Z') // '2022-03-15' (Asia/Shanghai)
 */
export function toPlainDate(
	value: string | Date,
	timeZone = 'Asia/Shanghai'
): PlainDate | undefined {
	if (typeof value === 'string') {
		const text = value.trim();
		if (isPlainDate(text)) return text;
		if (!TIMESTAMP.test(text)) return undefined;
		const instant = new Date(text.includes('T') ? text : text.replace(' ', 'T'));
		return toPlainDate(instant, timeZone);
	}
	if (Number.isNaN(value.getTime())) return undefined;
	const utcDay = value.toISOString().slice(0, 10);
	if (value.getTime() % 86_400_000 === 0) return isPlainDate(utcDay) ? utcDay : undefined;
	const local = new Intl.DateTimeFormat('en-CA', {
		timeZone,
		year: 'numeric',
		month: '2-digit',
		day: '2-digit',
	}).format(value);
	return isPlainDate(local) ? local : undefined;
}

/** Year, month and day of a plain date, as numbers. */
export function dateParts(date: PlainDate): { year: number; month: number; day: number } {
	const [year, month, day] = date.split('-').map(Number) as [number, number, number];
	return { year, month, day };
}

/**
 * A date written the way the language writes it: its Intl long date, read in UTC so no time
 * zone moves the day.
 * @example formatDate('2022-03-15', 'zh') // '2022年3月15日'
 * @example formatDate('2022-03-15', 'en') // '15 March 2022'
 */
export function formatDate(date: PlainDate, lang: Locale): string {
	const { year, month, day } = dateParts(date);
	return dateFormat(lang, { dateStyle: 'long' }).format(Date.UTC(year, month - 1, day));
}

/** A date in a list: `2022-03-15` or the long date, as the language's lists show it. */
export function listDate(date: PlainDate, lang: Locale): string {
	return locales[lang].listDates === 'numeric' || !date ? date : formatDate(date, lang);
}

/** Month name for archive headings. @example formatMonth(2022, 3, 'zh') // '2022年3月' */
export function formatMonth(year: number, month: number, lang: Locale): string {
	return dateFormat(lang, { year: 'numeric', month: 'long' }).format(Date.UTC(year, month - 1, 1));
}

const dateFormats = new Map<string, Intl.DateTimeFormat>();

function dateFormat(lang: Locale, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
	const key = `${lang} ${JSON.stringify(options)}`;
	let format = dateFormats.get(key);
	if (!format) {
		format = new Intl.DateTimeFormat(locales[lang].dates, { ...options, timeZone: 'UTC' });
		dateFormats.set(key, format);
	}
	return format;
}

/** RFC 822 date for RSS: midnight China time of that day, fixed whatever the build machine's zone. */
export function plainDateToInstant(date: PlainDate): Date {
	return new Date(`${date}T00:00:00+08:00`);
}

/**
 * Times of day in the site's time zone: when a report goes live (`publish_at`), when it comes
 * down (`unpublish_at`), and the clock a build reads them against.
 *
 * An editor writes `2025-06-01 08:00` and means 08:00 where the association is (settings.yml
 * `timezone`), whatever the time zone of the CI machine. So a time is kept as that wall-clock
 * text, `YYYY-MM-DD HH:mm`, and the build's "now" is turned into the same text in the site's
 * zone: comparing the two strings compares the times, to the minute, with no machine zone in
 * between.
 */
import { isPlainDate } from './plainDate.ts';

/** `YYYY-MM-DD HH:mm` in the site's time zone, e.g. `'2025-06-01 08:00'`. */
export type SiteTime = string;

const WRITTEN = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?$/;

/**
 * Reads a time as YAML or the CMS gives it: `'2025-06-01 08:00'` (also with `T` or seconds,
 * which are dropped), or a Date, which is what YAML makes of an unquoted `2025-06-01 08:00:00`:
 * YAML reads it as UTC, so its UTC fields are the wall clock the editor wrote. A time with a
 * zone offset is refused: the site's zone decides. Undefined when the value is not a time.
 *
 * @example toSiteTime('2025-06-01T08:00') // '2025-06-01 08:00'
 */
export function toSiteTime(value: unknown): SiteTime | undefined {
	let text: string;
	if (value instanceof Date) {
		if (Number.isNaN(value.getTime())) return undefined;
		text = value.toISOString().slice(0, 19);
	} else if (typeof value === 'string') text = value.trim();
	else return undefined;
	const m = WRITTEN.exec(text);
	if (!m || !isPlainDate(m[1])) return undefined;
	if (Number(m[2]) > 23 || Number(m[3]) > 59 || Number(m[4] ?? 0) > 59) return undefined;
	return `${m[1]} ${m[2]}:${m[3]}`;
}

/** The wall clock of `instant` in `timeZone`, to the minute. */
export function siteTimeAt(instant: Date, timeZone: string): SiteTime {
	const parts = Object.fromEntries(
		new Intl.DateTimeFormat('en-CA', {
			timeZone,
			hourCycle: 'h23',
			year: 'numeric',
			month: '2-digit',
			day: '2-digit',
			hour: '2-digit',
			minute: '2-digit',
		})
			.formatToParts(instant)
			.map((p) => [p.type, p.value])
	);
	return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}`;
}

/**
 * The instant a build publishes for: `HUIBAO_NOW` when set (tests, or rebuilding the site as
 * it was or will be), else the clock. HUIBAO_NOW is an ISO 8601 instant with its offset, such
 * as `2025-06-01T08:00:00+08:00` or `2025-06-01T00:00Z`, or a day (`2025-06-01`, noon UTC).
 */
export function buildClock(env: NodeJS.ProcessEnv = process.env): Date {
	const fake = env.HUIBAO_NOW?.trim();
	if (!fake) return new Date();
	// A bare day (2026-04-04) is noon UTC of that day: the same day in China, to build the site
	// as on a day (哀悼模式); scheduled times need the full instant.
	const instant = /^\d{4}-\d{2}-\d{2}$/.test(fake)
		? new Date(`${fake}T12:00:00Z`)
		: /(?:Z|[+-]\d{2}:?\d{2})$/i.test(fake)
			? new Date(fake)
			: new Date(NaN);
	if (Number.isNaN(instant.getTime()))
		throw new Error(
			`HUIBAO_NOW=${JSON.stringify(fake)} is not an instant: write it like 2025-06-01T08:00:00+08:00, or a day like 2025-06-01`
		);
	return instant;
}

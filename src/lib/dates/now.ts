/**
 * The build's "now": the real clock, or `HUIBAO_NOW` (an ISO date `2026-04-04` or date-time
 * `2026-04-04T08:00:00+08:00`) to build the site as it will be on another day — for tests, and
 * to preview a date-bound setting such as 哀悼模式. Everything that depends on the date reads it
 * here, so one variable moves them all.
 */
import type { PlainDate } from './plainDate.ts';

export function now(): Date {
	const fake = process.env.HUIBAO_NOW?.trim();
	if (!fake) return new Date();
	const at = new Date(/^\d{4}-\d{2}-\d{2}$/.test(fake) ? `${fake}T12:00:00Z` : fake);
	if (Number.isNaN(at.getTime()))
		throw new Error(`HUIBAO_NOW: must be a date (2026-04-04) or date-time, got "${fake}"`);
	return at;
}

/** The calendar day it is now in `timeZone` (the association's, from settings.yml). */
export function today(timeZone: string, at: Date = now()): PlainDate {
	return new Intl.DateTimeFormat('en-CA', {
		timeZone,
		year: 'numeric',
		month: '2-digit',
		day: '2-digit',
	}).format(at);
}

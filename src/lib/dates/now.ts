/**
 * The build's "now": the real clock, or `HUIBAO_NOW` (an ISO date `2026-04-04` or date-time
 * `2026-04-04T08:00:00+08:00`) to build the site as it will be on another day — for tests, and
 * to preview a date-bound setting such as 哀悼模式. Everything that depends on the date reads it
 * here, so one variable moves them all.
 */
import type { PlainDate } from './plainDate.ts';
import { buildClock } from './siteTime.ts';

export function now(): Date {
	// One reader of HUIBAO_NOW for the whole build (scheduled publishing reads it too).
	return buildClock();
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

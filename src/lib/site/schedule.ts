/**
 * What is on the site at a given time: 定时发布 (`publish_at`), 定时下线 (`unpublish_at`) and
 * 置顶至 (`pinned_until`), all read in the site's time zone (see lib/dates/siteTime.ts).
 *
 * The build takes "now" once (buildClock) and everything else follows from this module: the
 * site model, the feeds, the sitemap and the search index only ever see the reports that are
 * live at that minute. A report's pages, list entries and search records therefore appear and
 * disappear through the ordinary incremental build: their fingerprints change, nothing cached
 * survives a change of state.
 *
 * Taken down means gone: an expired report's page is removed too (a 404), not kept at its
 * address. 下线 is what an editor does to a notice that must no longer be seen (a closed call
 * for applications, a withdrawn document); a page left reachable through search engines and old
 * links would defeat it. Editors who want the text kept simply leave `unpublish_at` empty.
 */
import { defaultLocale } from '../../i18n/locales.ts';
import type { ReportFrontmatter } from '../../content/schema.ts';
import type { ReportRecord, SiteContent } from '../content/loadContent.ts';
import type { PlainDate } from '../dates/plainDate.ts';
import type { SiteTime } from '../dates/siteTime.ts';

export type ScheduleState = 'scheduled' | 'live' | 'expired';

type Timed = Pick<ReportFrontmatter, 'publish_at' | 'unpublish_at'>;

/** Live from the minute of `publish_at` (inclusive) to the minute of `unpublish_at` (exclusive). */
export function scheduleState(data: Timed, now: SiteTime): ScheduleState {
	if (data.publish_at && now < data.publish_at) return 'scheduled';
	if (data.unpublish_at && now >= data.unpublish_at) return 'expired';
	return 'live';
}

/** Pinned on `today` (site's zone): through the whole of the `pinned_until` day. */
export function isPinned(
	data: Pick<ReportFrontmatter, 'pinned' | 'pinned_until'>,
	today: PlainDate
): boolean {
	return data.pinned === true && (!data.pinned_until || today <= data.pinned_until);
}

/**
 * The reports on the site at `now`. A translation follows its original: it is live only while
 * the Chinese report is (its own times can only narrow that), so a language switch never
 * points at a page that is not there.
 */
export function liveReports(reports: ReportRecord[], now: SiteTime): ReportRecord[] {
	const live = reports.filter((r) => scheduleState(r.data, now) === 'live');
	const originals = new Set(live.filter((r) => r.lang === defaultLocale).map((r) => r.slug));
	return live.filter((r) => r.lang === defaultLocale || originals.has(r.slug));
}

/** The content as the site shows it at `now`. */
export function contentAt(content: SiteContent, now: SiteTime): SiteContent {
	return { ...content, reports: liveReports(content.reports, now) };
}

/**
 * The times at which the site changes by itself: a publish or take-down minute, or the
 * midnight after a `pinned_until` day. A scheduled CI run rebuilds only when one of them fell
 * between the last build and now (see deploy/scheduleDue.ts).
 */
export function scheduleTimes(
	data: Pick<ReportFrontmatter, 'publish_at' | 'unpublish_at' | 'pinned' | 'pinned_until'>
): SiteTime[] {
	const times: SiteTime[] = [];
	if (data.publish_at) times.push(data.publish_at);
	if (data.unpublish_at) times.push(data.unpublish_at);
	if (data.pinned && data.pinned_until) times.push(`${nextDay(data.pinned_until)} 00:00`);
	return times;
}

function nextDay(day: PlainDate): PlainDate {
	const d = new Date(`${day}T00:00:00Z`);
	d.setUTCDate(d.getUTCDate() + 1);
	return d.toISOString().slice(0, 10);
}

/**
 * Whether the site changes by itself between two instants: a report's `publish_at` or
 * `unpublish_at` minute, or the midnight after its `pinned_until` day, fell after the build that
 * is live and at or before now (all in the site's time zone, settings.yml `timezone`).
 *
 * The hourly scheduled CI run asks this when the tree is the one that is live (path `none`):
 * nothing due → the run stops after the decision, nothing is built or uploaded; something due →
 * it takes the content path (incremental build, deploy of the changed files only).
 *
 * It reads only the front matter of each report, with the project's own YAML reader and value
 * parsers (so `publish_at` means here what it means to the build), from the first 8 KiB of each file.
 * A file it cannot read counts as nothing due; `npm run check` reports it on the next push.
 */
import { closeSync, openSync, readFileSync, readSync } from 'node:fs';
import { join } from 'node:path';
import { loadSettings } from '../lib/content/loadData.ts';
import { listReportFiles } from '../lib/content/reportPath.ts';
import { readYaml } from '../lib/content/yamlData.ts';
import { toPlainDate } from '../lib/dates/plainDate.ts';
import { siteTimeAt, toSiteTime, type SiteTime } from '../lib/dates/siteTime.ts';
import { scheduleTimes } from '../lib/site/schedule.ts';

export interface DueResult {
	due: boolean;
	/** One line for the CI log. */
	reason: string;
	/** What became due, as `file (time)`, at most a few. */
	changes: string[];
}

const KEYS = /^(?:publish_at|unpublish_at|pinned_until):/m;

export async function scheduleDue(options: {
	root: string;
	/** The instant the live build was made for. */
	since: Date;
	now: Date;
}): Promise<DueResult> {
	const { root } = options;
	const { settings } = await loadSettings(root);
	const timeZone = settings?.timezone ?? 'Asia/Shanghai';
	const from = siteTimeAt(options.since, timeZone);
	const to = siteTimeAt(options.now, timeZone);
	const changes: string[] = [];
	const files = await listReportFiles(root);
	const buffer = Buffer.alloc(HEAD_BYTES);
	for (const file of files)
		for (const time of timesOf(join(root, file), buffer))
			if (time > from && time <= to) changes.push(`${file} (${time})`);
	const window = `after ${from} and up to ${to} (${timeZone})`;
	return changes.length
		? {
				due: true,
				reason: `${changes.length} scheduled change(s) ${window}: ${changes.slice(0, 3).join(', ')}${changes.length > 3 ? ', …' : ''}`,
				changes,
			}
		: { due: false, reason: `no scheduled change ${window}`, changes };
}

/** The front matter is at the start: 8 KiB hold it, unless it is unusually long. */
const HEAD_BYTES = 8192;
const FRONT = /^\uFEFF?---\r?\n([\s\S]*?)\r?\n---/;

/**
 * Synchronous reads of the first 8 KiB: 10,000 of them take a fraction of what as many promises
 * do (the same finding as loadContent's stats).
 */
function frontMatterOf(path: string, buffer: Buffer): string | undefined {
	const fd = openSync(path, 'r');
	try {
		const bytesRead = readSync(fd, buffer, 0, HEAD_BYTES, 0);
		const head = FRONT.exec(buffer.toString('utf8', 0, bytesRead))?.[1];
		if (head !== undefined || bytesRead < HEAD_BYTES) return head;
		return FRONT.exec(readFileSync(path, 'utf8'))?.[1];
	} finally {
		closeSync(fd);
	}
}

function timesOf(path: string, buffer: Buffer): SiteTime[] {
	let head: string | undefined;
	try {
		head = frontMatterOf(path, buffer);
	} catch {
		return [];
	}
	if (!head || !KEYS.test(head)) return [];
	let data: Record<string, unknown>;
	try {
		data = (readYaml(head) ?? {}) as Record<string, unknown>;
	} catch {
		return [];
	}
	if (data.draft === true) return [];
	const pinnedUntil =
		data.pinned_until instanceof Date || typeof data.pinned_until === 'string'
			? toPlainDate(data.pinned_until)
			: undefined;
	return scheduleTimes({
		publish_at: toSiteTime(data.publish_at),
		unpublish_at: toSiteTime(data.unpublish_at),
		pinned: data.pinned === true,
		pinned_until: pinnedUntil,
	});
}

/**
 * What 相关文章 costs: the related lists of every report of a corpus, computed as the site model
 * does (src/lib/site/related.ts) and timed, for `npm run bench`.
 */
import type { ReportRecord } from '../lib/content/loadContent.ts';
import { localeKeys } from '../i18n/locales.ts';
import { compareReports, relatedFor } from '../lib/site/siteModel.ts';
import { median } from './stats.ts';

export interface RelatedCost {
	reports: number;
	/** Median milliseconds for the whole corpus, every language. */
	ms: number;
	/** Related links listed on all report pages together. */
	listed: number;
}

export function timeRelated(reports: ReportRecord[], runs = 5): RelatedCost {
	const lists = localeKeys.map((lang) =>
		reports.filter((r) => r.lang === lang).sort(compareReports)
	);
	const times: number[] = [];
	let listed = 0;
	for (let i = 0; i < runs; i++) {
		const started = performance.now();
		listed = 0;
		for (const list of lists)
			for (const related of relatedFor(list).values()) listed += related.length;
		times.push(performance.now() - started);
	}
	return { reports: reports.length, ms: median(times), listed };
}

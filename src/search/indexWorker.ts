/**
 * Worker thread of buildSearchIndex: builds the indexes it is sent, one at a time, with its own
 * Pagefind process, so two periods are indexed at once on two cores.
 */
import { parentPort } from 'node:worker_threads';
import { ContentCache, contentCacheKey } from '../lib/content/contentCache.ts';
import type { ReportRecord } from '../lib/content/loadContent.ts';
import { recordsOf, startIndex, type RecordStore } from './writeIndex.ts';

export type IndexJob =
	| {
			id: number;
			reports: ReportRecord[];
			period: string;
			records: RecordStore;
			langDir: string;
			dir: string;
			root: string;
			cacheDir: string;
			timeZone: string;
	  }
	| { close: true };

let cache: ContentCache | undefined;
const pagefind = await import('pagefind');

parentPort?.on('message', async (job: IndexJob) => {
	if ('close' in job) {
		cache?.close();
		await pagefind.close();
		parentPort?.close();
		return;
	}
	try {
		cache ??= ContentCache.open(job.cacheDir, contentCacheKey(job.root, job.timeZone));
		const finish = await startIndex(
			pagefind,
			await recordsOf(job.reports, cache, job.records, job.root, job.timeZone),
			job.period,
			job.langDir,
			job.dir
		);
		await finish();
		parentPort?.postMessage({ id: job.id });
	} catch (error) {
		parentPort?.postMessage({ id: job.id, error: String((error as Error)?.stack ?? error) });
	}
});

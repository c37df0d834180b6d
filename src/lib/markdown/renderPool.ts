/**
 * Renders many bodies on every core. A cold build of 10,000 reports spends most of its
 * Markdown time here, so it is split across worker threads; small batches (a few edited
 * reports, the dev server) render in-process, where starting workers would cost more.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { renderBody, type RenderedBody } from './renderBody.ts';

export interface RenderJob {
	key: string;
	markdown: string;
}

/** Below this many bodies, workers are not worth their start-up (~50 ms each). */
const IN_PROCESS_LIMIT = 64;

/**
 * Renders every job, calling `onResult` as each finishes (so results can be written and the
 * Markdown freed while others render). `workers: 0` forces in-process rendering.
 */
export async function renderAll(
	jobs: RenderJob[],
	onResult: (key: string, result: RenderedBody) => void | Promise<void>,
	options: { workers?: number } = {},
): Promise<void> {
	const workers = Math.min(options.workers ?? availableParallelism(), Math.ceil(jobs.length / 32));
	if (workers <= 1 || jobs.length < IN_PROCESS_LIMIT) {
		for (const job of jobs) await onResult(job.key, await renderBody(job.markdown));
		return;
	}
	let next = 0;
	const pending: Promise<void>[] = [];
	const failures: string[] = [];
	const pool = Array.from({ length: workers }, () => new Worker(new URL('./renderWorker.ts', import.meta.url)));
	try {
		await Promise.all(
			pool.map(
				(worker) =>
					new Promise<void>((resolve, reject) => {
						// Two jobs in flight per worker keeps it busy while the main thread writes results.
						let inFlight = 0;
						const feed = () => {
							while (inFlight < 2 && next < jobs.length) {
								const index = next++;
								inFlight++;
								worker.postMessage({ id: index, markdown: jobs[index]!.markdown });
								jobs[index]!.markdown = '';
							}
							if (inFlight === 0) resolve();
						};
						worker.on('message', (msg: { id: number; result?: RenderedBody; error?: string }) => {
							inFlight--;
							if (msg.error) failures.push(`${jobs[msg.id]!.key}: ${msg.error}`);
							else pending.push(Promise.resolve(onResult(jobs[msg.id]!.key, msg.result!)));
							feed();
						});
						worker.on('error', reject);
						feed();
					}),
			),
		);
		await Promise.all(pending);
	} finally {
		await Promise.all(pool.map((w) => w.terminate()));
	}
	if (failures.length) throw new Error(`Markdown rendering failed:\n${failures.join('\n')}`);
}

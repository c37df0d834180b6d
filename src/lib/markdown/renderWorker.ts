/** Worker thread: renders report bodies sent by renderPool.ts, one message per body. */
import { parentPort } from 'node:worker_threads';
import { renderBody } from './renderBody.ts';

parentPort?.on('message', async (job: { id: number; markdown: string }) => {
	try {
		parentPort?.postMessage({ id: job.id, result: await renderBody(job.markdown) });
	} catch (error) {
		parentPort?.postMessage({ id: job.id, error: String((error as Error)?.stack ?? error) });
	}
});

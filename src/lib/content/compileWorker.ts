/** Worker thread for compilePool.ts: compiles the report files it is sent. */
import { parentPort } from 'node:worker_threads';
import { compileReport, type CompileJob } from './compileReport.ts';

type Message = { id: number } & CompileJob;

parentPort?.on('message', async ({ id, ...job }: Message) => {
	try {
		const result = await compileReport(job);
		const transfer = result.html ? [result.html.buffer as ArrayBuffer] : [];
		parentPort?.postMessage({ id, result }, transfer);
	} catch (error) {
		parentPort?.postMessage({ id, error: String((error as Error)?.stack ?? error) });
	}
});

/** Worker thread for compilePool.ts: compiles the report files it is sent. */
import { parentPort } from 'node:worker_threads';
import { compileReport, type CompileJob } from './compileReport.ts';

type Message = { id: number; bytes: Uint8Array } & Omit<CompileJob, 'source'>;

parentPort?.on('message', async ({ id, bytes, ...job }: Message) => {
	try {
		const result = await compileReport({ ...job, source: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8') });
		const transfer = result.html ? [result.html.buffer as ArrayBuffer] : [];
		parentPort?.postMessage({ id, result }, transfer);
	} catch (error) {
		parentPort?.postMessage({ id, error: String((error as Error)?.stack ?? error) });
	}
});

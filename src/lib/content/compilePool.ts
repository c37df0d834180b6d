/**
 * Compiles many report files on every core. A cold build of 10,000 reports spends most of its
 * content time parsing and rendering, so that work goes to worker threads while the main thread
 * reads files and stores results; small batches (a few edited reports, the dev server) compile
 * in-process, where starting workers would cost more than they save.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { compileReport, type CompileJob, type CompileResult } from './compileReport.ts';

/** Below this many files, workers (≈60 ms to start) are not worth it. */
const IN_PROCESS_LIMIT = 64;

export interface PoolJob extends CompileJob {
	/** Cache key (content digest) the result belongs to. */
	key: string;
}

export class CompilePool {
	private workers: Worker[] = [];
	private idle: Worker[] = [];
	private queue: { job: PoolJob; resolve: (r: CompileResult) => void; reject: (e: Error) => void }[] = [];
	private pending = new Map<number, { resolve: (r: CompileResult) => void; reject: (e: Error) => void; worker: Worker }>();
	private nextId = 0;
	private readonly size: number;

	/** `expected`: how many files will be compiled; decides between workers and in-process. */
	constructor(expected: number, workers = availableParallelism()) {
		this.size = expected < IN_PROCESS_LIMIT ? 0 : Math.max(0, workers);
	}

	compile(job: PoolJob): Promise<CompileResult> {
		if (this.size === 0) {
			const { key: _key, ...rest } = job;
			return compileReport(rest);
		}
		return new Promise((resolve, reject) => {
			this.queue.push({ job, resolve, reject });
			this.pump();
		});
	}

	private pump(): void {
		while (this.queue.length) {
			let worker = this.idle.pop();
			if (!worker && this.workers.length < this.size) worker = this.spawn();
			if (!worker) return;
			const { job, resolve, reject } = this.queue.shift()!;
			const id = this.nextId++;
			this.pending.set(id, { resolve, reject, worker });
			const { key: _key, ...message } = job;
			// Hand the bytes over without copying when the buffer is theirs alone.
			const own = job.bytes.byteOffset === 0 && job.bytes.byteLength === job.bytes.buffer.byteLength;
			if (!own) message.bytes = new Uint8Array(job.bytes);
			worker.postMessage({ id, ...message }, [message.bytes.buffer as ArrayBuffer]);
		}
	}

	private spawn(): Worker {
		const worker = new Worker(new URL('./compileWorker.ts', import.meta.url));
		worker.on('message', (msg: { id: number; result?: CompileResult; error?: string }) => {
			const waiting = this.pending.get(msg.id)!;
			this.pending.delete(msg.id);
			this.idle.push(worker);
			if (msg.error) waiting.reject(new Error(msg.error));
			else waiting.resolve(msg.result!);
			this.pump();
		});
		worker.on('error', (error) => {
			for (const [id, p] of this.pending) {
				if (p.worker === worker) {
					this.pending.delete(id);
					p.reject(error);
				}
			}
		});
		this.workers.push(worker);
		// Two jobs in flight per worker keep it busy while the main thread stores results.
		this.idle.push(worker);
		return worker;
	}

	async close(): Promise<void> {
		await Promise.all(this.workers.map((w) => w.terminate()));
		this.workers = [];
		this.idle = [];
	}
}

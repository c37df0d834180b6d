/**
 * Retries of storage requests. The SDK's own retries are switched off so that this is the one
 * place that decides: a reset connection or a 503 deserves another try after a pause, a refused
 * signature or a missing bucket never gets better by asking again.
 */

/** What the AWS SDK puts on its errors. */
interface SdkErrorShape {
	name?: string;
	code?: string;
	$metadata?: { httpStatusCode?: number };
	$retryable?: unknown;
}

/** HTTP status of an SDK error, if the request got an answer. */
export function statusOf(error: unknown): number | undefined {
	return (error as SdkErrorShape | undefined)?.$metadata?.httpStatusCode;
}

/** An error that no retry can cure, though it carries no HTTP status (e.g. a file changed on disk). */
export class PermanentError extends Error {
	override name = 'PermanentError';
}

/** True when trying again may help: no answer at all, a timeout, throttling, or a server error. */
export function isTransient(error: unknown): boolean {
	if (error instanceof PermanentError) return false;
	const status = statusOf(error);
	if (status === undefined) return true;
	return status === 408 || status === 429 || status >= 500;
}

/** Options for withRetry. */
export interface RetryOptions {
	/** Total attempts, the first included. */
	attempts: number;
	/** Pause before the second attempt; doubled each time after. */
	baseDelayMs?: number;
	/** Told about each failed attempt that will be retried. */
	onRetry?: (error: unknown, attempt: number, delayMs: number) => void;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Calls `fn` until it succeeds, a non-transient error occurs, or the attempts are used up.
 * Backoff is exponential with jitter, so that parallel uploads failing together do not all
 * come back at the same instant.
 */
export async function withRetry<T>(fn: () => Promise<T>, options: RetryOptions): Promise<T> {
	const base = options.baseDelayMs ?? 400;
	for (let attempt = 1; ; attempt++) {
		try {
			return await fn();
		} catch (error) {
			if (attempt >= options.attempts || !isTransient(error)) throw error;
			const delay = Math.round(base * 2 ** (attempt - 1) * (0.75 + Math.random() * 0.5));
			options.onRetry?.(error, attempt, delay);
			await sleep(delay);
		}
	}
}

/** A one-line description of a storage error, for logs. */
export function describeError(error: unknown): string {
	const e = error as SdkErrorShape & { message?: string };
	const status = statusOf(error);
	const name = e?.name && e.name !== 'Error' ? e.name : e?.code;
	const message = e?.message && e.message !== name ? e.message : '';
	return (
		[status ? `HTTP ${status}` : '', name ?? '', message].filter(Boolean).join(' ').trim() ||
		String(error)
	);
}

/**
 * Runs async work on a list with a fixed number in flight: object stores answer many small
 * requests at once far faster than one after another, but flooding them invites throttling.
 */

/**
 * Maps `items` through `work`, at most `concurrency` at a time, keeping the order of results.
 *
 * On the first failure no new item is started; the ones in flight are awaited, and then the first
 * error is thrown. A deploy must stop at a failed upload rather than go on to later phases, and
 * must not leave requests running behind its back when it reports.
 */
export async function runPool<T, R>(
	items: readonly T[],
	concurrency: number,
	work: (item: T, index: number) => Promise<R>
): Promise<R[]> {
	const results: R[] = new Array<R>(items.length);
	let next = 0;
	let failure: { error: unknown } | undefined;
	async function lane(): Promise<void> {
		while (!failure && next < items.length) {
			const index = next++;
			try {
				results[index] = await work(items[index] as T, index);
			} catch (error) {
				failure ??= { error };
			}
		}
	}
	const lanes = Array.from({ length: Math.max(1, Math.min(concurrency, items.length)) }, lane);
	await Promise.all(lanes);
	if (failure) throw failure.error;
	return results;
}

/**
 * Faults the build tests inject, to see that a failure at an exact point leaves dist/ as it was
 * (tests/build/faults.test.ts). Read from HUIBAO_TEST_FAULT, e.g. `change=3` (the third change to
 * dist/ fails as a full disk would), `pause-at-change=2`, `pause-before-commit`, `pause-at=render`
 * (the build stops there and waits to be killed). Unset in normal use: every check is one lookup.
 */
const spec = process.env.HUIBAO_TEST_FAULT;
const faults = new Map<string, number | string>(
	(spec ?? '')
		.split(',')
		.filter(Boolean)
		.map((part) => {
			const [name, value] = part.split('=');
			return [name!, value === undefined ? 1 : Number.isNaN(Number(value)) ? value : Number(value)];
		})
);

/** The number set for a fault (1 for a bare name), or undefined. */
export function injectedFault(name: string): number | undefined {
	const v = faults.get(name);
	return typeof v === 'number' ? v : undefined;
}

/** Waits (asynchronously, so signals are handled) when the build is asked to pause at `phase`. */
export async function pauseAt(phase: string): Promise<void> {
	if (faults.get('pause-at') !== phase) return;
	process.stdout.write(`paused at ${phase}\n`);
	await new Promise((resolve) => setTimeout(resolve, 60_000));
}

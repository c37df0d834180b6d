/** Numbers as the deploy log shows them, so that CI logs read the same from run to run. */

/** `1,234` */
export function formatCount(n: number): string {
	return n.toLocaleString('en-US');
}

/** `512 B`, `12.0 KiB`, `3.4 MiB`, `1.2 GiB` */
export function formatBytes(n: number): string {
	if (n < 1024) return `${n} B`;
	const units = ['KiB', 'MiB', 'GiB', 'TiB'];
	let value = n / 1024;
	let unit = 0;
	while (value >= 1024 && unit < units.length - 1) {
		value /= 1024;
		unit++;
	}
	return `${value.toFixed(1)} ${units[unit]}`;
}

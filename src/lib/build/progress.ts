/**
 * Progress for long builds: an updating line on a terminal, a line every few seconds in CI
 * logs, so a person watching a 10,000-report build sees it moving.
 */
export interface Progress {
	update(done: number, total: number): void;
	done(message: string): void;
}

export function progress(label: string, out: NodeJS.WriteStream = process.stdout): Progress {
	const started = performance.now();
	let lastLine = 0;
	const tty = Boolean(out.isTTY);
	return {
		update(done, total) {
			const now = performance.now();
			if (tty) {
				if (now - lastLine < 100 && done < total) return;
				lastLine = now;
				const width = 24;
				const filled = Math.round((done / Math.max(total, 1)) * width);
				out.write(
					`\r${label} [${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${done}/${total}`
				);
			} else if (now - lastLine > 5000 || done === total) {
				if (done === total && lastLine === -1) return;
				lastLine = done === total ? -1 : now;
				out.write(`${label}: ${done}/${total}\n`);
			}
		},
		done(message) {
			const seconds = ((performance.now() - started) / 1000).toFixed(1);
			if (tty) out.write('\r\x1b[K');
			out.write(`${label}: ${message} (${seconds} s)\n`);
		},
	};
}

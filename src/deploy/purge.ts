/**
 * The CDN purge hook. Each CDN has its own API and CLI, so the deploy does not speak to any of
 * them: it runs the shell command given in CDN_PURGE_COMMAND and hands it the URL paths whose
 * content changed, one per line on standard input and, while they fit, as arguments too.
 */

import { spawn } from 'node:child_process';
import { cacheClassFor } from './contentHeaders.ts';

/** Past this many bytes of paths, they go on stdin only (ARG_MAX is near 2 MiB on Linux). */
const MAX_ARG_BYTES = 64 * 1024;

/** How long a purge command may take before it is stopped. */
const PURGE_TIMEOUT_MS = 10 * 60 * 1000;

/**
 * The URL path a visitor uses for a key: `reports/x/index.html` is `/reports/x/`, `index.html`
 * is `/`. Each segment is percent-encoded (`/tags/%E6%A0%87.../`), since that is the form
 * on the wire and the one CDN purge APIs expect.
 */
export function urlPathFor(key: string): string {
	const segments = key.split('/');
	if (segments[segments.length - 1] === 'index.html') segments[segments.length - 1] = '';
	return `/${segments.map(encodeURIComponent).join('/')}`;
}

/**
 * Paths to purge for a set of written and deleted keys: everything except fingerprinted files,
 * which get new names when they change and so are never stale. Sorted, HTML pages first, since a
 * stale page is what a reader notices.
 */
export function purgePaths(changedKeys: Iterable<string>): string[] {
	const pages = new Set<string>();
	const others = new Set<string>();
	for (const key of changedKeys) {
		const cacheClass = cacheClassFor(key);
		if (cacheClass === 'immutable') continue;
		(/\.html?$/i.test(key) ? pages : others).add(urlPathFor(key));
	}
	return [...[...pages].sort(), ...[...others].sort()];
}

/** What running the purge command came to. */
export interface PurgeResult {
	ok: boolean;
	/** Exit code, or undefined when it could not start or was killed. */
	code: number | undefined;
	message: string;
}

/**
 * Runs `command` through `sh -c` with the paths on stdin (one per line) and as "$@" while they fit
 * in MAX_ARG_BYTES. With more than `maxPaths` paths it gets the single path `/*` and
 * CDN_PURGE_ALL=1 instead: per-URL quotas (Aliyun: 2,000 a day by default) would not cover a
 * site-wide layout change. CDN_PURGE_COUNT tells how many paths there are.
 */
export function runPurge(
	command: string,
	paths: readonly string[],
	options: { maxPaths: number; cwd?: string; env?: NodeJS.ProcessEnv }
): Promise<PurgeResult> {
	const all = paths.length > options.maxPaths;
	const list = all ? ['/*'] : [...paths];
	const argBytes = list.reduce((n, p) => n + Buffer.byteLength(p) + 1, 0);
	const args = argBytes <= MAX_ARG_BYTES ? list : [];
	return new Promise((resolve) => {
		let settled = false;
		const finish = (result: PurgeResult) => {
			if (settled) return;
			settled = true;
			clearTimeout(timer);
			resolve(result);
		};
		const child = spawn('sh', ['-c', command, 'cdn-purge', ...args], {
			cwd: options.cwd,
			env: {
				...(options.env ?? process.env),
				CDN_PURGE_COUNT: String(list.length),
				CDN_PURGE_ALL: all ? '1' : '0',
			},
			stdio: ['pipe', 'inherit', 'inherit'],
		});
		const timer = setTimeout(() => {
			child.kill('SIGTERM');
			finish({
				ok: false,
				code: undefined,
				message: `timed out after ${PURGE_TIMEOUT_MS / 1000} s`,
			});
		}, PURGE_TIMEOUT_MS);
		child.on('error', (error) => finish({ ok: false, code: undefined, message: error.message }));
		child.on('close', (code, signal) => {
			if (code === 0) finish({ ok: true, code, message: 'ok' });
			else
				finish({
					ok: false,
					code: code ?? undefined,
					message: signal ? `killed by ${signal}` : `exited with ${code}`,
				});
		});
		// A command that ignores stdin closes it early; that is its right, not an error.
		child.stdin.on('error', () => {});
		child.stdin.end(list.length ? `${list.join('\n')}\n` : '');
	});
}

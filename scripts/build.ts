/**
 * npm run build [-- --clean]
 *
 * Builds the site into dist/, rendering only pages whose content changed since the last build
 * (see src/lib/build/buildSite.ts). Content problems are listed as `file: field: message` and
 * the build exits with status 1; nothing is written. Interrupted (Ctrl-C, kill) or failed, it
 * leaves the previous dist/ as it was and no process behind.
 */
import module from 'node:module';
import { join } from 'node:path';
import { defaultCacheDir } from '../src/lib/content/contentCache.ts';

// Node keeps this process's compiled code between builds (~0.2 s of a no-change build); through
// the environment, its worker threads' too (~0.12 s of each start).
const compileCache = join(defaultCacheDir(process.cwd()), 'astro/node-compile-cache');
process.env.NODE_COMPILE_CACHE ??= compileCache;
module.enableCompileCache?.(compileCache);
const { buildSite, interruptBuild } = await import('../src/lib/build/buildSite.ts');

// Ctrl-C, kill, a closed terminal: stop the Astro processes and put dist/ back, then exit.
for (const [signal, code] of [
	['SIGINT', 130],
	['SIGTERM', 143],
	['SIGHUP', 129],
] as const) {
	process.on(signal, () => {
		interruptBuild();
		console.error(`\nThe build was stopped (${signal}); dist/ is as it was before it.`);
		process.exit(code);
	});
}
const { ContentError, formatProblem } = await import('../src/lib/content/problem.ts');

const args = process.argv.slice(2);
if (args.includes('--help')) {
	console.log(
		'usage: npm run build [-- --clean] [--timings] [--no-search]\n  --clean      ignore the previous build and every cache: compile, render and index everything\n' +
			'  --timings    print the time of each phase\n  --no-search  leave the search index as it is (benchmarks of the pages alone)\n' +
			'env HUIBAO_PROCESSES=N  Astro processes to render with (default: one per core)\n' +
			'env HUIBAO_PAGES_PER_PROCESS=N  pages that justify one more Astro process (default: 600)\n' +
			'env HUIBAO_SEARCH_SPLIT_YEAR_ABOVE=N  index a year per quarter above N reports (default: 400)'
	);
	process.exit(0);
}

try {
	const processes = process.env.HUIBAO_PROCESSES ? Number(process.env.HUIBAO_PROCESSES) : undefined;
	const summary = await buildSite({
		root: process.cwd(),
		clean: args.includes('--clean'),
		processes,
		search: !args.includes('--no-search'),
	});
	if (args.includes('--timings')) {
		console.log(
			Object.entries(summary.phases)
				.map(([name, s]) => `  ${name}: ${s.toFixed(2)} s`)
				.join('\n')
		);
	}
} catch (error) {
	if (error instanceof ContentError) {
		console.error(
			`\nThe build stopped: ${error.problems.length} content problem${error.problems.length === 1 ? '' : 's'} to fix:\n`
		);
		for (const p of error.problems) console.error(`  ${formatProblem(p)}`);
		console.error('');
		process.exit(1);
	}
	console.error(error instanceof Error ? error.message : error);
	process.exit(2);
}

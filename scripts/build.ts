/**
 * npm run build [-- --clean]
 *
 * Builds the site into dist/, rendering only pages whose content changed since the last build
 * (see src/lib/build/buildSite.ts). Content problems are listed as `file: field: message` and
 * the build exits with status 1; nothing is written.
 */
import { buildSite } from '../src/lib/build/buildSite.ts';
import { ContentError, formatProblem } from '../src/lib/content/problem.ts';

const args = process.argv.slice(2);
if (args.includes('--help')) {
	console.log('usage: npm run build [-- --clean]\n  --clean  ignore the previous build and render every page');
	process.exit(0);
}

try {
	await buildSite({ root: process.cwd(), clean: args.includes('--clean') });
} catch (error) {
	if (error instanceof ContentError) {
		console.error(`\nThe build stopped: ${error.problems.length} content problem${error.problems.length === 1 ? '' : 's'} to fix:\n`);
		for (const p of error.problems) console.error(`  ${formatProblem(p)}`);
		console.error('');
		process.exit(1);
	}
	console.error(error instanceof Error ? error.message : error);
	process.exit(2);
}

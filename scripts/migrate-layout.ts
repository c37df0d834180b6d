/**
 * npm run migrate-layout [-- --dry-run] — files every report under the year of its date
 * (content/reports/<year>/<lang>/<slug>.md), with `git mv` so history is kept. Safe to run
 * again: reports already in place are left alone and nothing is ever overwritten.
 * See docs/cms.md, "How the archive is organised".
 */
import { migrateLayout } from '../src/lib/content/migrateLayout.ts';

const dryRun = process.argv.includes('--dry-run');
const result = await migrateLayout(process.cwd(), { dryRun });
for (const move of result.moves)
	console.log(`${dryRun ? 'would move' : 'moved'}  ${move.from} → ${move.to}`);
for (const line of result.skipped) console.error(`left       ${line}`);
const how = result.method === 'none' ? '' : ` (${result.method})`;
console.log(
	result.moves.length === 0
		? 'Every report is already in its year folder.'
		: `${dryRun ? 'Would move' : 'Moved'} ${result.moves.length} report file${result.moves.length === 1 ? '' : 's'}${how}.${dryRun ? '' : ' Review with git status, then commit.'}`
);
if (result.skipped.length) {
	console.error(
		`${result.skipped.length} file${result.skipped.length === 1 ? '' : 's'} left in place: see above, then run npm run check.`
	);
	process.exit(1);
}

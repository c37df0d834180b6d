/**
 * npm run check — validates all content (front matter, categories, dates, slugs, translations,
 * links, files) and lists every problem as `file: field: message`. Exit status 1 when there is
 * any. (`npm run check` then type-checks the code with `astro check`.)
 */
import { validateSite } from '../src/lib/build/validateSite.ts';
import { formatProblem, sortProblems } from '../src/lib/content/problem.ts';

const { content, problems } = await validateSite({ root: process.cwd() });
if (problems.length) {
	console.error(`${problems.length} content problem${problems.length === 1 ? '' : 's'}:\n`);
	for (const p of sortProblems(problems)) console.error(`  ${formatProblem(p)}`);
	console.error('');
	process.exit(1);
}
const zh = content!.reports.filter((r) => r.lang === 'zh').length;
console.log(
	`Content OK: ${zh} reports in Chinese, ${content!.reports.length - zh} in English, ${content!.categories.length} categories, ${content!.pages?.length ?? 0} pages.`
);

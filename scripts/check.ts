/**
 * npm run check — validates all content (front matter, categories, dates, slugs, translations,
 * links, files) and lists every problem as `file: field: message`. Exit status 1 when there is
 * any. (`npm run check` then type-checks the code with `astro check`.)
 */
import { localeKeys } from '../src/i18n/locales.ts';
import { useTranslations } from '../src/i18n/ui.ts';
import { validateSite } from '../src/lib/build/validateSite.ts';
import { formatProblem, sortProblems } from '../src/lib/content/problem.ts';

const { content, problems } = await validateSite({ root: process.cwd() });
if (problems.length) {
	console.error(`${problems.length} content problem${problems.length === 1 ? '' : 's'}:\n`);
	for (const p of sortProblems(problems)) console.error(`  ${formatProblem(p)}`);
	console.error('');
	process.exit(1);
}
// "17 reports in Chinese, 1 in English": each language's name from the English dictionary.
const inEnglish = useTranslations('en');
const counts = localeKeys.map((lang, i) => {
	const n = content!.reports.filter((r) => r.lang === lang).length;
	return `${n}${i === 0 ? ' reports' : ''} in ${inEnglish(`lang.${lang}`)}`;
});
console.log(
	`Content OK: ${counts.join(', ')}, ${content!.categories.length} categories, ${content!.pages?.length ?? 0} pages.`
);

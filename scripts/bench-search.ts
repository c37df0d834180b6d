/**
 * node scripts/bench-search.ts [--reports N] [--runs R] [--keep]
 *
 * Search index benchmark: generates N Chinese reports (src/bench/generateReports.ts) into a
 * throw-away copy of the site, then measures the index cold, after editing one report, its size,
 * and the bytes a browser loads for typical two-character queries. R runs give medians.
 */
import { defaultLocale } from '../src/i18n/locales.ts';
import {
	cpSync,
	mkdirSync,
	mkdtempSync,
	readFileSync,
	rmSync,
	symlinkSync,
	writeFileSync,
} from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { generateReport, writeSiteReports } from '../src/bench/generateReports.ts';
import { loadContent } from '../src/lib/content/loadContent.ts';
import {
	measureQueryTransfer,
	measureSearchIndex,
	type SearchIndexMeasure,
} from '../src/search/benchSearch.ts';

const args = process.argv.slice(2);
const option = (name: string, fallback: number) => {
	const i = args.indexOf(`--${name}`);
	return i >= 0 ? Number(args[i + 1]) : fallback;
};
if (args.includes('--help')) {
	console.log('usage: node scripts/bench-search.ts [--reports N] [--runs R] [--keep]');
	process.exit(0);
}
const reports = option('reports', 1000);
const runs = option('runs', 1);
const project = resolve(import.meta.dirname, '..');

const root = mkdtempSync(join(tmpdir(), 'huibao-bench-search-'));
const dist = join(root, 'dist');
const cacheDir = join(root, '.cache');
try {
	for (const file of ['astro.config.mjs', 'package.json', 'tsconfig.json'])
		cpSync(join(project, file), join(root, file));
	cpSync(join(project, 'src'), join(root, 'src'), { recursive: true });
	symlinkSync(join(project, 'node_modules'), join(root, 'node_modules'));
	mkdirSync(join(root, 'public'), { recursive: true });
	for (const file of ['categories.yml', 'settings.yml'])
		cpSync(join(project, 'content', file), join(root, 'content', file));
	writeSiteReports(root, reports);
	const started = performance.now();
	await loadContent({ root, includeDrafts: false, cacheDir });
	console.log(
		`${reports} reports generated and rendered in ${((performance.now() - started) / 1000).toFixed(1)} s (not part of the figures)\n`
	);

	const cold: SearchIndexMeasure[] = [];
	const edit: SearchIndexMeasure[] = [];
	for (let run = 0; run < runs; run++) {
		rmSync(join(cacheDir, 'search'), { recursive: true, force: true });
		rmSync(join(dist, 'pagefind'), { recursive: true, force: true });
		cold.push(await measureSearchIndex({ root, dist, cacheDir }));
		const file = join(root, generateReport(0).file);
		writeFileSync(file, `${readFileSync(file, 'utf8')}\n追加说明：第${run + 1}次修改。\n`);
		edit.push(await measureSearchIndex({ root, dist, cacheDir }));
	}
	const median = (values: number[]) =>
		[...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
	const row = (name: string, list: SearchIndexMeasure[]) => {
		const m = list[0]!;
		return `| ${name} | ${median(list.map((x) => x.seconds)).toFixed(1)} s | ${median(list.map((x) => x.cpuSeconds)).toFixed(1)} s | ${(median(list.map((x) => x.peakRssBytes)) / 2 ** 20).toFixed(0)} MiB | ${m.rebuilt} of ${m.indexes} (${m.records} reports) |`;
	};
	const last = edit[edit.length - 1]!;
	console.log(`Search index, ${reports} reports, ${runs} run${runs > 1 ? 's' : ''} (median)\n`);
	console.log(
		`Machine: ${availableParallelism()} cores, load average ${loadavg()
			.map((l) => l.toFixed(1))
			.join(' ')} at the end`
	);
	console.log('| step | time | CPU (process tree) | peak memory (process tree) | indexes built |');
	console.log('| --- | ---: | ---: | ---: | --- |');
	console.log(row('cold', cold));
	console.log(row('one report edited', edit));
	console.log(
		`\nSize: ${(last.bytes / 1e6).toFixed(1)} MB in ${last.files} files (dist/pagefind/)\n`
	);
	console.log(
		'| query | results | bytes before first results | requests | bytes, all years loaded |'
	);
	console.log('| --- | ---: | ---: | ---: | ---: |');
	for (const query of ['桥梁', '会员', '隧道', '培训']) {
		const q = await measureQueryTransfer(dist, defaultLocale, query);
		console.log(
			`| ${q.query} | ${q.results} | ${(q.firstResultsBytes / 1024).toFixed(0)} KiB | ${q.requestsBeforeFirst} | ${(q.allYearsBytes / 1024).toFixed(0)} KiB |`
		);
	}
} finally {
	if (args.includes('--keep')) console.log(`\nkept: ${root}`);
	else rmSync(root, { recursive: true, force: true });
}

/**
 * On-demand measurement (not part of npm test): what the admin adds to `npm run build`.
 *
 *   npm run bench:cms-build-cost -- [--reports 1000] [--runs 3]
 *
 * Two throw-away sites per corpus (the sample content, and N generated reports), identical but
 * for admin/: without it the build's writeAdmin step does nothing. Each is built cold
 * (`--clean`) and again with nothing changed, `runs` times, alternating; prints the medians of
 * wall time and of the peak RSS of the largest process (src/bench/measure.ts).
 */
import { cpSync } from 'node:fs';
import { join } from 'node:path';
import { writeSiteReports } from '../src/bench/generateReports.ts';
import { measure, type Measurement } from '../src/bench/measure.ts';
import {
	createFixtureSite,
	NODE,
	PROJECT,
	type FixtureSite,
} from '../tests/helpers/fixtureSite.ts';

const arg = (name: string, fallback: number) => {
	const i = process.argv.indexOf(`--${name}`);
	return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const REPORTS = arg('reports', 1000);
const RUNS = arg('runs', 3);

const median = (values: number[]) => {
	const s = [...values].sort((a, b) => a - b);
	const m = Math.floor(s.length / 2);
	return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

function makeSite(corpus: 'sample' | 'generated', admin: boolean): FixtureSite {
	const site = createFixtureSite({ sampleContent: corpus === 'sample' });
	if (corpus === 'generated') writeSiteReports(site.root, REPORTS);
	if (admin) cpSync(join(PROJECT, 'admin'), join(site.root, 'admin'), { recursive: true });
	return site;
}

const build = (site: FixtureSite, clean: boolean): Promise<Measurement> =>
	measure(NODE, [join(PROJECT, 'scripts/build.ts'), ...(clean ? ['--clean'] : [])], {
		cwd: site.root,
		env: {
			HUIBAO_CACHE_DIR: join(site.root, '.cache'),
			ASTRO_TELEMETRY_DISABLED: '1',
			FORCE_COLOR: '0',
		},
	});

const rows: string[] = [];
for (const corpus of ['sample', 'generated'] as const) {
	const sites = { without: makeSite(corpus, false), with: makeSite(corpus, true) };
	try {
		const results: Record<string, Record<'cold' | 'warm', Measurement[]>> = {
			without: { cold: [], warm: [] },
			with: { cold: [], warm: [] },
		};
		for (let run = 0; run < RUNS; run++) {
			for (const variant of ['without', 'with'] as const) {
				for (const kind of ['cold', 'warm'] as const) {
					const m = await build(sites[variant], kind === 'cold');
					if (m.code !== 0)
						throw new Error(`build failed (${corpus}, ${variant}):\n${m.stderr}${m.stdout}`);
					results[variant]![kind].push(m);
					console.log(
						`${corpus} ${variant} admin, ${kind}: ${m.wall.toFixed(2)} s, ${(m.peakRss / 2 ** 20).toFixed(0)} MiB`
					);
				}
			}
		}
		for (const kind of ['cold', 'warm'] as const) {
			const wall = (v: 'with' | 'without') => median(results[v]![kind].map((m) => m.wall));
			const rss = (v: 'with' | 'without') =>
				median(results[v]![kind].map((m) => m.peakRss)) / 2 ** 20;
			const pct = (a: number, b: number) => `${(((a - b) / b) * 100).toFixed(1)}%`;
			rows.push(
				`| ${corpus === 'sample' ? 'sample site' : `${REPORTS} reports`} | ${kind === 'cold' ? 'cold (--clean)' : 'nothing changed'} | ${wall('without').toFixed(2)} s | ${wall('with').toFixed(2)} s (${pct(wall('with'), wall('without'))}) | ${rss('without').toFixed(0)} MiB | ${rss('with').toFixed(0)} MiB (${pct(rss('with'), rss('without'))}) |`
			);
		}
	} finally {
		sites.without.cleanup();
		sites.with.cleanup();
	}
}
console.log(`\nmedians of ${RUNS} runs:`);
console.log(
	'| corpus | build | time without admin | time with admin | peak RSS without | peak RSS with |'
);
console.log('| --- | --- | ---: | ---: | ---: | ---: |');
for (const row of rows) console.log(row);

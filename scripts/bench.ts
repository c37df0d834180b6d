/**
 * npm run bench -- [--reports N | --corpus DIR] [--runs R] [--peers [DIR]] [--keep]
 * npm run bench -- --publish [--reports N] [--tests]   (push to live: scripts/bench-publish.ts)
 *
 * Build benchmark (a tool, not a test). Generates N realistic reports (src/bench/
 * generateReports.ts) — or copies a folder of reports — into a throw-away copy of the project,
 * then times `npm run build` scenarios: cold (no cache, no dist), after editing one report,
 * after adding one, and with nothing changed — first the pages alone (--no-search, what the
 * peers build), then the whole build with the search index. Each is run R times; the tables
 * show medians with min–max and the time of each build phase. With --peers (default:
 * ../shared/bench/peers when it exists), the same corpus is built cold by Hugo, Eleventy and
 * plain Astro and the target ratios are printed.
 *
 * npm run bench -- --pairs [--reports N] [--runs R]
 *
 * The two cold comparisons only, interleaved: R times, the complete build (with search), then
 * Eleventy + the Pagefind CLI, then the pages alone, then Eleventy — each ratio taken within its
 * pair. On a shared machine whose load drifts over the minutes a full run takes, a pair run back
 * to back sees the same load; medians of the per-pair ratios are printed.
 *
 * Before each cold build (ours and the peers') the last output and caches are moved aside and
 * only deleted when the benchmark ends: deleting 25,000 files just before a build makes this
 * disk charge the next build seconds of system time that a fresh clone never pays (setAside.ts).
 */
import { defaultLocale } from '../src/i18n/locales.ts';
import { execFileSync } from 'node:child_process';
import {
	appendFileSync,
	cpSync,
	existsSync,
	readdirSync,
	readFileSync,
	rmSync,
	statSync,
} from 'node:fs';
import { cpus, totalmem, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { generateReport, writeReports } from '../src/bench/generateReports.ts';
import { migrateLayout } from '../src/lib/content/migrateLayout.ts';
import { listReportFiles, reportFilePath } from '../src/lib/content/reportPath.ts';
import { measure, type Measurement } from '../src/bench/measure.ts';
import { timeRelated } from '../src/bench/relatedCost.ts';
import { loadContent } from '../src/lib/content/loadContent.ts';
import { countPages, preparePeers } from '../src/bench/peers.ts';
import { median, summarise, table } from '../src/bench/stats.ts';
import { SetAside } from '../src/bench/setAside.ts';
import { createThrowawaySite, PROJECT } from '../src/bench/throwawaySite.ts';

// `npm run bench -- --publish`: the push-to-live replay (scripts/bench-publish.ts) instead.
if (process.argv.includes('--publish')) {
	await import('./bench-publish.ts');
	await new Promise((done) => process.stdout.write('', done));
	process.exit(0);
}

const { values } = parseArgs({
	options: {
		reports: { type: 'string', default: '1000' },
		corpus: { type: 'string' },
		runs: { type: 'string', default: '3' },
		peers: { type: 'string' },
		'no-peers': { type: 'boolean', default: false },
		keep: { type: 'boolean', default: false },
		pairs: { type: 'boolean', default: false },
		help: { type: 'boolean', default: false },
	},
});
if (values.help) {
	console.log(
		readFileSync(import.meta.filename, 'utf8')
			.split('*/')[0]!
			.replace(/^\/\*\*?|^ \* ?/gm, '')
	);
	process.exit(0);
}

const runs = Math.max(1, Number(values.runs));
const log = (line: string) => process.stderr.write(`${line}\n`);
const node = join(PROJECT, 'node_modules/.bin/node');
const buildScript = join(PROJECT, 'scripts/build.ts');

// The corpus, kept outside the site so cold runs and peers start from the same files.
const site = createThrowawaySite({ sampleContent: false, prefix: 'huibao-bench-' });
const corpus = join(site.root, 'corpus');
if (values.corpus) cpSync(resolve(values.corpus), corpus, { recursive: true });
else writeReports(corpus, Number(values.reports));
const n = readdirSync(corpus).filter((f) => /\.mdx?$/.test(f)).length;
rmSync(join(site.root, 'content/reports'), { recursive: true, force: true });
// A flat corpus (the peers read it as it is) is filed by year as `npm run migrate-layout` does.
cpSync(corpus, join(site.root, 'content/reports/zh'), { recursive: true });
await migrateLayout(site.root);
const firstName = readdirSync(corpus).sort()[0]!;
const firstReport = join(
	site.root,
	(await listReportFiles(site.root)).find((f) => f.endsWith(`/zh/${firstName}`))!
);
log(`bench: ${n} reports in ${site.root}`);

// A cold build's predecessors are moved aside, not deleted, until the end (see setAside.ts).
const aside = new SetAside();
process.on('exit', () => aside.empty());
const coldStart = (dir: string, paths: string[]) => {
	for (const path of paths) aside.put(join(dir, path));
};

/** Lets the disk write back the previous run's files, so one run does not pay for another. */
function settle() {
	execFileSync('sync');
	execFileSync('sleep', ['1']);
}

interface Run extends Measurement {
	pages: number;
	rendered: number;
	phases: Record<string, number>;
}

async function build(withSearch: boolean): Promise<Run> {
	const args = [buildScript, '--timings', ...(withSearch ? [] : ['--no-search'])];
	const m = await measure(node, args, {
		cwd: site.root,
		env: { HUIBAO_CACHE_DIR: site.cacheDir, CI: '1' },
	});
	if (m.code !== 0) throw new Error(`build failed:\n${m.stderr}\n${m.stdout}`);
	const phases = Object.fromEntries(
		[...m.stdout.matchAll(/^ {2}([a-z ]+): ([\d.]+) s$/gm)].map((x) => [x[1]!, Number(x[2])])
	);
	return {
		...m,
		pages: countPages(site.dist),
		rendered: Number(/\((\d+) rendered/.exec(m.stdout)?.[1] ?? 0),
		phases,
	};
}

const peersDir = values.peers ? resolve(values.peers) : resolve(PROJECT, '../shared/bench/peers');

if (values.pairs) {
	await runPairs();
	if (values.keep) log(`bench: kept ${site.root}`);
	else site.cleanup();
	process.exit(0);
}

/** `--pairs`: each of our cold builds back to back with the peer doing the same work. */
async function runPairs() {
	if (!existsSync(peersDir)) throw new Error(`--pairs needs the peers: ${peersDir} not found`);
	const peers = preparePeers(peersDir, join(tmpdir(), 'huibao-bench-peers'), log);
	const peer = (name: string) => {
		const found = peers.find((p) => p.name === name);
		if (!found) throw new Error(`--pairs needs the ${name} peer`);
		found.setup(corpus);
		return found;
	};
	const eleventy = peer('Eleventy');
	const eleventySearch = peer('Eleventy + Pagefind');
	const runPeer = async (p: ReturnType<typeof peer>, label: string) => {
		coldStart(p.dir, p.clean);
		settle();
		log(`bench: ${label}: ${p.name} cold`);
		const [command, ...args] = p.command;
		const m = await measure(command, args, { cwd: p.dir, env: p.env });
		if (m.code !== 0) throw new Error(`${p.name} failed:\n${m.stderr.slice(-2000)}`);
		return m;
	};
	const ours = async (withSearch: boolean, label: string) => {
		coldStart(site.root, ['dist', '.cache']);
		settle();
		log(`bench: ${label}: cold${withSearch ? ' with search' : ''}`);
		return build(withSearch);
	};
	const rows: string[][] = [];
	const searchRatios: number[] = [];
	const pageRatios: number[] = [];
	const fmt = (m: Measurement) => `${m.wall.toFixed(1)} s (${m.cpu.toFixed(0)} s CPU)`;
	for (let r = 0; r < runs; r++) {
		const label = `pair ${r + 1}/${runs}`;
		const a = await ours(true, label);
		const b = await runPeer(eleventySearch, label);
		const c = await ours(false, label);
		const d = await runPeer(eleventy, label);
		searchRatios.push(a.wall / b.wall);
		pageRatios.push(c.wall / d.wall);
		rows.push([
			String(r + 1),
			fmt(a),
			fmt(b),
			(a.wall / b.wall).toFixed(2),
			fmt(c),
			fmt(d),
			(c.wall / d.wall).toFixed(2),
		]);
	}
	console.log(
		`\n## Cold builds in pairs, ${n} reports — ${new Date().toISOString().slice(0, 16)}Z, ${cpus().length} cores\n`
	);
	console.log(
		table(
			[
				'pair',
				'Huibao, with search',
				'Eleventy + Pagefind',
				'ratio (≤ 0.5)',
				'Huibao, pages',
				'Eleventy',
				'ratio (≤ 1.0)',
			],
			rows
		)
	);
	console.log(
		`\nMedian ratios: with search ${median(searchRatios).toFixed(2)} (target ≤ 0.5), pages ${median(pageRatios).toFixed(2)} (target ≤ 1.0).`
	);
}

// The pages alone (--no-search) are what the peers build; the whole `npm run build`, search
// index included, is measured after them.
const scenarios: Record<string, Run[]> = {
	cold: [],
	'edit one report': [],
	'add one report': [],
	'no change': [],
};
const complete: Record<string, Run[]> = {
	'cold, with search': [],
	'edit one report, with search': [],
	'no change, with search': [],
};
let edits = 0;
const edit = () => appendFileSync(firstReport, `\n\n追加说明：第${++edits}次修改。\n`);
async function step(list: Run[], label: string, withSearch: boolean, before?: () => void) {
	before?.();
	settle();
	log(`bench: ${label}`);
	list.push(await build(withSearch));
}
const cold = () => {
	coldStart(site.root, ['dist', '.cache']);
};
for (let r = 0; r < runs; r++) {
	const run = `run ${r + 1}/${runs}`;
	await step(scenarios.cold!, `${run}: cold`, false, cold);
	await step(scenarios['edit one report']!, `${run}: edit`, false, edit);
	await step(scenarios['add one report']!, `${run}: add`, false, () => {
		const added = generateReport(n + r);
		site.write(reportFilePath(added.date, defaultLocale, `bench-added-${r + 1}`), added.text);
	});
	await step(scenarios['no change']!, `${run}: no change`, false);
	await step(complete['cold, with search']!, `${run}: cold with search`, true, cold);
	await step(complete['edit one report, with search']!, `${run}: edit with search`, true, edit);
	await step(complete['no change, with search']!, `${run}: no change with search`, true);
}

const mib = (bytes: number) => (bytes / 2 ** 20).toFixed(0);
const row = (name: string, list: Run[] | Measurement[], pages: number, rendered?: number) => [
	name,
	summarise(list.map((m) => m.wall)),
	median(list.map((m) => m.cpu)).toFixed(1),
	mib(median(list.map((m) => m.peakRss))),
	String(pages),
	rendered === undefined ? '–' : String(rendered),
	((median(list.map((m) => m.wall)) * 1000) / Math.max(pages, 1)).toFixed(2),
];

const allScenarios = { ...scenarios, ...complete };
const astroVersion = JSON.parse(
	readFileSync(join(PROJECT, 'node_modules/astro/package.json'), 'utf8')
).version;
const nodeVersion = execFileSync(node, ['--version'], { encoding: 'utf8' }).trim();
console.log(
	`\n## Huibao build, ${n} reports — ${new Date().toISOString().slice(0, 10)}, ${cpus().length} cores, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, astro ${astroVersion}, node ${nodeVersion}, ${runs} run(s)\n`
);
console.log(
	table(
		[
			'scenario',
			'wall s median (min–max)',
			'CPU s',
			'peak RSS MiB',
			'pages',
			'rendered',
			'ms/page',
		],
		Object.entries(allScenarios).map(([name, list]) =>
			row(name, list, list[0]!.pages, median(list.map((m) => m.rendered)))
		)
	)
);
const searchDir = join(site.dist, 'pagefind');
if (existsSync(searchDir)) {
	const files = readdirSync(searchDir, { recursive: true, withFileTypes: true }).filter((d) =>
		d.isFile()
	);
	const bytes = files.reduce((sum, d) => sum + statSync(join(d.parentPath, d.name)).size, 0);
	console.log(
		`\nSearch index: ${(bytes / 1e6).toFixed(1)} MB in ${files.length} files (dist/pagefind/).`
	);
}
const phaseNames = [
	...new Set(
		Object.values(allScenarios).flatMap((list) => list.flatMap((m) => Object.keys(m.phases)))
	),
];
console.log('\nWhere the time goes (median seconds per phase):\n');
console.log(
	table(
		['scenario', ...phaseNames],
		Object.entries(allScenarios).map(([name, list]) => [
			name,
			...phaseNames.map((p) => median(list.map((m) => m.phases[p] ?? 0)).toFixed(2)),
		])
	)
);

// 相关文章 for the whole corpus, as the site model computes them in every build's content phase.
const loaded = await loadContent({
	root: site.root,
	includeDrafts: false,
	cacheDir: site.cacheDir,
	readOnlyCache: true,
});
const related = timeRelated(loaded.content?.reports ?? []);
console.log(
	`\n相关文章 (related reports) for all ${related.reports} reports: ${related.ms.toFixed(1)} ms (median of 5; ${((related.ms * 1000) / Math.max(related.reports, 1)).toFixed(1)} µs per report, ${related.listed} links listed).`
);

// Peers on the same corpus.
if (!values['no-peers'] && existsSync(peersDir)) {
	const peers = preparePeers(peersDir, join(tmpdir(), 'huibao-bench-peers'), log);
	const results: { name: string; runs: Measurement[]; pages: number }[] = [];
	for (const peer of peers) {
		peer.setup(corpus);
		const list: Measurement[] = [];
		for (let r = 0; r < runs; r++) {
			coldStart(peer.dir, peer.clean);
			settle();
			log(`bench: ${peer.name} cold, run ${r + 1}/${runs}`);
			const [command, ...args] = peer.command;
			const m = await measure(command, args, { cwd: peer.dir, env: peer.env });
			if (m.code !== 0) throw new Error(`${peer.name} failed:\n${m.stderr.slice(-2000)}`);
			list.push(m);
		}
		results.push({ name: peer.name, runs: list, pages: countPages(join(peer.dir, peer.out)) });
	}
	console.log('\nPeers, same corpus, cold builds:\n');
	console.log(
		table(
			['tool', 'wall s median (min–max)', 'CPU s', 'peak RSS MiB', 'pages', 'rendered', 'ms/page'],
			results.map((p) => row(p.name, p.runs, p.pages))
		)
	);
	const wall = (list: Measurement[]) => median(list.map((m) => m.wall));
	const hugo = results.find((p) => p.name === 'Hugo');
	const eleventy = results.find((p) => p.name === 'Eleventy');
	const eleventySearch = results.find((p) => p.name === 'Eleventy + Pagefind');
	const ours = Object.fromEntries(
		Object.entries({ ...scenarios, ...complete }).map(([k, v]) => [k, wall(v)])
	);
	const peak = median(scenarios.cold!.map((m) => m.peakRss));
	const lines: [string, string, boolean][] = [];
	// The pages alone compare with the peers' builds; the complete build with search with
	// Eleventy followed by the Pagefind CLI (the same work done the way an Eleventy user would).
	if (eleventy)
		lines.push([
			`cold / Eleventy cold = ${(ours.cold! / wall(eleventy.runs)).toFixed(2)}`,
			'≤ 1.0',
			ours.cold! <= wall(eleventy.runs),
		]);
	const withSearch = ours['cold, with search'];
	if (eleventySearch && withSearch !== undefined) {
		const ratio = withSearch / wall(eleventySearch.runs);
		lines.push([
			`cold with search / (Eleventy + Pagefind) cold = ${ratio.toFixed(2)}`,
			'≤ 0.5',
			ratio <= 0.5,
		]);
	}
	lines.push([
		`cold peak RSS = ${(peak / 2 ** 30).toFixed(2)} GiB`,
		'≤ 2 GiB',
		peak <= 2 * 2 ** 30,
	]);
	if (hugo) {
		lines.push([
			`edit / Hugo cold = ${(ours['edit one report']! / wall(hugo.runs)).toFixed(2)}`,
			'≤ 0.3',
			ours['edit one report']! <= 0.3 * wall(hugo.runs),
		]);
		lines.push([
			`no change / Hugo cold = ${(ours['no change']! / wall(hugo.runs)).toFixed(2)}`,
			'< edit',
			ours['no change']! < ours['edit one report']!,
		]);
		const editSearch = ours['edit one report, with search'];
		if (editSearch !== undefined)
			lines.push([
				`edit with search / Hugo cold = ${(editSearch / wall(hugo.runs)).toFixed(2)}`,
				'≤ 0.3',
				editSearch <= 0.3 * wall(hugo.runs),
			]);
	}
	console.log('\nTargets:\n');
	console.log(
		table(
			['measure', 'target', 'met'],
			lines.map(([m, t, ok]) => [m, t, ok ? 'yes' : 'NO'])
		)
	);
} else if (!values['no-peers']) {
	console.log(
		`\n(no peers: ${peersDir} not found; pass --peers DIR to compare with Hugo, Eleventy and plain Astro)`
	);
}

if (values.keep) log(`bench: kept ${site.root}`);
else site.cleanup();

/**
 * `npm run bench:cms-requests -- [--reports 1000,10000] [--backends gitea,github]`
 *
 * Counts the requests one editor's session costs on a git host: N generated reports
 * (src/bench/generateReports.ts) committed to a git repository in a temp folder, served by the
 * SIMULATED Gitea or GitHub API (tests/helpers/gitHost — a simulation, not the host), the real
 * Decap admin as `npm run build` writes it, Chromium. The session: log in (test token) → open
 * the list holding the newest report → open that report → change its title → save and publish.
 * Once with a fresh browser profile (cold), then again in the same profile after a reload
 * (warm: Decap's IndexedDB and the browser's HTTP cache kept).
 *
 * Prints, per backend and N: requests that reached the host (total and by endpoint kind; 304s
 * and CORS preflights apart), whether every report of the opened list was shown, and the time.
 * A measurement for docs/cms.md, not a test: nothing is asserted.
 */
import { rmSync } from 'node:fs';
import { generateReport, writeSiteReports } from '../src/bench/generateReports.ts';
import { launchBrowser } from '../tests/helpers/browser.ts';
import {
	OFFLINE_ARGS,
	editorSession,
	hostRepository,
	prepareContext,
	serveAdminFor,
	type SessionResult,
} from '../tests/helpers/cmsHostSession.ts';
import { createFixtureSite } from '../tests/helpers/fixtureSite.ts';
import { startGitHost, type HostKind } from '../tests/helpers/gitHost/index.ts';

const arg = (name: string, fallback: string) => {
	const i = process.argv.indexOf(`--${name}`);
	return i > 0 ? process.argv[i + 1]! : fallback;
};
const SIZES = arg('reports', '1000,10000').split(',').map(Number);
const BACKENDS = arg('backends', 'gitea,github').split(',') as HostKind[];

/** The generated corpus, each report in its place in the site; returns the newest report's file (the one opened). */
function placeReports(root: string, count: number): string {
	writeSiteReports(root, count);
	let newest = { date: '', file: '' };
	for (let i = 0; i < count; i++) {
		const { date, file } = generateReport(i);
		if (date > newest.date) newest = { date, file };
	}
	return newest.file;
}

interface Row {
	backend: HostKind;
	reports: number;
	cache: 'cold' | 'warm';
	counts: Record<string, number>;
	preflights: number;
	external: number;
	result: Partial<SessionResult>;
	error?: string;
}

const rows: Row[] = [];
for (const reports of SIZES) {
	const site = createFixtureSite({ sampleContent: false });
	let repo = '';
	try {
		let t = performance.now();
		const file = placeReports(site.root, reports);
		repo = hostRepository(site.root);
		console.log(
			`${reports} reports committed in ${((performance.now() - t) / 1000).toFixed(1)} s; opening ${file}`
		);
		for (const backend of BACKENDS) {
			const host = await startGitHost({
				kind: backend,
				repoDir: repo,
				repo: 'assoc/site',
				token: 'test-token-for-the-simulated-host',
			});
			const { server, config } = await serveAdminFor(site.root, host);
			const browser = await launchBrowser({ timezoneId: 'Asia/Shanghai', args: OFFLINE_ARGS });
			try {
				const { external } = await prepareContext(browser.context, host);
				for (const cache of ['cold', 'warm'] as const) {
					host.reset();
					external.length = 0;
					const page = await browser.context.newPage();
					const row: Row = {
						backend,
						reports,
						cache,
						counts: {},
						preflights: 0,
						external: 0,
						result: {},
					};
					t = performance.now();
					try {
						await editorSession(page, {
							adminOrigin: server.origin,
							host,
							repo,
							file,
							config,
							title: `${cache} 会话修改的标题 ${backend}`,
							into: row.result,
						});
					} catch (error) {
						row.error = String(error).split('\n')[0];
					}
					row.counts = host.counts();
					row.preflights = host.preflights;
					row.external = external.length;
					rows.push(row);
					console.log(
						`${backend} ${reports} ${cache}: ${row.counts.total} requests, ${row.preflights} preflights, listed ${row.result.listed ?? '?'} missing ${row.result.missing?.length ?? '?'}, ${((performance.now() - t) / 1000).toFixed(1)} s${row.error ? `, FAILED: ${row.error}` : ''}`
					);
					console.log(`  ${JSON.stringify(row.counts)}`);
					await page.close();
				}
			} finally {
				await browser.close();
				await server.close();
				await host.close();
			}
		}
	} finally {
		site.cleanup();
		if (repo) rmSync(repo, { recursive: true, force: true });
	}
}

const kindsOf = (counts: Record<string, number>) => {
	const get = (k: string) => counts[k] ?? 0;
	const lists = get('GET git/trees');
	const blobs = get('GET git/blobs');
	const commits = get('GET commits');
	const rest = (counts.total ?? 0) - lists - blobs - commits;
	return { lists, blobs, commits, rest };
};
console.log(
	'\n| backend | reports | browser | requests | trees | blobs | commits (last-commit) | other | 304 | preflights | list shown / missing | list | open | save | session |'
);
console.log(
	'| --- | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | ---: | ---: | ---: | ---: |'
);
for (const r of rows) {
	const k = kindsOf(r.counts);
	const s = (ms?: number) => (ms === undefined ? '–' : `${(ms / 1000).toFixed(1)} s`);
	const listed = `${r.result.listed ?? '?'} / ${r.result.missing?.length ?? '?'}${r.result.openedFromList === false ? ' (report opened by address)' : ''}${r.error ? ` — failed: ${r.error}` : ''}`;
	console.log(
		`| ${r.backend} | ${r.reports} | ${r.cache} | ${r.counts.total} | ${k.lists} | ${k.blobs} | ${k.commits} | ${k.rest} | ${r.counts['304']} | ${r.preflights} | ${listed} | ${s(r.result.ms?.list)} | ${s(r.result.ms?.open)} | ${s(r.result.ms?.save)} | ${s(r.result.ms?.total)} |`
	);
}

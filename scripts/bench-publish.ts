/**
 * npm run bench -- --publish [--reports N] [--tests] [--no-before] [--no-full] [--keep]
 *
 * Replays, step by step, what CI runs between a push and the site being live (a tool, not a
 * test). A throw-away git repository ("origin") holds this project's committed code and N
 * generated reports; each path starts from a fresh clone of it and the caches a runner would
 * restore (node_modules and the build cache, as zstd tarballs like actions/cache writes), and
 * deploys to s3rver on 127.0.0.1 (the S3 server the tests use). Printed per path: each step's
 * wall and CPU seconds and the total.
 *
 * - seed: the first deploy (cold build, empty bucket), which makes the caches the others restore;
 * - fast path: a CMS publish (one report edited, one upload added): decide, check the content,
 *   build, deploy — the new site.yml's `publish` job;
 * - before: the same kind of publish through the old workflow (npm install, check and astro
 *   check, build, tar; a second job: npm install, untar, deploy);
 * - full path: a code change through the new workflow's three jobs;
 * - nothing to do: a scheduled run when nothing changed (checkout, restore, decide).
 *
 * Steps a hosted runner adds that cannot be replayed here (machine and container start, the
 * browser install, artifact transfer, the test suite unless --tests) are listed, not guessed:
 * docs/performance.md gives them from the hosts' documentation.
 */
import { execFileSync } from 'node:child_process';
import {
	appendFileSync,
	mkdirSync,
	mkdtempSync,
	readdirSync,
	rmSync,
	statSync,
	writeFileSync,
} from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { writeSiteReports } from '../src/bench/generateReports.ts';
import { measure } from '../src/bench/measure.ts';
import { table } from '../src/bench/stats.ts';
import { PROJECT } from '../src/bench/throwawaySite.ts';
import { listReportFiles } from '../src/lib/content/reportPath.ts';
import { deployEnv, newBucket, startS3 } from '../tests/deploy/helpers.ts';

const { values } = parseArgs({
	args: process.argv.slice(2).filter((a) => a !== '--publish'),
	options: {
		reports: { type: 'string', default: '1000' },
		tests: { type: 'boolean', default: false },
		'no-before': { type: 'boolean', default: false },
		'no-full': { type: 'boolean', default: false },
		keep: { type: 'boolean', default: false },
		help: { type: 'boolean', default: false },
	},
});
if (values.help) {
	console.log(import.meta.filename);
	process.exit(0);
}

const n = Number(values.reports);
const log = (line: string) => process.stderr.write(`${line}\n`);
const work = mkdtempSync(join(tmpdir(), 'huibao-publish-'));
const origin = join(work, 'origin');
const caches = join(work, 'caches');
mkdirSync(caches);
const gitEnv = {
	GIT_AUTHOR_NAME: 'CMS',
	GIT_AUTHOR_EMAIL: 'cms@example.org',
	GIT_COMMITTER_NAME: 'CMS',
	GIT_COMMITTER_EMAIL: 'cms@example.org',
};
const git = (cwd: string, ...args: string[]) =>
	execFileSync('git', args, {
		cwd,
		encoding: 'utf8',
		env: { ...process.env, ...gitEnv },
		maxBuffer: 2 ** 28,
	}).trim();
const load = () =>
	loadavg()
		.map((l) => l.toFixed(2))
		.join(' ');
const loadAtStart = load();

// origin: this project's committed code with N generated reports instead of the samples.
log(`bench: origin with ${n} reports in ${origin}`);
mkdirSync(origin);
execFileSync('sh', ['-c', `git -C "${PROJECT}" archive HEAD | tar -x -C "${origin}"`]);
rmSync(join(origin, 'content/reports'), { recursive: true, force: true });
writeSiteReports(origin, n);
git(origin, 'init', '-q', '-b', 'main');
git(origin, 'add', '-A');
git(origin, 'commit', '-q', '-m', 'site');

const s3 = await startS3(join(work, 's3'));
const bucket = await newBucket(s3.endpoint);
const s3Env = deployEnv(s3.endpoint, bucket);

interface Step {
	path: string;
	step: string;
	wall: number;
	cpu: number;
	note?: string;
}
const steps: Step[] = [];
const ws = (name: string) => join(work, name);

async function run(
	path: string,
	step: string,
	cwd: string,
	command: string,
	args: string[],
	env: Record<string, string> = {}
): Promise<string> {
	log(`bench: ${path}: ${step}`);
	const m = await measure(command, args, { cwd, env: { CI: '1', ...env } });
	if (m.code !== 0)
		throw new Error(
			`${path}: ${step} failed (${m.code}):\n${m.stderr.slice(-3000)}\n${m.stdout.slice(-2000)}`
		);
	steps.push({ path, step, wall: m.wall, cpu: m.cpu });
	log(`bench: ${path}: ${step}: ${m.wall.toFixed(2)} s`);
	return m.stdout + m.stderr;
}
const notReplayed = (path: string, step: string, note: string) =>
	steps.push({ path, step, wall: Number.NaN, cpu: Number.NaN, note });

const clone = (path: string, dir: string, full: boolean) =>
	run(path, full ? 'checkout (whole history)' : 'checkout (depth 1)', work, 'git', [
		'clone',
		'-q',
		'--no-local',
		...(full ? [] : ['--depth', '1']),
		`file://${origin}`,
		dir,
	]);
const tarCreate = (path: string, step: string, archive: string, cwd: string, what: string[]) =>
	run(path, step, cwd, 'tar', ['-I', 'zstd -T0', '-cf', archive, ...what]);
const tarExtract = (path: string, step: string, archive: string, cwd: string) =>
	run(path, step, cwd, 'tar', ['-I', 'zstd -d -T0', '-xf', archive]);
const npmRun = (
	path: string,
	step: string,
	cwd: string,
	script: string,
	env: Record<string, string> = {}
) => run(path, step, cwd, 'npm', ['run', '--silent', script], env);
const decide = async (path: string, cwd: string) => {
	const out = await run(
		path,
		'decide (scripts/ci-path.ts)',
		cwd,
		join(cwd, 'node_modules/.bin/node'),
		['scripts/ci-path.ts'],
		s3Env
	);
	return /^path=(\w+)/m.exec(out)?.[1] ?? '?';
};
const deploy = (path: string, cwd: string, extra: Record<string, string> = {}) =>
	run(path, 'deploy (npm run deploy)', cwd, 'npm', ['run', '--silent', 'deploy'], {
		...s3Env,
		DEPLOY_COMMIT: git(cwd, 'rev-parse', 'HEAD'),
		...extra,
	});
const saveBuildCache = (path: string, cwd: string) =>
	tarCreate(path, 'save the build cache (after the deploy)', join(caches, 'build.tar.zst'), cwd, [
		'node_modules/.cache/huibao',
		'dist',
	]);

/** A CMS publish: one report edited, one upload added, committed as the CMS does. */
async function publishEdit(i: number): Promise<void> {
	const report = (await listReportFiles(origin)).sort()[0]!;
	appendFileSync(join(origin, report), `\n\n追加说明：第${i}次修改。\n`);
	mkdirSync(join(origin, 'public/uploads/2026'), { recursive: true });
	writeFileSync(join(origin, `public/uploads/2026/通知-${i}.pdf`), `%PDF-1.4\n% ${i}\n`);
	git(origin, 'add', '-A');
	git(origin, 'commit', '-q', '-m', `发布：修改 ${report}`);
}

// The seed: node_modules as the runner's cache holds it, the first build and deploy.
log('bench: packing node_modules as the runner cache holds it');
execFileSync('tar', [
	'-I',
	'zstd -T0',
	'-cf',
	join(caches, 'modules.tar.zst'),
	'--exclude=node_modules/.cache',
	'-C',
	PROJECT,
	'node_modules',
]);
const seed = ws('seed');
await clone('seed', seed, true);
await tarExtract('seed', 'restore node_modules', join(caches, 'modules.tar.zst'), seed);
await npmRun('seed', 'build, cold', seed, 'build');
await deploy('seed', seed);
await saveBuildCache('seed', seed);
const distFiles = readdirSync(join(seed, 'dist'), { recursive: true, withFileTypes: true }).filter(
	(d) => d.isFile()
).length;

// Fast path: the new workflow's publish job on a CMS publish.
await publishEdit(1);
{
	const p = 'fast path';
	const dir = ws('fast');
	await clone(p, dir, true);
	await tarExtract(p, 'restore node_modules', join(caches, 'modules.tar.zst'), dir);
	await tarExtract(p, 'restore the build cache', join(caches, 'build.tar.zst'), dir);
	const path = await decide(p, dir);
	if (path !== 'content') throw new Error(`fast path: the decision was ${path}, not content`);
	await npmRun(p, 'check content (npm run check:content)', dir, 'check:content');
	await npmRun(p, 'build (npm run build)', dir, 'build');
	await deploy(p, dir);
	await saveBuildCache(p, dir);
	rmSync(dir, { recursive: true, force: true });
}

// Nothing to do: a scheduled run right after.
{
	const p = 'nothing to do';
	const dir = ws('none');
	await clone(p, dir, true);
	await tarExtract(p, 'restore node_modules', join(caches, 'modules.tar.zst'), dir);
	const path = await decide(p, dir);
	if (path !== 'none') throw new Error(`nothing to do: the decision was ${path}, not none`);
	rmSync(dir, { recursive: true, force: true });
}

// Before: the same kind of publish through the workflow as it was (two jobs, everything).
if (!values['no-before']) {
	await publishEdit(2);
	const p = 'before';
	const dir = ws('before');
	await clone(p, dir, false);
	notReplayed(p, 'apt-get install chromium fonts-wqy-microhei', 'downloads from Debian mirrors');
	await run(p, 'npm install (~/.npm warm)', dir, 'npm', [
		'install',
		'--no-audit',
		'--no-fund',
		'--loglevel=error',
	]);
	await tarExtract(p, 'restore the build cache', join(caches, 'build.tar.zst'), dir);
	await npmRun(p, 'check (content + astro check)', dir, 'check');
	if (values.tests) await run(p, 'test (npm test)', dir, 'npm', ['test']);
	else notReplayed(p, 'test (npm test)', 'the whole suite; see docs/performance.md');
	await npmRun(p, 'build (npm run build)', dir, 'build');
	await run(p, 'pack the site (tar)', dir, 'tar', ['-cf', join(caches, 'site.tar'), 'dist']);
	notReplayed(p, 'upload-artifact, then download-artifact', 'network transfer to the host');
	const dir2 = ws('before-deploy');
	await clone(p, dir2, false);
	await run(p, 'npm install, again (~/.npm warm)', dir2, 'npm', [
		'install',
		'--no-audit',
		'--no-fund',
		'--loglevel=error',
	]);
	await run(p, 'unpack the site', dir2, 'tar', ['-xf', join(caches, 'site.tar')]);
	// The old workflow recorded no commit: the record still names the fast path's.
	await deploy(p, dir2, { DEPLOY_COMMIT: '' });
	rmSync(dir, { recursive: true, force: true });
	rmSync(dir2, { recursive: true, force: true });
	rmSync(join(caches, 'site.tar'), { force: true });
}

// Full path: a code change (a comment in a component: every page is rendered again).
if (!values['no-full']) {
	const component = readdirSync(join(origin, 'src/components')).find((f) => f.endsWith('.astro'))!;
	appendFileSync(join(origin, 'src/components', component), '\n<!-- bench: a code change -->\n');
	git(origin, 'add', '-A');
	git(origin, 'commit', '-q', '-m', 'code change');
	const p = 'full path';
	const dir = ws('full-publish');
	await clone(p, dir, true);
	await tarExtract(p, 'restore node_modules', join(caches, 'modules.tar.zst'), dir);
	const path = await decide(p, dir);
	if (path !== 'full') throw new Error(`full path: the decision was ${path}, not full`);
	const build = ws('full-build');
	await clone(p, build, false);
	notReplayed(p, 'apt-get install chromium fonts-wqy-microhei', 'downloads from Debian mirrors');
	await tarExtract(p, 'restore node_modules', join(caches, 'modules.tar.zst'), build);
	await tarExtract(p, 'restore the build cache', join(caches, 'build.tar.zst'), build);
	await npmRun(p, 'check (content + astro check)', build, 'check');
	if (values.tests) await run(p, 'test (npm test)', build, 'npm', ['test']);
	else notReplayed(p, 'test (npm test)', 'the whole suite; see docs/performance.md');
	await npmRun(p, 'build (npm run build)', build, 'build');
	await run(p, 'pack the site (tar)', build, 'tar', ['-cf', join(caches, 'site.tar'), 'dist']);
	notReplayed(p, 'upload-artifact, then download-artifact', 'network transfer to the host');
	const dep = ws('full-deploy');
	await clone(p, dep, false);
	await tarExtract(p, 'restore node_modules', join(caches, 'modules.tar.zst'), dep);
	await run(p, 'unpack the site', dep, 'tar', ['-xf', join(caches, 'site.tar')]);
	await deploy(p, dep);
	for (const d of [dir, build, dep]) rmSync(d, { recursive: true, force: true });
}

await s3.close();
const size = (file: string) => `${(statSync(join(caches, file)).size / 2 ** 20).toFixed(0)} MiB`;
const fmt = (x: number) => (Number.isNaN(x) ? '–' : x.toFixed(2));
console.log(
	`\n## Publish replay, ${n} reports (${distFiles} files in dist/) — ${new Date().toISOString().slice(0, 16)}Z, ${cpus().length} cores, ${(totalmem() / 2 ** 30).toFixed(0)} GiB; load ${loadAtStart} at start, ${load()} at the end\n`
);
console.log(
	`Runner caches: node_modules ${size('modules.tar.zst')}, build cache (node_modules/.cache/huibao + dist) ${size('build.tar.zst')} (tar + zstd).\n`
);
for (const path of [...new Set(steps.map((s) => s.path))]) {
	const list = steps.filter((s) => s.path === path);
	const live = list.filter((s) => !s.step.startsWith('save'));
	const total = live.reduce((sum, s) => sum + (Number.isNaN(s.wall) ? 0 : s.wall), 0);
	// On a busy machine wall time is mostly waiting for a core; CPU time is what the steps need.
	const cpu = live.reduce((sum, s) => sum + (Number.isNaN(s.cpu) ? 0 : s.cpu), 0);
	console.log(
		`### ${path}: ${total.toFixed(1)} s${list.some((s) => s.note) ? ' + the steps not replayed' : ''}\n`
	);
	console.log(
		table(
			['step', 'wall s', 'CPU s', 'note'],
			[
				...list.map((s) => [
					s.step,
					fmt(s.wall),
					fmt(s.cpu),
					s.note ?? (s.step.startsWith('save') ? 'after the site is live' : ''),
				]),
				['**total until live**', `**${total.toFixed(1)}**`, `**${cpu.toFixed(1)}**`, ''],
			]
		)
	);
	console.log('');
}
if (values.keep) log(`bench: kept ${work}`);
else rmSync(work, { recursive: true, force: true });

/**
 * Lint of the CI workflow: it must parse, and it must keep the promises docs/deploy.md makes
 * (check, test and build gate the deploy; only main deploys; superseded runs are cancelled; the
 * build cache survives between runs; secrets come from the secret store).
 */

import { execFileSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse } from 'yaml';
import { beforeAll, describe, expect, test } from 'vitest';
import { REPO } from './helpers.ts';

interface Step {
	id?: string;
	if?: string;
	name?: string;
	uses?: string;
	run?: string;
	with?: Record<string, unknown>;
	env?: Record<string, string>;
}

interface Job {
	needs?: string | string[];
	if?: string;
	'runs-on'?: string;
	outputs?: Record<string, string>;
	container?: string | { image: string };
	steps: Step[];
}

interface Workflow {
	on: Record<string, unknown>;
	concurrency?: { group?: string; 'cancel-in-progress'?: boolean };
	env?: Record<string, string>;
	jobs: Record<string, Job>;
}

let workflow: Workflow;
let text: string;

beforeAll(async () => {
	text = await readFile(join(REPO, '.github', 'workflows', 'site.yml'), 'utf8');
	workflow = parse(text) as Workflow;
});

/** Index of the first step in `job` whose command matches. */
function stepIndex(job: Job, command: RegExp): number {
	return job.steps.findIndex((s) => typeof s.run === 'string' && command.test(s.run));
}

function jobRunning(command: RegExp): [string, Job][] {
	return Object.entries(workflow.jobs).filter(([, job]) => stepIndex(job, command) >= 0);
}

describe('.github/workflows/site.yml', () => {
	test('parses as YAML with jobs', () => {
		expect(workflow).toBeTypeOf('object');
		expect(Object.keys(workflow.jobs).length).toBeGreaterThan(0);
	});

	test('runs on push to main, on pull requests, and by hand', () => {
		const push = workflow.on.push as { branches?: string[] };
		expect(push.branches).toContain('main');
		expect('pull_request' in workflow.on).toBe(true);
		expect('workflow_dispatch' in workflow.on).toBe(true);
	});

	test('cancels superseded runs', () => {
		expect(workflow.concurrency?.['cancel-in-progress']).toBe(true);
		expect(workflow.concurrency?.group).toMatch(/github\.ref/);
	});

	test('installs with npm install (never npm ci), then checks, tests and builds in that order', () => {
		const [[, build] = []] = jobRunning(/^npm (run )?test\b/m);
		expect(build).toBeDefined();
		const job = build as Job;
		const install = stepIndex(job, /^npm install\b/m);
		const order = [
			install,
			stepIndex(job, /npm run check$/m),
			stepIndex(job, /npm (run )?test/),
			stepIndex(job, /npm run build/),
		];
		expect(order.every((i) => i >= 0)).toBe(true);
		expect([...order].sort((a, b) => a - b)).toEqual(order);
		expect(jobRunning(/npm ci\b/)).toEqual([]);
		expect(stepIndex(job, /apt-get install .*chromium.*fonts-wqy-microhei/)).toBeGreaterThanOrEqual(
			0
		);
		expect(workflow.env?.CHROMIUM_PATH ?? '').toMatch(/chromium/);
	});

	test('keeps the build cache between runs, restoring the newest', () => {
		const caches = Object.values(workflow.jobs)
			.flatMap((job) => job.steps)
			.filter((s) => s.uses?.startsWith('actions/cache@'));
		const build = caches.find((s) => String(s.with?.path).includes('node_modules/.cache/huibao'));
		expect(build).toBeDefined();
		const paths = String(build?.with?.path)
			.split('\n')
			.map((p) => p.trim())
			.filter(Boolean);
		expect(paths).toEqual(expect.arrayContaining(['node_modules/.cache/huibao', 'dist']));
		// A key unique per run, so each run saves; a restore prefix, so the newest comes back.
		expect(String(build?.with?.key)).toMatch(/github\.run_id/);
		const restore = String(build?.with?.['restore-keys'] ?? '');
		expect(restore).not.toBe('');
		expect(String(build?.with?.key).startsWith(restore.trim().split('\n')[0] ?? '')).toBe(true);
	});

	test('the full path deploys only after check, test and build passed, only from main', () => {
		const [[testName, testJob] = []] = jobRunning(/^npm (run )?test\b/m);
		const fullDeployers = jobRunning(/npm run deploy/).filter(([name]) => name !== 'publish');
		expect(fullDeployers).toHaveLength(1);
		const [name, job] = fullDeployers[0] as [string, Job];
		expect(name).not.toBe(testName);
		const needs = Array.isArray(job.needs) ? job.needs : [job.needs];
		expect(needs).toContain(testName);
		expect(job.if).toMatch(/github\.ref == 'refs\/heads\/main'/);
		expect(job.if).not.toMatch(/pull_request/);
		expect(testJob).toBeDefined();
	});

	test('takes credentials from the secret store only, and records the commit it deploys', () => {
		const steps = Object.values(workflow.jobs).flatMap((job) =>
			job.steps.filter((s) => /npm run deploy|ci-path/.test(s.run ?? ''))
		);
		expect(steps.length).toBe(3);
		for (const step of steps) {
			expect(step.env?.AWS_ACCESS_KEY_ID).toBe('${{ secrets.AWS_ACCESS_KEY_ID }}');
			expect(step.env?.AWS_SECRET_ACCESS_KEY).toBe('${{ secrets.AWS_SECRET_ACCESS_KEY }}');
			for (const name of ['S3_BUCKET', 'AWS_REGION'])
				expect(step.env?.[name]).toMatch(/^\$\{\{ .*(vars|secrets)\./);
			if (/npm run deploy/.test(step.run ?? ''))
				expect(step.env?.DEPLOY_COMMIT).toBe('${{ github.sha }}');
		}
		// Secrets reach only those steps, never a whole job (the build runs without them).
		for (const job of Object.values(workflow.jobs))
			expect(JSON.stringify((job as { env?: unknown }).env ?? {})).not.toMatch(/secrets\./);
		// No key material in the file itself.
		expect(text).not.toMatch(/AKIA[0-9A-Z]{16}|LTAI[0-9A-Za-z]{12,}|AKID[0-9A-Za-z]{13,}/);
	});
});

/**
 * Runs the workflow's `if:` conditions for one event and one answer of scripts/ci-path.ts, the way
 * the Actions runner does: a job runs when its needs succeeded (unless its condition uses a status
 * function) and its condition holds; a step when its condition holds. Returns the commands run.
 */
function simulate(
	event: string,
	ref: string,
	path: 'content' | 'full' | 'none' | undefined,
	cacheHit = true
): Map<string, string[]> {
	const github = { event_name: event, ref, sha: 'abc' };
	const result = new Map<string, 'success' | 'skipped'>();
	const ran = new Map<string, string[]>();
	const evaluate = (expression: string | undefined, context: Record<string, unknown>): boolean => {
		if (expression === undefined) return true;
		const js = expression
			.replace(/^\$\{\{|\}\}$/g, '')
			.replace(/\.outputs\.([a-z-]+)/g, (_, name: string) => `.outputs[${JSON.stringify(name)}]`);
		return Boolean(
			new Function(...Object.keys(context), 'cancelled', `return (${js});`)(
				...Object.values(context),
				() => false
			)
		);
	};
	const order = Object.keys(workflow.jobs);
	for (const name of order) {
		const job = workflow.jobs[name] as Job;
		const needs = job.needs === undefined ? [] : Array.isArray(job.needs) ? job.needs : [job.needs];
		const needsContext = Object.fromEntries(
			needs.map((n) => [
				n,
				{
					result: result.get(n),
					outputs: result.get(n) === 'success' && n === 'publish' ? { path } : {},
				},
			])
		);
		const statusFree = !/cancelled\(\)|always\(\)|success\(\)|failure\(\)/.test(job.if ?? '');
		const go =
			(!statusFree || needs.every((n) => result.get(n) === 'success')) &&
			evaluate(job.if, { github, needs: needsContext });
		result.set(name, go ? 'success' : 'skipped');
		if (!go) continue;
		const commands: string[] = [];
		const steps: Record<string, { outputs: Record<string, unknown> }> = {
			modules: { outputs: { 'cache-hit': cacheHit ? 'true' : 'false' } },
			path: { outputs: { path } },
		};
		for (const step of job.steps) {
			if (!evaluate(step.if, { github, steps })) continue;
			commands.push(
				step.run
					?.trim()
					.replace(/\$\{\{[^}]*\}\}/g, (e) =>
						e.includes('workflow_dispatch') ? (event === 'workflow_dispatch' ? '--full' : '') : e
					)
					.trim() ??
					step.uses ??
					''
			);
		}
		ran.set(name, commands);
	}
	return ran;
}

const MAIN = 'refs/heads/main';

describe('scheduled publishing (定时发布/下线) in site.yml', () => {
	test('runs every hour; the build and the deploy publish for the minute of the decision', () => {
		const schedule = workflow.on.schedule as { cron: string }[];
		expect(schedule?.map((s) => s.cron)).toEqual([expect.stringMatching(/^\d+ \* \* \* \*$/)]);
		const publish = workflow.jobs.publish as Job;
		expect(publish.outputs?.now).toBe('${{ steps.path.outputs.now }}');
		// The full path: the build job and the deploy job take the decision's instant.
		const steps = Object.entries(workflow.jobs)
			.filter(([name]) => name !== 'publish')
			.flatMap(([, job]) => job.steps)
			.filter((s) => /^npm run (build|deploy)$/.test(s.run ?? ''));
		expect(steps).toHaveLength(2);
		for (const step of steps)
			expect(step.env?.HUIBAO_NOW, step.run).toBe('${{ needs.publish.outputs.now }}');
		const deploy = Object.values(workflow.jobs).find(
			(j) => j.steps.some((s) => s.run === 'npm run deploy') && j !== publish
		)!;
		expect(deploy.needs).toContain('publish');
	});
});

describe('the path each run takes through site.yml', () => {
	test('a content-only push: one job checks the content, builds and deploys; no browser, tests, container or artifact', () => {
		const ran = simulate('push', MAIN, 'content');
		expect([...ran.keys()]).toEqual(['publish']);
		const commands = ran.get('publish') ?? [];
		const runs = commands.filter((c) => !c.includes('@'));
		expect(runs).toEqual([
			'node_modules/.bin/node scripts/ci-path.ts',
			'npm run check:content',
			'npm run build',
			'npm run deploy',
		]);
		expect(commands.join('\n')).not.toMatch(
			/apt-get|npm (run )?test|astro check|artifact|npm install/
		);
		const publish = workflow.jobs.publish as Job;
		expect(publish.container).toBeUndefined();
		expect(publish.outputs?.path).toBe('${{ steps.path.outputs.path }}');
		// The decision needs history back to the live commit.
		expect(publish.steps[0]?.uses).toMatch(/^actions\/checkout@/);
		expect(publish.steps[0]?.with?.['fetch-depth']).toBe(0);
		expect(publish.steps[0]?.with?.filter).toBe('blob:none');
	});

	test('a cold node_modules cache installs once, in the same job', () => {
		const commands = (simulate('push', MAIN, 'content', false).get('publish') ?? []).filter(
			(c) => !c.includes('@')
		);
		expect(commands).toEqual([
			'npm install',
			'node_modules/.bin/node scripts/ci-path.ts',
			'npm run check:content',
			'npm run build',
			'npm run deploy',
		]);
	});

	test('a code push: the full path, check, type-check, every test and build before the deploy', () => {
		const ran = simulate('push', MAIN, 'full');
		expect([...ran.keys()]).toEqual(['publish', 'build', 'deploy']);
		expect(ran.get('publish')?.filter((c) => !c.includes('@'))).toEqual([
			'node_modules/.bin/node scripts/ci-path.ts',
		]);
		expect(ran.get('build')).toEqual(
			expect.arrayContaining(['npm run check', 'npm test', 'npm run build'])
		);
		expect(ran.get('deploy')).toContain('npm run deploy');
	});

	test('nothing changed since the live commit (a re-run, a scheduled run): nothing after the decision', () => {
		for (const event of ['push', 'schedule']) {
			const ran = simulate(event, MAIN, 'none');
			expect([...ran.keys()]).toEqual(['publish']);
			expect(ran.get('publish')?.filter((c) => !c.includes('@'))).toEqual([
				'node_modules/.bin/node scripts/ci-path.ts',
			]);
		}
		expect([...simulate('schedule', MAIN, 'content').keys()]).toEqual(['publish']);
	});

	test('a pull request: no decision, no secrets, everything tested, nothing deployed', () => {
		const ran = simulate('pull_request', 'refs/pull/7/merge', undefined);
		expect([...ran.keys()]).toEqual(['build']);
		expect(ran.get('build')).toEqual(
			expect.arrayContaining(['npm run check', 'npm test', 'npm run build'])
		);
	});

	test('a run started by hand takes the full path', () => {
		const ran = simulate('workflow_dispatch', MAIN, 'full');
		expect(ran.get('publish')).toContain('node_modules/.bin/node scripts/ci-path.ts --full');
		expect([...ran.keys()]).toEqual(['publish', 'build', 'deploy']);
	});
});

describe('the GitLab CI example in docs/deploy.md', () => {
	interface GitLabJob {
		script?: string[];
		before_script?: string[];
		needs?: (string | { job: string; optional?: boolean })[];
		rules?: { if: string }[];
		cache?: { paths: string[] }[];
		variables?: Record<string, string>;
		artifacts?: { reports?: { dotenv?: string }; paths?: string[] };
	}
	let gitlab: Record<string, GitLabJob> & { variables?: Record<string, string> };
	beforeAll(async () => {
		const docs = await readFile(join(REPO, 'docs', 'deploy.md'), 'utf8');
		const section = docs.slice(docs.indexOf('### GitLab CI'));
		const block = /```yaml\n([\s\S]*?)```/.exec(section)?.[1];
		expect(block).toBeDefined();
		gitlab = parse(block as string) as typeof gitlab;
	});
	const commands = (job: GitLabJob | undefined) => [
		...(job?.before_script ?? []),
		...(job?.script ?? []),
	];

	test('parses; the full path checks, tests and builds before the deploy', () => {
		const build = commands(gitlab.build);
		expect(build).toEqual(expect.arrayContaining(['npm run check', 'npm test', 'npm run build']));
		expect(build.some((c) => /(^|\|\| )npm install$/.test(c))).toBe(true);
		expect(
			Object.values(gitlab).some((job) =>
				commands(job as GitLabJob).some((c) => /npm ci\b/.test(c))
			)
		).toBe(false);
		expect(
			gitlab.build?.cache?.some(
				(c) => c.paths.includes('.cache/huibao/') && c.paths.includes('dist/')
			)
		).toBe(true);
		expect(gitlab.variables?.HUIBAO_CACHE_DIR).toBe('.cache/huibao');
		expect(gitlab.deploy?.needs).toContain('build');
		expect(
			commands(gitlab.deploy).some((c) => /DEPLOY_COMMIT=\$CI_COMMIT_SHA npm run deploy/.test(c))
		).toBe(true);
		expect(gitlab.deploy?.rules?.[0]?.if).toMatch(/CI_DEFAULT_BRANCH/);
	});

	test('publish decides from the live commit and deploys on the content path only', () => {
		const publish = gitlab.publish;
		expect(publish?.variables?.GIT_DEPTH).toBe('0');
		expect(publish?.artifacts?.reports?.dotenv).toBe('ci-path.env');
		expect(publish?.rules?.[0]?.if).toMatch(/CI_DEFAULT_BRANCH/);
		expect(publish?.rules?.[0]?.if).not.toMatch(/merge_request/);
		const script = commands(publish);
		const decide = script.findIndex((c) => c.includes('scripts/ci-path.ts --dotenv ci-path.env'));
		const deploy = script.findIndex((c) => c.includes('npm run deploy'));
		expect(decide).toBeGreaterThanOrEqual(0);
		expect(deploy).toBeGreaterThan(decide);
		expect(script[deploy]).toMatch(
			/^if \[ "\$HUIBAO_CI_PATH" = content \]; then npm run check:content && npm run build && DEPLOY_COMMIT=\$CI_COMMIT_SHA npm run deploy; fi$/
		);
		expect(script.join('\n')).not.toMatch(/apt-get|npm test/);
		// build and deploy wait for publish when it exists, and do nothing unless the path is full.
		for (const name of ['build', 'deploy']) {
			expect(gitlab[name]?.needs).toContainEqual({ job: 'publish', optional: true });
			expect(commands(gitlab[name])[0]).toMatch(
				/^if \[ "\$\{HUIBAO_CI_PATH:-full\}" != full \]; then .*exit 0; fi$/
			);
		}
	});

	test('the early exits really skip: run as a shell, they stop unless the path is full', () => {
		const line = commands(gitlab.build)[0] as string;
		const sh = (path: string | undefined) =>
			execFileSync('sh', ['-c', `${line}\necho went-on`], {
				encoding: 'utf8',
				env: { PATH: process.env.PATH, ...(path === undefined ? {} : { HUIBAO_CI_PATH: path }) },
			});
		expect(sh('content')).not.toContain('went-on');
		expect(sh('none')).not.toContain('went-on');
		expect(sh('full')).toContain('went-on');
		expect(sh(undefined)).toContain('went-on');
	});
});

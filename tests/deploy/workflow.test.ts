/**
 * Lint of the CI workflow: it must parse, and it must keep the promises docs/deploy.md makes
 * (check, test and build gate the deploy; only main deploys; superseded runs are cancelled; the
 * build cache survives between runs; secrets come from the secret store).
 */

import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse } from 'yaml';
import { beforeAll, describe, expect, test } from 'vitest';
import { REPO } from './helpers.ts';

interface Step {
	name?: string;
	uses?: string;
	run?: string;
	with?: Record<string, unknown>;
	env?: Record<string, string>;
}

interface Job {
	needs?: string | string[];
	if?: string;
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

describe('10. .github/workflows/site.yml', () => {
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
		const [[, build] = []] = jobRunning(/npm run build/);
		expect(build).toBeDefined();
		const job = build as Job;
		const install = stepIndex(job, /^npm install\b/m);
		const order = [install, stepIndex(job, /npm run check/), stepIndex(job, /npm (run )?test/), stepIndex(job, /npm run build/)];
		expect(order.every((i) => i >= 0)).toBe(true);
		expect([...order].sort((a, b) => a - b)).toEqual(order);
		expect(jobRunning(/npm ci\b/)).toEqual([]);
		expect(stepIndex(job, /apt-get install .*chromium.*fonts-wqy-microhei/)).toBeGreaterThanOrEqual(0);
		expect(workflow.env?.CHROMIUM_PATH ?? '').toMatch(/chromium/);
	});

	test('keeps the build cache between runs, restoring the newest', () => {
		const caches = Object.values(workflow.jobs)
			.flatMap((job) => job.steps)
			.filter((s) => s.uses?.startsWith('actions/cache@'));
		const build = caches.find((s) => String(s.with?.path).includes('node_modules/.cache/huibao'));
		expect(build).toBeDefined();
		const paths = String(build?.with?.path).split('\n').map((p) => p.trim()).filter(Boolean);
		expect(paths).toEqual(expect.arrayContaining(['node_modules/.cache/huibao', 'dist']));
		// A key unique per run, so each run saves; a restore prefix, so the newest comes back.
		expect(String(build?.with?.key)).toMatch(/github\.run_id/);
		const restore = String(build?.with?.['restore-keys'] ?? '');
		expect(restore).not.toBe('');
		expect(String(build?.with?.key).startsWith(restore.trim().split('\n')[0] ?? '')).toBe(true);
	});

	test('deploys only after check, test and build passed, only from main on push or by hand', () => {
		const deployers = jobRunning(/npm run deploy/);
		expect(deployers).toHaveLength(1);
		const [name, job] = deployers[0] as [string, Job];
		const [[buildName] = []] = jobRunning(/npm run build/);
		expect(name).not.toBe(buildName);
		const needs = Array.isArray(job.needs) ? job.needs : [job.needs];
		expect(needs).toContain(buildName);
		expect(job.if).toMatch(/github\.ref == 'refs\/heads\/main'/);
		expect(job.if).toMatch(/github\.event_name == 'push'/);
		expect(job.if).toMatch(/github\.event_name == 'workflow_dispatch'/);
		expect(job.if).not.toMatch(/pull_request/);
	});

	test('takes credentials from the secret store only', () => {
		const [[, job] = []] = jobRunning(/npm run deploy/);
		const step = (job as Job).steps.find((s) => /npm run deploy/.test(s.run ?? ''));
		expect(step?.env?.AWS_ACCESS_KEY_ID).toBe('${{ secrets.AWS_ACCESS_KEY_ID }}');
		expect(step?.env?.AWS_SECRET_ACCESS_KEY).toBe('${{ secrets.AWS_SECRET_ACCESS_KEY }}');
		for (const name of ['S3_BUCKET', 'AWS_REGION']) expect(step?.env?.[name]).toMatch(/^\$\{\{ .*(vars|secrets)\./);
		// No key material in the file itself.
		expect(text).not.toMatch(/AKIA[0-9A-Z]{16}|LTAI[0-9A-Za-z]{12,}|AKID[0-9A-Za-z]{13,}/);
	});
});

describe('the GitLab CI example in docs/deploy.md', () => {
	test('parses and gates the deploy the same way', async () => {
		const docs = await readFile(join(REPO, 'docs', 'deploy.md'), 'utf8');
		const section = docs.slice(docs.indexOf('### GitLab CI'));
		const block = /```yaml\n([\s\S]*?)```/.exec(section)?.[1];
		expect(block).toBeDefined();
		const gitlab = parse(block as string) as Record<string, { script?: string[]; before_script?: string[]; needs?: string[]; rules?: { if: string }[]; cache?: { paths: string[] }[] }>;
		const build = gitlab.build;
		const deploy = gitlab.deploy;
		const commands = [...(build?.before_script ?? []), ...(build?.script ?? [])];
		expect(commands).toEqual(expect.arrayContaining(['npm install', 'npm run check', 'npm test', 'npm run build']));
		expect(commands.some((c) => /npm ci\b/.test(c))).toBe(false);
		expect(build?.cache?.some((c) => c.paths.includes('node_modules/.cache/huibao/') && c.paths.includes('dist/'))).toBe(true);
		expect(deploy?.needs).toEqual(['build']);
		expect(deploy?.script).toContain('npm run deploy');
		expect(deploy?.rules?.[0]?.if).toMatch(/CI_DEFAULT_BRANCH/);
	});
});

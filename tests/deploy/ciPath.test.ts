/**
 * The CI path decision (src/deploy/ciPath.ts, scripts/ci-path.ts) on a real git repository, and
 * the deploy record it reads, written by a real `npm run deploy` to s3rver on 127.0.0.1.
 */

import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { decideCiPath, isContentFile, pathForChanges } from '../../src/deploy/ciPath.ts';
import { DEPLOYED_KEY } from '../../src/deploy/deployedRecord.ts';
import { MANIFEST_KEY } from '../../src/deploy/manifest.ts';
import { runCollecting } from '../helpers/fixtureSite.ts';
import {
	REPO,
	deployEnv,
	gitAsCms,
	makeFixture,
	newBucket,
	nodeBinary,
	put,
	readBucket,
	runCli,
	s3Client,
	startS3,
	type S3Server,
	writeFiles,
} from './helpers.ts';

const temps: string[] = [];
let repo: string;

const git = (...args: string[]) => gitAsCms(repo, ...args);

/** Writes files and commits them; returns the new commit. */
async function commit(message: string, files: Record<string, string>): Promise<string> {
	await writeFiles(repo, files);
	git('add', '-A');
	git('commit', '-q', '-m', message);
	return git('rev-parse', 'HEAD');
}

const decide = (live: string | undefined, head?: string) => decideCiPath({ cwd: repo, live, head });

beforeAll(async () => {
	repo = await mkdtemp(join(tmpdir(), 'huibao-cipath-'));
	temps.push(repo);
	git('init', '-q', '-b', 'main');
	await commit('site', {
		'package.json': '{"name":"site"}\n',
		'src/pages/index.astro': '<h1>汇报</h1>\n',
		'public/favicon.svg': '<svg/>\n',
		'content/settings.yml': 'title: 汇报\n',
		'content/reports/2024/zh/annual.md': '---\ntitle: 年度报告\n---\n正文。\n',
	});
});

afterAll(async () => {
	await Promise.all(temps.map((dir) => rm(dir, { recursive: true, force: true })));
});

describe('which files are content', () => {
	test('content/ and public/uploads/ are; code, other public files and MDX are not', () => {
		for (const f of [
			'content/reports/2024/zh/annual.md',
			'content/settings.yml',
			'content/categories.yml',
			'public/uploads/2024/通知.pdf',
		]) {
			expect(isContentFile(f), f).toBe(true);
		}
		for (const f of [
			'src/pages/index.astro',
			'package-lock.json',
			'public/favicon.svg',
			'public/_headers',
			'.github/workflows/site.yml',
			'content/reports/2024/zh/chart.mdx',
			'contentx/a.md',
			'docs/deploy.md',
		]) {
			expect(isContentFile(f), f).toBe(false);
		}
		expect(pathForChanges([]).path).toBe('none');
		expect(pathForChanges(['content/a.md', 'public/uploads/b.pdf']).path).toBe('content');
		expect(pathForChanges(['content/a.md', 'src/b.ts']).path).toBe('full');
	});
});

describe('the decision on a real repository', () => {
	test('no previous deploy, or a malformed record: full', async () => {
		expect(await decide(undefined)).toMatchObject({
			path: 'full',
			reason: 'no record of a previous deploy',
		});
		expect((await decide('HEAD')).path).toBe('full');
		expect((await decide('--output=/tmp/x')).path).toBe('full');
	});

	test('nothing changed since the live commit: none', async () => {
		const live = git('rev-parse', 'HEAD');
		expect(await decide(live)).toMatchObject({ path: 'none', changed: [] });
	});

	test('a CMS publish (a report, an upload with a Chinese name, settings): content', async () => {
		const live = git('rev-parse', 'HEAD');
		await commit('发布：通知', {
			'content/reports/2024/zh/notice.md': '---\ntitle: 通知\n---\n见附件。\n',
			'public/uploads/2024/通知.pdf': '%PDF-1.4\n',
			'content/settings.yml': 'title: 汇报（新）\n',
		});
		const d = await decide(live);
		expect(d.path).toBe('content');
		expect(d.changed.sort()).toEqual([
			'content/reports/2024/zh/notice.md',
			'content/settings.yml',
			'public/uploads/2024/通知.pdf',
		]);
	});

	test('a code change, alone or mixed with content: full, naming the code', async () => {
		const live = git('rev-parse', 'HEAD');
		await commit('code', { 'src/pages/index.astro': '<h1>汇报 v2</h1>\n' });
		expect(await decide(live)).toMatchObject({
			path: 'full',
			reason: expect.stringContaining('src/pages/index.astro'),
		});
		const live2 = git('rev-parse', 'HEAD');
		await commit('mixed', {
			'content/reports/2024/zh/annual.md': '---\ntitle: 年度报告\n---\n改。\n',
			'public/favicon.svg': '<svg id="2"/>\n',
		});
		expect(await decide(live2)).toMatchObject({
			path: 'full',
			reason: expect.stringContaining('public/favicon.svg'),
		});
	});

	test('an MDX report, or a file moved out of content/: full', async () => {
		const live = git('rev-parse', 'HEAD');
		await commit('mdx', {
			'content/reports/2024/zh/chart.mdx': '---\ntitle: 图\n---\nexport const x = 1;\n',
		});
		expect((await decide(live)).path).toBe('full');
		const live2 = git('rev-parse', 'HEAD');
		git('mv', 'content/reports/2024/zh/notice.md', 'src/notice.md');
		git('commit', '-q', '-m', 'move');
		const d = await decide(live2);
		expect(d.path).toBe('full');
		expect(d.changed).toEqual(
			expect.arrayContaining(['content/reports/2024/zh/notice.md', 'src/notice.md'])
		);
	});

	test('two quick publishes, the first run cancelled: the second run covers both', async () => {
		const live = git('rev-parse', 'HEAD');
		await commit('发布一', { 'content/reports/2024/zh/one.md': '---\ntitle: 一\n---\n' });
		// The first run is cancelled by the second push: the record still names `live`.
		await commit('发布二', { 'content/reports/2024/zh/two.md': '---\ntitle: 二\n---\n' });
		const d = await decide(live);
		expect(d.path).toBe('content');
		expect(d.changed.sort()).toEqual([
			'content/reports/2024/zh/one.md',
			'content/reports/2024/zh/two.md',
		]);
	});

	test('a code push whose run was cancelled or failed, then a publish: full, not content', async () => {
		const live = git('rev-parse', 'HEAD');
		await commit('code, run cancelled', { 'src/lib/x.ts': 'export const x = 1;\n' });
		await commit('发布三', { 'content/reports/2024/zh/three.md': '---\ntitle: 三\n---\n' });
		// Diffing against the previous push instead would have said content.
		expect(git('diff', '--name-only', 'HEAD~1', 'HEAD')).toBe('content/reports/2024/zh/three.md');
		expect(await decide(live)).toMatchObject({
			path: 'full',
			reason: expect.stringContaining('src/lib/x.ts'),
		});
	});

	test('a reverted change: the tree is what is live, none', async () => {
		const live = git('rev-parse', 'HEAD');
		await commit('发布四', { 'content/reports/2024/zh/four.md': '---\ntitle: 四\n---\n' });
		git('revert', '--no-edit', 'HEAD');
		expect((await decide(live)).path).toBe('none');
	});

	test('a force-push that dropped the live commit, or a live commit this clone lacks: full', async () => {
		const base = git('rev-parse', 'HEAD');
		const live = await commit('发布五', {
			'content/reports/2024/zh/five.md': '---\ntitle: 五\n---\n',
		});
		// Rewrite: the live commit is replaced by another with content changes only.
		git('reset', '-q', '--hard', base);
		await commit('发布五（改）', {
			'content/reports/2024/zh/five.md': '---\ntitle: 五（改）\n---\n',
		});
		expect(await decide(live)).toMatchObject({
			path: 'full',
			reason: expect.stringContaining('not an ancestor'),
		});
		expect(await decide('0123456789abcdef0123456789abcdef01234567')).toMatchObject({
			path: 'full',
			reason: expect.stringContaining('not in this clone'),
		});
	});
});

describe('in a clone like CI makes', () => {
	test('a blob:none partial clone decides from commits and trees alone, without fetching old files', async () => {
		git('config', 'uploadpack.allowFilter', 'true');
		const live = git('rev-parse', 'HEAD');
		const beforeCode = git(
			'rev-parse',
			`${git('log', '-1', '--format=%H', '--', 'src/lib/x.ts')}^`
		);
		await commit('发布七', { 'content/reports/2024/zh/seven.md': '---\ntitle: 七\n---\n' });
		const parent = await mkdtemp(join(tmpdir(), 'huibao-cipath-clone-'));
		temps.push(parent);
		const clone = join(parent, 'clone');
		execFileSync('git', ['clone', '-q', '--filter=blob:none', `file://${repo}`, clone]);
		// The origin goes away: any lazy fetch of a missing object would now fail.
		execFileSync('mv', [repo, `${repo}-away`]);
		try {
			const d = await decideCiPath({ cwd: clone, live });
			expect(d).toMatchObject({ path: 'content', changed: ['content/reports/2024/zh/seven.md'] });
			expect(await decideCiPath({ cwd: clone, live: beforeCode })).toMatchObject({
				path: 'full',
				reason: expect.stringContaining('src/lib/x.ts'),
			});
		} finally {
			execFileSync('mv', [`${repo}-away`, repo]);
		}
	});
});

describe('the deploy record and scripts/ci-path.ts', () => {
	let s3: S3Server;
	beforeAll(async () => {
		s3 = await startS3();
		temps.push(s3.directory);
	});
	afterAll(async () => {
		await s3?.close();
	});

	async function record(
		bucket: string,
		endpoint = s3.endpoint
	): Promise<{ commit: string; deployedAt: string } | undefined> {
		const client = s3Client(endpoint);
		try {
			const res = await client.send(new GetObjectCommand({ Bucket: bucket, Key: DEPLOYED_KEY }));
			return JSON.parse(
				await (res.Body as { transformToString(): Promise<string> }).transformToString()
			);
		} catch {
			return undefined;
		} finally {
			client.destroy();
		}
	}

	function ciPath(env: Record<string, string>, args: string[] = []) {
		return runCollecting(nodeBinary(), [join(REPO, 'scripts', 'ci-path.ts'), ...args], {
			cwd: repo,
			env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? '/tmp', ...env },
		});
	}

	test('a deploy with DEPLOY_COMMIT records it last; one without leaves the record; the record is never deleted', async () => {
		const dist = await makeFixture();
		temps.push(dist);
		const bucket = await newBucket(s3.endpoint);
		const env = deployEnv(s3.endpoint, bucket);
		const first = git('rev-parse', 'HEAD~1');
		const from = s3.events.length;
		expect((await runCli(['--dist', dist], { ...env, DEPLOY_COMMIT: first })).code).toBe(0);
		const writes = s3.events
			.slice(from)
			.filter((e) => e.bucket === bucket && e.kind === 'put')
			.map((e) => e.key);
		expect(writes.at(-1)).toBe(DEPLOYED_KEY);
		expect(writes.filter((k) => k === DEPLOYED_KEY)).toHaveLength(1);
		expect((await record(bucket))?.commit).toBe(first);
		// Not part of the site: the next deploy neither deletes it nor counts it.
		await put(dist, 'reports/new/index.html', '<!doctype html><title>新</title>\n');
		const run = await runCli(['--dist', dist], env);
		expect(run.stdout).toMatch(/deleted 0 /);
		expect((await record(bucket))?.commit).toBe(first);
		const stored = await readBucket(s3.endpoint, bucket, { withManifest: true });
		expect([...stored.keys()].filter((k) => k.startsWith('.'))).toEqual(
			expect.arrayContaining([MANIFEST_KEY, DEPLOYED_KEY])
		);

		const bad = await runCli(['--dist', dist], { ...env, DEPLOY_COMMIT: 'main' });
		expect(bad.code).toBe(2);
		expect(bad.stderr).toMatch(/^deploy: DEPLOY_COMMIT must be a full commit hash/m);
	});

	test('a deploy cut off half-way leaves the record of the last finished one', async () => {
		const server = await startS3();
		temps.push(server.directory);
		let restarted: S3Server | undefined;
		try {
			const dist = await makeFixture();
			temps.push(dist);
			const bucket = await newBucket(server.endpoint);
			const live = git('rev-parse', 'HEAD~1');
			expect(
				(
					await runCli(['--dist', dist], {
						...deployEnv(server.endpoint, bucket),
						DEPLOY_COMMIT: live,
					})
				).code
			).toBe(0);
			for (let i = 0; i < 20; i++)
				await put(dist, `reports/more-${i}/index.html`, `<!doctype html><title>${i}</title>\n`);
			let uploads = 0;
			server.onEvent = (e) => {
				if (e.kind === 'put' && !e.key.startsWith('.') && ++uploads === 3) void server.kill();
			};
			const head = git('rev-parse', 'HEAD');
			const cut = await runCli(['--dist', dist], {
				...deployEnv(server.endpoint, bucket, { DEPLOY_CONCURRENCY: '2', DEPLOY_RETRIES: '0' }),
				DEPLOY_COMMIT: head,
			});
			expect(cut.code).toBe(1);
			restarted = await startS3(server.directory);
			expect((await record(bucket, restarted.endpoint))?.commit).toBe(live);
		} finally {
			await server.close();
			await restarted?.close();
		}
	});

	test('ci-path reads the record from the bucket and answers on stdout, in $GITHUB_OUTPUT and a dotenv file', async () => {
		const bucket = await newBucket(s3.endpoint);
		const env = deployEnv(s3.endpoint, bucket);
		const out = join(repo, '..', `gh-output-${process.pid}`);
		temps.push(out);
		const none = await ciPath({ ...env, GITHUB_OUTPUT: out });
		expect(none.code).toBe(0);
		expect(none.stdout).toBe('path=full\n');
		expect(none.stderr).toMatch(/no record of a previous deploy/);

		const dist = await makeFixture();
		temps.push(dist);
		const live = git('rev-parse', 'HEAD');
		expect((await runCli(['--dist', dist], { ...env, DEPLOY_COMMIT: live })).code).toBe(0);
		await commit('发布六', { 'content/reports/2024/zh/six.md': '---\ntitle: 六\n---\n' });
		const dotenv = join(repo, '..', `dotenv-${process.pid}`);
		temps.push(dotenv);
		const content = await ciPath({ ...env, GITHUB_OUTPUT: out }, ['--dotenv', dotenv]);
		expect(content.code).toBe(0);
		expect(content.stdout).toBe('path=content\n');
		// With the instant of the decision, which the build and the deploy then publish for.
		expect(await readFile(out, 'utf8')).toMatch(
			/^path=full\nnow=\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z\npath=content\nnow=[^\n]+Z\n$/
		);
		expect(await readFile(dotenv, 'utf8')).toMatch(
			/^HUIBAO_CI_PATH=content\nHUIBAO_NOW=[^\n]+Z\n$/
		);

		const wrong = await ciPath({ ...env, S3_BUCKET: '' });
		expect(wrong.code).toBe(2);
		expect(wrong.stderr).toMatch(/^ci-path: S3_BUCKET is not set/m);
		expect(wrong.stdout).toBe('');
	});
});

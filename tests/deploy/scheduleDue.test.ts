/**
 * The hourly scheduled CI run: scripts/ci-path.ts on a real git repository whose tree is the one
 * that is live. It answers `content` (build and deploy) only when a publish_at, unpublish_at or
 * the end of a pinned_until day fell after the live build and up to now, read in the site's time
 * zone on a machine in another (TZ=America/Los_Angeles); otherwise `none`, and the run stops.
 * The deploy records the instant it published for, which the next run's window starts from.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { DEPLOYED_KEY } from '../../src/deploy/deployedRecord.ts';
import { runCollecting } from '../helpers/fixtureSite.ts';
import {
	REPO,
	deployEnv,
	gitAsCms,
	makeFixture,
	newBucket,
	nodeBinary,
	runCli,
	s3Client,
	startS3,
	type S3Server,
	writeFiles,
} from './helpers.ts';

const temps: string[] = [];
let repo: string;
let head: string;

const git = (...args: string[]) => gitAsCms(repo, ...args);

const report = (title: string, extra: string) =>
	`---\ntitle: ${title}\ndate: 2025-05-20\ncategory: notices\n${extra}---\n正文。\n`;

beforeAll(async () => {
	repo = await mkdtemp(join(tmpdir(), 'huibao-due-'));
	temps.push(repo);
	const files: Record<string, string> = {
		'content/settings.yml': await readFile(join(REPO, 'content/settings.yml'), 'utf8'),
		'content/reports/2025/zh/plain.md': report('普通通知', ''),
		'content/reports/2025/zh/later.md': report('定时通知', "publish_at: '2025-06-01 08:00'\n"),
		'content/reports/2025/zh/draft.md': report(
			'草稿',
			"draft: true\npublish_at: '2025-06-01 09:00'\n"
		),
		'content/reports/2025/zh/down.md': report('限时通知', 'unpublish_at: 2025-06-10 17:30:00\n'),
		'content/reports/2025/zh/pin.md': report(
			'置顶通知',
			'pinned: true\npinned_until: 2025-06-30\n'
		),
	};
	await writeFiles(repo, files);
	git('init', '-q', '-b', 'main');
	git('add', '-A');
	git('commit', '-q', '-m', 'site');
	head = git('rev-parse', 'HEAD');
});

afterAll(async () => {
	await Promise.all(temps.map((dir) => rm(dir, { recursive: true, force: true })));
});

/** ci-path for a live tree built at `since`, asked at `now` (instants with their offsets). */
async function decideAt(since: string, now: string) {
	const result = await runCollecting(
		nodeBinary(),
		[join(REPO, 'scripts', 'ci-path.ts'), '--live', head, '--since', since],
		{
			cwd: repo,
			env: {
				PATH: process.env.PATH ?? '/usr/bin:/bin',
				HOME: process.env.HOME ?? '/tmp',
				TZ: 'America/Los_Angeles',
				HUIBAO_NOW: now,
			},
		}
	);
	expect(result.code, result.stderr).toBe(0);
	return { path: result.stdout.trim(), reason: result.stderr };
}

describe('the scheduled run decides from the clock when the tree is live', () => {
	test('nothing due in the last hour: none, and the run stops', async () => {
		const { path, reason } = await decideAt(
			'2025-06-01T07:05:00+08:00',
			'2025-06-01T07:59:59+08:00'
		);
		expect(path).toBe('path=none');
		expect(reason).toMatch(/no scheduled change after 2025-06-01 07:05 and up to 2025-06-01 07:59/);
	});

	test('a publish minute passed (Beijing time): content', async () => {
		const { path, reason } = await decideAt(
			'2025-06-01T07:05:00+08:00',
			'2025-06-01T08:00:00+08:00'
		);
		expect(path).toBe('path=content');
		expect(reason).toContain('content/reports/2025/zh/later.md (2025-06-01 08:00)');
	});

	test('the same minute already built for: none; a draft never makes a run due', async () => {
		const { path } = await decideAt('2025-06-01T08:00:00+08:00', '2025-06-01T09:05:00+08:00');
		expect(path).toBe('path=none');
	});

	test('a take-down time written as a YAML timestamp, and the end of 置顶至, are due too', async () => {
		const down = await decideAt('2025-06-10T17:05:00+08:00', '2025-06-10T18:05:00+08:00');
		expect(down.path).toBe('path=content');
		expect(down.reason).toContain('down.md (2025-06-10 17:30)');
		const pin = await decideAt('2025-06-30T23:05:00+08:00', '2025-07-01T00:05:00+08:00');
		expect(pin.path).toBe('path=content');
		expect(pin.reason).toContain('pin.md (2025-07-01 00:00)');
	});
});

describe('the deploy record says which minute is live', () => {
	let s3: S3Server;
	beforeAll(async () => {
		s3 = await startS3();
		temps.push(s3.directory);
	});
	afterAll(async () => {
		await s3?.close();
	});

	test('a deploy with HUIBAO_NOW records it as builtFor', async () => {
		const dist = await makeFixture();
		temps.push(dist);
		const bucket = await newBucket(s3.endpoint);
		const env = deployEnv(s3.endpoint, bucket);
		const run = await runCli(['--dist', dist], {
			...env,
			DEPLOY_COMMIT: head,
			HUIBAO_NOW: '2025-06-01T08:00:00+08:00',
		});
		expect(run.code, run.stderr).toBe(0);
		const client = s3Client(s3.endpoint);
		try {
			const res = await client.send(new GetObjectCommand({ Bucket: bucket, Key: DEPLOYED_KEY }));
			const record = JSON.parse(
				await (res.Body as { transformToString(): Promise<string> }).transformToString()
			);
			expect(record).toMatchObject({ commit: head, builtFor: '2025-06-01T00:00:00.000Z' });
		} finally {
			client.destroy();
		}
	});
});

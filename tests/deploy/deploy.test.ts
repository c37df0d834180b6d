/**
 * End-to-end tests of `npm run deploy` against a real S3-protocol server (s3rver) on 127.0.0.1,
 * with a small built site written by the test itself.
 */

import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DeleteObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { MANIFEST_KEY } from '../../src/deploy/manifest.ts';
import { STAMP_FILE } from '../../src/lib/build/buildStamp.ts';
import { DeployError } from '../../src/deploy/runDeploy.ts';
import {
	deployEnv,
	deployInProcess,
	makeFixture,
	markBuilt,
	newBucket,
	parseSummary,
	put,
	readBucket,
	readDir,
	remove,
	runCli,
	s3Client,
	startS3,
	type S3Server,
} from './helpers.ts';

let s3: S3Server;
const temps: string[] = [];

beforeAll(async () => {
	s3 = await startS3();
	temps.push(s3.directory);
});

afterAll(async () => {
	await s3?.close();
	await Promise.all(temps.map((dir) => rm(dir, { recursive: true, force: true })));
});

async function fixture(): Promise<string> {
	const dist = await makeFixture();
	temps.push(dist);
	return dist;
}

/** Keys written to `bucket` since event number `from`, the manifest left out. */
function putsSince(server: S3Server, bucket: string, from: number): string[] {
	return server.events
		.slice(from)
		.filter((e) => e.bucket === bucket && e.kind === 'put' && !e.key.endsWith(MANIFEST_KEY))
		.map((e) => e.key);
}

function eventsFor(server: S3Server, bucket: string): number {
	return server.events.filter((e) => e.bucket === bucket).length;
}

/** Asserts the bucket holds exactly the files of `dist` (host config files aside), byte for byte. */
async function expectBucketEqualsDist(
	server: S3Server,
	bucket: string,
	dist: string,
	prefix = ''
): Promise<void> {
	const local = await readDir(dist);
	local.delete('_headers');
	local.delete(STAMP_FILE);
	const stored = await readBucket(server.endpoint, bucket, { prefix });
	expect([...stored.keys()].sort()).toEqual([...local.keys()].sort());
	for (const [key, bytes] of local) {
		const object = stored.get(key);
		expect(object?.body.equals(bytes), `${key} differs`).toBe(true);
		expect(object?.sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
	}
}

const sha = (s: string) => createHash('sha256').update(s).digest('hex');

describe('a site deployed over time', () => {
	let dist: string;
	let bucket: string;
	let env: Record<string, string>;

	beforeAll(async () => {
		dist = await fixture();
		bucket = await newBucket(s3.endpoint);
		env = deployEnv(s3.endpoint, bucket);
	});

	test('the first deploy (CLI) makes the bucket equal dist/ byte for byte', async () => {
		const run = await runCli(['--dist', dist], env);
		expect(run.stderr).toBe('');
		expect(run.code).toBe(0);
		const summary = parseSummary(run.stdout);
		expect(summary).toEqual({ uploaded: 25, unchanged: 0, deleted: 0 });
		expect(run.stdout).toMatch(
			/^deploy: done: uploaded 25 \([\d.]+ KiB\), unchanged 0, deleted 0 \(0 B\) in [\d.]+ s$/m
		);
		await expectBucketEqualsDist(s3, bucket, dist);
		// The manifest is there, and the Netlify/Cloudflare host file is not.
		const withManifest = await readBucket(s3.endpoint, bucket, { withManifest: true });
		expect(withManifest.has(MANIFEST_KEY)).toBe(true);
		expect(withManifest.has('_headers')).toBe(false);
	});

	test('objects carry the right Content-Type and Cache-Control', async () => {
		const stored = await readBucket(s3.endpoint, bucket);
		const expected: Record<string, [string, string]> = {
			'index.html': ['text/html; charset=utf-8', 'public, max-age=0, must-revalidate'],
			'tags/标准化/index.html': ['text/html; charset=utf-8', 'public, max-age=0, must-revalidate'],
			'_astro/index.abc123XY.css': [
				'text/css; charset=utf-8',
				'public, max-age=31536000, immutable',
			],
			'_astro/search.Df3k9LmQ.js': [
				'text/javascript; charset=utf-8',
				'public, max-age=31536000, immutable',
			],
			'rss.xml': ['application/xml; charset=utf-8', 'public, max-age=300, must-revalidate'],
			'sitemap-0.xml': ['application/xml; charset=utf-8', 'public, max-age=300, must-revalidate'],
			'robots.txt': ['text/plain; charset=utf-8', 'public, max-age=300, must-revalidate'],
			'images/logo.png': ['image/png', 'public, max-age=3600, must-revalidate'],
			'favicon.svg': ['image/svg+xml; charset=utf-8', 'public, max-age=3600, must-revalidate'],
			'fonts/site.woff2': ['font/woff2', 'public, max-age=3600, must-revalidate'],
			'uploads/2024/年度报告.pdf': ['application/pdf', 'public, max-age=3600, must-revalidate'],
			'uploads/2024/data.xlsx': [
				'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
				'public, max-age=3600, must-revalidate',
			],
			'uploads/2024/notice.docx': [
				'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
				'public, max-age=3600, must-revalidate',
			],
			'pagefind/pagefind.js': [
				'text/javascript; charset=utf-8',
				'public, max-age=0, must-revalidate',
			],
			'pagefind/pagefind-entry.json': [
				'application/json; charset=utf-8',
				'public, max-age=0, must-revalidate',
			],
			'pagefind/fragment/zh_1a2b3c4.pf_fragment': [
				'application/octet-stream',
				'public, max-age=31536000, immutable',
			],
			'admin/index.html': ['text/html; charset=utf-8', 'no-cache'],
			'admin/config.yml': ['text/yaml; charset=utf-8', 'no-cache'],
			'admin/decap-cms.js': ['text/javascript; charset=utf-8', 'no-cache'],
		};
		for (const [key, [type, cache]] of Object.entries(expected)) {
			expect([key, stored.get(key)?.contentType, stored.get(key)?.cacheControl]).toEqual([
				key,
				type,
				cache,
			]);
		}
	});

	test('a second deploy uploads nothing', async () => {
		const from = s3.events.length;
		const run = await runCli(['--dist', dist], env);
		expect(run.code).toBe(0);
		expect(parseSummary(run.stdout)).toEqual({ uploaded: 0, unchanged: 25, deleted: 0 });
		// Not even the manifest is rewritten.
		expect(s3.events.slice(from).filter((e) => e.bucket === bucket)).toEqual([]);
	});

	test('an edited page uploads only the changed files, assets before pages', async () => {
		await put(
			dist,
			'reports/2024-annual/index.html',
			'<!doctype html><title>2024 年度工作报告（修订）</title><link rel="stylesheet" href="/_astro/index.NEW456zz.css">\n'
		);
		await put(dist, '_astro/index.NEW456zz.css', 'body{color:#222}\n');
		const from = s3.events.length;
		const { result } = await deployInProcess(dist, env);
		expect(result.uploaded).toBe(2);
		expect(result.unchanged).toBe(24);
		expect(putsSince(s3, bucket, from)).toEqual([
			'_astro/index.NEW456zz.css',
			'reports/2024-annual/index.html',
		]);
		await expectBucketEqualsDist(s3, bucket, dist);
	});

	test('a page with an inline script is published with a warning', async () => {
		await put(
			dist,
			'reports/2024-annual/index.html',
			'<!doctype html><title>x</title><script>document.title="y"</script>\n'
		);
		const run = await deployInProcess(dist, env);
		expect(run.result.uploaded).toBe(1);
		expect(run.warnings).toEqual([
			'deploy: warning: 1 page(s) carry inline <script>s, which the site\'s Content-Security-Policy blocks (docs/deploy.md, "Security headers"): reports/2024-annual/index.html',
		]);
	});

	test("5. a removed page's object is deleted", async () => {
		await remove(dist, 'reports/2023-summary');
		const { result } = await deployInProcess(dist, env);
		expect(result).toMatchObject({ uploaded: 0, deleted: 1 });
		const stored = await readBucket(s3.endpoint, bucket);
		expect(stored.has('reports/2023-summary/index.html')).toBe(false);
		await expectBucketEqualsDist(s3, bucket, dist);
	});

	test('a dry run prints the plan and changes nothing', async () => {
		await put(dist, 'index.html', '<!doctype html><title>新首页</title>\n');
		await put(
			dist,
			'reports/2025-plan/index.html',
			'<!doctype html><title>2025 工作计划</title>\n'
		);
		await remove(dist, 'uploads/2024/data.xlsx');
		const before = await readBucket(s3.endpoint, bucket, { withManifest: true });
		const from = eventsFor(s3, bucket);
		const run = await runCli(['--dist', dist, '--dry-run'], env);
		expect(run.code).toBe(0);
		expect(run.stdout).toMatch(/would upload +pages +[\d.]+ B +index\.html/);
		expect(run.stdout).toMatch(/would upload +pages .* reports\/2025-plan\/index\.html/);
		expect(run.stdout).toMatch(/would delete +uploads\/2024\/data\.xlsx/);
		expect(run.stdout).toMatch(
			/^deploy: dry run, nothing changed: would upload 2 \([\d.]+ B\), unchanged 23, would delete 1 \([\d.]+ B\) in [\d.]+ s$/m
		);
		expect(eventsFor(s3, bucket)).toBe(from);
		const after = await readBucket(s3.endpoint, bucket, { withManifest: true });
		expect([...after.keys()].sort()).toEqual([...before.keys()].sort());
		for (const [key, object] of before) expect(after.get(key)?.body.equals(object.body)).toBe(true);
		// And the real run then does exactly that.
		const { result } = await deployInProcess(dist, env);
		expect(result).toMatchObject({ uploaded: 2, deleted: 1 });
		await expectBucketEqualsDist(s3, bucket, dist);
	});

	test('the listing wins over the manifest: an object deleted by hand is uploaded again', async () => {
		const client = s3Client(s3.endpoint);
		await client.send(new DeleteObjectCommand({ Bucket: bucket, Key: 'images/logo.png' }));
		client.destroy();
		const { result } = await deployInProcess(dist, env);
		expect(result).toMatchObject({ uploaded: 1, deleted: 0 });
		await expectBucketEqualsDist(s3, bucket, dist);
	});

	test('a lost or damaged manifest costs HEAD requests, not uploads', async () => {
		const client = s3Client(s3.endpoint);
		await client.send(new DeleteObjectCommand({ Bucket: bucket, Key: MANIFEST_KEY }));
		let run = await deployInProcess(dist, env);
		expect(run.result).toMatchObject({ uploaded: 0, deleted: 0 });
		expect(run.log.join('\n')).toMatch(/reading the stored hash of 25 object/);
		expect(run.result.unchanged).toBe(25);
		expect((await readBucket(s3.endpoint, bucket, { withManifest: true })).has(MANIFEST_KEY)).toBe(
			true
		);

		await client.send(
			new PutObjectCommand({ Bucket: bucket, Key: MANIFEST_KEY, Body: 'not gzip' })
		);
		run = await deployInProcess(dist, env);
		expect(run.result).toMatchObject({ uploaded: 0, deleted: 0 });
		expect(run.warnings.join('\n')).toMatch(/manifest .* unreadable/);

		// --verify ignores a manifest that lies: here it claims a changed page is unchanged.
		// Same size, so only the hash can tell.
		const size = (await readFile(join(dist, 'index.html'))).length;
		await client.send(
			new PutObjectCommand({
				Bucket: bucket,
				Key: 'index.html',
				Body: 'tampered'.padEnd(size, 'x'),
			})
		);
		client.destroy();
		run = await deployInProcess(dist, env);
		expect(run.result.uploaded).toBe(0); // the manifest is trusted by default ...
		run = await deployInProcess(dist, env, ['--verify']);
		expect(run.result.uploaded).toBe(1); // ... and --verify repairs the drift
		await expectBucketEqualsDist(s3, bucket, dist);
	});
});

test('an interrupted deploy fails, deletes nothing, and a re-run finishes it', async () => {
	const server = await startS3();
	temps.push(server.directory);
	let restarted: S3Server | undefined;
	try {
		const dist = await fixture();
		const bucket = await newBucket(server.endpoint);
		await deployInProcess(dist, deployEnv(server.endpoint, bucket));
		const oldHome = await readFile(join(dist, 'index.html'));

		// v2: a removed page, an edited home page, and enough new files to stop half-way through.
		await remove(dist, 'reports/2023-summary');
		await put(dist, 'index.html', '<!doctype html><title>首页 v2</title>\n');
		for (let i = 0; i < 30; i++)
			await put(dist, `_astro/chunk${i}.A1b2C3d${i}.js`, `export default ${i};\n`);
		for (let i = 0; i < 10; i++)
			await put(dist, `reports/new-${i}/index.html`, `<!doctype html><title>新报告 ${i}</title>\n`);

		let uploads = 0;
		server.onEvent = (e) => {
			if (e.kind === 'put' && !e.key.endsWith(MANIFEST_KEY) && ++uploads === 3) void server.kill();
		};
		const run = await runCli(
			['--dist', dist],
			deployEnv(server.endpoint, bucket, { DEPLOY_CONCURRENCY: '2', DEPLOY_RETRIES: '2' })
		);
		expect(run.code).toBe(1);
		expect(run.stderr).toMatch(
			/^deploy: upload failed after \d+ of 41 file\(s\): .*Nothing was deleted/m
		);
		expect(run.stdout).not.toMatch(/deploy: done/);

		restarted = await startS3(server.directory);
		const stored = await readBucket(restarted.endpoint, bucket);
		expect(stored.has('reports/2023-summary/index.html')).toBe(true);
		// Pages come after assets, so the old home page is still the one served.
		expect(stored.get('index.html')?.body.equals(oldHome)).toBe(true);

		const rerun = await runCli(['--dist', dist], deployEnv(restarted.endpoint, bucket));
		expect(rerun.stderr).toBe('');
		expect(rerun.code).toBe(0);
		const summary = parseSummary(rerun.stdout);
		expect(summary?.deleted).toBe(1);
		// What the first run got in is verified by HEAD and not sent again.
		expect(summary?.uploaded).toBeLessThanOrEqual(41 - 3);
		expect((summary?.uploaded ?? 0) + (summary?.unchanged ?? 0)).toBe(64);
		await expectBucketEqualsDist(restarted, bucket, dist);
	} finally {
		await server.close();
		await restarted?.close();
	}
});

describe('settings', () => {
	test('a missing setting gives one clear line, exit code 2, and uploads nothing', async () => {
		const dist = await fixture();
		const bucket = await newBucket(s3.endpoint);
		const env = deployEnv(s3.endpoint, bucket);
		delete env.S3_BUCKET;
		const run = await runCli(['--dist', dist], env);
		expect(run).toEqual({
			code: 2,
			stdout: '',
			stderr: 'deploy: S3_BUCKET is not set (the bucket that serves the site)\n',
		});
		expect(eventsFor(s3, bucket)).toBe(0);
	});

	test.each([
		['AWS_REGION', undefined, /^deploy: AWS_REGION is not set \(/],
		['AWS_SECRET_ACCESS_KEY', undefined, /^deploy: AWS_SECRET_ACCESS_KEY is not set \(/],
		['AWS_ACCESS_KEY_ID', undefined, /^deploy: AWS_ACCESS_KEY_ID is not set \(/],
		['S3_ENDPOINT', 'oss-cn-hangzhou.aliyuncs.com', /^deploy: S3_ENDPOINT is not a URL: /],
		['S3_FORCE_PATH_STYLE', 'maybe', /^deploy: S3_FORCE_PATH_STYLE must be true or false/],
		['S3_PREFIX', '../up', /^deploy: S3_PREFIX must be a plain folder path/],
		['DEPLOY_CONCURRENCY', '0', /^deploy: DEPLOY_CONCURRENCY must be a whole number from 1 to 64/],
	])('%s=%s is refused with one line', async (name, value, message) => {
		const dist = await fixture();
		const bucket = await newBucket(s3.endpoint);
		const env = deployEnv(s3.endpoint, bucket);
		if (value === undefined) delete env[name];
		else env[name] = value;
		const run = await runCli(['--dist', dist], env);
		expect(run.code).toBe(2);
		expect(run.stdout).toBe('');
		expect(run.stderr.split('\n').filter(Boolean)).toHaveLength(1);
		expect(run.stderr).toMatch(message);
		expect(eventsFor(s3, bucket)).toBe(0);
	});

	test('dist/ must exist and hold index.html', async () => {
		const bucket = await newBucket(s3.endpoint);
		const env = deployEnv(s3.endpoint, bucket);
		const missing = await runCli(['--dist', '/nonexistent/dist'], env);
		expect(missing).toMatchObject({ code: 2, stdout: '' });
		expect(missing.stderr).toBe(
			'deploy: /nonexistent/dist does not exist (run npm run build first)\n'
		);
		const empty = await mkdtemp(join(tmpdir(), 'huibao-empty-'));
		temps.push(empty);
		await put(empty, 'about/index.html', 'x');
		const noIndex = await runCli(['--dist', empty], env);
		expect(noIndex.code).toBe(2);
		expect(noIndex.stderr).toMatch(/^deploy: .* has no index\.html, so it is not a built site/);
		expect(eventsFor(s3, bucket)).toBe(0);
	});

	test('a dist/ that no build finished is refused, and the live site keeps every object', async () => {
		const dist = await fixture();
		const bucket = await newBucket(s3.endpoint);
		const env = deployEnv(s3.endpoint, bucket);
		expect((await runCli(['--dist', dist], env)).code).toBe(0);
		const live = eventsFor(s3, bucket);

		// A build killed half-way: some pages gone, and no stamp (the build takes it away first).
		await remove(dist, 'reports');
		await remove(dist, 'tags');
		await remove(dist, STAMP_FILE);
		const unstamped = await runCli(['--dist', dist], env, undefined, { asBuilt: false });
		expect(unstamped.code).toBe(2);
		expect(unstamped.stderr).toMatch(
			/^deploy: .* was not finished by npm run build \(it has no \.huibao-build\.json\).*nothing was deployed\n$/
		);

		// A stamp that does not match: files deleted or added after the build.
		markBuilt(dist);
		await put(dist, 'reports/2024-annual/index.html', 'x');
		const extra = await runCli(['--dist', dist], env, undefined, { asBuilt: false });
		expect(extra.code).toBe(2);
		expect(extra.stderr).toMatch(
			/does not match its build stamp \(\d+ files built, \d+ there now\)/
		);
		await put(dist, 'reports/2024-annual/index.html', 'xy');
		markBuilt(dist);
		await put(dist, 'reports/2024-annual/index.html', 'z');
		const resized = await runCli(['--dist', dist], env, undefined, { asBuilt: false });
		expect(resized.code).toBe(2);
		expect(resized.stderr).toMatch(
			/does not match its build stamp \(a file's name or size changed/
		);

		expect(eventsFor(s3, bucket)).toBe(live);
		expect((await readBucket(s3.endpoint, bucket)).has('reports/2023-summary/index.html')).toBe(
			true
		);
	});

	test('a bucket that does not exist is named in one line, exit code 2', async () => {
		const dist = await fixture();
		const run = await runCli(['--dist', dist], deployEnv(s3.endpoint, 'no-such-bucket'));
		expect(run.code).toBe(2);
		expect(run.stderr).toMatch(
			/^deploy: the bucket "no-such-bucket" does not exist at http:\/\/127\.0\.0\.1:\d+ \(check S3_BUCKET/
		);
		expect(run.stderr.split('\n').filter(Boolean)).toHaveLength(1);
	});
});

describe('the CDN purge hook', () => {
	test('receives the changed HTML paths as arguments and on stdin', async () => {
		const dist = await fixture();
		const bucket = await newBucket(s3.endpoint);
		const out = await mkdtemp(join(tmpdir(), 'huibao-purge-'));
		temps.push(out);
		const command =
			'printf "%s\\n" "$@" > "$PURGE_OUT/args"; cat > "$PURGE_OUT/stdin"; echo "$CDN_PURGE_COUNT $CDN_PURGE_ALL" > "$PURGE_OUT/count"';
		const env = deployEnv(s3.endpoint, bucket, { CDN_PURGE_COMMAND: command, PURGE_OUT: out });
		await deployInProcess(dist, deployEnv(s3.endpoint, bucket));

		await put(dist, 'reports/2024-annual/index.html', '<!doctype html><title>改</title>\n');
		await put(dist, 'tags/标准化/index.html', '<!doctype html><title>标准化（改）</title>\n');
		await put(
			dist,
			'rss.xml',
			'<?xml version="1.0"?><rss version="2.0"><channel><title>新</title></channel></rss>\n'
		);
		await put(dist, '_astro/index.zz99YY88.css', 'a{}\n');
		await remove(dist, 'reports/2023-summary');
		const run = await runCli(['--dist', dist], env);
		expect(run.stderr).toBe('');
		expect(run.code).toBe(0);
		const expected = [
			'/reports/2023-summary/',
			'/reports/2024-annual/',
			'/tags/%E6%A0%87%E5%87%86%E5%8C%96/',
			'/rss.xml',
		];
		expect((await readFile(join(out, 'args'), 'utf8')).split('\n').filter(Boolean)).toEqual(
			expected
		);
		expect(await readFile(join(out, 'stdin'), 'utf8')).toBe(`${expected.join('\n')}\n`);
		expect(await readFile(join(out, 'count'), 'utf8')).toBe('4 0\n');
		expect(run.stdout).toMatch(/purging 4 CDN path/);

		// Nothing changed: the command is not run.
		await rm(join(out, 'args'));
		const again = await runCli(['--dist', dist], env);
		expect(again.code).toBe(0);
		await expect(readFile(join(out, 'args'))).rejects.toThrow();
	});

	test('more paths than CDN_PURGE_MAX_PATHS purge everything as /*', async () => {
		const dist = await fixture();
		const bucket = await newBucket(s3.endpoint);
		const out = await mkdtemp(join(tmpdir(), 'huibao-purge-'));
		temps.push(out);
		const env = deployEnv(s3.endpoint, bucket, {
			CDN_PURGE_COMMAND:
				'printf "%s\\n" "$@" > "$PURGE_OUT/args"; echo "$CDN_PURGE_ALL" > "$PURGE_OUT/all"',
			CDN_PURGE_MAX_PATHS: '3',
			PURGE_OUT: out,
		});
		await deployInProcess(dist, env);
		expect(await readFile(join(out, 'args'), 'utf8')).toBe('/*\n');
		expect(await readFile(join(out, 'all'), 'utf8')).toBe('1\n');
	});

	test('a failing purge exits 3 but the deploy stays', async () => {
		const dist = await fixture();
		const bucket = await newBucket(s3.endpoint);
		const run = await runCli(
			['--dist', dist],
			deployEnv(s3.endpoint, bucket, { CDN_PURGE_COMMAND: 'echo cdn down >&2; exit 7' })
		);
		expect(run.code).toBe(3);
		expect(run.stderr).toMatch(/cdn down/);
		expect(run.stderr).toMatch(
			/deploy: CDN purge command failed \(exited with 7\); the site is deployed/
		);
		expect(run.stdout).toMatch(/deploy: done: uploaded 25/);
		await expectBucketEqualsDist(s3, bucket, dist);
	});
});

describe('other guarantees', () => {
	test('S3_PREFIX deploys below a folder and leaves the rest of the bucket alone', async () => {
		const dist = await fixture();
		const bucket = await newBucket(s3.endpoint);
		const client = s3Client(s3.endpoint);
		await client.send(
			new PutObjectCommand({ Bucket: bucket, Key: 'other/keep.txt', Body: 'not ours' })
		);
		await client.send(new PutObjectCommand({ Bucket: bucket, Key: 'www/stale.html', Body: 'old' }));
		client.destroy();
		const { result } = await deployInProcess(
			dist,
			deployEnv(s3.endpoint, bucket, { S3_PREFIX: '/www/' })
		);
		expect(result).toMatchObject({ uploaded: 25, deleted: 1 });
		await expectBucketEqualsDist(s3, bucket, dist, 'www/');
		const all = await readBucket(s3.endpoint, bucket);
		expect(all.get('other/keep.txt')?.body.toString()).toBe('not ours');
	});

	test('listings past 1,000 keys are followed page by page', async () => {
		const dist = await fixture();
		const bucket = await newBucket(s3.endpoint);
		for (let i = 0; i < 1_000; i++)
			await put(dist, `notices/${String(i).padStart(4, '0')}/index.html`, `<p>通知 ${i}</p>\n`);
		const env = deployEnv(s3.endpoint, bucket, { DEPLOY_CONCURRENCY: '16' });
		expect((await deployInProcess(dist, env)).result.uploaded).toBe(1_025);
		// Keys on the second page of the listing: still known, and deletable.
		for (const i of [990, 995, 999]) await remove(dist, `notices/0${i}`);
		const { result } = await deployInProcess(dist, env);
		expect(result).toMatchObject({ uploaded: 0, unchanged: 1_022, deleted: 3 });
		await expectBucketEqualsDist(s3, bucket, dist);
	});

	test('a large file is streamed and arrives intact', async () => {
		const dist = await fixture();
		const bucket = await newBucket(s3.endpoint);
		await put(dist, 'uploads/2024/会议录像.mp4', randomBytes(17 * 1024 * 1024));
		const { result } = await deployInProcess(dist, deployEnv(s3.endpoint, bucket));
		expect(result.uploaded).toBe(26);
		await expectBucketEqualsDist(s3, bucket, dist);
		const stored = await readBucket(s3.endpoint, bucket);
		expect(stored.get('uploads/2024/会议录像.mp4')?.contentType).toBe('video/mp4');
	});

	test('a deploy that would empty most of the bucket is refused before any change', async () => {
		const dist = await fixture();
		const bucket = await newBucket(s3.endpoint);
		for (let i = 0; i < 150; i++) await put(dist, `notices/${i}/index.html`, `<p>${i}</p>\n`);
		const env = deployEnv(s3.endpoint, bucket);
		await deployInProcess(dist, env);
		await remove(dist, 'notices');
		await put(dist, 'index.html', '<p>changed</p>\n');
		const from = eventsFor(s3, bucket);
		const error = await deployInProcess(dist, env).catch((e: unknown) => e);
		expect(error).toBeInstanceOf(DeployError);
		expect((error as DeployError).message).toMatch(
			/would delete 150 of the 175 objects .* DEPLOY_ALLOW_MASS_DELETE=1/
		);
		expect(eventsFor(s3, bucket)).toBe(from);
		const { result } = await deployInProcess(dist, { ...env, DEPLOY_ALLOW_MASS_DELETE: '1' });
		expect(result).toMatchObject({ uploaded: 1, deleted: 150 });
		await expectBucketEqualsDist(s3, bucket, dist);
	});

	test('a file that changes on disk during the deploy fails it instead of publishing unknown bytes', async () => {
		const dist = await fixture();
		const bucket = await newBucket(s3.endpoint);
		const { scanDist } = await import('../../src/deploy/scanDist.ts');
		const files = await scanDist(dist);
		expect(files.find((f) => f.key === 'index.html')?.sha256).toBe(
			sha(await readFile(join(dist, 'index.html'), 'utf8'))
		);
		// Change a page between the scan and its upload, through the target the deploy uses.
		const { openS3Target } = await import('../../src/deploy/s3Target.ts');
		const { readConfig, parseArgs } = await import('../../src/deploy/config.ts');
		const config = readConfig(deployEnv(s3.endpoint, bucket), parseArgs(['--dist', dist]), dist);
		const real = openS3Target(config);
		let changed = false;
		const target = {
			...real,
			async put(file: Parameters<typeof real.put>[0]) {
				if (!changed && file.key.endsWith('.html')) {
					changed = true;
					await put(dist, file.key, "changed behind the deploy's back\n");
				}
				return real.put(file);
			},
		};
		const error = await deployInProcess(dist, deployEnv(s3.endpoint, bucket), [], { target }).catch(
			(e: unknown) => e
		);
		real.close();
		expect((error as Error).message).toMatch(/changed on disk during the deploy/);
	});
});

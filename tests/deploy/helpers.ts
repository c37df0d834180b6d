/**
 * Test helpers for the deploy: a real S3-protocol server (s3rver) on 127.0.0.1, a small built
 * site written from scratch, and ways to run the deploy in-process or as the CLI.
 */

import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { existsSync, writeFileSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
	CreateBucketCommand,
	GetObjectCommand,
	ListObjectsV2Command,
	S3Client,
} from '@aws-sdk/client-s3';
import S3rver from 's3rver';
import { runCollecting, type RunResult } from '../helpers/fixtureSite.ts';
import { parseArgs, readConfig } from '../../src/deploy/config.ts';
import { MANIFEST_KEY } from '../../src/deploy/manifest.ts';
import { runDeploy, type DeployIO, type DeployResult } from '../../src/deploy/runDeploy.ts';
import { STAMP_FILE, stampFor } from '../../src/lib/build/buildStamp.ts';

export const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** s3rver's built-in credentials. */
export const ACCESS_KEY = 'S3RVER';
export const SECRET_KEY = 'S3RVER';

/** What the server saw, in order, so tests can check which keys were written and when. */
export interface S3Event {
	bucket: string;
	key: string;
	kind: 'put' | 'delete';
}

/** A running s3rver and what it saw. */
export interface S3Server {
	endpoint: string;
	directory: string;
	events: S3Event[];
	/** Called after each event is recorded. */
	onEvent: ((e: S3Event) => void) | undefined;
	/** Stops accepting and drops open connections, as a crash would. */
	kill(): Promise<void>;
	close(): Promise<void>;
}

interface S3rverEvent {
	Records: { eventName: string; s3: { bucket: { name: string }; object: { key: string } } }[];
}

let desPatched = false;

/**
 * s3rver encrypts its ListObjectsV2 continuation tokens with single DES, which OpenSSL 3 (Node 17+)
 * only offers through the legacy provider; without it every listing past 1,000 keys fails with
 * HTTP 500. Triple DES with the same key three times is single DES, and OpenSSL 3 still has it.
 */
function patchS3rverDes(): void {
	if (desPatched) return;
	desPatched = true;
	const crypto = createRequire(import.meta.url)('crypto') as typeof import('node:crypto');
	const { createCipheriv, createDecipheriv } = crypto;
	const triple = (key: Buffer) => Buffer.concat([key, key, key]);
	Object.assign(crypto, {
		createCipheriv: (alg: string, key: Buffer, iv: Buffer, options?: object) =>
			alg === 'des'
				? createCipheriv('des-ede3-cbc', triple(key), iv, options as never)
				: createCipheriv(alg, key, iv, options as never),
		createDecipheriv: (alg: string, key: Buffer, iv: Buffer, options?: object) =>
			alg === 'des'
				? createDecipheriv('des-ede3-cbc', triple(key), iv, options as never)
				: createDecipheriv(alg, key, iv, options as never),
	});
}

/** Starts s3rver on a free port of 127.0.0.1, storing in `directory` (a new temp dir if omitted). */
export async function startS3(directory?: string): Promise<S3Server> {
	patchS3rverDes();
	const dir = directory ?? (await mkdtemp(join(tmpdir(), 'huibao-s3rver-')));
	const server = new S3rver({ address: '127.0.0.1', port: 0, directory: dir, silent: true });
	const address = (await server.run()) as { port: number };
	let stopped = false;
	const handle: S3Server = {
		endpoint: `http://127.0.0.1:${address.port}`,
		directory: dir,
		events: [],
		onEvent: undefined,
		async kill() {
			if (stopped) return;
			stopped = true;
			const http = (server as unknown as { httpServer: import('node:http').Server }).httpServer;
			const closed = server.close();
			http.closeAllConnections();
			await closed;
		},
		async close() {
			await handle.kill();
		},
	};
	server.on('event', (event: S3rverEvent) => {
		for (const record of event.Records) {
			const kind = record.eventName.startsWith('ObjectRemoved') ? 'delete' : 'put';
			// s3rver reports keys as they were stored, not URL-encoded.
			const e: S3Event = { bucket: record.s3.bucket.name, key: record.s3.object.key, kind };
			handle.events.push(e);
			handle.onEvent?.(e);
		}
	});
	return handle;
}

/** An SDK client for checking the bucket from the test's side. */
export function s3Client(endpoint: string): S3Client {
	return new S3Client({
		region: 'us-east-1',
		endpoint,
		forcePathStyle: true,
		credentials: { accessKeyId: ACCESS_KEY, secretAccessKey: SECRET_KEY },
		requestChecksumCalculation: 'WHEN_REQUIRED',
		responseChecksumValidation: 'WHEN_REQUIRED',
	});
}

let bucketCount = 0;

/** Creates a new, empty bucket and returns its name. */
export async function newBucket(endpoint: string): Promise<string> {
	const name = `site-${process.pid}-${++bucketCount}`;
	const client = s3Client(endpoint);
	await client.send(new CreateBucketCommand({ Bucket: name }));
	client.destroy();
	return name;
}

/** One stored object, as read back. */
export interface StoredObject {
	body: Buffer;
	contentType: string | undefined;
	cacheControl: string | undefined;
	sha256: string | undefined;
}

/** Every object in a bucket (manifest left out unless asked), read in full. */
export async function readBucket(
	endpoint: string,
	bucket: string,
	options: { prefix?: string; withManifest?: boolean } = {}
): Promise<Map<string, StoredObject>> {
	const client = s3Client(endpoint);
	const prefix = options.prefix ?? '';
	const out = new Map<string, StoredObject>();
	let token: string | undefined;
	do {
		const page = await client.send(
			new ListObjectsV2Command({
				Bucket: bucket,
				Prefix: prefix || undefined,
				ContinuationToken: token,
			})
		);
		for (const o of page.Contents ?? []) {
			const key = (o.Key ?? '').slice(prefix.length);
			if (key === MANIFEST_KEY && !options.withManifest) continue;
			const res = await client.send(new GetObjectCommand({ Bucket: bucket, Key: o.Key }));
			out.set(key, {
				body: Buffer.from(
					await (res.Body as { transformToByteArray(): Promise<Uint8Array> }).transformToByteArray()
				),
				contentType: res.ContentType,
				cacheControl: res.CacheControl,
				sha256: res.Metadata?.sha256,
			});
		}
		token = page.IsTruncated ? page.NextContinuationToken : undefined;
	} while (token);
	client.destroy();
	return out;
}

/** Every file under `dir` as key → bytes. */
export async function readDir(dir: string): Promise<Map<string, Buffer>> {
	const out = new Map<string, Buffer>();
	const entries = await readdir(dir, { recursive: true, withFileTypes: true });
	for (const entry of entries) {
		if (!entry.isFile()) continue;
		const path = join(entry.parentPath, entry.name);
		out.set(relative(dir, path).split(sep).join('/'), await readFile(path));
	}
	return out;
}

/** A tiny but real PNG (1×1, red). */
const PNG = Buffer.from(
	'89504e470d0a1a0a0000000d4948445200000001000000010802000000907753de0000000c4944415408d763f8cfc000000301010018dd8db00000000049454e44ae426082',
	'hex'
);

/** A minimal PDF. */
const PDF = Buffer.from(
	'%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n'
);

function page(title: string, body = ''): string {
	return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>${title}</title><link rel="stylesheet" href="/_astro/index.abc123XY.css"></head><body><h1>${title}</h1>${body}</body></html>\n`;
}

/** The files of the fixture site, key → content. */
export function fixtureFiles(): Map<string, string | Buffer> {
	return new Map<string, string | Buffer>([
		['index.html', page('汇报 首页')],
		['404.html', page('页面不存在')],
		['reports/2024-annual/index.html', page('2024 年度工作报告', '<p>协会全年工作。</p>')],
		['reports/2023-summary/index.html', page('2023 年工作总结')],
		['tags/标准化/index.html', page('标签：标准化')],
		[
			'search/index.html',
			page('搜索', '<script type="module" src="/_astro/search.Df3k9LmQ.js"></script>'),
		],
		['_astro/index.abc123XY.css', 'body{font-family:"WenQuanYi Micro Hei",sans-serif}\n'],
		['_astro/search.Df3k9LmQ.js', 'const p=await import("/pagefind/pagefind.js");\n'],
		[
			'rss.xml',
			'<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>汇报</title></channel></rss>\n',
		],
		['sitemap-index.xml', '<?xml version="1.0" encoding="UTF-8"?><sitemapindex/>\n'],
		['sitemap-0.xml', '<?xml version="1.0" encoding="UTF-8"?><urlset/>\n'],
		['robots.txt', 'User-agent: *\nSitemap: https://example.org/sitemap-index.xml\n'],
		['images/logo.png', PNG],
		['favicon.svg', '<svg xmlns="http://www.w3.org/2000/svg"/>\n'],
		['uploads/2024/年度报告.pdf', PDF],
		['uploads/2024/data.xlsx', Buffer.from('PK\x03\x04 not really a spreadsheet')],
		['uploads/2024/notice.docx', Buffer.from('PK\x03\x04 not really a document')],
		['fonts/site.woff2', Buffer.from('wOF2 fake font')],
		['pagefind/pagefind.js', 'export const version="1";\n'],
		['pagefind/pagefind-entry.json', '{"version":"1","languages":{"zh":{"hash":"zh_1a2b3c4"}}}\n'],
		['pagefind/fragment/zh_1a2b3c4.pf_fragment', Buffer.from([1, 2, 3, 4])],
		['pagefind/wasm.zh.pagefind', Buffer.from([0, 97, 115, 109])],
		[
			'admin/index.html',
			'<!doctype html><html><head><meta charset="utf-8"><title>管理</title></head><body><script src="decap-cms.js"></script></body></html>\n',
		],
		['admin/config.yml', 'backend:\n  name: github\n'],
		['admin/decap-cms.js', 'window.CMS={};\n'],
		// Host configuration for Netlify/Cloudflare Pages: the deploy leaves it out of the bucket.
		['_headers', '/*\n  X-Content-Type-Options: nosniff\n'],
	]);
}

/** Writes the fixture site into a new temp dir and returns its path. */
export async function makeFixture(): Promise<string> {
	const dir = await mkdtemp(join(tmpdir(), 'huibao-dist-'));
	for (const [key, content] of fixtureFiles()) await put(dir, key, content);
	markBuilt(dir);
	return dir;
}

/**
 * Stamps a hand-written dist/ as a finished build (lib/build/buildStamp.ts), as `npm run build`
 * would: the deploy refuses a dist/ without one. The deploy helpers below do it before each
 * deploy, so a test changes its dist/ the way a rebuild would.
 */
export function markBuilt(dist: string): void {
	if (existsSync(dist)) writeFileSync(join(dist, STAMP_FILE), JSON.stringify(stampFor(dist)));
}

/** Writes one file of a dist, creating folders. */
export async function put(dist: string, key: string, content: string | Buffer): Promise<void> {
	const path = join(dist, ...key.split('/'));
	await mkdir(dirname(path), { recursive: true });
	await writeFile(path, content);
}

/** Removes a file or folder of a dist. */
export async function remove(dist: string, key: string): Promise<void> {
	await rm(join(dist, ...key.split('/')), { recursive: true, force: true });
}

/** The environment a deploy to `bucket` on the test server needs. */
export function deployEnv(
	endpoint: string,
	bucket: string,
	extra: Record<string, string> = {}
): Record<string, string> {
	return {
		S3_BUCKET: bucket,
		S3_ENDPOINT: endpoint,
		AWS_REGION: 'us-east-1',
		AWS_ACCESS_KEY_ID: ACCESS_KEY,
		AWS_SECRET_ACCESS_KEY: SECRET_KEY,
		...extra,
	};
}

/** Output of an in-process deploy. */
export interface InProcessRun {
	result: DeployResult;
	log: string[];
	warnings: string[];
}

/** Runs a deploy in this process, as the CLI would with `env` and `argv`. */
export async function deployInProcess(
	dist: string,
	env: Record<string, string>,
	argv: string[] = [],
	io: Partial<DeployIO> = {}
): Promise<InProcessRun> {
	const log: string[] = [];
	const warnings: string[] = [];
	markBuilt(dist);
	const config = readConfig(env, parseArgs([...argv, '--dist', dist]), REPO);
	const result = await runDeploy(config, {
		log: (l) => log.push(l),
		warn: (l) => warnings.push(l),
		env: { ...process.env, ...env },
		...io,
	});
	return { result, log, warnings };
}

/**
 * A Node that runs TypeScript directly: this one if it strips types (22.18+), else the
 * project's Node 24 from the `node` package (vitest may have been started by an older Node).
 */
export function nodeBinary(): string {
	const [major = 0, minor = 0] = process.versions.node.split('.').map(Number);
	if (major > 22 || (major === 22 && minor >= 18)) return process.execPath;
	const local = join(REPO, 'node_modules', '.bin', 'node');
	return existsSync(local) ? local : process.execPath;
}

/** Output of a CLI run. */
export type CliRun = RunResult;

/**
 * Runs `node scripts/deploy.ts` as a child process, asynchronously so that the s3rver in this
 * process keeps answering. Only the given variables plus PATH and HOME are passed, so that a
 * developer's own AWS settings cannot leak into a test.
 */
export function runCli(
	args: string[],
	env: Record<string, string>,
	cwd = REPO,
	options: { asBuilt?: boolean } = {}
): Promise<CliRun> {
	const dist = args[args.indexOf('--dist') + 1];
	if (options.asBuilt !== false && args.includes('--dist') && dist) markBuilt(dist);
	return runCollecting(nodeBinary(), [join(REPO, 'scripts', 'deploy.ts'), ...args], {
		cwd,
		env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? '/tmp', ...env },
	});
}

/** Parses the summary line into numbers. */
export function parseSummary(
	output: string
): { uploaded: number; unchanged: number; deleted: number } | undefined {
	const m =
		/(?:uploaded|would upload) (\d+) \([^)]*\), unchanged (\d+), (?:deleted|would delete) (\d+)/.exec(
			output
		);
	return m ? { uploaded: Number(m[1]), unchanged: Number(m[2]), deleted: Number(m[3]) } : undefined;
}

/** Runs git in `cwd` as the CMS commits (author and committer `CMS`); returns its trimmed output. */
export function gitAsCms(cwd: string, ...args: string[]): string {
	return execFileSync('git', args, {
		cwd,
		encoding: 'utf8',
		env: {
			...process.env,
			GIT_AUTHOR_NAME: 'CMS',
			GIT_AUTHOR_EMAIL: 'cms@example.org',
			GIT_COMMITTER_NAME: 'CMS',
			GIT_COMMITTER_EMAIL: 'cms@example.org',
		},
	}).trim();
}

/** Writes text files under `root`, making their folders. */
export async function writeFiles(root: string, files: Record<string, string>): Promise<void> {
	for (const [path, text] of Object.entries(files)) {
		await mkdir(dirname(join(root, path)), { recursive: true });
		await writeFile(join(root, path), text);
	}
}

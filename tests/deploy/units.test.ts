/** Tests of the deploy's pure parts: headers, planning, manifest, purge paths, settings, retries. */

import { describe, expect, test } from 'vitest';
import { DeployConfigError, parseArgs, readConfig } from '../../src/deploy/config.ts';
import {
	cacheClassFor,
	contentTypeFor,
	headersDigest,
	headersFor,
} from '../../src/deploy/contentHeaders.ts';
import {
	decodeManifest,
	encodeManifest,
	type Manifest,
	type ManifestEntry,
} from '../../src/deploy/manifest.ts';
import { annotate, phaseFor, planDeploy } from '../../src/deploy/planDeploy.ts';
import { purgePaths, urlPathFor } from '../../src/deploy/purge.ts';
import { isTransient, PermanentError, withRetry } from '../../src/deploy/retry.ts';
import { runPool } from '../../src/deploy/runPool.ts';
import type { LocalFile } from '../../src/deploy/scanDist.ts';
import { formatBytes } from '../../src/deploy/format.ts';

describe('content headers', () => {
	test.each([
		['index.html', 'text/html; charset=utf-8'],
		['rss.xml', 'application/xml; charset=utf-8'],
		['a/b.CSS', 'text/css; charset=utf-8'],
		['_astro/x.abc123.js', 'text/javascript; charset=utf-8'],
		['pagefind/pagefind-entry.json', 'application/json; charset=utf-8'],
		['robots.txt', 'text/plain; charset=utf-8'],
		['logo.svg', 'image/svg+xml; charset=utf-8'],
		['manifest.webmanifest', 'application/manifest+json; charset=utf-8'],
		['uploads/年报.pdf', 'application/pdf'],
		['uploads/a.docx', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'],
		['uploads/a.xlsx', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
		['uploads/a.pptx', 'application/vnd.openxmlformats-officedocument.presentationml.presentation'],
		['uploads/a.xls', 'application/vnd.ms-excel'],
		['img/a.jpg', 'image/jpeg'],
		['img/a.webp', 'image/webp'],
		['img/a.avif', 'image/avif'],
		['favicon.ico', 'image/x-icon'],
		['fonts/a.woff2', 'font/woff2'],
		['pagefind/wasm.zh.pagefind', 'application/octet-stream'],
		['x.wasm', 'application/wasm'],
		['LICENSE', 'application/octet-stream'],
		['.well-known/security.txt', 'text/plain; charset=utf-8'],
	])('%s is %s', (key, type) => {
		expect(contentTypeFor(key)).toBe(type);
	});

	test.each([
		['_astro/index.BxW3vLc1.css', 'immutable'],
		['_astro/anything.svg', 'immutable'],
		['pagefind/fragment/zh_1a2b3c4.pf_fragment', 'immutable'],
		['pagefind/index/zh_9f8e7d6.pf_index', 'immutable'],
		['pagefind/pagefind.zh_12ab34cd.pf_meta', 'immutable'],
		['pagefind/pagefind-entry.json', 'entry'],
		['pagefind/pagefind.js', 'entry'],
		['pagefind/wasm.zh.pagefind', 'entry'],
		['assets/app.3f9a0c1e.js', 'immutable'],
		['index.html', 'page'],
		['reports/x/index.html', 'page'],
		['uploads/page.html', 'page'],
		['rss.xml', 'feed'],
		['sitemap-index.xml', 'feed'],
		['robots.txt', 'feed'],
		['uploads/2024/report.pdf', 'upload'],
		// An editor's file may look hashed, yet be replaced under the same name.
		['uploads/2024/scan.2024a001.pdf', 'upload'],
		['admin/index.html', 'admin'],
		['admin/decap-cms.js', 'admin'],
		['favicon.svg', 'asset'],
		['images/photo-2024.jpg', 'asset'],
		// Dates and words are not hashes.
		['images/meeting.20240315.jpg', 'asset'],
		['docs/annual.overview.pdf', 'asset'],
	])('%s is cached as %s', (key, cacheClass) => {
		expect(cacheClassFor(key)).toBe(cacheClass);
	});

	test('the headers digest changes with either header', () => {
		const a = headersFor('index.html');
		expect(headersDigest(a)).toBe(headersDigest({ ...a }));
		expect(headersDigest(a)).not.toBe(headersDigest({ ...a, cacheControl: 'no-store' }));
		expect(headersDigest(a)).not.toBe(headersDigest({ ...a, contentType: 'text/html' }));
	});
});

function file(key: string, sha256 = `sha-${key}`, size = 10): LocalFile {
	return { key, path: `/dist/${key}`, size, sha256 };
}

describe('planning', () => {
	test('uploads go fingerprinted → assets → pages → feeds; deletions pages first', () => {
		const files = annotate([
			file('rss.xml'),
			file('index.html'),
			file('pagefind/pagefind-entry.json'),
			file('_astro/a.abc123XY.css'),
			file('images/logo.png'),
			file('sitemap-0.xml'),
			file('reports/a/index.html'),
			file('pagefind/fragment/zh_1a2b3c4.pf_fragment'),
		]);
		const listing = new Map([
			['_astro/old.OLD123ab.css', 5],
			['old/index.html', 5],
			['images/old.png', 5],
			['old.xml', 5],
		]);
		const plan = planDeploy(files, { listing, manifest: undefined });
		expect(plan.upload.map((f) => f.key)).toEqual([
			'_astro/a.abc123XY.css',
			'pagefind/fragment/zh_1a2b3c4.pf_fragment',
			'images/logo.png',
			'pagefind/pagefind-entry.json',
			'index.html',
			'reports/a/index.html',
			'rss.xml',
			'sitemap-0.xml',
		]);
		expect(plan.delete).toEqual([
			'old.xml',
			'old/index.html',
			'images/old.png',
			'_astro/old.OLD123ab.css',
		]);
		expect(phaseFor('admin/index.html')).toBe('pages');
		expect(phaseFor('admin/decap-cms.js')).toBe('assets');
	});

	test('unchanged needs the same hash, size, headers, and presence in the listing', () => {
		const files = annotate([
			file('a.html'),
			file('b.html'),
			file('c.html'),
			file('d.html'),
			file('e.html', 'x', 10),
		]);
		const manifest: Manifest = new Map();
		for (const f of files)
			manifest.set(f.key, { sha256: f.sha256, size: f.size, headers: f.headersDigest });
		manifest.set('b.html', { ...(manifest.get('b.html') as ManifestEntry), sha256: 'other' });
		manifest.set('c.html', { ...(manifest.get('c.html') as ManifestEntry), headers: 'old-rules' });
		const listing = new Map([
			['a.html', 10],
			['b.html', 10],
			['c.html', 10],
			// d.html missing from the bucket although the manifest lists it
			['e.html', 11], // replaced by hand with other bytes
		]);
		const plan = planDeploy(files, { listing, manifest });
		expect(plan.unchanged.map((f) => f.key)).toEqual(['a.html']);
		expect(plan.upload.map((f) => f.key)).toEqual(['b.html', 'c.html', 'd.html', 'e.html']);
		expect([...plan.interimManifest.keys()]).toEqual(['a.html']);
		expect([...plan.finalManifest.keys()].sort()).toEqual([
			'a.html',
			'b.html',
			'c.html',
			'd.html',
			'e.html',
		]);
	});

	test('without a manifest, HEAD metadata decides', () => {
		const [f] = annotate([file('a.html')]);
		const good = {
			sha256: f!.sha256,
			contentType: f!.headers.contentType,
			cacheControl: f!.headers.cacheControl,
		};
		const listing = new Map([['a.html', 10]]);
		const plan = (head: typeof good | undefined) =>
			planDeploy([f!], { listing, manifest: undefined, heads: new Map([['a.html', head]]) }).upload
				.length;
		expect(plan(good)).toBe(0);
		expect(plan({ ...good, sha256: undefined as unknown as string })).toBe(1);
		expect(plan({ ...good, cacheControl: 'max-age=60' })).toBe(1);
		expect(plan(undefined)).toBe(1);
	});
});

describe('manifest', () => {
	test('round-trips and rejects damage', () => {
		const m: Manifest = new Map([
			['tags/标准化/index.html', { sha256: 'ab'.repeat(32), size: 12, headers: '0123456789ab' }],
		]);
		expect(decodeManifest(encodeManifest(m))).toEqual(m);
		expect(decodeManifest(Buffer.from('nonsense'))).toBeUndefined();
		const truncated = encodeManifest(m).subarray(0, 20);
		expect(decodeManifest(truncated)).toBeUndefined();
	});

	test('stays small for a large site', () => {
		const m: Manifest = new Map();
		for (let i = 0; i < 20_000; i++) {
			m.set(`reports/${i}/index.html`, {
				sha256: i.toString(16).padStart(64, '0'),
				size: i,
				headers: 'abcdefabcdef',
			});
		}
		expect(encodeManifest(m).length).toBeLessThan(1024 * 1024);
	});
});

describe('purge paths', () => {
	test.each([
		['index.html', '/'],
		['reports/x/index.html', '/reports/x/'],
		['404.html', '/404.html'],
		['tags/标准化/index.html', '/tags/%E6%A0%87%E5%87%86%E5%8C%96/'],
		['uploads/a b.pdf', '/uploads/a%20b.pdf'],
	])('%s → %s', (key, path) => {
		expect(urlPathFor(key)).toBe(path);
	});

	test('pages first, fingerprinted files never', () => {
		expect(
			purgePaths([
				'rss.xml',
				'_astro/a.abc123XY.css',
				'b/index.html',
				'a/index.html',
				'uploads/x.pdf',
			])
		).toEqual(['/a/', '/b/', '/rss.xml', '/uploads/x.pdf']);
	});
});

describe('settings', () => {
	const base = {
		S3_BUCKET: 'huibao-site',
		AWS_REGION: 'oss-cn-hangzhou',
		AWS_ACCESS_KEY_ID: 'id',
		AWS_SECRET_ACCESS_KEY: 'secret',
	};
	const args = parseArgs([]);

	test('defaults', () => {
		const c = readConfig(base, args, '/repo');
		expect(c).toMatchObject({
			bucket: 'huibao-site',
			region: 'oss-cn-hangzhou',
			endpoint: undefined,
			prefix: '',
			forcePathStyle: false,
			distDir: '/repo/dist',
			concurrency: 12,
			attempts: 4,
			dryRun: false,
		});
	});

	test('endpoint, prefix and path style', () => {
		const c = readConfig(
			{ ...base, S3_ENDPOINT: 'https://oss-cn-hangzhou.aliyuncs.com/', S3_PREFIX: '/www/site/' },
			args,
			'/'
		);
		expect(c).toMatchObject({
			endpoint: 'https://oss-cn-hangzhou.aliyuncs.com',
			prefix: 'www/site/',
			forcePathStyle: false,
		});
		expect(
			readConfig({ ...base, S3_ENDPOINT: 'http://127.0.0.1:9000' }, args, '/').forcePathStyle
		).toBe(true);
		expect(
			readConfig(
				{ ...base, S3_ENDPOINT: 'https://x.r2.cloudflarestorage.com', S3_FORCE_PATH_STYLE: 'true' },
				args,
				'/'
			).forcePathStyle
		).toBe(true);
	});

	test('credentials may come from a profile or OIDC instead of keys', () => {
		const { AWS_ACCESS_KEY_ID: _a, AWS_SECRET_ACCESS_KEY: _s, ...rest } = base;
		expect(
			readConfig({ ...rest, AWS_WEB_IDENTITY_TOKEN_FILE: '/token' }, args, '/').credentials
		).toBeUndefined();
		expect(() => readConfig(rest, args, '/')).toThrow(/^AWS_ACCESS_KEY_ID is not set/);
	});

	test.each([
		[{ S3_BUCKET: 's3://huibao-site' }, /^S3_BUCKET must be the bucket's name alone, not a URL/],
		[{ S3_BUCKET: 'a' }, /^S3_BUCKET is not a valid bucket name/],
		[
			{ S3_ENDPOINT: 'https://oss-cn-hangzhou.aliyuncs.com/huibao-site' },
			/^S3_ENDPOINT must be the service's address alone/,
		],
		[{ S3_ENDPOINT: 'ftp://example.org' }, /^S3_ENDPOINT must start with https:\/\//],
		[{ DEPLOY_RETRIES: 'many' }, /^DEPLOY_RETRIES must be a whole number/],
	])('%o is refused', (override, message) => {
		expect(() => readConfig({ ...base, ...override }, args, '/')).toThrow(DeployConfigError);
		expect(() => readConfig({ ...base, ...override }, args, '/')).toThrow(message);
	});

	test('arguments', () => {
		expect(parseArgs(['--dry-run', '--dist=out', '--verify'])).toMatchObject({
			dryRun: true,
			dist: 'out',
			verify: true,
		});
		expect(parseArgs(['-n', '--dist', 'x'])).toMatchObject({ dryRun: true, dist: 'x' });
		expect(() => parseArgs(['--dryrun'])).toThrow(/unknown option "--dryrun"/);
	});
});

describe('retries and the pool', () => {
	test('transient errors are retried, others are not', async () => {
		const transient = Object.assign(new Error('slow down'), { $metadata: { httpStatusCode: 503 } });
		const denied = Object.assign(new Error('denied'), {
			name: 'AccessDenied',
			$metadata: { httpStatusCode: 403 },
		});
		expect(isTransient(transient)).toBe(true);
		expect(isTransient(new Error('ECONNRESET'))).toBe(true);
		expect(isTransient(denied)).toBe(false);
		expect(isTransient(new PermanentError('changed'))).toBe(false);

		let calls = 0;
		const retries: number[] = [];
		const value = await withRetry(
			async () => {
				if (++calls < 3) throw transient;
				return 'ok';
			},
			{ attempts: 4, baseDelayMs: 1, onRetry: (_e, attempt) => retries.push(attempt) }
		);
		expect([value, calls, retries]).toEqual(['ok', 3, [1, 2]]);

		calls = 0;
		await expect(
			withRetry(
				async () => {
					calls++;
					throw denied;
				},
				{ attempts: 4, baseDelayMs: 1 }
			)
		).rejects.toBe(denied);
		expect(calls).toBe(1);
		calls = 0;
		await expect(
			withRetry(
				async () => {
					calls++;
					throw transient;
				},
				{ attempts: 3, baseDelayMs: 1 }
			)
		).rejects.toBe(transient);
		expect(calls).toBe(3);
	});

	test('the pool keeps order, limits concurrency and stops starting work after a failure', async () => {
		let running = 0;
		let peak = 0;
		const out = await runPool([1, 2, 3, 4, 5, 6, 7], 3, async (n) => {
			running++;
			peak = Math.max(peak, running);
			await new Promise((r) => setTimeout(r, 5 * (8 - n)));
			running--;
			return n * 2;
		});
		expect(out).toEqual([2, 4, 6, 8, 10, 12, 14]);
		expect(peak).toBe(3);

		const started: number[] = [];
		await expect(
			runPool([1, 2, 3, 4, 5, 6], 2, async (n) => {
				started.push(n);
				if (n === 2) throw new Error('boom');
				await new Promise((r) => setTimeout(r, 10));
			})
		).rejects.toThrow('boom');
		expect(started).toEqual([1, 2]);
	});

	test('bytes read well in logs', () => {
		expect([
			formatBytes(0),
			formatBytes(1023),
			formatBytes(1536),
			formatBytes(5 * 1024 ** 3),
		]).toEqual(['0 B', '1023 B', '1.5 KiB', '5.0 GiB']);
	});
});

describe('inline scripts', () => {
	test('only executable inline scripts count', async () => {
		const { countInlineScripts } = await import('../../src/deploy/inlineScripts.ts');
		expect(countInlineScripts('<script type="module" src="/_astro/a.js"></script>')).toBe(0);
		expect(
			countInlineScripts('<script type="application/ld+json">{"@type":"Report"}</script>')
		).toBe(0);
		expect(countInlineScripts('<script></script>')).toBe(0);
		const { READING_SCRIPT } = await import('../../src/lib/site/readingScript.ts');
		expect(countInlineScripts(`<script>${READING_SCRIPT}</script>`)).toBe(0);
		expect(countInlineScripts(`<script>${READING_SCRIPT};</script>`)).toBe(1);
		expect(
			countInlineScripts('<script type="module">import("/pagefind/pagefind.js")</script>')
		).toBe(1);
		expect(
			countInlineScripts('<SCRIPT>alert(1)</SCRIPT><script type=text/javascript>x()</script>')
		).toBe(2);
	});
});

describe('public/_headers', () => {
	/** Parses the Netlify/Cloudflare Pages format: path lines, then indented "Name: value" lines. */
	async function rules(): Promise<
		Map<string, { headers: Map<string, string>; detached: string[] }>
	> {
		const { readFile } = await import('node:fs/promises');
		const { REPO } = await import('./helpers.ts');
		const text = await readFile(`${REPO}/public/_headers`, 'utf8');
		const out = new Map<string, { headers: Map<string, string>; detached: string[] }>();
		let current: { headers: Map<string, string>; detached: string[] } | undefined;
		for (const line of text.split('\n')) {
			expect(line.length).toBeLessThanOrEqual(2000); // Cloudflare Pages' limit
			if (!line.trim() || line.trim().startsWith('#')) continue;
			if (!/^\s/.test(line)) {
				current = { headers: new Map(), detached: [] };
				out.set(line.trim(), current);
			} else if (line.trim().startsWith('!')) current?.detached.push(line.trim().slice(1).trim());
			else {
				const colon = line.indexOf(':');
				current?.headers.set(line.slice(0, colon).trim(), line.slice(colon + 1).trim());
			}
		}
		return out;
	}

	function directives(csp: string | undefined): Map<string, string[]> {
		return new Map(
			(csp ?? '')
				.split(';')
				.map((d) => d.trim())
				.filter(Boolean)
				.map((d) => {
					const [name = '', ...values] = d.split(/\s+/);
					return [name, values] as [string, string[]];
				})
		);
	}

	test('the site policy allows only its own scripts, plus WebAssembly for Pagefind', async () => {
		const site = (await rules()).get('/*');
		expect(site?.headers.get('X-Content-Type-Options')).toBe('nosniff');
		expect(site?.headers.get('X-Frame-Options')).toBe('DENY');
		expect(site?.headers.get('Referrer-Policy')).toBe('strict-origin-when-cross-origin');
		expect(site?.headers.get('Permissions-Policy')).toMatch(
			/camera=\(\).*geolocation=\(\).*microphone=\(\)/
		);
		const csp = directives(site?.headers.get('Content-Security-Policy'));
		// …and the reading pages' one inline script (字号/关怀模式), by its hash.
		const { READING_SCRIPT_HASH } = await import('../../src/lib/site/readingScript.ts');
		expect(csp.get('script-src')).toEqual(["'self'", "'wasm-unsafe-eval'", READING_SCRIPT_HASH]);
		const { readFile } = await import('node:fs/promises');
		const { REPO } = await import('./helpers.ts');
		const docs = await readFile(`${REPO}/docs/deploy.md`, 'utf8');
		expect(docs).toContain(`script-src 'self' 'wasm-unsafe-eval' ${READING_SCRIPT_HASH};`);
		expect(csp.get('default-src')).toEqual(["'self'"]);
		expect(csp.get('object-src')).toEqual(["'none'"]);
		expect(csp.get('frame-ancestors')).toEqual(["'none'"]);
		expect(csp.get('base-uri')).toEqual(["'self'"]);
	});

	test('uploads are sandboxed, except PDFs, which must open in a viewer (WeChat cannot download)', async () => {
		const all = await rules();
		const uploads = directives(all.get('/uploads/*')?.headers.get('Content-Security-Policy'));
		expect(uploads.has('sandbox')).toBe(true);
		const pdf = all.get('/uploads/*.pdf');
		expect(pdf?.detached).toEqual(['Content-Security-Policy']);
		const csp = directives(pdf?.headers.get('Content-Security-Policy'));
		expect(csp.has('sandbox')).toBe(false);
		expect(csp.get('default-src')).toEqual(["'none'"]);
	});

	test('the admin policy replaces it with what Decap CMS needs', async () => {
		const admin = (await rules()).get('/admin/*');
		expect(admin?.detached).toEqual(['Content-Security-Policy']);
		const csp = directives(admin?.headers.get('Content-Security-Policy'));
		expect(csp.get('script-src')).toEqual(["'self'", "'unsafe-eval'"]);
		expect(csp.get('style-src')).toContain("'unsafe-inline'");
		expect(csp.get('img-src')).toEqual(expect.arrayContaining(['blob:', 'data:']));
		expect(csp.get('connect-src')).toEqual(
			expect.arrayContaining(["'self'", 'https://api.github.com', 'https://gitlab.com'])
		);
		expect(csp.get('frame-ancestors')).toEqual(["'none'"]);
	});
});

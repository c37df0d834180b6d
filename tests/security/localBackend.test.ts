/**
 * The local CMS backend (`npm run cms`) driven over HTTP against a real git repository in a temp
 * folder: it writes only what the CMS edits (reports, the two data files, uploads of the site's
 * types and sizes), never through a symbolic link, refuses hostile SVG and malformed requests,
 * and in git mode never leaves an editor's report where a later `git merge --abort` deletes it.
 */
import { execFileSync } from 'node:child_process';
import {
	chmodSync,
	cpSync,
	existsSync,
	mkdirSync,
	mkdtempSync,
	readFileSync,
	rmSync,
	symlinkSync,
	writeFileSync,
} from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { cmsConfig, readCategories, backendFromEnv } from '../../src/cms/config.ts';
import {
	CMS_DATA_FILES,
	CMS_MEDIA_FOLDERS,
	startLocalBackend,
	type LocalBackend,
} from '../../src/cms/localBackend.ts';
import { REPORTS_DIR, reportFilePath } from '../../src/lib/content/reportPath.ts';
import { PROJECT } from '../helpers/fixtureSite.ts';
// @ts-ignore -- plain JS shared with the browser
import { checkSvg } from '../../admin/backends.js';
import type { Locale } from '../../src/i18n/locales.ts';

const ORIGIN = 'http://127.0.0.1:4321';
const SECRET = 'SECRET outside the project';
const HAN = /\p{Script=Han}/u;
const GIT_ENV = {
	GIT_AUTHOR_NAME: 'Dev',
	GIT_AUTHOR_EMAIL: 'dev@example.org',
	GIT_COMMITTER_NAME: 'Dev',
	GIT_COMMITTER_EMAIL: 'dev@example.org',
};

/** A report's site path in the layout of src/lib/content/reportPath.ts (dated by its slug). */
const report = (lang: Locale, slug: string) =>
	reportFilePath(/^\d{4}-\d\d-\d\d/.exec(slug)?.[0] ?? '2022-03-15', lang, slug);
const reportText = (title: string, extra = '') =>
	`---\ntitle: ${title}\ndate: 2022-03-15\ncategory: news\n${extra}---\n正文\n`;
const b64 = (data: string | Buffer) => Buffer.from(data).toString('base64');

interface Project {
	root: string;
	outside: string;
	sh(...args: string[]): string;
	file(path: string): string | undefined;
}

/** A git repository with the sample content, and a folder beside it that must stay untouched. */
function project(): Project {
	const base = mkdtempSync(join(tmpdir(), 'huibao-backend-sec-'));
	const root = join(base, 'project');
	const outside = join(base, 'outside');
	mkdirSync(outside, { recursive: true });
	writeFileSync(join(outside, 'secret.md'), `---\ntitle: ${SECRET}\n---\n${SECRET}\n`);
	writeFileSync(join(outside, 'secret.png'), SECRET);
	cpSync(join(PROJECT, 'content'), join(root, 'content'), { recursive: true });
	cpSync(join(PROJECT, 'public'), join(root, 'public'), { recursive: true });
	mkdirSync(join(root, 'public/uploads'), { recursive: true });
	writeFileSync(join(root, 'package.json'), '{"name":"site"}\n');
	const sh = (...args: string[]) =>
		execFileSync('git', ['-c', 'core.quotePath=false', ...args], {
			cwd: root,
			encoding: 'utf8',
			env: { ...process.env, ...GIT_ENV },
		});
	sh('init', '-q', '-b', 'main');
	sh('add', '-A');
	sh('commit', '-qm', 'init');
	const file = (path: string) =>
		existsSync(join(root, path)) ? readFileSync(join(root, path), 'utf8') : undefined;
	return { root, outside, sh, file };
}

async function call(backend: LocalBackend, action: string, params: Record<string, unknown> = {}) {
	return send(backend, JSON.stringify({ action, params }));
}

async function send(backend: LocalBackend, body: string, headers: Record<string, string> = {}) {
	const response = await fetch(backend.url, {
		method: 'POST',
		headers: { 'Content-Type': 'application/json', Origin: ORIGIN, ...headers },
		body,
	});
	const text = await response.text();
	let json: any;
	try {
		json = JSON.parse(text);
	} catch {
		json = { text };
	}
	return { status: response.status, body: json, text };
}

const persist = (
	backend: LocalBackend,
	dataFiles: { path: string; raw: string; newPath?: string }[],
	assets: { path: string; content: string }[] = [],
	newEntry = true
) =>
	call(backend, 'persistEntry', {
		dataFiles,
		assets: assets.map((a) => ({ ...a, encoding: 'base64' })),
		options: { newEntry, commitMessage: '新建报告' },
	});
const upload = (backend: LocalBackend, path: string, content: string | Buffer) =>
	call(backend, 'persistMedia', {
		asset: { path, content: b64(content), encoding: 'base64' },
		options: {},
	});

describe('requests the backend refuses without falling over', () => {
	let p: Project;
	let backend: LocalBackend;
	beforeAll(async () => {
		p = project();
		backend = await startLocalBackend({ root: p.root, mode: 'fs', port: 0 });
	});
	afterAll(async () => {
		await backend?.close();
		rmSync(dirname(p.root), { recursive: true, force: true });
	});

	test('a body of null, a non-object, malformed JSON or wrong parameter types: 400 with a Chinese message', async () => {
		const bodies = [
			'null',
			'[]',
			'"info"',
			'42',
			'{',
			'',
			'{"action":5}',
			'{"action":"persistEntry","params":null}',
			'{"action":"persistEntry","params":{"dataFiles":"x"}}',
			'{"action":"persistEntry","params":{"dataFiles":[null]}}',
			'{"action":"entriesByFiles","params":{"files":null}}',
			'{"action":"persistMedia","params":{}}',
			'{"action":"persistMedia","params":{"asset":{"path":"public/uploads/2024/a.png","content":5,"encoding":"base64"}}}',
			'{"action":"getEntry","params":{"path":{"x":1}}}',
			'{"action":"deleteFiles","params":{"paths":"content/reports"}}',
			'{"action":"getMediaFile","params":[]}',
		];
		for (const body of bodies) {
			const answer = await send(backend, body);
			expect(answer.status, body).toBe(400);
			expect(answer.body.error, body).toMatch(HAN);
		}
		// Still serving.
		expect((await call(backend, 'info')).status).toBe(200);
	});

	test('a body over the limit: 413 at once from its Content-Length, and the server keeps serving', async () => {
		const status = await new Promise<number>((resolve, reject) => {
			const req = request(
				backend.url,
				{
					method: 'POST',
					headers: {
						'Content-Type': 'application/json',
						'Content-Length': String(200 * 1024 * 1024),
						Origin: ORIGIN,
					},
				},
				(res) => {
					res.resume();
					resolve(res.statusCode ?? 0);
					req.destroy();
				}
			);
			req.on('error', reject);
			// Headers alone: the answer must not wait for the body. (Writing a first piece raced
			// the server's close and failed with EPIPE on a fast machine, answer or not.)
			req.flushHeaders();
		});
		expect(status).toBe(413);
		expect((await call(backend, 'info')).status).toBe(200);
		// Without a Content-Length (chunked): cut off at 64 MB. The client is still writing when
		// the server answers and closes, so it may see the connection cut (EPIPE, ECONNRESET)
		// before it reads the 413: either way the upload stops there.
		const chunked = await new Promise<number | 'cut'>((resolve, reject) => {
			const req = request(
				backend.url,
				{ method: 'POST', headers: { 'Content-Type': 'application/json', Origin: ORIGIN } },
				(res) => {
					res.resume();
					resolve(res.statusCode ?? 0);
					req.destroy();
				}
			);
			req.on('error', (error: NodeJS.ErrnoException) =>
				['EPIPE', 'ECONNRESET'].includes(error.code ?? '')
					? resolve('cut')
					: req.destroyed
						? undefined
						: reject(error)
			);
			const chunk = Buffer.alloc(1024 * 1024, 'a');
			req.write('{"action":"info","params":{"x":"');
			const more = (left: number) => {
				if (left === 0 || req.destroyed) return;
				if (req.write(chunk)) setImmediate(() => more(left - 1));
				else req.once('drain', () => more(left - 1));
			};
			more(80);
		});
		expect([413, 'cut']).toContain(chunked);
		expect((await call(backend, 'info')).status).toBe(200);
	});

	test('foreign pages and DNS-rebound host names are refused; pages on this computer are not', async () => {
		expect(backend.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/api\/v1$/);
		expect(
			(await send(backend, '{"action":"info"}', { Origin: 'https://evil.example' })).status
		).toBe(403);
		expect((await send(backend, '{"action":"info"}', { Origin: 'null' })).status).toBe(403);
		// DNS rebinding: evil.example resolved to 127.0.0.1; the page's origin and Host say so.
		expect(
			(await send(backend, '{"action":"info"}', { Origin: 'http://evil.example:8081' })).status
		).toBe(403);
		const rebound = await new Promise<number>((resolve, reject) => {
			const req = request(
				backend.url,
				{
					method: 'POST',
					headers: { Host: 'evil.example:8081', 'Content-Type': 'application/json' },
				},
				(res) => {
					res.resume();
					resolve(res.statusCode ?? 0);
				}
			);
			req.on('error', reject);
			req.end('{"action":"info"}');
		});
		expect(rebound).toBe(403);
		expect(
			(await send(backend, '{"action":"info"}', { Origin: 'http://localhost:4321' })).status
		).toBe(200);
	});

	test('paths stay inside content/ and public/ however they are written', async () => {
		const attempts = [
			'../package.json',
			'/etc/passwd',
			'content/../package.json',
			'content\\..\\package.json',
			'content/reports/../../package.json',
			'package.json',
			'content/reports/zh/x.md\0',
			'content/%2e%2e/package.json',
			'content/\u2025/package.json',
			'content/．．/package.json',
			`${p.root}/package.json`,
			'',
		];
		for (const path of attempts) {
			const answer = await call(backend, 'getEntry', { path });
			expect(answer.text, path).not.toContain('"name":"site"');
			if (answer.status === 200) expect(answer.body.data, path).toBeNull();
			const write = await persist(backend, [{ path, raw: reportText('越界') }]);
			expect(write.status, path).toBeGreaterThanOrEqual(400);
		}
		expect(readFileSync(join(p.root, 'package.json'), 'utf8')).toBe('{"name":"site"}\n');
	});
});

describe('symbolic links inside content/ and public/', () => {
	let p: Project;
	let backend: LocalBackend;
	const linkedDir = () => dirname(report('en', 'x'));
	beforeAll(async () => {
		p = project();
		// A report that is a link, a folder of content that is a link, an upload folder that is a link.
		symlinkSync(join(p.outside, 'secret.md'), join(p.root, report('zh', '2022-01-01-linked')));
		symlinkSync(p.outside, join(p.root, 'content/linked'));
		symlinkSync(p.outside, join(p.root, 'public/uploads/2031'));
		// The English reports' folder itself is a link out of the project.
		rmSync(join(p.root, linkedDir()), { recursive: true, force: true });
		mkdirSync(dirname(join(p.root, linkedDir())), { recursive: true });
		symlinkSync(p.outside, join(p.root, linkedDir()));
		backend = await startLocalBackend({ root: p.root, mode: 'git', port: 0 });
	});
	afterAll(async () => {
		await backend?.close();
		rmSync(dirname(p.root), { recursive: true, force: true });
	});
	const untouched = () => {
		expect(readFileSync(join(p.outside, 'secret.md'), 'utf8')).toContain(SECRET);
		expect(readFileSync(join(p.outside, 'secret.png'), 'utf8')).toBe(SECRET);
	};

	test('nothing is read through a link', async () => {
		const reads = [
			await call(backend, 'getEntry', { path: report('zh', '2022-01-01-linked') }),
			await call(backend, 'getEntry', { path: 'content/linked/secret.md' }),
			await call(backend, 'entriesByFiles', { files: [{ path: 'content/linked/secret.md' }] }),
			await call(backend, 'entriesByFolder', {
				folder: 'content/linked',
				extension: 'md',
				depth: 1,
			}),
			await call(backend, 'entriesByFolder', { folder: linkedDir(), extension: 'md', depth: 1 }),
			await call(backend, 'getMedia', { mediaFolder: 'public/uploads/2031' }),
			await call(backend, 'getMediaFile', { path: 'public/uploads/2031/secret.png' }),
		];
		for (const answer of reads) {
			expect(answer.status).toBe(403);
			expect(answer.body.error).toMatch(/符号链接/);
			expect(answer.text).not.toContain(SECRET);
			expect(answer.text).not.toContain(b64(SECRET));
		}
		// The folder listing leaves the linked report out.
		const list = await call(backend, 'entriesByFolder', {
			folder: REPORTS_DIR,
			extension: 'md',
			depth: 4,
		});
		expect(list.status).toBe(200);
		expect(list.text).not.toContain(SECRET);
	});

	test('nothing is written or deleted through a link', async () => {
		const before = p.sh('status', '--porcelain');
		const head = p.sh('rev-parse', 'HEAD');
		const writes = [
			await persist(
				backend,
				[{ path: report('zh', '2022-01-01-linked'), raw: reportText('覆盖') }],
				[],
				false
			),
			await persist(backend, [{ path: report('en', '2022-03-15-new'), raw: reportText('New') }]),
			await persist(
				backend,
				[{ path: report('zh', '2022-03-15-ok'), raw: reportText('正常') }],
				[{ path: 'public/uploads/2031/secret.png', content: b64('x') }]
			),
			await upload(backend, 'public/uploads/2031/new.png', 'png'),
			await upload(backend, 'public/uploads/2031/secret.png', 'overwritten'),
			await call(backend, 'deleteFile', { path: 'public/uploads/2031/secret.png', options: {} }),
			await call(backend, 'deleteFiles', {
				paths: [report('zh', '2022-01-01-linked')],
				options: {},
			}),
			await call(backend, 'deleteFile', { path: `${linkedDir()}/secret.md`, options: {} }),
		];
		for (const answer of writes) {
			expect(answer.status).toBe(403);
			expect(answer.body.error).toMatch(/符号链接/);
		}
		untouched();
		expect(existsSync(join(p.outside, 'new.png'))).toBe(false);
		expect(existsSync(join(p.outside, '2022-03-15-new.md'))).toBe(false);
		// A refused save writes none of its files.
		expect(p.file(report('zh', '2022-03-15-ok'))).toBeUndefined();
		expect(p.sh('status', '--porcelain')).toBe(before);
		expect(p.sh('rev-parse', 'HEAD')).toBe(head);
	});
});

describe('what the CMS may write', () => {
	let p: Project;
	let backend: LocalBackend;
	beforeAll(async () => {
		p = project();
		backend = await startLocalBackend({ root: p.root, mode: 'fs', port: 0 });
	});
	afterAll(async () => {
		await backend?.close();
		rmSync(dirname(p.root), { recursive: true, force: true });
	});

	test('only .md reports and the two data files; never .mdx, code or other files', async () => {
		const refused = [
			report('zh', '2022-03-15-code').replace(/\.md$/, '.mdx'),
			report('zh', '2022-03-15-page').replace(/\.md$/, '.astro'),
			report('zh', 'Not A Slug'),
			`${REPORTS_DIR}/2022/fr/2022-03-15-x.md`,
			`${REPORTS_DIR}/zh/2022-03-15-old-layout.md`,
			'content/other.yml',
			'content/README.md',
			'content/config.ts',
			'public/uploads/2024/page.md',
			'public/_headers',
			'public/index.html',
		];
		for (const path of refused) {
			const answer = await persist(backend, [{ path, raw: 'export const x = 1;\n' }], [], false);
			expect(answer.status, path).toBe(403);
			expect(answer.body.error, path).toMatch(HAN);
			expect(p.file(path), path).not.toBe('export const x = 1;\n');
		}
		// Uploads go to the media folders only, never into content/.
		expect((await upload(backend, report('zh', '2022-03-15-x'), 'x')).status).toBe(403);
		expect((await upload(backend, 'public/favicon.png', 'x')).status).toBe(403);
		expect(p.file('public/favicon.png')).toBeUndefined();
		// What the CMS does edit still works.
		const settings = p.file('content/settings.yml')!;
		expect(
			(
				await persist(
					backend,
					[{ path: 'content/settings.yml', raw: `${settings}# saved\n` }],
					[],
					false
				)
			).status
		).toBe(200);
		const categories = p.file('content/categories.yml')!;
		expect(
			(await persist(backend, [{ path: 'content/categories.yml', raw: categories }], [], false))
				.status
		).toBe(200);
		expect(
			(await persist(backend, [{ path: report('zh', '2022-03-15-正常'), raw: reportText('正常') }]))
				.status
		).toBe(200);
		expect((await upload(backend, 'public/images/logo.png', 'png')).status).toBe(200);
	});

	test('deletes only reports and uploads', async () => {
		for (const path of [
			'content/settings.yml',
			'content/categories.yml',
			'content/README.md',
			'public/_headers',
		]) {
			expect((await call(backend, 'deleteFile', { path, options: {} })).status, path).toBe(403);
			expect(existsSync(join(p.root, path)), path).toBe(true);
		}
	});

	test("the admin's type and size limits: SVG, GIF, WebP up to 5 MB; PDF, PNG, JPG up to 20 MB", async () => {
		const svg = Buffer.concat([
			Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><!--'),
			Buffer.alloc(19 * 1024 * 1024, 'a'),
			Buffer.from('--></svg>'),
		]);
		const big = await upload(backend, 'public/uploads/2024/big.svg', svg);
		expect(big.status).toBe(413);
		expect(big.body.error).toMatch(/文件太大.*5 MB/);
		expect(p.file('public/uploads/2024/big.svg')).toBeUndefined();
		expect(
			(await upload(backend, 'public/uploads/2024/big.webp', Buffer.alloc(6 * 1024 * 1024))).status
		).toBe(413);
		expect(
			(await upload(backend, 'public/uploads/2024/photo.png', Buffer.alloc(6 * 1024 * 1024))).status
		).toBe(200);
		expect(
			(await upload(backend, 'public/uploads/2024/huge.pdf', Buffer.alloc(21 * 1024 * 1024))).status
		).toBe(413);
		expect((await upload(backend, 'public/uploads/2024/page.html', '<script>')).status).toBe(415);
		// One bad upload in a save: nothing of that save is written.
		const mixed = await persist(
			backend,
			[{ path: report('zh', '2022-03-15-混合'), raw: reportText('混合') }],
			[
				{ path: 'public/uploads/2024/ok.pdf', content: b64('%PDF') },
				{ path: 'public/uploads/2024/big.gif', content: b64(Buffer.alloc(6 * 1024 * 1024)) },
			]
		);
		expect(mixed.status).toBe(413);
		expect(p.file('public/uploads/2024/ok.pdf')).toBeUndefined();
		expect(p.file(report('zh', '2022-03-15-混合'))).toBeUndefined();
	});

	test('a rename never lands on an existing report', async () => {
		const a = report('zh', '2022-03-15-甲');
		const b = report('zh', '2022-03-15-乙');
		await persist(backend, [{ path: a, raw: reportText('甲') }]);
		await persist(backend, [{ path: b, raw: reportText('乙') }]);
		const answer = await persist(
			backend,
			[{ path: a, raw: reportText('甲改'), newPath: b }],
			[],
			false
		);
		expect(answer.status).toBe(409);
		expect(answer.body.error).toMatch(/已有同名文件/);
		expect(p.file(a)).toBe(reportText('甲'));
		expect(p.file(b)).toBe(reportText('乙'));
		// Onto a free name it moves.
		const c = report('zh', '2022-03-15-丙');
		expect(
			(await persist(backend, [{ path: a, raw: reportText('丙'), newPath: c }], [], false)).status
		).toBe(200);
		expect(p.file(a)).toBeUndefined();
		expect(p.file(c)).toBe(reportText('丙'));
	});

	test('the backend may write every file and media folder the CMS config names', () => {
		const config = cmsConfig({
			lang: 'zh',
			categories: readCategories(PROJECT),
			setup: backendFromEnv({}),
		});
		const text = JSON.stringify(config);
		for (const m of text.matchAll(/"file":"([^"]+)"/g)) expect(CMS_DATA_FILES).toContain(m[1]);
		for (const m of text.matchAll(/"media_folder":"\/?([^"{]+?)\/?(?:\{[^"]*)?"/g)) {
			expect(
				CMS_MEDIA_FOLDERS.some((folder) => `${m[1]!.replace(/\/$/, '')}/`.startsWith(folder)),
				m[1]
			).toBe(true);
		}
	});
});

describe('SVG uploads', () => {
	let p: Project;
	let backend: LocalBackend;
	beforeAll(async () => {
		p = project();
		backend = await startLocalBackend({ root: p.root, mode: 'fs', port: 0 });
	});
	afterAll(async () => {
		await backend?.close();
		rmSync(dirname(p.root), { recursive: true, force: true });
	});
	const svg = (inner: string, attrs = '') =>
		`<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"${attrs}>${inner}</svg>`;

	const hostile: Record<string, string | Buffer> = {
		script: svg('<script>alert(document.cookie)</script>'),
		'namespaced script': svg('<x:script xmlns:x="http://www.w3.org/2000/svg">alert(1)</x:script>'),
		'script in CDATA': svg('<script><![CDATA[alert(1)]]></script>'),
		onload: svg('<rect/>', ' onload="alert(1)"'),
		'ONLOAD upper case, unquoted spacing': svg('<rect width="1"\nONLOAD = "alert(1)"/>'),
		'handler after a quoted >': svg('<a title=">" onclick="alert(1)"><text>x</text></a>'),
		'onbegin on animation': svg('<animate onbegin="alert(1)" attributeName="x" dur="1s"/>'),
		'javascript: link': svg('<a href="javascript:alert(1)"><text>x</text></a>'),
		'xlink javascript: with entities': svg(
			'<a xlink:href="&#106;ava&#x73;cript&#58;alert(1)"><text>x</text></a>'
		),
		'javascript: split by tab': svg('<a href="java\tscript:alert(1)"><text>x</text></a>'),
		'animated href to javascript:': svg(
			'<a><set attributeName="href" to="javascript:alert(1)"/><text>x</text></a>'
		),
		foreignObject: svg(
			'<foreignObject width="100" height="100"><div xmlns="http://www.w3.org/1999/xhtml">x</div></foreignObject>'
		),
		'html iframe': svg('<iframe xmlns="http://www.w3.org/1999/xhtml" src="https://evil.example"/>'),
		'data: document': svg('<image href="data:image/svg+xml;base64,PHN2Zy8+"/>'),
		'entity hiding script': `<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY s "&#60;script&#62;alert(1)&#60;/script&#62;">]>${svg('&s;')}`,
		'XSLT stylesheet': `<?xml version="1.0"?><?xml-stylesheet type="text/xsl" href="data:text/xml,x"?>${svg('')}`,
		'UTF-16 text': Buffer.concat([
			Buffer.from([0xff, 0xfe]),
			Buffer.from(svg('<script>alert(1)</script>'), 'utf16le'),
		]),
		'declared UTF-7': `<?xml version="1.0" encoding="UTF-7"?>${svg('+ADw-script+AD4-alert(1)+ADw-/script+AD4-')}`,
	};

	test('refuses SVG with script, event handlers, javascript: URLs or foreign objects, writing nothing', async () => {
		for (const [name, content] of Object.entries(hostile)) {
			const path = `public/uploads/2024/${name.replace(/[^a-z0-9]+/gi, '-')}.svg`;
			const answer = await upload(backend, path, content);
			expect(answer.status, name).toBe(422);
			expect(answer.body.error, name).toMatch(/^SVG 文件含有/);
			expect(existsSync(join(p.root, path)), name).toBe(false);
		}
		// The same inside a report's save: the report is not written either.
		const save = await persist(
			backend,
			[{ path: report('zh', '2022-03-15-图'), raw: reportText('图') }],
			[{ path: 'public/uploads/2024/chart.svg', content: b64(hostile.onload!) }]
		);
		expect(save.status).toBe(422);
		expect(p.file(report('zh', '2022-03-15-图'))).toBeUndefined();
	});

	test('the admin page refuses the same SVG before any backend (GitHub, GitLab…) stores it', async () => {
		const options = { messages: { badSvg: 'SVG 文件含有脚本' } };
		for (const [name, content] of Object.entries(hostile)) {
			const fileObj = new File([new Uint8Array(Buffer.from(content))], 'x.svg', {
				type: 'image/svg+xml',
			});
			await expect(
				checkSvg({ path: 'public/uploads/2024/x.svg', fileObj }, options),
				name
			).rejects.toThrow(/^SVG 文件含有脚本 \(.+\): public\/uploads\/2024\/x\.svg$/);
		}
		const plain = new File([svg('<circle r="1"/>')], 'x.svg');
		await expect(
			checkSvg({ path: 'public/uploads/2024/x.svg', fileObj: plain }, options)
		).resolves.toBeUndefined();
		// Other types are the type/size check's business.
		await expect(
			checkSvg(
				{
					path: 'public/uploads/2024/x.png',
					fileObj: new File([hostile.script as string], 'x.png'),
				},
				options
			)
		).resolves.toBeUndefined();
	});

	test('accepts plain drawings: styles, gradients, links, embedded PNG, Illustrator entities', async () => {
		const plain = [
			svg(
				'<defs><linearGradient id="g"><stop offset="0" stop-color="#c00"/></linearGradient></defs><rect fill="url(#g)" width="10" height="10"/>'
			),
			svg(
				'<style>.a{fill:red}</style><a href="https://www.example.org/"><text class="a">协会</text></a><metadata>data</metadata>'
			),
			svg('<image href="data:image/png;base64,iVBORw0KGgo=" width="1" height="1"/>'),
			'<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd" [\n' +
				'\t<!ENTITY ns_svg "http://www.w3.org/2000/svg">\n\t<!ENTITY ns_xlink "http://www.w3.org/1999/xlink">\n]>\n' +
				'<svg version="1.1" xmlns="&ns_svg;" xmlns:xlink="&ns_xlink;" width="20" height="20"><circle cx="10" cy="10" r="5"/></svg>',
			readFileSync(join(PROJECT, 'public/favicon.svg')),
		];
		for (const [i, content] of plain.entries()) {
			const answer = await upload(backend, `public/uploads/2024/plain-${i}.svg`, content);
			expect(answer.status, String(i)).toBe(200);
		}
	});
});

describe('git mode', () => {
	let p: Project;
	let backend: LocalBackend;
	beforeAll(async () => {
		p = project();
		backend = await startLocalBackend({
			root: p.root,
			mode: 'git',
			port: 0,
			author: '编辑 <editor@example.org>',
		});
	});
	afterAll(async () => {
		await backend?.close();
		rmSync(dirname(p.root), { recursive: true, force: true });
	});
	const files = (rev = 'HEAD') =>
		p.sh('show', '--name-only', '--format=', rev).trim().split('\n').sort();

	/** Two branches that change the same line of the same report. */
	function conflictingBranches(name: string) {
		const path = report('zh', '2022-03-10-work-safety-inspection-notice');
		p.sh('checkout', '-qb', name);
		writeFileSync(join(p.root, path), `${p.file(path)}\n${name} side\n`);
		p.sh('commit', '-qam', `${name} side`);
		p.sh('checkout', '-q', 'main');
		writeFileSync(join(p.root, path), `${p.file(path)}\nmain side ${name}\n`);
		p.sh('commit', '-qam', `main side ${name}`);
		return path;
	}
	const tryGit = (...args: string[]) => {
		try {
			p.sh(...args);
		} catch {
			// The conflict is the point.
		}
	};

	for (const [operation, start, abort, word] of [
		['merge', (b: string) => tryGit('merge', b), ['merge', '--abort'], /合并.*merge/s],
		[
			'cherry-pick',
			(b: string) => tryGit('cherry-pick', b),
			['cherry-pick', '--abort'],
			/cherry-pick/,
		],
		['rebase', (b: string) => tryGit('rebase', b), ['rebase', '--abort'], /变基.*rebase/s],
		['revert', () => tryGit('revert', 'HEAD~0'), ['revert', '--abort'], /revert/],
	] as const) {
		test(`a publish during a ${operation} is refused and nothing is written or staged; the ${operation} --abort loses nothing`, async () => {
			const conflicted = conflictingBranches(`side-${operation}`);
			if (operation === 'revert') {
				// Reverting the side commit's parent change conflicts with main's later edit.
				writeFileSync(join(p.root, conflicted), `${p.file(conflicted)}another line\n`);
				p.sh('commit', '-qam', 'another');
				tryGit('revert', 'HEAD~1');
			} else start(`side-${operation}`);
			try {
				await publishRefused(word);
			} finally {
				tryGit(...abort);
			}
			expect(p.sh('status', '--porcelain')).toBe('');
		});
	}

	async function publishRefused(word: RegExp) {
		const status = p.sh('status', '--porcelain');
		expect(status).toMatch(/^UU /m);
		const head = p.sh('rev-parse', 'HEAD');
		const path = report('zh', '2022-03-15-新报告');
		const answer = await persist(
			backend,
			[{ path, raw: reportText('新报告') }],
			[{ path: 'public/uploads/2022/a.pdf', content: b64('%PDF') }]
		);
		expect(answer.status).toBe(409);
		expect(answer.body.error).toMatch(HAN);
		expect(answer.body.error).toMatch(word);
		expect(p.file(path)).toBeUndefined();
		expect(p.file('public/uploads/2022/a.pdf')).toBeUndefined();
		expect((await upload(backend, 'public/uploads/2022/b.png', 'png')).status).toBe(409);
		expect(
			(
				await call(backend, 'deleteFile', {
					path: report('zh', '2022-06-28-party-branch-theme-day'),
					options: {},
				})
			).status
		).toBe(409);
		expect(p.file(report('zh', '2022-06-28-party-branch-theme-day'))).toBeDefined();
		expect(p.sh('status', '--porcelain')).toBe(status);
		expect(p.sh('rev-parse', 'HEAD')).toBe(head);
	}

	test('a save to a conflicted file (stash pop, no merge under way) is refused; the conflict stays for git', async () => {
		const path = report('zh', '2022-11-15-bim-training-notice');
		const text = p.file(path)!;
		writeFileSync(join(p.root, path), `${text}\nstashed line\n`);
		p.sh('stash', '-q');
		writeFileSync(join(p.root, path), `${text}\ncommitted line\n`);
		p.sh('commit', '-qam', 'committed line');
		tryGit('stash', 'pop');
		expect(p.sh('ls-files', '-u', '--', path)).not.toBe('');
		const withMarkers = p.file(path)!;
		expect(withMarkers).toContain('<<<<<<<');
		const answer = await persist(backend, [{ path, raw: reportText('编辑的版本') }], [], false);
		expect(answer.status).toBe(409);
		expect(answer.body.error).toMatch(/冲突.*conflict/s);
		expect(p.file(path)).toBe(withMarkers);
		expect(p.sh('ls-files', '-u', '--', path)).not.toBe('');
		// Another report can still be published (only the conflicted file is refused).
		const other = report('zh', '2022-03-15-另一篇');
		expect((await persist(backend, [{ path: other, raw: reportText('另一篇') }])).status).toBe(200);
		expect(files()).toEqual([other]);
		p.sh('checkout', '-q', 'HEAD', '--', path);
		p.sh('stash', 'drop', '-q');
	});

	test('when the commit itself fails the report stays on disk, unstaged, and survives git reset --merge', async () => {
		const hook = join(p.sh('rev-parse', '--git-path', 'hooks').trim(), 'pre-commit');
		mkdirSync(dirname(join(p.root, hook)), { recursive: true });
		writeFileSync(join(p.root, hook), '#!/bin/sh\necho "hook says no" >&2\nexit 1\n');
		chmodSync(join(p.root, hook), 0o755);
		const head = p.sh('rev-parse', 'HEAD');
		const path = report('zh', '2022-03-15-钩子拒绝');
		const answer = await persist(
			backend,
			[{ path, raw: reportText('钩子拒绝') }],
			[{ path: 'public/uploads/2022/附件.pdf', content: b64('%PDF') }]
		);
		expect(answer.status).toBe(500);
		expect(p.sh('rev-parse', 'HEAD')).toBe(head);
		const status = p.sh('status', '--porcelain', '--untracked-files=all');
		expect(status).not.toMatch(/^A/m);
		expect(status).toContain(`?? ${path}`);
		expect(status).toContain('?? public/uploads/2022/附件.pdf');
		expect(answer.body.error).toMatch(/^已保存到文件.*未提交/);
		expect(answer.body.error).toContain('hook says no');
		// What `git merge --abort` does: staged files would be removed, unstaged ones stay.
		p.sh('reset', '--merge');
		expect(p.file(path)).toBe(reportText('钩子拒绝'));
		rmSync(join(p.root, hook));
		// The next publish commits it.
		expect(
			(await persist(backend, [{ path, raw: reportText('钩子拒绝') }], [], false)).status
		).toBe(200);
		expect(files()).toEqual([path]);
		rmSync(join(p.root, 'public/uploads/2022/附件.pdf'));
	});

	test('paths are literal: glob characters match only the file of that name', async () => {
		mkdirSync(join(p.root, 'public/uploads/2023'), { recursive: true });
		for (let i = 0; i < 15; i++)
			writeFileSync(join(p.root, `public/uploads/2023/2-${i}.png`), `png ${i}`);
		p.sh('add', 'public/uploads/2023');
		p.sh('commit', '-qm', 'fifteen images');
		const head = p.sh('rev-parse', 'HEAD');
		const gone = await call(backend, 'deleteFile', {
			path: 'public/uploads/2023/2*.png',
			options: { commitMessage: '删除' },
		});
		expect(gone.status).toBe(200);
		expect(p.sh('rev-parse', 'HEAD')).toBe(head);
		expect(p.sh('status', '--porcelain')).toBe('');
		expect(p.sh('ls-files', 'public/uploads/2023').trim().split('\n')).toHaveLength(15);
		// A file really named 2*.png is committed alone.
		const path = report('zh', '2022-03-15-星号');
		writeFileSync(join(p.root, 'public/uploads/2023/2-0.png'), 'changed by hand');
		const saved = await persist(
			backend,
			[{ path, raw: reportText('星号', 'cover: /uploads/2023/2*.png\n') }],
			[{ path: 'public/uploads/2023/2*.png', content: b64('star') }]
		);
		expect(saved.status).toBe(200);
		expect(files()).toEqual([path, 'public/uploads/2023/2*.png'].sort());
		expect(p.sh('status', '--porcelain')).toBe(' M public/uploads/2023/2-0.png\n');
		p.sh('checkout', '-q', '--', 'public/uploads/2023/2-0.png');
	});

	test('an upload waiting for its report is committed with it after a restart of the backend', async () => {
		expect(
			(await upload(backend, 'public/uploads/2022/重启前.png', 'png before restart')).status
		).toBe(200);
		await backend.close();
		backend = await startLocalBackend({
			root: p.root,
			mode: 'git',
			port: 0,
			author: '编辑 <editor@example.org>',
		});
		const path = report('zh', '2022-03-15-重启后');
		const saved = await persist(backend, [
			{ path, raw: reportText('重启后', 'cover: /uploads/2022/重启前.png\n') },
		]);
		expect(saved.status).toBe(200);
		expect(files()).toEqual([path, 'public/uploads/2022/重启前.png'].sort());
		expect(p.sh('status', '--porcelain')).toBe('');
	});
});

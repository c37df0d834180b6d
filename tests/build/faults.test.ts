/**
 * A build either completes or leaves the previous dist/ as it was, and the build after it is
 * right: killed at every phase (SIGINT, SIGTERM, SIGKILL), out of disk, with damaged or poisoned
 * caches and manifests, after a code or schema change with a warm cache, with the cache on
 * another file system, with an asset deleted from dist/. After each fault the site's dist/ is
 * compared with the dist/ it had before (`snapshot`) or, after the next build, byte for byte with
 * a cold build of the same content in a second copy (`reference`), like incremental.test.ts.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import {
	appendFileSync,
	cpSync,
	existsSync,
	mkdirSync,
	readdirSync,
	readFileSync,
	readlinkSync,
	rmSync,
	writeFileSync,
} from 'node:fs';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { generateReport } from '../../src/bench/generateReports.ts';
import { readStamp, STAMP_FILE } from '../../src/lib/build/buildStamp.ts';
import { workDirOf } from '../../src/lib/build/distUpdate.ts';
import { readCheckedJson, writeCheckedJson } from '../../src/lib/checkedJson.ts';
import { listDist } from '../helpers/crawl.ts';
import {
	createFixtureSite,
	NODE,
	PROJECT,
	runNode,
	userEnv,
	type FixtureSite,
	type RunResult,
} from '../helpers/fixtureSite.ts';
import {
	deployEnv,
	newBucket,
	readBucket,
	runCli,
	startS3,
	type S3Server,
} from '../deploy/helpers.ts';

const N = 40;
let site: FixtureSite;
let reference: FixtureSite;

function both(change: (s: FixtureSite) => void) {
	change(site);
	change(reference);
}

/**
 * A copy of the project with its own scripts/, so that a change to a copy's src/ (the sanitizer,
 * the schema) is the code its build runs, as in a real checkout.
 */
function newSite(): FixtureSite {
	const s = createFixtureSite({ sampleContent: false });
	cpSync(join(PROJECT, 'scripts'), join(s.root, 'scripts'), { recursive: true });
	return s;
}

/** `npm run build` in the site, with the site's own code. */
function runBuild(
	s: FixtureSite,
	args: string[] = [],
	env: Record<string, string> = {}
): Promise<RunResult> {
	return runNode(join(s.root, 'scripts/build.ts'), args, s.root, {
		HUIBAO_CACHE_DIR: s.cacheDir,
		...env,
	});
}

async function build(
	s: FixtureSite,
	args: string[] = [],
	env: Record<string, string> = {}
): Promise<string> {
	const result = await runBuild(s, args, env);
	expect(result.code, result.stderr + result.stdout).toBe(0);
	return result.stdout;
}

/** The reference is always built from nothing: cache and dist removed first. */
async function coldReference() {
	reference.remove('dist');
	reference.remove('.cache');
	await build(reference);
}

/** Every file of a dist/ with its bytes. */
function snapshot(dist: string): Map<string, Buffer> {
	return new Map(listDist(dist).map((f) => [f, readFileSync(join(dist, f))]));
}

function expectSnapshot(dist: string, before: Map<string, Buffer>) {
	const now = snapshot(dist);
	expect([...now.keys()]).toEqual([...before.keys()]);
	expect([...now].filter(([f, bytes]) => !bytes.equals(before.get(f)!)).map(([f]) => f)).toEqual(
		[]
	);
}

/** dist/ equals the reference's cold build byte for byte, and both are stamped alike. */
function expectSameAsReference() {
	expectSnapshot(site.dist, snapshot(reference.dist));
	const { build: _a, ...stamp } = readStamp(site.dist)!;
	const { build: _b, ...expected } = readStamp(reference.dist)!;
	expect(stamp).toEqual(expected);
}

/** Processes whose working folder is the site (Astro, esbuild, Pagefind started by a build). */
function processesIn(root: string): string[] {
	const found: string[] = [];
	for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
		try {
			if (readlinkSync(`/proc/${pid}/cwd`) === root)
				found.push(
					`${pid} ${readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ').slice(0, 120)}`
				);
		} catch {}
	}
	return found;
}

async function expectNoProcessesLeft(root: string) {
	// Astro's processes check for their build every 200 ms (a loaded machine may take longer).
	for (let i = 0; i < 80 && processesIn(root).length > 0; i++)
		await new Promise((r) => setTimeout(r, 100));
	expect(processesIn(root)).toEqual([]);
}

interface RunningBuild {
	child: ChildProcess;
	output: () => string;
	waitFor: (text: string) => Promise<void>;
	exited: Promise<RunResult>;
}

/** Starts `npm run build` in the site without waiting for it (faults.ts hooks in `fault`). */
function startBuild(s: FixtureSite, fault: string, args: string[] = []): RunningBuild {
	const child = spawn(NODE, [join(s.root, 'scripts/build.ts'), ...args], {
		cwd: s.root,
		env: userEnv({ HUIBAO_CACHE_DIR: s.cacheDir, HUIBAO_TEST_FAULT: fault }),
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	let stdout = '';
	let stderr = '';
	const waiters: (() => void)[] = [];
	child.stdout!.on('data', (d: Buffer) => {
		stdout += d.toString();
		for (const w of waiters) w();
	});
	child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
	const exited = new Promise<RunResult>((resolve) =>
		child.on('close', (code, signal) =>
			resolve({ code: code ?? (signal ? 128 : 1), stdout, stderr })
		)
	);
	return {
		child,
		output: () => stdout + stderr,
		exited,
		waitFor: (text) =>
			new Promise((resolve, reject) => {
				const check = () => stdout.includes(text) && resolve();
				waiters.push(check);
				check();
				void exited.then((r) =>
					reject(new Error(`build ended before "${text}": ${r.stdout}${r.stderr}`))
				);
			}),
	};
}

/** Changes one report's title in both copies (the edit re-renders it and the lists it is in). */
let edits = 0;
function editReport(i: number) {
	edits++;
	both((s) => {
		const file = join(s.root, generateReport(i).file);
		writeFileSync(
			file,
			readFileSync(file, 'utf8').replace(/^title: ".*"$/m, `title: "第${edits}次修订的通知"`)
		);
	});
}

/** Renames a category in both copies: every page shows the menu, so every page changes. */
function renameCategory() {
	edits++;
	both((s) => {
		const file = join(s.root, 'content/categories.yml');
		writeFileSync(
			file,
			readFileSync(file, 'utf8').replace(/zh: 协会(动态|新闻\d*)/, `zh: 协会新闻${edits}`)
		);
	});
}

beforeAll(async () => {
	site = newSite();
	reference = newSite();
	both((s) => {
		for (let i = 0; i < N; i++) {
			const { file, text } = generateReport(i);
			s.write(file, text);
		}
		for (let i = 0; i < 3; i++) {
			const { file, text } = generateReport(i);
			s.write(
				file.replace('/zh/', '/en/'),
				text
					.replace(/^title: ".*"$/m, `title: "Report number ${i + 1}"`)
					.replace('lang: zh', 'lang: en')
			);
		}
		// Raw HTML, which goes through the sanitizer.
		const { file, text } = generateReport(N);
		s.write(file, `${text}\n<p>脚注<sup>注1</sup>见附件。</p>\n`);
	});
	// Both built, so that each test can run on its own (vitest -t) and compare with the reference.
	await build(site);
	await build(reference);
}, 300_000);

afterAll(() => {
	site?.cleanup();
	reference?.cleanup();
});

describe('an interrupted build leaves the previous dist/ and no process behind', () => {
	test.each([
		['SIGINT', 'content'],
		['SIGTERM', 'render'],
		['SIGINT', 'commit'],
		['SIGKILL', 'content'],
		['SIGKILL', 'render'],
	] as const)(
		'%s while %s',
		async (signal, phase) => {
			const before = snapshot(site.dist);
			renameCategory();
			const running = startBuild(site, `pause-at=${phase}`);
			await running.waitFor(`paused at ${phase}`);
			if (phase === 'render') expect(processesIn(site.root).length).toBeGreaterThan(0);
			running.child.kill(signal);
			const result = await running.exited;
			expect(result.code).not.toBe(0);
			await expectNoProcessesLeft(site.root);
			// After SIGKILL no handler ran: the next build puts dist/ back first (seen at its pause).
			if (signal === 'SIGKILL') {
				const next = startBuild(site, 'pause-at=content');
				await next.waitFor('paused at content');
				expectSnapshot(site.dist, before);
				next.child.kill('SIGINT');
				await next.exited;
			}
			expectSnapshot(site.dist, before);
			expect(readStamp(site.dist)).toBeDefined();
			await build(site);
			await coldReference();
			expectSameAsReference();
			expect(existsSync(workDirOf(site.dist))).toBe(false);
		},
		180_000
	);

	test('SIGKILL half-way through changing dist/: deploy refuses it; the next build undoes it and builds', async () => {
		const s3: S3Server = await startS3();
		try {
			const bucket = await newBucket(s3.endpoint);
			const env = deployEnv(s3.endpoint, bucket);
			expect((await runCli(['--dist', site.dist], env, undefined, { asBuilt: false })).code).toBe(
				0
			);
			const live = s3.events.length;
			const liveObjects = (await readBucket(s3.endpoint, bucket)).size;
			const before = snapshot(site.dist);

			editReport(5);
			const running = startBuild(site, 'pause-at-change=4');
			await running.waitFor('paused at change 4');
			running.child.kill('SIGKILL');
			await running.exited;
			await expectNoProcessesLeft(site.root);
			expect(existsSync(join(site.dist, STAMP_FILE))).toBe(false);
			const refused = await runCli(['--dist', site.dist], env, undefined, { asBuilt: false });
			expect(refused.code).toBe(2);
			expect(refused.stderr).toMatch(/was not finished by npm run build/);
			expect(s3.events.length).toBe(live);
			expect((await readBucket(s3.endpoint, bucket)).size).toBe(liveObjects);

			const next = startBuild(site, 'pause-at=content');
			await next.waitFor('paused at content');
			expectSnapshot(site.dist, before);
			next.child.kill('SIGINT');
			await next.exited;
			await build(site);
			await coldReference();
			expectSameAsReference();
			expect((await runCli(['--dist', site.dist], env, undefined, { asBuilt: false })).code).toBe(
				0
			);
		} finally {
			await s3.close();
			rmSync(s3.directory, { recursive: true, force: true });
		}
	}, 180_000);

	test('SIGKILL of a full build just before it replaces dist/ leaves the previous dist/', async () => {
		const before = snapshot(site.dist);
		edits++;
		both((s) => writeFileSync(join(s.root, 'src/styles/fault-test.css'), `/* ${edits} */\n`));
		const running = startBuild(site, 'pause-before-commit');
		await running.waitFor('paused at commit');
		expect(running.output()).toContain('the code or dependencies changed');
		running.child.kill('SIGKILL');
		await running.exited;
		await expectNoProcessesLeft(site.root);
		expectSnapshot(site.dist, before);
		expect(readStamp(site.dist)).toBeDefined();
		await build(site);
		await coldReference();
		expectSameAsReference();
	}, 180_000);

	test('leftovers of interrupted builds (stages, temp files, a stale lock) are cleaned; a live lock is respected', async () => {
		const work = workDirOf(site.dist);
		mkdirSync(join(work, 'stage-0/reports/x'), { recursive: true });
		writeFileSync(join(work, 'stage-0/reports/x/index.html'), 'half');
		mkdirSync(join(work, 'trash-1-2/old/a/b'), { recursive: true });
		writeFileSync(join(work, 'trash-1-2/old/a/b/c.html'), 'old');
		writeFileSync(join(work, 'lock'), '999999999');
		// An undo log naming a path outside dist/ is skipped, never followed.
		const victim = join(site.root, 'victim.txt');
		writeFileSync(victim, 'keep me');
		writeFileSync(
			join(work, 'undo.log'),
			`${JSON.stringify({ rel: '../victim.txt', backup: null })}\n`
		);
		await build(site);
		expect(existsSync(work)).toBe(false);
		expect(readFileSync(victim, 'utf8')).toBe('keep me');

		mkdirSync(work, { recursive: true });
		writeFileSync(join(work, 'lock'), String(process.pid));
		const refused = await runBuild(site);
		expect(refused.code).not.toBe(0);
		expect(refused.stderr).toMatch(/another build of .* is running \(process \d+\)/);
		rmSync(work, { recursive: true, force: true });
	}, 120_000);
});

describe('a full disk leaves the previous dist/', () => {
	test('a write into dist/ that fails (injected ENOSPC) is undone', async () => {
		const before = snapshot(site.dist);
		editReport(7);
		const result = await runBuild(site, [], { HUIBAO_TEST_FAULT: 'change=3' });
		expect(result.code).not.toBe(0);
		expect(result.stderr).toMatch(/ENOSPC/);
		expectSnapshot(site.dist, before);
		await expectNoProcessesLeft(site.root);
		await build(site);
		await coldReference();
		expectSameAsReference();
	}, 180_000);

	// A real full disk: the site on a small tmpfs (needs root to mount; CI runs the injected case).
	test.skipIf(process.getuid?.() !== 0)(
		'on a file system that fills up during a build',
		async (ctx) => {
			const mountPoint = join(tmpdir(), `huibao-full-disk-${process.pid}`);
			mkdirSync(mountPoint, { recursive: true });
			try {
				execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=64m', 'tmpfs', mountPoint], {
					stdio: 'ignore',
				});
			} catch {
				rmSync(mountPoint, { recursive: true, force: true });
				ctx.skip();
				return;
			}
			try {
				await fillUpDuringBuild(mountPoint);
			} finally {
				execFileSync('umount', ['-l', mountPoint]);
				rmSync(mountPoint, { recursive: true, force: true });
			}
		},
		240_000
	);
});

/** Builds a site on the tmpfs at `mountPoint`, fills the disk, builds again: see the test above. */
async function fillUpDuringBuild(mountPoint: string) {
	const previousTmp = process.env.TMPDIR;
	process.env.TMPDIR = mountPoint;
	const small = newSite();
	if (previousTmp === undefined) delete process.env.TMPDIR;
	else process.env.TMPDIR = previousTmp;
	// node_modules is a link to the project's; the rest of the site lives on the tmpfs.
	for (let i = 0; i < N; i++) small.write(generateReport(i).file, generateReport(i).text);
	await build(small);
	const before = snapshot(small.dist);
	const categories = join(small.root, 'content/categories.yml');
	writeFileSync(
		categories,
		readFileSync(categories, 'utf8').replace('zh: 协会动态', 'zh: 协会要闻')
	);
	// Leave less room than a re-render of every page needs.
	const free = Number(
		execFileSync('df', ['--output=avail', '-B1', mountPoint], { encoding: 'utf8' }).split('\n')[1]
	);
	const ballast = join(mountPoint, 'ballast');
	writeFileSync(ballast, Buffer.alloc(Math.max(0, free - 512 * 1024)));
	const result = await runBuild(small);
	expect(result.code, result.stdout).not.toBe(0);
	expect(result.stdout + result.stderr, result.stdout + result.stderr).toMatch(/ENOSPC|no space/i);
	rmSync(ballast);
	expectSnapshot(small.dist, before);
	await expectNoProcessesLeft(small.root);
	await build(small);
	expect(readFileSync(join(small.dist, 'index.html'), 'utf8')).toContain('协会要闻');
	const cold = snapshot(small.dist);
	small.remove('dist');
	small.remove('.cache');
	await build(small);
	expectSnapshot(small.dist, cold);
	small.cleanup();
}

describe('damaged and poisoned caches are not trusted', () => {
	test('damaged HTML packs and lost search records: the index keeps every body text', async () => {
		const html = join(site.cacheDir, 'html');
		for (const pack of readdirSync(html)) {
			const bytes = readFileSync(join(html, pack));
			writeFileSync(join(html, pack), Buffer.alloc(bytes.length, 0x20));
		}
		// The indexes are made again from those bodies, and dist/ gets them (a fresh checkout's dist/).
		site.remove('.cache/search');
		site.remove('dist/pagefind');
		await build(site);
		await coldReference();
		expectSameAsReference();
	}, 180_000);

	test('a manifest with poisoned paths is refused as a whole; nothing outside dist/ is touched', async () => {
		const victim = join(site.root, 'victim.txt');
		writeFileSync(victim, 'keep me');
		const file = join(site.cacheDir, 'build-manifest.json');
		const manifest = readCheckedJson(file) as {
			astroFiles: Record<string, unknown>;
			pages: Record<string, { file: string }>;
		};
		const record = Object.values(manifest.astroFiles)[0];
		// Well-formed, checksum recomputed, the right build id: only its paths give it away.
		manifest.astroFiles['../victim.txt'] = record;
		manifest.astroFiles['../../x'] = record;
		writeCheckedJson(file, manifest);
		const stdout = await build(site);
		expect(stdout).toMatch(/building all .*cannot be trusted/);
		expect(readFileSync(victim, 'utf8')).toBe('keep me');
		expectSameAsReference();
	}, 120_000);

	test('a manifest that claims page files as Astro assets (the site would shrink) is refused', async () => {
		const file = join(site.cacheDir, 'build-manifest.json');
		const manifest = readCheckedJson(file) as {
			astroFiles: Record<string, unknown>;
			pages: Record<string, { file: string; size: number; mtimeMs: number }>;
		};
		const pages = Object.entries(manifest.pages);
		// Keep 18 pages; claim the others' files as assets an earlier build wrote (deleted when "stale").
		for (const [url, page] of pages.slice(18)) {
			manifest.astroFiles[page.file] = { size: page.size, mtimeMs: page.mtimeMs };
			delete manifest.pages[url];
		}
		manifest.astroFiles[pages[0]![1].file] = { size: 1, mtimeMs: 1 };
		writeCheckedJson(file, manifest);
		const stdout = await build(site);
		expect(stdout).toMatch(/building all .*cannot be trusted/);
		expectSameAsReference();
		// A manifest edited by hand (its checksum no longer matches) is not read at all.
		appendFileSync(file, ' ');
		expect(await build(site)).toMatch(/building all/);
		expectSameAsReference();
	}, 180_000);

	test('poisoned search manifest and content index entries never lead outside the cache', async () => {
		const victimDir = join(site.root, 'victim');
		mkdirSync(victimDir, { recursive: true });
		writeFileSync(join(victimDir, 'pagefind-entry.json'), '{}');
		const searchManifest = join(site.cacheDir, 'search/manifest.json');
		const m = readCheckedJson(searchManifest) as { indexes: Record<string, { dir: string }> };
		for (const entry of Object.values(m.indexes)) entry.dir = '../../../victim';
		writeCheckedJson(searchManifest, m);
		const contentIndex = join(site.cacheDir, 'content.json');
		const c = readCheckedJson(contentIndex) as {
			entries: Record<string, { html?: [string, number, number] }>;
		};
		for (const entry of Object.values(c.entries))
			if (entry.html) entry.html[0] = '../../../victim/pagefind-entry.json';
		writeCheckedJson(contentIndex, c);
		site.remove('.cache/search/records');
		await build(site);
		expect(readdirSync(victimDir)).toEqual(['pagefind-entry.json']);
		expectSameAsReference();
	}, 180_000);

	test('--clean drops the caches too: a wrong entry with a valid checksum does not survive it', async () => {
		const contentIndex = join(site.cacheDir, 'content.json');
		const c = readCheckedJson(contentIndex) as {
			entries: Record<string, { data?: { title: string } }>;
		};
		for (const entry of Object.values(c.entries)) if (entry.data) entry.data.title = '被篡改的标题';
		writeCheckedJson(contentIndex, c);
		const records = join(site.cacheDir, 'search/records');
		const before = readdirSync(records);
		await build(site, ['--clean']);
		expect(readFileSync(join(site.dist, 'index.html'), 'utf8')).not.toContain('被篡改的标题');
		expectSameAsReference();
		expect(readdirSync(site.cacheDir).filter((n) => n.startsWith('.dropped'))).toEqual([]);
		expect(readdirSync(records)).toEqual(before);
	}, 180_000);
});

describe('caches follow the code that made them', () => {
	test('a sanitizer fix reaches pages and the search index on a warm build', async () => {
		expect(
			readFileSync(
				join(
					site.dist,
					`reports/${generateReport(N).file.split('/').pop()!.replace(/\.md$/, '')}/index.html`
				),
				'utf8'
			)
		).toContain('<sup>');
		both((s) => {
			const file = join(s.root, 'src/lib/markdown/sanitizeHtml.ts');
			writeFileSync(
				file,
				readFileSync(file, 'utf8').replace(
					'const schema = {\n\t...defaultSchema,',
					"const schema = {\n\t...defaultSchema,\n\ttagNames: defaultSchema.tagNames?.filter((t) => t !== 'sup'),"
				)
			);
		});
		await build(site);
		await coldReference();
		expectSameAsReference();
		const slug = generateReport(N).file.split('/').pop()!.replace(/\.md$/, '');
		expect(readFileSync(join(site.dist, `reports/${slug}/index.html`), 'utf8')).not.toContain(
			'<sup>'
		);
	}, 180_000);

	test('a schema change is checked against every report, cached or not', async () => {
		site.write(
			'src/content/schema.ts',
			readFileSync(join(site.root, 'src/content/schema.ts'), 'utf8').replace(
				"max(200, 'title must be at most 200 characters')",
				"max(6, 'title must be at most 6 characters')"
			)
		);
		const result = await runBuild(site);
		expect(result.code).toBe(1);
		expect(result.stderr).toMatch(/title: title must be at most 6 characters/);
		site.write(
			'src/content/schema.ts',
			readFileSync(join(reference.root, 'src/content/schema.ts'), 'utf8')
		);
		await build(site);
		await coldReference();
		expectSameAsReference();
	}, 180_000);

	test('an edit in a new folder under src/ reaches dist/', async () => {
		both((s) => {
			s.write('src/utils/footerNote.ts', "export const footerNote = '本站由汇报生成';\n");
			const layout = join(s.root, 'src/layouts/BaseLayout.astro');
			const text = readFileSync(layout, 'utf8');
			writeFileSync(
				layout,
				text
					.replace('---\n', "---\nimport { footerNote } from '../utils/footerNote.ts';\n")
					.replace('</footer>', '<p>{footerNote}</p></footer>')
			);
		});
		await build(site);
		expect(readFileSync(join(site.dist, 'index.html'), 'utf8')).toContain('本站由汇报生成');
		both((s) =>
			s.write('src/utils/footerNote.ts', "export const footerNote = '本站由汇报生成（第二版）';\n")
		);
		await build(site);
		expect(readFileSync(join(site.dist, 'index.html'), 'utf8')).toContain('第二版');
		await coldReference();
		expectSameAsReference();
	}, 180_000);
});

describe('the cache and dist/ in other places', () => {
	test('HUIBAO_CACHE_DIR on another file system (/dev/shm)', async () => {
		const cache = join('/dev/shm', `huibao-cache-${process.pid}`);
		try {
			rmSync(cache, { recursive: true, force: true });
			expect((await runBuild(site, ['--clean'], { HUIBAO_CACHE_DIR: cache })).code).toBe(0);
			editReport(9);
			const edit = await runBuild(site, [], { HUIBAO_CACHE_DIR: cache });
			expect(edit.code, edit.stderr).toBe(0);
			expect(edit.stdout).toMatch(/Pages: \d+ of \d+ changed/);
			await coldReference();
			expectSameAsReference();
		} finally {
			rmSync(cache, { recursive: true, force: true });
			// Back to the site's own cache for the tests after this one.
			await build(site, ['--clean']);
		}
	}, 240_000);

	test('a stylesheet deleted from dist/_astro is written again', async () => {
		const css = readdirSync(join(site.dist, '_astro')).filter((f) => f.endsWith('.css'));
		expect(css.length).toBeGreaterThan(0);
		for (const f of css) site.remove(`dist/_astro/${f}`);
		const stdout = await build(site);
		expect(stdout).toMatch(/Pages: 1 of \d+ changed/);
		await coldReference();
		expectSameAsReference();
		expect(await build(site)).toMatch(/Pages: 0 of/);
	}, 180_000);
});

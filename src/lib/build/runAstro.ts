/**
 * Renders pages with Astro, in as many processes as it takes to use every core.
 *
 * Each Astro process has a staging folder and a Vite cache of its own (so processes never write
 * the same file) and gets its pages from a plan file (see lib/astro/buildPlan.ts). A process can
 * start before its plan exists: Astro spends ~2 s loading itself and bundling the pages, which
 * then overlaps with the build script checking the content; the pages wait for the plan. A
 * process whose plan says "nothing to do" is stopped.
 *
 * Astro logs one line per page written; those lines drive the progress display.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import {
	closeSync,
	fstatSync,
	mkdirSync,
	openSync,
	readFileSync,
	readdirSync,
	readSync,
	renameSync,
	writeSync,
	rmSync,
	writeFileSync,
} from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { AstroPlan, AstroStage } from '../astro/buildPlan.ts';
import { bundleKey, readSavedBundle } from '../astro/savedBundle.ts';
import type { Page } from '../site/siteModel.ts';

/**
 * Below this many pages, another Astro process costs more (its ~2.5 s start) than it saves.
 * The tests set a small number (HUIBAO_PAGES_PER_PROCESS) to have two processes in a small site.
 */
const PAGES_PER_EXTRA_PROCESS = Number(process.env.HUIBAO_PAGES_PER_PROCESS) || 600;

export interface AstroWorker {
	stage: AstroStage;
	/** Renders with the saved bundle of the last Astro run (renderProcess.ts), not a new Astro. */
	fromSavedBundle: boolean;
	/** Settles when the process has exited (rejects with Astro's log tail on failure). */
	done: Promise<void>;
	/** Counts pages written so far (from Astro's log). */
	pagesWritten: () => number;
	stop(): void;
	/** Stops it at once, synchronously (signal handlers). */
	kill(): void;
}

/**
 * Starts an Astro build process that waits for its plan. `workDir` (in the build cache) holds its
 * Vite cache, plan and log; `stageDir` (beside dist/, the same file system) its output, which the
 * merge then moves into dist/ by renames. When the last Astro run of the same code saved its
 * bundle (lib/astro/savedBundle.ts), the process renders with that instead (renderProcess.ts).
 * With `bundleOf` (the first process of a full build), it waits for that process to save its
 * bundle and renders with it: one Astro start for the two processes.
 */
export function startAstro(
	root: string,
	workDir: string,
	stageDir: string,
	index: number,
	contentSync: boolean,
	code: string,
	bundleOf?: AstroWorker
): AstroWorker {
	const folders = {
		outDir: join(stageDir, `stage-${index}`),
		cacheDir: join(workDir, `vite-${index}`),
		emptyPublicDir: join(workDir, 'empty-public'),
		planFile: join(workDir, `plan-${index}.json`),
		contentSync,
	};
	// .mdx reports are compiled into the bundle: no saved bundle for a site that has them.
	const bundle = contentSync
		? undefined
		: { dir: join(workDir, `bundle-${index}`), key: bundleKey(root, code, folders) };
	const stage: AstroStage = { ...folders, bundle };
	mkdirSync(stage.emptyPublicDir, { recursive: true });
	// What an Astro process killed while saving its bundle left (savedBundle.ts writes a temp).
	for (const name of readdirSync(workDir))
		if (name.startsWith(`bundle-${index}.`))
			rmSync(join(workDir, name), { recursive: true, force: true });
	rmSync(stage.outDir, { recursive: true, force: true, maxRetries: 5 });
	rmSync(stage.planFile, { force: true });
	if (bundle && bundleOf?.stage.bundle) return afterBundleOf(bundleOf, root, workDir, index, stage);
	// The last Astro run of this code saved its bundle: render with it, without Astro's start.
	const saved = bundle && readSavedBundle(bundle.dir, bundle.key) ? bundle : undefined;
	return spawnWorker(root, workDir, index, stage, saved);
}

/**
 * A process that starts once `first` has saved its bundle, and renders with it; or, should
 * `first` end or fail to save it (savedBundle.ts leaves a `.unsaved` mark), an Astro process.
 */
function afterBundleOf(
	first: AstroWorker,
	root: string,
	workDir: string,
	index: number,
	stage: AstroStage
): AstroWorker {
	const saved = first.stage.bundle!;
	let worker: AstroWorker | undefined;
	let stopped = false;
	let firstEnded = false;
	first.done.then(
		() => (firstEnded = true),
		() => (firstEnded = true)
	);
	const started = new Promise<AstroWorker | undefined>((resolve) => {
		const timer = setInterval(() => {
			const failed = unsavedMark(saved.dir) === saved.key;
			const ready = !failed && readSavedBundle(saved.dir, saved.key) !== undefined;
			if (!stopped && !ready && !failed && !firstEnded) return;
			clearInterval(timer);
			if (!stopped) worker = spawnWorker(root, workDir, index, stage, ready ? saved : undefined);
			resolve(worker);
		}, 100);
	});
	return {
		stage,
		get fromSavedBundle() {
			return worker?.fromSavedBundle ?? false;
		},
		done: started.then((w) => w?.done),
		pagesWritten: () => worker?.pagesWritten() ?? 0,
		stop() {
			stopped = true;
			worker?.stop();
		},
		kill() {
			stopped = true;
			worker?.kill();
		},
	};
}

function unsavedMark(dir: string): string | undefined {
	try {
		return readFileSync(`${dir}.unsaved`, 'utf8');
	} catch {
		return undefined;
	}
}

/** Runs astroProcess.ts for `stage`, or renderProcess.ts with the saved bundle `renderWith`. */
function spawnWorker(
	root: string,
	workDir: string,
	index: number,
	stage: AstroStage,
	renderWith: AstroStage['bundle']
): AstroWorker {
	const script = renderWith ? 'renderProcess.ts' : 'astroProcess.ts';
	const logFile = join(workDir, `astro-${index}.log`);
	const fd = openSync(logFile, 'w+');
	let offset = 0;
	let partial = '';
	let pages = 0;
	let closed = false;
	const readNew = () => {
		if (closed) return;
		const size = fstatSync(fd).size;
		if (size <= offset) return;
		const buffer = Buffer.alloc(size - offset);
		readSync(fd, buffer, 0, buffer.length, offset);
		offset = size;
		const lines = (partial + buffer.toString('utf8')).split('\n');
		partial = lines.pop() ?? '';
		for (const line of lines) if (/[├└]─/.test(line)) pages++;
	};
	// Its log goes to a file, not a pipe: Node writes to pipes synchronously, and 12,000 page
	// lines through a pipe cost ~1.7 s of the build.
	const watchdog = pathToFileURL(join(import.meta.dirname, 'exitWithParent.ts')).href;
	const child: ChildProcess = spawn(
		process.execPath,
		['--import', watchdog, join(import.meta.dirname, script)],
		{
			cwd: root,
			env: {
				...process.env,
				HUIBAO_ASTRO_STAGE: JSON.stringify(renderWith ? { ...stage, bundle: renderWith } : stage),
				// What astro.config.mjs's huibao-mode integration records; the render process loads no
				// config, and a value inherited from a dev server must not show drafts (lib/astro/mode.ts).
				HUIBAO_ASTRO_COMMAND: 'build',
				// The process stops itself when this build process is gone (exitWithParent.ts), even
				// after a SIGKILL that left no time to stop it.
				HUIBAO_BUILD_PID: String(process.pid),
				// Node keeps compiled code of Astro and Vite between builds (~0.4 s of each start).
				NODE_COMPILE_CACHE: join(workDir, 'node-compile-cache'),
				ASTRO_TELEMETRY_DISABLED: '1',
				FORCE_COLOR: '0',
			},
			// Errors through a pipe too: a process that fails on a full disk cannot write its log.
			stdio: ['ignore', fd, 'pipe'],
			// Its own process group, so stopping it also stops the helpers it starts (esbuild).
			detached: true,
		}
	);
	let stopped = false;
	// What the process wrote to stderr (errors and warnings: little), kept for a failure report.
	let errors = '';
	child.stderr!.setEncoding('utf8');
	child.stderr!.on('data', (text: string) => {
		if (errors.length < 64_000) errors += text;
		try {
			if (!closed) writeSync(fd, text);
		} catch {}
	});
	const done = new Promise<void>((resolve, reject) => {
		const timer = setInterval(readNew, 250);
		child.on('error', (error) => {
			clearInterval(timer);
			closed = true;
			closeSync(fd);
			reject(error);
		});
		child.on('close', (code) => {
			clearInterval(timer);
			readNew();
			closed = true;
			closeSync(fd);
			if (code === 0 || stopped) return resolve();
			let tail = '';
			try {
				tail = readFileSync(logFile, 'utf8');
			} catch {}
			// The log has stderr too, unless writing it failed (a full disk).
			if (!tail.includes(errors)) tail += `\n${errors}`;
			tail = tail
				.split('\n')
				.filter((l) => !/[├└]─/.test(l))
				.slice(-60)
				.join('\n');
			reject(new Error(`astro build failed (exit ${code}); full log: ${logFile}\n${tail.trim()}`));
		});
	});
	return {
		stage,
		fromSavedBundle: renderWith !== undefined,
		done,
		pagesWritten: () => (readNew(), pages),
		stop() {
			if (stopped || child.exitCode !== null) return;
			stopped = true;
			try {
				process.kill(-child.pid!, 'SIGTERM');
			} catch {}
		},
		kill() {
			stopped = true;
			try {
				process.kill(-child.pid!, 'SIGKILL');
			} catch {}
		},
	};
}

/** Hands a process its plan; written to a temp file and renamed, so it never reads half a plan. */
export function givePlan(worker: AstroWorker, plan: Omit<AstroPlan, keyof AstroStage>): void {
	const temp = `${worker.stage.planFile}.tmp`;
	writeFileSync(temp, JSON.stringify({ ...worker.stage, ...plan }));
	renameSync(temp, worker.stage.planFile);
}

/** How many Astro processes a number of pages deserves. */
export function processesFor(pages: number, limit = availableParallelism()): number {
	return Math.max(1, Math.min(limit, Math.ceil(pages / PAGES_PER_EXTRA_PROCESS)));
}

/**
 * Splits the pages over the workers (starting more if the work deserves it), waits for them
 * and returns their staging folders. Workers beyond what the pages need are stopped.
 */
export async function renderWithAstro(options: {
	root: string;
	workDir: string;
	stageDir: string;
	/** Already started workers (usually one, started at the beginning of the build). */
	workers: AstroWorker[];
	pages: Page[];
	site: Pick<AstroPlan, 'settings' | 'categories' | 'nav' | 'pageNav'>;
	/** `.mdx` reports by id; Astro compiles those itself. */
	mdx: Map<string, AstroPlan['mdx'][number]>;
	/** Whether Astro processes started here sync the content collections (AstroStage). */
	contentSync: boolean;
	/** codeHash() of this build: the key of the processes' saved bundles. */
	code: string;
	processes?: number;
	onProgress?: (done: number, total: number) => void;
}): Promise<{ outDirs: string[]; processes: number; fromSavedBundle: number }> {
	const { pages, workers } = options;
	const count = processesFor(pages.length, options.processes);
	while (workers.length < count)
		workers.push(
			startAstro(
				options.root,
				options.workDir,
				options.stageDir,
				workers.length,
				options.contentSync,
				options.code,
				workers[0]
			)
		);
	for (const extra of workers.splice(count)) extra.stop();
	// Round-robin keeps each process's mix of page kinds (and so its work) alike.
	const shares = workers.map(() => [] as Page[]);
	pages.forEach((page, i) => shares[i % workers.length]!.push(page));
	workers.forEach((worker, k) => {
		const mdx = shares[k]!.flatMap((p) =>
			p.kind === 'report' && p.props.report.body.kind === 'mdx'
				? [options.mdx.get(p.props.report.id)!]
				: []
		);
		// Only a file saved while the build was starting can get here (the build looks for .mdx
		// reports before it starts Astro): that process never loaded the collections.
		if (mdx.length && !worker.stage.contentSync) {
			for (const w of workers) w.stop();
			throw new Error(`${mdx[0]!.file}: appeared while the build was starting; build again`);
		}
		givePlan(worker, { ...options.site, pages: shares[k]!, mdx });
	});
	const timer = setInterval(
		() => options.onProgress?.(Math.min(total(), pages.length), pages.length),
		250
	);
	const total = () => workers.reduce((n, w) => n + w.pagesWritten(), 0);
	try {
		await Promise.all(workers.map((w) => w.done));
	} catch (error) {
		for (const w of workers) w.stop();
		throw error;
	} finally {
		clearInterval(timer);
	}
	options.onProgress?.(pages.length, pages.length);
	return {
		outDirs: workers.map((w) => w.stage.outDir),
		processes: workers.length,
		fromSavedBundle: workers.filter((w) => w.fromSavedBundle).length,
	};
}

/**
 * Renders pages with Astro, in as many processes as it takes to use every core.
 *
 * Each process gets a plan (HUIBAO_PLAN, see lib/astro/buildPlan.ts): the pages it must render
 * with their props, a staging folder of its own, and its own Vite cache, so processes never
 * write the same file.
 * Astro logs one line per page written; those lines drive the progress display.
 */
import { spawn } from 'node:child_process';
import { closeSync, fstatSync, mkdirSync, openSync, readFileSync, readSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import type { AstroPlan } from '../astro/buildPlan.ts';
import type { Page } from '../site/siteModel.ts';

/** Below this many pages, a second Astro process costs more (its ~3 s start) than it saves. */
const PAGES_PER_EXTRA_PROCESS = 600;

export interface AstroRun {
	/** Staging folders, one per process, each a partial dist/. */
	outDirs: string[];
	processes: number;
}

export async function renderWithAstro(options: {
	root: string;
	workDir: string;
	/** Pages to render, with everything else each Astro process needs. */
	pages: Page[];
	site: Pick<AstroPlan, 'settings' | 'categories' | 'nav'>;
	/** `.mdx` reports by id; Astro compiles those itself. */
	mdx: Map<string, AstroPlan['mdx'][number]>;
	processes?: number;
	onProgress?: (done: number, total: number) => void;
}): Promise<AstroRun> {
	const { root, workDir, pages } = options;
	const processes = Math.max(
		1,
		Math.min(options.processes ?? availableParallelism(), Math.ceil(pages.length / PAGES_PER_EXTRA_PROCESS)),
	);
	const emptyPublicDir = join(workDir, 'empty-public');
	mkdirSync(emptyPublicDir, { recursive: true });
	// Round-robin keeps each process's mix of page kinds (and so its work) alike.
	const shares = Array.from({ length: processes }, () => [] as Page[]);
	pages.forEach((page, i) => shares[i % processes]!.push(page));

	let done = 0;
	const outDirs: string[] = [];
	const runs = shares.map((share, k) => {
		const outDir = join(workDir, `stage-${k}`);
		rmSync(outDir, { recursive: true, force: true });
		outDirs.push(outDir);
		const planFile = join(workDir, `plan-${k}.json`);
		const plan: AstroPlan = {
			outDir,
			cacheDir: join(workDir, `vite-${k}`),
			emptyPublicDir,
			...options.site,
			pages: share,
			mdx: share.flatMap((p) => (p.kind === 'report' && p.props.report.body.kind === 'mdx' ? [options.mdx.get(p.props.report.id)!] : [])),
		};
		writeFileSync(planFile, JSON.stringify(plan));
		return runAstroBuild(root, planFile, () => options.onProgress?.(Math.min(++done, pages.length), pages.length));
	});
	await Promise.all(runs);
	return { outDirs, processes };
}

/**
 * Runs `astro build` with a plan. Its log goes to a file, not a pipe: Node writes to pipes
 * synchronously, and 12,000 page lines through a pipe cost ~1.7 s of the build. The file is read
 * as it grows to count pages for the progress display, and its tail is shown if Astro fails.
 */
function runAstroBuild(root: string, planFile: string, onPage: () => void): Promise<void> {
	const logFile = planFile.replace(/\.json$/, '.log');
	const fd = openSync(logFile, 'w+');
	let offset = 0;
	let partial = '';
	const readNew = () => {
		const size = fstatSync(fd).size;
		if (size <= offset) return;
		const buffer = Buffer.alloc(size - offset);
		readSync(fd, buffer, 0, buffer.length, offset);
		offset = size;
		const lines = (partial + buffer.toString('utf8')).split('\n');
		partial = lines.pop() ?? '';
		for (const line of lines) if (/[├└]─/.test(line)) onPage();
	};
	return new Promise((resolve, reject) => {
		const child = spawn(process.execPath, [join(root, 'node_modules/astro/bin/astro.mjs'), 'build'], {
			cwd: root,
			env: { ...process.env, HUIBAO_PLAN: planFile, ASTRO_TELEMETRY_DISABLED: '1', FORCE_COLOR: '0' },
			stdio: ['ignore', fd, fd],
		});
		const timer = setInterval(readNew, 250);
		child.on('error', (error) => {
			clearInterval(timer);
			closeSync(fd);
			reject(error);
		});
		child.on('close', (code) => {
			clearInterval(timer);
			readNew();
			closeSync(fd);
			if (code === 0) return resolve();
			const tail = readFileSync(logFile, 'utf8').split('\n').filter((l) => !/[├└]─/.test(l)).slice(-60).join('\n');
			reject(new Error(`astro build failed (exit ${code}); full log: ${logFile}\n${tail.trim()}`));
		});
	});
}

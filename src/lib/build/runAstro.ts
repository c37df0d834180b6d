/**
 * Renders pages with Astro, in as many processes as it takes to use every core.
 *
 * Each process gets a plan (HUIBAO_PLAN): the URLs it must render and their fingerprints, a
 * staging folder of its own, and its own Vite cache, so processes never write the same file.
 * Astro logs one line per page written; those lines drive the progress display.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import type { PlannedPage } from './planBuild.ts';

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
	pages: PlannedPage[];
	sitemapUrls: string[];
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
	// Round-robin over URLs sorted by kind keeps each process's mix of page kinds alike.
	const shares = Array.from({ length: processes }, () => ({} as Record<string, string>));
	pages.forEach((p, i) => {
		shares[i % processes]![p.url] = p.fp.slice(p.fp.indexOf('.') + 1);
	});

	let done = 0;
	const outDirs: string[] = [];
	const runs = shares.map((fingerprints, k) => {
		const outDir = join(workDir, `stage-${k}`);
		rmSync(outDir, { recursive: true, force: true });
		outDirs.push(outDir);
		const planFile = join(workDir, `plan-${k}.json`);
		writeFileSync(
			planFile,
			JSON.stringify({
				fingerprints,
				outDir,
				cacheDir: join(workDir, `vite-${k}`),
				emptyPublicDir,
				sitemapUrls: options.sitemapUrls,
			}),
		);
		return runAstroBuild(root, planFile, () => options.onProgress?.(Math.min(++done, pages.length), pages.length));
	});
	await Promise.all(runs);
	return { outDirs, processes };
}

function runAstroBuild(root: string, planFile: string, onPage: () => void): Promise<void> {
	return new Promise((resolve, reject) => {
		const child = spawn(process.execPath, [join(root, 'node_modules/astro/bin/astro.mjs'), 'build'], {
			cwd: root,
			env: { ...process.env, HUIBAO_PLAN: planFile, ASTRO_TELEMETRY_DISABLED: '1', FORCE_COLOR: '0' },
			stdio: ['ignore', 'pipe', 'pipe'],
		});
		const log: string[] = [];
		let partial = '';
		const onData = (chunk: Buffer) => {
			const lines = (partial + chunk.toString('utf8')).split('\n');
			partial = lines.pop() ?? '';
			for (const line of lines) {
				if (/[├└]─/.test(line)) onPage();
				else log.push(line);
			}
			if (log.length > 400) log.splice(0, log.length - 400);
		};
		child.stdout.on('data', onData);
		child.stderr.on('data', onData);
		child.on('error', reject);
		child.on('close', (code) => {
			if (code === 0) resolve();
			else reject(new Error(`astro build failed (exit ${code}):\n${[...log, partial].join('\n').trim()}`));
		});
	});
}

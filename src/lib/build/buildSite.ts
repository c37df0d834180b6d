/**
 * `npm run build`: content → validated, rendered, planned → Astro renders what changed → dist/.
 *
 * 1. Load and validate all content (problems stop the build, all listed at once).
 * 2. Build the site model; fingerprint every page.
 * 3. Compare with the last build's manifest: render only pages whose inputs changed.
 * 4. Astro renders those pages, on every core, into staging folders.
 * 5. Merge into dist/, remove pages that are gone, sync public/.
 *
 * Cold, the same steps render every page; the output is the same either way.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, renameSync, statSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { availableParallelism } from 'node:os';
import { localeKeys } from '../../i18n/locales.ts';
import { ui } from '../../i18n/ui.ts';
import { defaultCacheDir } from '../content/contentCache.ts';
import { listReportFiles } from '../content/reportPath.ts';
import type { SiteContent } from '../content/loadContent.ts';
import { ContentError } from '../content/problem.ts';
import type { SiteModel } from '../site/siteModel.ts';
import { readStamp } from './buildStamp.ts';
import { codeHash } from './codeHash.ts';
import { DistUpdate, lockAndRecover, workDirOf } from './distUpdate.ts';
import { pauseAt } from './faults.ts';
import {
	readManifest,
	writeManifest,
	emptyManifest,
	manifestProblem,
	type BuildManifest,
} from './manifest.ts';
import { mergeOutput, syncPublic } from './mergeOutput.ts';
import { planBuild } from './planBuild.ts';
import { progress } from './progress.ts';
import { processesFor, renderWithAstro, startAstro, type AstroWorker } from './runAstro.ts';
import { validateSite } from './validateSite.ts';
import { buildSearchIndex, startIndexWorker } from '../../search/buildSearchIndex.ts';
import { writeAdmin } from '../../cms/writeAdmin.ts';
import { now } from '../dates/now.ts';
import { mourningScope } from '../site/mourning.ts';

export interface BuildOptions {
	root: string;
	/** Output folder; default dist/. */
	dist?: string;
	/** Ignore the previous build and every cache: render and compile everything. */
	clean?: boolean;
	/** Astro processes; default: one per core, fewer for small builds. */
	processes?: number;
	/** Build the search index (default); false leaves dist/pagefind/ as it is (benchmarks). */
	search?: boolean;
	log?: (line: string) => void;
}

export interface BuildSummary {
	pages: number;
	rendered: number;
	removed: number;
	markdownRendered: number;
	full: boolean;
	reason?: string;
	processes: number;
	seconds: number;
	publicCopied: number;
	/** Seconds per phase: content, plan, render, merge, public, search, admin, manifest. */
	phases: Record<string, number>;
}

/** What a signal handler must do to stop the running build (see interruptBuild). */
let running: (() => void) | undefined;

/**
 * Stops the running build at once (for SIGINT/SIGTERM handlers): its Astro processes are killed
 * and dist/ is put back as it was. Synchronous; the caller exits afterwards.
 */
export function interruptBuild(): void {
	running?.();
}

export async function buildSite(options: BuildOptions): Promise<BuildSummary> {
	const workers: AstroWorker[] = [];
	const dist = options.dist ?? join(options.root, 'dist');
	// One build per dist/ at a time; what an interrupted build left is undone first.
	const release = lockAndRecover(dist);
	let update: DistUpdate | undefined;
	running = () => {
		for (const w of workers) w.kill();
		update?.abort();
		release();
	};
	try {
		return await build({ ...options, dist }, workers, (u) => (update = u));
	} catch (error) {
		for (const w of workers) w.kill();
		update?.abort();
		throw error;
	} finally {
		// Whatever happened, no Astro process outlives the build (they run detached).
		for (const w of workers) w.stop();
		running = undefined;
		release();
	}
}

/**
 * `--clean`: the caches go too (content, search indexes, the manifest, Astro's Vite caches), not
 * only dist/. Moved aside at once and deleted while the build runs.
 */
function dropCaches(cacheDir: string): Promise<void> {
	if (!existsSync(cacheDir)) return Promise.resolve();
	const trash = join(cacheDir, `.dropped-${process.pid}-${Date.now()}`);
	mkdirSync(trash, { recursive: true });
	for (const name of readdirSync(cacheDir))
		if (!name.startsWith('.dropped-')) renameSync(join(cacheDir, name), join(trash, name));
	// Caches dropped by an earlier --clean that was interrupted.
	return Promise.all(
		readdirSync(cacheDir).map((name) =>
			rm(join(cacheDir, name), { recursive: true, force: true, maxRetries: 5 })
		)
	).then(() => {});
}

async function build(
	options: BuildOptions & { dist: string },
	workers: AstroWorker[],
	began: (u: DistUpdate) => void
): Promise<BuildSummary> {
	const started = performance.now();
	const { root, dist } = options;
	const log = options.log ?? ((line: string) => process.stdout.write(`${line}\n`));
	const cacheDir = defaultCacheDir(root);
	const { phases, phase } = phaseClock(started);

	const dropped = options.clean ? dropCaches(cacheDir) : Promise.resolve();
	const last = lastBuild(root, dist, cacheDir, options.clean);
	const { previous, code } = last;

	// Astro processes start now: each loads itself and bundles the pages (~2 s) while the content
	// is checked, then waits for its plan (stopped if there is nothing to render). One for an
	// incremental build; as many as there are cores when everything will be rendered.
	const workDir = join(cacheDir, 'astro');
	const stageDir = workDirOf(dist);
	const fullRender = !previous || previous.code !== code;
	const early = fullRender ? (options.processes ?? availableParallelism()) : 1;
	// Astro reads its content collections only for .mdx reports (astroProcess.ts).
	const contentSync = (await listReportFiles(root)).some((f) => f.endsWith('.mdx'));
	// The first saves its bundle; the others wait for it and render with it (one Astro start).
	for (let k = 0; k < early; k++)
		workers.push(startAstro(root, workDir, stageDir, k, contentSync, code, workers[0]));
	await pauseAt('content');

	// The search index needs the content, not the pages: it is built into the build cache while
	// the pages are planned and rendered, and goes into dist/ once they are merged (not at all if
	// they fail). For an incremental build it starts now, beside the plan and a render that is
	// short; a full render keeps every core busy, so there the index waits for it.
	let pagesReady!: { resolve: (u: DistUpdate) => void; reject: (error: unknown) => void };
	const publishAfter = new Promise<DistUpdate>(
		(resolve, reject) => (pagesReady = { resolve, reject })
	);
	publishAfter.catch(() => {});
	let search: Promise<unknown> | undefined;
	const indexWorker = !fullRender && options.search !== false ? startIndexWorker() : undefined;
	const startSearch = (found: SiteContent) => {
		if (options.search === false || search) return;
		search = buildSearchIndex({
			root,
			dist,
			cacheDir,
			content: found,
			log,
			publishAfter,
			worker: indexWorker,
		});
		search.catch(() => {});
	};

	// Whatever stops the build before the pages are merged stops the index too (it never publishes).
	const stopSearch = async (error: unknown) => {
		pagesReady.reject(error);
		await search?.catch(() => {});
		await indexWorker?.terminate();
		return error;
	};
	let content: SiteContent, model: SiteModel, compiled: number;
	let plan: Plan;
	let update: DistUpdate;
	let siteWide: Record<string, string>;
	try {
		({ content, model, compiled } = await readContent(root, (found) => {
			if (!fullRender) startSearch(found);
		}));
		phase('content');
		siteWide = siteWideInputs(content, model);
		plan = planPages(options, last, model, siteWide, log);
		phase('plan');
		// Every change to dist/ from here on goes through this: undone unless the build commits.
		update = DistUpdate.begin(dist, plan.full);
		began(update);
	} catch (error) {
		throw await stopSearch(error);
	}
	const searchWhileRendering = processesFor(plan.render.length, options.processes) === 1;

	let processes: number;
	let published: Published;
	try {
		const rendered = await renderPages({
			options,
			plan,
			content,
			model,
			workers,
			workDir,
			stageDir,
			contentSync,
			code,
			renderingStarted: () => {
				if (searchWhileRendering) startSearch(content);
			},
		});
		processes = rendered.processes;
		phase('render');
		await pauseAt('merge');
		published = publishPages(root, update, plan, previous, rendered.stages, phase);
		pagesReady.resolve(update);
		startSearch(content);
	} catch (error) {
		throw await stopSearch(error);
	}
	// A failed index leaves its worker to this build (a successful one closes it).
	await search?.catch(async (error: unknown) => {
		await indexWorker?.terminate();
		throw error;
	});
	// What the search index still needed after the pages were done.
	phase('search');
	await writeAdmin({ root, dist, update, cacheDir });
	phase('admin');
	await pauseAt('commit');

	await commitBuild(update, last, plan, published, siteWide, dist);
	await dropped;
	phase('manifest');

	const { merged, copied } = published;
	const seconds = (performance.now() - started) / 1000;
	log(
		`Built ${plan.pages.length} pages into ${dist} in ${seconds.toFixed(1)} s (${plan.render.length} rendered, ${merged.removed + copied.removed} removed, ${copied.copied} public files copied)`
	);
	return {
		pages: plan.pages.length,
		rendered: plan.render.length,
		removed: merged.removed,
		markdownRendered: compiled,
		full: plan.full,
		reason: plan.reason,
		processes,
		seconds,
		publicCopied: copied.copied,
		phases,
	};
}

/** Seconds per phase, each counted from the end of the one before. */
function phaseClock(started: number) {
	const phases: Record<string, number> = {};
	let mark = started;
	const phase = (name: string) => {
		const now = performance.now();
		phases[name] = (now - mark) / 1000;
		mark = now;
	};
	return { phases, phase };
}

/** The last build as its manifest records it, if that record can be trusted; the code's hash. */
interface LastBuild {
	manifestFile: string;
	stamp: ReturnType<typeof readStamp>;
	previous: BuildManifest | undefined;
	/** Why the manifest cannot be trusted, if it cannot. */
	distrust: string | undefined;
	code: string;
}

function lastBuild(
	root: string,
	dist: string,
	cacheDir: string,
	clean: boolean | undefined
): LastBuild {
	const manifestFile = join(cacheDir, 'build-manifest.json');
	const stamp = readStamp(dist);
	const recorded = clean ? undefined : readManifest(manifestFile);
	const distrust = recorded === undefined ? undefined : manifestProblem(recorded, stamp);
	const previous = recorded !== undefined && !distrust ? (recorded as BuildManifest) : undefined;
	return { manifestFile, stamp, previous, distrust, code: codeHash(root) };
}

/** Phase "content": every file read and checked; any problem stops the build, all listed. */
async function readContent(root: string, onContent: (content: SiteContent) => void) {
	const reading = progress('Content');
	const { content, model, problems, compiled } = await validateSite({
		root,
		onContent,
		onProgress: (_phase, done, total) => reading.update(done, total),
	});
	if (problems.length || !content || !model) throw new ContentError(problems);
	reading.done(`${content.reports.length} reports, ${compiled} read and rendered`);
	return { content, model, compiled };
}

/** Phase "plan": which pages to render and which to remove, against the last build. */
function planPages(
	options: BuildOptions & { dist: string },
	last: LastBuild,
	model: SiteModel,
	siteWide: Record<string, string>,
	log: (line: string) => void
) {
	const plan = planBuild({
		model: model.pages,
		code: last.code,
		siteWide,
		dist: options.dist,
		previous: last.previous,
		force: options.clean,
		why: last.distrust && `the record of the last build cannot be trusted: ${last.distrust}`,
	});
	log(
		plan.full
			? `Pages: building all ${plan.pages.length} (${plan.reason})`
			: `Pages: ${plan.render.length} of ${plan.pages.length} changed, ${plan.remove.length} removed`
	);
	return plan;
}

type Plan = ReturnType<typeof planPages>;

/**
 * Phase "render": Astro renders the planned pages into staging folders (or, with nothing to
 * render, its processes are stopped). `renderingStarted` is called once Astro has its plan.
 */
async function renderPages(run: {
	options: BuildOptions;
	plan: Plan;
	content: SiteContent;
	model: SiteModel;
	workers: AstroWorker[];
	workDir: string;
	stageDir: string;
	contentSync: boolean;
	code: string;
	renderingStarted: () => void;
}): Promise<{ stages: string[]; processes: number }> {
	const { options, plan, content, model, workers } = run;
	if (plan.render.length === 0) {
		run.renderingStarted();
		for (const w of workers) w.stop();
		await Promise.all(workers.map((w) => w.done));
		return { stages: [], processes: 0 };
	}
	const rendering = progress('Rendering');
	const toRender = new Set(plan.render.map((p) => p.url));
	const rendered = renderWithAstro({
		root: options.root,
		workDir: run.workDir,
		stageDir: run.stageDir,
		contentSync: run.contentSync,
		code: run.code,
		workers,
		pages: model.pages.filter((p) => toRender.has(p.url)),
		site: {
			settings: content.settings,
			categories: content.categories,
			nav: model.nav,
			pageNav: model.pageNav,
		},
		mdx: new Map(
			content.reports
				.filter((r) => r.kind === 'mdx')
				.map((r) => [r.id, { id: r.id, file: r.file, digest: r.digest, data: r.data }])
		),
		processes: options.processes,
		onProgress: (done, total) => rendering.update(done, total),
	});
	run.renderingStarted();
	await pauseAt('render');
	const done = await rendered;
	const saved = done.fromSavedBundle;
	rendering.done(
		`${plan.render.length} pages in ${done.processes} Astro process${done.processes > 1 ? 'es' : ''}` +
			(saved
				? ` (${saved === done.processes ? '' : `${saved} `}with the last run's saved bundle)`
				: '')
	);
	return { stages: done.outDirs, processes: done.processes };
}

interface Published {
	merged: ReturnType<typeof mergeOutput>;
	copied: ReturnType<typeof syncPublic>;
}

/** Phases "merge" and "public": rendered pages into dist/, pages gone removed, public/ synced. */
function publishPages(
	root: string,
	update: DistUpdate,
	plan: Plan,
	previous: BuildManifest | undefined,
	stages: string[],
	phase: (name: string) => void
): Published {
	const merged = mergeOutput({
		update,
		stages,
		pageFiles: new Set(plan.render.map((p) => p.file)),
		remove: plan.remove,
		previous: plan.full ? undefined : previous,
	});
	phase('merge');
	const copied = syncPublic({
		publicDir: join(root, 'public'),
		update,
		previous: plan.full ? {} : (previous?.publicFiles ?? {}),
		full: plan.full,
	});
	phase('public');
	return { merged, copied };
}

/**
 * Phase "manifest": the stamp goes in last and dist/ becomes the new build in one step; the
 * manifest then records it, under the stamp's build id.
 */
async function commitBuild(
	update: DistUpdate,
	last: LastBuild,
	plan: Plan,
	{ merged, copied }: Published,
	siteWide: Record<string, string>,
	dist: string
): Promise<void> {
	const { previous } = last;
	const committed = update.commit(
		plan.full ? undefined : last.stamp,
		plan.damaged || copied.damaged
	);
	const manifest: BuildManifest = {
		...emptyManifest(),
		build: committed.stamp.build,
		code: last.code,
		siteWide,
	};
	const renderedNow = new Set(plan.render.map((p) => p.url));
	for (const page of plan.pages) {
		if (renderedNow.has(page.url)) {
			const s = statSync(join(dist, page.file));
			manifest.pages[page.url] = { fp: page.fp, file: page.file, size: s.size, mtimeMs: s.mtimeMs };
		} else {
			manifest.pages[page.url] = previous!.pages[page.url]!;
		}
	}
	const astroFiles =
		plan.render.length > 0 ? merged.astroFiles : Object.keys(previous?.astroFiles ?? {});
	for (const file of astroFiles) {
		const s = statSync(join(dist, file));
		manifest.astroFiles[file] = { size: s.size, mtimeMs: s.mtimeMs };
	}
	manifest.publicFiles = copied.files;
	writeManifest(last.manifestFile, manifest);
	await committed.cleanup;
}

/**
 * What every page of a language shows besides its own data: settings, categories, the menu
 * (with the standing pages in it and in the footer), the interface strings, the copyright year
 * and whether 哀悼模式 is on today. A change re-renders every page of that language.
 */
function siteWideInputs(content: SiteContent, model: SiteModel): Record<string, string> {
	return Object.fromEntries(
		localeKeys.map((lang) => [
			lang,
			createHash('sha1')
				.update(
					JSON.stringify([
						content.settings,
						content.categories,
						model.nav[lang],
						model.pageNav[lang],
						ui,
						now().getUTCFullYear(),
						mourningScope(content.settings),
					])
				)
				.digest('base64url'),
		])
	);
}

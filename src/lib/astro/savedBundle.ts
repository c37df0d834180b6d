/**
 * The pages' bundle of the last Astro run, kept so that an incremental build can render without
 * starting Astro (lib/build/renderProcess.ts).
 *
 * Why: an edit renders a handful of pages, but an Astro process first loads Astro and Vite,
 * resolves its config and bundles the pages (~2.5 s on this kind of machine), every time, though
 * the bundle is the same as long as the code is. So the Astro process saves what it wrote before
 * its first page (the prerender bundle and the client assets) and the two things rendering reads
 * from Astro's build internals that are not in the bundle (each route's stylesheets, the page
 * scripts): see `saveBundle`. The next build with the same code renders its plan from that, and
 * so does the second Astro process of a full build, once the first has saved it (runAstro.ts).
 *
 * The saved bundle is code built from the project's code: it is keyed on everything that shapes
 * it (the code and dependencies, the site settings Astro's config reads, SITE_URL, the stage's
 * folders) and each file's SHA-1 is checked before it is used; on any doubt Astro runs as
 * before. Like every cache, the checksums catch damage, not intent (see checkedJson.ts).
 */
import { hash } from 'node:crypto';
import { readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { AstroIntegration } from 'astro';
import { readCheckedJson, writeCheckedJson } from '../checkedJson.ts';
import { copyTree, listFiles } from '../fileTree.ts';
import type { AstroStage } from './buildPlan.ts';

/** What rendering needs besides the bundle's files; `bundle.json` in the saved folder. */
export interface SavedBundle {
	key: string;
	/** Files Astro had written before its first page (relative to its outDir), with their SHA-1. */
	files: Record<string, string>;
	/** The prerender bundle's entry, relative to the outDir. */
	entry: string;
	/** Astro's build options that rendering reads (see renderProcess.ts). */
	origin: string;
	config: {
		base: string;
		format: 'directory';
		trailingSlash: 'always' | 'never' | 'ignore';
	};
	/** settings.scripts: scripts integrations inject (none today; kept for fidelity). */
	scripts: { stage: string; content: string }[];
	/** Build internals: each route's stylesheets by page key, and the bundle names of entries. */
	styles: [string, unknown[]][];
	entries: [string, string][];
}

const RECORD = 'bundle.json';

/** The key of a saved bundle: everything that shapes what Astro bundles for a stage. */
export function bundleKey(root: string, code: string, stage: Omit<AstroStage, 'bundle'>): string {
	let settings = '';
	try {
		settings = readFileSync(join(root, 'content/settings.yml'), 'utf8');
	} catch {}
	return hash(
		'sha1',
		JSON.stringify([code, settings, process.env.SITE_URL ?? '', stage]),
		'base64url'
	);
}

/** The saved bundle in `dir` if it has this key and every file is as saved; else undefined. */
export function readSavedBundle(dir: string, key: string): SavedBundle | undefined {
	const record = readCheckedJson(join(dir, RECORD)) as SavedBundle | undefined;
	if (!record || record.key !== key || typeof record.files !== 'object') return undefined;
	const files = join(dir, 'files');
	try {
		const present = listFiles(files);
		if (present.length !== Object.keys(record.files).length) return undefined;
		for (const file of present)
			if (record.files[file] !== hash('sha1', readFileSync(join(files, file)), 'hex'))
				return undefined;
	} catch {
		return undefined;
	}
	return record;
}

type Prerenderer = {
	name: string;
	app?: unknown;
	setup?: () => Promise<void>;
	teardown?: () => Promise<void>;
	[k: string]: unknown;
};
type BuildApp = {
	setInternals(internals: unknown): void;
	setOptions(options: unknown): void;
};
type Internals = {
	pagesByKeys: Map<string, { styles: unknown[] }>;
	entrySpecifierToBundleMap: Map<string, string>;
};
type Options = {
	origin: string;
	settings: {
		scripts: { stage: string; content: string }[];
		config: {
			base: string;
			build: { format: string };
			trailingSlash: SavedBundle['config']['trailingSlash'];
		};
	};
};

/**
 * The integration the Astro processes of a build run with (astroProcess.ts): its prerenderer is
 * Astro's own, which, once set up (bundle written, assets in place, nothing rendered yet), saves
 * the stage's outDir and what it handed the bundle's app into `stage.bundle.dir`.
 */
export function saveBundle(stage: AstroStage): AstroIntegration {
	return {
		name: 'huibao-saved-bundle',
		hooks: {
			'astro:build:start': ({ setPrerenderer }) => {
				if (!stage.bundle) return;
				const { dir, key } = stage.bundle;
				setPrerenderer(((astros: Prerenderer) => {
					const wrapper: Prerenderer = {
						...astros,
						async setup() {
							const prerender = join(stage.outDir, '.prerender');
							const entry = readdirSync(prerender).find((f) => /^prerender-entry.*\.mjs$/.test(f));
							let internals: Internals | undefined;
							let options: Options | undefined;
							if (entry) {
								// The module Astro's setup imports next: the same instance.
								const { app } = (await import(pathToFileURL(join(prerender, entry)).href)) as {
									app: BuildApp;
								};
								const { setInternals, setOptions } = app;
								app.setInternals = (i) => setInternals.call(app, (internals = i as Internals));
								app.setOptions = (o) => setOptions.call(app, (options = o as Options));
							}
							await astros.setup?.();
							wrapper.app = astros.app;
							// Saving is an optimisation: whatever goes wrong, the build goes on.
							// renderProcess.ts writes pages the way the `directory` format does.
							const format = options?.settings.config.build.format;
							const temp = `${dir}.${process.pid}.tmp`;
							let saved = false;
							if (entry && internals && options && format === 'directory') {
								try {
									save(temp, dir, key, stage.outDir, `.prerender/${entry}`, internals, options);
									saved = true;
								} catch {
									rmSync(dir, { recursive: true, force: true });
								} finally {
									rmSync(temp, { recursive: true, force: true });
								}
							}
							// A process waiting for this bundle (runAstro.ts) starts Astro instead.
							if (!saved) writeFileSync(`${dir}.unsaved`, key);
						},
					};
					// Astro's prerenderer methods read `this.app`; keep them pointed at the original.
					for (const [name, value] of Object.entries(astros))
						if (typeof value === 'function' && name !== 'setup')
							wrapper[name] = (value as (...a: unknown[]) => unknown).bind(astros);
					return wrapper;
				}) as never);
			},
		},
	};
}

/** Writes the saved bundle into `temp`, then puts it in place of `dir`. */
function save(
	temp: string,
	dir: string,
	key: string,
	outDir: string,
	entry: string,
	internals: Internals,
	options: Options
): void {
	rmSync(temp, { recursive: true, force: true });
	copyTree(outDir, join(temp, 'files'));
	const files: Record<string, string> = {};
	for (const file of listFiles(join(temp, 'files')))
		files[file] = hash('sha1', readFileSync(join(temp, 'files', file)), 'hex');
	const { config } = options.settings;
	const record: SavedBundle = {
		key,
		files,
		entry,
		origin: options.origin,
		config: { base: config.base, format: 'directory', trailingSlash: config.trailingSlash },
		scripts: options.settings.scripts.map((s) => ({ stage: s.stage, content: s.content })),
		styles: [...internals.pagesByKeys].map(([k, page]) => [k, page.styles]),
		entries: [...internals.entrySpecifierToBundleMap],
	};
	writeCheckedJson(join(temp, RECORD), record);
	rmSync(dir, { recursive: true, force: true });
	renameSync(temp, dir);
}

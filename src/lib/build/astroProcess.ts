/**
 * What each Astro process of a build runs (runAstro.ts): `astro build`, through Astro's
 * JavaScript API so that the content sync can be left out when nothing needs it.
 *
 * Why: before building, `astro build` always syncs the content collections: it starts a Vite
 * server for src/content.config.ts, runs the loaders and writes the data store and the types,
 * ~1 s of CPU per process at 10,000 reports. Under a build plan the pages get their content
 * from the plan (lib/astro/buildPlan.ts), and the collections are read only to render `.mdx`
 * reports; so the build script asks for the sync only when the site has one (stage.contentSync).
 * `sync` is an option of Astro's builder that its `build()` passes on (core/build/index.js,
 * "Set to false for in-memory builds that don't need type generation"); should a later Astro
 * drop it, the process syncs as before: slower, never wrong.
 */
import { renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'astro';
import { readStage } from '../astro/buildPlan.ts';
import { saveBundle } from '../astro/savedBundle.ts';

const stage = readStage();
if (stage && !stage.contentSync) forgetCollections(stage.cacheDir);
try {
	// Saves the bundle for the next build's render process (savedBundle.ts).
	const integrations = stage?.bundle ? [saveBundle(stage)] : [];
	await build({ root: process.cwd(), integrations }, {
		sync: stage?.contentSync ?? true,
	} as Parameters<typeof build>[1]);
} catch (error) {
	// What `astro build` prints for a failure: the message, Astro's hint and where, the stack.
	const e = error as Error & { hint?: string; loc?: { file?: string; line?: number } };
	const lines = [e?.stack ?? String(error)];
	if (e?.hint) lines.push(`Hint: ${e.hint}`);
	if (e?.loc?.file) lines.push(`Location: ${e.loc.file}:${e.loc.line ?? ''}`);
	console.error(lines.join('\n'));
	process.exit(1);
}

/**
 * Without a sync, Astro still bundles what the last one left: this process's data store (in its
 * cache folder) and the list of modules to render (.astro/content-modules.mjs, shared with
 * `astro dev` and `astro check`), which names only `.mdx` files. With none in the site, both are
 * stale if they hold anything: a removed .mdx report would be imported and fail the build.
 * They are made what a sync of this site writes: no store, an empty list.
 */
function forgetCollections(cacheDir: string) {
	rmSync(join(cacheDir, 'data-store.json'), { force: true });
	rmSync(join(cacheDir, 'data-store'), { recursive: true, force: true });
	const modules = join(process.cwd(), '.astro/content-modules.mjs');
	const temp = `${modules}.${process.pid}.tmp`;
	try {
		writeFileSync(temp, 'export default new Map();');
		renameSync(temp, modules);
	} catch {
		// No .astro/ yet: nothing stale to bundle.
		rmSync(temp, { force: true });
	}
}

/**
 * What a build runs instead of an Astro process when an Astro run of the same code saved its
 * bundle (lib/astro/savedBundle.ts): an edit, or the second process of a full build, renders its
 * plan with that bundle, through Astro's own modules, without Astro's start (loading its build,
 * config and Vite, bundling the pages: ~2.5 s of CPU).
 *
 * It does what Astro's static build does after bundling (core/build/generate.js): the files Astro
 * had written before its first page are put back into the stage's outDir, the bundle's app is
 * handed the build options and internals it reads, every static path is rendered through the
 * app the way generate.js's renderPath does and written where Astro writes it, one log line per
 * file like Astro's, and the bundle is removed from the output. Integrations' build hooks do not
 * run here (this site's run only under `astro dev`). The incremental-build tests compare the
 * result with a cold build byte for byte.
 *
 * Astro's build internals are not a public API: this module names the few it uses, and an Astro
 * upgrade changes the code hash, so the first build after it runs Astro (and saves a new bundle);
 * should the internals have changed, the tests fail here, not on a user's site.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { readStage } from '../astro/buildPlan.ts';
import { readSavedBundle, type SavedBundle } from '../astro/savedBundle.ts';
import { copyTree } from '../fileTree.ts';

const astro = new URL('.', import.meta.resolve('astro'));
const internal = <T>(path: string) => import(new URL(path, astro).href) as Promise<T>;

type Route = { type: string; component: string; route: string };
type App = {
	logger: { error(label: string, message: string): void };
	setInternals(internals: unknown): void;
	setOptions(options: unknown): void;
	render(request: Request, options: { routeData: Route }): Promise<Response>;
};

const stage = readStage();
if (!stage?.bundle) throw new Error('renderProcess: no stage with a saved bundle');
// Checked again here, where it is run (the build checked it before starting this process).
const bundle = readSavedBundle(stage.bundle.dir, stage.bundle.key);
if (!bundle) throw new Error(`${stage.bundle.dir}: the saved bundle changed; build again`);
const outDir = stage.outDir;

try {
	rmSync(outDir, { recursive: true, force: true });
	copyTree(join(stage.bundle.dir, 'files'), outDir);
	// Three light modules of Astro's (its whole build module would load Vite: ~0.3 s more).
	const [{ StaticPaths }, { createRequest }, { getOutFolder, getOutFile }] = await Promise.all([
		internal<{
			StaticPaths: new (app: App) => { getAll(): Promise<{ pathname: string; route: Route }[]> };
		}>('runtime/prerender/static-paths.js'),
		internal<{ createRequest: (o: object) => Request }>('core/request.js'),
		internal<{
			getOutFolder: (settings: object, pathname: string, route: Route) => URL;
			getOutFile: (format: string, folder: URL, pathname: string, route: Route) => URL;
		}>('core/build/common.js'),
	]);
	const { app } = (await import(pathToFileURL(join(outDir, bundle.entry)).href)) as { app: App };
	const { config } = bundle;
	const logger = app.logger;
	// The subset of Astro's build options and internals that its app reads while rendering.
	const settings = {
		buildOutput: 'static',
		scripts: bundle.scripts,
		config: { outDir: pathToFileURL(`${outDir}/`), build: { format: config.format } },
	};
	app.setInternals({
		pagesByKeys: new Map(bundle.styles.map(([key, styles]) => [key, { styles }])),
		entrySpecifierToBundleMap: new Map(bundle.entries),
	});
	app.setOptions({ settings, logger });

	// Astro's order, and its rule for two routes with one path: the first one wins.
	const seen = new Set<string>();
	for (const { pathname, route } of await new StaticPaths(app).getAll()) {
		const normal = pathname.replace(/\/$/, '');
		if (seen.has(normal)) continue;
		seen.add(normal);
		const started = performance.now();
		// What generate.js's renderPath does for the routes and options of this site.
		if (route.type !== 'page' && route.type !== 'endpoint')
			throw new Error(`${route.component}: a ${route.type} route; only Astro renders those`);
		const request = createRequest({
			url: urlFor(pathname, route, bundle),
			headers: new Headers(),
			logger,
			isPrerendered: true,
			routePattern: route.component,
		});
		let response: Response;
		try {
			response = await app.render(request, { routeData: route });
		} catch (error) {
			logger.error('build', `Caught error rendering ${pathname}: ${error}`);
			throw error;
		}
		if (response.status >= 300 && response.status < 400)
			throw new Error(`${pathname}: a redirect; only Astro renders those`);
		if (!response.body) continue;
		const body = Buffer.from(await response.arrayBuffer());
		const path = encodeURI(pathname);
		const outFile = getOutFile(config.format, getOutFolder(settings, path, route), path, route);
		mkdirSync(new URL('.', outFile), { recursive: true });
		writeFileSync(outFile, body);
		const file = outFile.href.slice(settings.config.outDir.href.length - 1);
		console.log(`  ├─ ${file} (+${Math.round(performance.now() - started)}ms)`);
	}
	rmSync(join(outDir, '.prerender'), { recursive: true, force: true });
} catch (error) {
	console.error((error as Error)?.stack ?? String(error));
	process.exit(1);
}

/** The request URL of a path: generate.js's getUrlForPath for the `directory` format. */
function urlFor(pathname: string, route: Route, { config, origin }: SavedBundle): URL {
	const base = config.base.endsWith('/') ? config.base : `${config.base}/`;
	const path = pathname.replace(/^\/+/, '');
	const ending = route.type === 'endpoint' || config.trailingSlash === 'never' ? '' : '/';
	const page = path.replace(/\/+$/, '');
	const endpoint = config.trailingSlash === 'always' && !/\.[^/]+$/.test(path) ? `${page}/` : path;
	return new URL(`${base}${route.type === 'endpoint' ? endpoint : page && page + ending}`, origin);
}

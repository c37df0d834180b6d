/**
 * Astro's content collections, derived from the one schema in src/content/schema.ts.
 *
 * One loader feeds all four collections from `loadContent()`, the same function that
 * `npm run check` and `npm run build` use, so Astro sees exactly the content that was
 * validated. It keeps only front matter in Astro's data store (bodies are rendered once per
 * content hash into the build cache), which keeps the store small at 10,000 reports.
 * `.mdx` reports (developer-written) are left to Astro's own deferred MDX rendering.
 *
 * Under `npm run build`, the build script has loaded and validated everything already and
 * passes each Astro process its pages (see lib/astro/buildPlan.ts); the reports collection then
 * holds only what Astro itself must render: the `.mdx` reports.
 */
import { defineCollection } from 'astro:content';
import type { Loader, LoaderContext } from 'astro/loaders';
import { categorySchema, pageSchema, reportSchema, settingsSchema } from './content/schema.ts';
import { loadContent, type LoadResult } from './lib/content/loadContent.ts';
import { formatProblem, sortProblems } from './lib/content/problem.ts';
import { isDevServer } from './lib/astro/mode.ts';
import { readStage } from './lib/astro/buildPlan.ts';

const root = process.cwd();
let current: Promise<LoadResult> | undefined;
let reported: LoadResult | undefined;

/** One load shared by the collections; the dev watcher resets it when content changes. */
function load(context: LoaderContext): Promise<LoadResult> {
	if (readStage()) {
		// Validated by the build script a moment ago; only the .mdx reports are needed here.
		current ??= loadContent({
			root,
			includeDrafts: false,
			workers: 0,
			readOnlyCache: true,
			only: (file) => file.endsWith('.mdx'),
		});
		return current;
	}
	current ??= loadContent({ root, includeDrafts: isDevServer(), workers: 0 }).then((result) => {
		if (result.problems.length && reported !== result) {
			reported = result;
			const lines = sortProblems(result.problems).map(formatProblem);
			if (!isDevServer()) throw new Error(`Content problems:\n${lines.join('\n')}`);
			context.logger.warn(
				`${lines.length} content problem(s); those reports are left out:\n${lines.join('\n')}`
			);
		}
		return result;
	});
	return current;
}

function watch(context: LoaderContext, reload: () => Promise<void>) {
	context.watcher?.on('all', (_event, path) => {
		if (!path.startsWith(`${root}/content/`)) return;
		current = undefined;
		void reload();
	});
}

function contentLoader(
	name: string,
	fill: (result: LoadResult, context: LoaderContext) => Promise<void>
): Loader {
	return {
		name: `huibao-${name}`,
		async load(context) {
			const sync = async () => {
				const result = await load(context);
				context.store.clear();
				await fill(result, context);
			};
			await sync();
			watch(context, sync);
		},
	};
}

const reports = defineCollection({
	loader: contentLoader('reports', async ({ content }, { store, parseData }) => {
		for (const r of content?.reports ?? []) {
			store.set({
				id: r.id,
				data: await parseData({ id: r.id, data: r.data }),
				digest: r.digest,
				filePath: r.file,
				// Astro compiles .mdx itself, at render time.
				...(r.kind === 'mdx' ? { deferredRender: true } : {}),
			});
		}
	}),
	schema: reportSchema,
});

// Standing pages (协会简介, 章程…) with their rendered, sanitised body: a handful of short pages.
const pages = defineCollection({
	loader: contentLoader('pages', async ({ content }, { store, parseData }) => {
		for (const p of content?.pages ?? []) {
			store.set({
				id: p.id,
				data: await parseData({ id: p.id, data: p.data }),
				filePath: p.file,
				rendered: { html: p.html },
			});
		}
	}),
	schema: pageSchema,
});

const categories = defineCollection({
	loader: contentLoader('categories', async ({ content }, { store, parseData }) => {
		for (const c of content?.categories ?? [])
			store.set({ id: c.slug, data: await parseData({ id: c.slug, data: c }) });
	}),
	schema: categorySchema,
});

const settings = defineCollection({
	loader: contentLoader('settings', async ({ content }, { store, parseData }) => {
		if (content)
			store.set({ id: 'site', data: await parseData({ id: 'site', data: content.settings }) });
	}),
	schema: settingsSchema,
});

export const collections = { reports, pages, categories, settings };

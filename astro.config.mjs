// @ts-check
/**
 * Astro configuration. Site facts (address, languages) come from content/settings.yml and
 * src/i18n/locales.ts, so this file stays the same for every association.
 *
 * `npm run build` (scripts/build.ts) runs Astro with a build plan: Astro then renders only the
 * pages the plan lists into a staging folder and the build script merges them into dist/.
 * A plain `astro build` renders the whole site from the content collections.
 */
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'astro/config';
import mdx from '@astrojs/mdx';
import { cmsAdmin } from './src/cms/integration.ts';
import { defaultLocale, localeKeys } from './src/i18n/locales.ts';
import { loadSettings } from './src/lib/content/loadData.ts';

// Read through the site's data loader, as `npm run check` reads it (problems are check's to report).
const { settings } = await loadSettings(fileURLToPath(new URL('.', import.meta.url)));
// Set by `npm run build` for each Astro process it runs (src/lib/astro/buildPlan.ts).
const stage = process.env.HUIBAO_ASTRO_STAGE
	? JSON.parse(process.env.HUIBAO_ASTRO_STAGE)
	: undefined;

export default defineConfig({
	// SITE_URL lets a preview deployment use its own address.
	site: process.env.SITE_URL ?? settings?.url ?? 'https://example.org',
	// Every page is a folder with index.html, so URLs end in "/" on any static host or CDN.
	build: { format: 'directory' },
	trailingSlash: 'ignore',
	// Under the build plan public/ is synced into dist/ by the build script, file by file, instead
	// of Astro copying every upload on every build.
	publicDir: stage ? stage.emptyPublicDir : './public',
	outDir: stage ? stage.outDir : './dist',
	// Each Astro process of a build keeps its own Vite cache, so two can run side by side.
	cacheDir: stage ? stage.cacheDir : './node_modules/.astro',
	// The languages of src/i18n/locales.ts: the default without a prefix, the others under theirs
	// (/en/). The pages under src/pages/[...lang]/ make these URLs from the same table.
	i18n: {
		locales: [...localeKeys],
		defaultLocale,
		routing: { prefixDefaultLocale: false },
	},
	devToolbar: { enabled: false },
	server: { host: '127.0.0.1' },
	integrations: [
		// Records whether this is `astro dev` (drafts shown) before content collections load.
		{
			name: 'huibao-mode',
			hooks: {
				'astro:config:setup': ({ command }) => void (process.env.HUIBAO_ASTRO_COMMAND = command),
			},
		},
		mdx(),
		cmsAdmin(),
	],
});

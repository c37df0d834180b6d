/**
 * Whether Astro runs as the dev server. Drafts are shown there and nowhere else.
 *
 * `import.meta.env.DEV` cannot tell: Astro syncs content collections in a dev-mode Vite
 * environment even during `astro build`. The `huibao-mode` integration in astro.config.mjs
 * records Astro's actual command before content syncs.
 */
export function isDevServer(): boolean {
	return process.env.HUIBAO_ASTRO_COMMAND === 'dev';
}

import { defineConfig } from 'vitest/config';
import { getViteConfig } from 'astro/config';

/** Tests of .astro components: these need Astro's compiler, the rest do not pay for it. */
const components = ['tests/unit/components.test.ts'];

export default defineConfig({
	test: {
		// Build and browser tests start real processes; give them room on a 2-core machine.
		testTimeout: 120_000,
		hookTimeout: 300_000,
		// Files that build sites or drive Chromium must not compete for the two cores.
		fileParallelism: false,
		projects: [
			{
				extends: true,
				test: { name: 'node', include: ['tests/**/*.test.ts'], exclude: components },
			},
			getViteConfig({ test: { name: 'components', include: components } }),
		],
	},
});

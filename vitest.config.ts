import { defineConfig } from 'vitest/config';

export default defineConfig({
	test: {
		include: ['tests/**/*.test.ts'],
		// Build and browser tests start real processes; give them room on a 2-core machine.
		testTimeout: 120_000,
		hookTimeout: 300_000,
		// Files that build sites or drive Chromium must not compete for the two cores.
		fileParallelism: false,
	},
});

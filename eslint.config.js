// Lint: TypeScript's and Astro's recommended rules. Formatting is Prettier's job, not the linter's.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import astro from 'eslint-plugin-astro';
import globals from 'globals';

export default tseslint.config(
	{ ignores: ['dist/', '.dist.build/', '.astro/', '.artifacts/', 'node_modules/', 'content/'] },
	js.configs.recommended,
	...tseslint.configs.recommended,
	...astro.configs.recommended,
	{
		languageOptions: { globals: { ...globals.node } },
		rules: {
			// `_name` marks an argument or value kept on purpose (a callback's position, a rest split).
			'@typescript-eslint/no-unused-vars': [
				'error',
				{ argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' },
			],
		},
	},
	{
		// The admin page's scripts run in the editor's browser, next to Decap's global CMS object.
		files: ['admin/**/*.js', 'public/**/*.js'],
		languageOptions: { globals: { ...globals.browser, CMS: 'readonly' } },
	}
);

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
			// `catch {}` is how we say "a missing file (or a failed clean-up) is fine here".
			'no-empty': ['error', { allowEmptyCatch: true }],
			// A JS module of the admin page has no types: a described @ts-ignore says why it is there.
			'@typescript-eslint/ban-ts-comment': ['error', { 'ts-ignore': 'allow-with-description' }],
			// Sanitisers and XML writers match control characters on purpose.
			'no-control-regex': 'off',
			// Chinese text uses the ideographic space (U+3000) in strings and patterns on purpose.
			'no-irregular-whitespace': [
				'error',
				{ skipStrings: true, skipRegExps: true, skipTemplates: true, skipComments: true },
			],
			// `_name` marks an argument or value kept on purpose (a callback's position, a rest split).
			'@typescript-eslint/no-unused-vars': [
				'error',
				{ argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' },
			],
		},
	},
	{
		// Tests read JSON answers of servers they started; typing each one adds nothing.
		files: ['tests/**/*.ts'],
		rules: { '@typescript-eslint/no-explicit-any': 'off' },
	},
	{
		// The admin page's scripts run in the editor's browser, next to Decap's global CMS object.
		files: ['admin/**/*.js', 'public/**/*.js'],
		languageOptions: { globals: { ...globals.browser, CMS: 'readonly' } },
	}
);

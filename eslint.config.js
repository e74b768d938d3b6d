// ESLint for TypeScript and Svelte 5 (flat config), with Prettier owning layout (eslint-config-prettier).
import js from '@eslint/js';
import ts from 'typescript-eslint';
import svelte from 'eslint-plugin-svelte';
import prettier from 'eslint-config-prettier';
import globals from 'globals';
import svelteConfig from './svelte.config.js';

export default ts.config(
	{ ignores: ['build/', '.svelte-kit/', 'node_modules/', 'coverage/', 'data/', 'backups/', 'bench/results/', 'static/'] },
	js.configs.recommended,
	...ts.configs.recommended,
	...svelte.configs.recommended,
	prettier,
	...svelte.configs.prettier,
	{
		languageOptions: { globals: { ...globals.browser, ...globals.node } }
	},
	{
		files: ['**/*.svelte', '**/*.svelte.ts', '**/*.svelte.js'],
		languageOptions: {
			parserOptions: { extraFileExtensions: ['.svelte'], parser: ts.parser, svelteConfig }
		}
	},
	{
		files: ['**/*.cjs'],
		languageOptions: { sourceType: 'commonjs' },
		rules: { '@typescript-eslint/no-require-imports': 'off' }
	},
	{
		rules: {
			// Convene is served at the site root (no `paths.base`), and its links are the public paths of
			// design.md's HTTP contract, which outside tests use: resolve() would add nothing.
			'svelte/no-navigation-without-resolve': 'off',
			// Board state is replaced, never mutated in place (a new Set per selection), and the Maps and Sets
			// built inside getters are results, not state: SvelteMap/SvelteSet would add nothing but cost.
			'svelte/prefer-svelte-reactivity': 'off',
			// `\n` in an attribute needs a string expression.
			'svelte/no-useless-mustaches': ['error', { ignoreStringEscape: true }],
			'@typescript-eslint/no-unused-expressions': ['error', { allowTernary: true, allowShortCircuit: true }],
			'@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }]
		}
	}
);

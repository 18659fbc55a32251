// ESLint for what the package does not ship: tests, scripts, and the build and test configs.
// What it ships (nodes/, credentials/) and package.json are linted by eslint.config.mjs instead:
// @n8n/node-cli's config, unchanged, as n8n's own tools and scanner lint community packages.
import eslint from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
	{ ignores: ['dist/**', 'node_modules/**', 'coverage/**', '.cache/**', 'nodes/**', 'credentials/**'] },
	{
		files: ['**/*.ts'],
		extends: [eslint.configs.recommended, tseslint.configs.recommended],
		rules: { 'prefer-spread': 'off' },
	},
	{
		files: ['**/*.js', '**/*.mjs'],
		extends: [eslint.configs.recommended],
		languageOptions: { globals: { require: 'readonly', module: 'writable', process: 'readonly', __dirname: 'readonly', console: 'readonly' } },
	},
);

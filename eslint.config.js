// ESLint: type-aware TypeScript rules everywhere, Lit's template rules on the elements, and nothing that
// Prettier already decides (eslint-config-prettier turns those off).
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import lit from 'eslint-plugin-lit';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/', 'dev-dist/', 'node_modules/', 'public/', 'test-results/', 'playwright-report/', '.cache/'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
      globals: { ...globals.browser, ...globals.worker, ...globals.node },
    },
    rules: {
      // `const { sha256: _sha256, ...rest } = entry` is how the code leaves a field out; `_` marks it on purpose.
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', ignoreRestSiblings: true },
      ],
    },
  },
  {
    files: ['src/components/**/*.ts'],
    rules: {
      // Lit calls a template's event listeners with `this` bound to the element (`@click=${this.onClick}`), which is
      // what the rule cannot see; everywhere else an unbound method is still an error.
      '@typescript-eslint/unbound-method': 'off',
    },
  },
  { files: ['src/components/**/*.ts'], ...lit.configs['flat/recommended'] },
  { files: ['**/*.js'], ...tseslint.configs.disableTypeChecked },
  prettier,
);

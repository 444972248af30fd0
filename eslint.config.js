// ESLint with typescript-eslint; the core-purity rule lives in test/architecture.test.ts and here.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/', 'data/', 'test-output/', 'coverage/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: 'readonly', console: 'readonly', Buffer: 'readonly', URL: 'readonly' } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
      // date-fns' index loads ~250 modules (0.4 s at start-up); import each function from its subpath.
      'no-restricted-imports': ['error', { paths: [{ name: 'date-fns', message: "import from 'date-fns/<function>' instead" }] }],
    },
  },
  {
    files: ['src/core/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: [{ name: 'date-fns', message: "import from 'date-fns/<function>' instead" }, ...['express', 'lowdb', 'lowdb/node', 'handlebars', 'fs', 'node:fs', 'fs/promises', 'node:fs/promises'].map((name) => ({ name, message: 'the core stays pure: no web, storage or file system' }))] }],
    },
  },
  {
    files: ['test/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off', '@typescript-eslint/no-non-null-assertion': 'off' },
  },
  {
    files: ['public/**/*.js'],
    languageOptions: { sourceType: 'script', globals: { window: 'readonly', document: 'readonly' } },
  },
);

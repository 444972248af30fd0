// ESLint with typescript-eslint. The layer boundaries come from eslint/boundaries.js,
// the same list test/architecture.test.ts checks.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import { BOUNDARIES } from './eslint/boundaries.js';

// date-fns' index loads ~250 modules (0.4 s at start-up); import each function from its subpath.
const DATE_FNS = { name: 'date-fns', message: "import from 'date-fns/<function>' instead" };

// esquery regexes cannot hold a slash: \x2F stands for one.
const escape = (s) => s.replace(/[.*+?^${}()|[\]\\-]/g, '\\$&').replaceAll('/', '\\x2F');
const lastSegment = (path) => path.split('/').at(-1);

/** The ESLint rules for one layer: static imports by name and pattern, `import()` by selector. */
function boundaryRules({ why, packages, paths, except = [], dynamicImports = true }) {
  const isFolder = (p) => !p.endsWith('.ts');
  const group = [
    ...paths.map((p) => (isFolder(p) ? `**/${lastSegment(p)}/**` : `**/${lastSegment(p)}`)),
    ...except.map((p) => `!**/${p.split('/').slice(-2).join('/')}`),
  ];
  const pathPattern = (p) => {
    const exempt = except.filter((e) => e.startsWith(`${p}/`)).map((e) => escape(e.slice(p.length + 1)));
    const inside = exempt.length ? `\\x2F(?!(${exempt.join('|')})$)` : '\\x2F';
    return isFolder(p) ? `(^|\\x2F)${escape(lastSegment(p))}(${inside}|$)` : `(^|\\x2F)${escape(lastSegment(p))}$`;
  };
  const dynamic = dynamicImports
    ? { selector: `ImportExpression[source.value=/^(${packages.map(escape).join('|')})$|${paths.map(pathPattern).join('|')}/]`, message: why }
    : { selector: 'ImportExpression', message: `${why} (no dynamic import())` };
  return {
    'no-restricted-imports': ['error', { paths: [DATE_FNS, ...packages.map((name) => ({ name, message: why }))], patterns: [{ group, message: why }] }],
    'no-restricted-syntax': ['error', dynamic],
  };
}

export default tseslint.config(
  { ignores: ['node_modules/', 'data/', 'test-output/', 'coverage/', 'dist/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: 'readonly', console: 'readonly', Buffer: 'readonly', URL: 'readonly' } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
      'no-restricted-imports': ['error', { paths: [DATE_FNS] }],
    },
  },
  ...BOUNDARIES.map((boundary) => ({ files: [`${boundary.layer}/**/*.ts`], rules: boundaryRules(boundary) })),
  {
    files: ['test/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off', '@typescript-eslint/no-non-null-assertion': 'off' },
  },
  {
    files: ['public/**/*.js'],
    languageOptions: { sourceType: 'script', globals: { window: 'readonly', document: 'readonly', navigator: 'readonly' } },
  },
);

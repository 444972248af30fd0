/**
 * The layers of src/ and what each may not import: the one list. eslint.config.js
 * turns it into import rules (static and dynamic `import()`), and
 * test/architecture.test.ts checks every file against it by resolving its imports.
 *
 * - packages: npm packages and Node modules the layer must not import.
 * - paths: files and folders under the repository root it must not import
 *   (a folder forbids everything in it), except the files in `except`.
 * - dynamicImports: false when the layer may not use `import()` at all.
 */
const FILE_SYSTEM = ['fs', 'node:fs', 'fs/promises', 'node:fs/promises'];
const PROCESSES = ['http', 'node:http', 'child_process', 'node:child_process'];
const WEB_PACKAGES = ['express', 'handlebars', 'cookie-parser', 'helmet', 'csrf-csrf', 'express-rate-limit', 'playwright-core'];

/** @type {import('./boundaries.d.ts').Boundary[]} */
export const BOUNDARIES = [
  {
    layer: 'src/core',
    why: 'the core stays pure: rules and services only, no web, storage, files, processes or runtime wiring',
    packages: [...WEB_PACKAGES, 'lowdb', 'lowdb/node', 'exceljs', 'csv-stringify', 'yaml', ...FILE_SYSTEM, ...PROCESSES],
    paths: ['src/web', 'src/storage', 'src/cli', 'src/platform', 'src/rubric-files', 'src/formats', 'src/compose.ts', 'src/server.ts'],
    dynamicImports: false,
  },
  {
    layer: 'src/storage',
    why: 'storage implements the core ports; it knows nothing of the web or the command line',
    packages: WEB_PACKAGES,
    paths: ['src/web', 'src/cli', 'src/compose.ts', 'src/server.ts'],
  },
  {
    layer: 'src/rubric-files',
    why: 'rubric files are read for the core; they know nothing of the web, storage or the command line',
    packages: WEB_PACKAGES,
    paths: ['src/web', 'src/storage', 'src/cli', 'src/compose.ts', 'src/server.ts'],
  },
  {
    layer: 'src/platform',
    why: 'platform wraps the runtime; it imports nothing of the app',
    packages: WEB_PACKAGES,
    paths: ['src/core', 'src/web', 'src/storage', 'src/cli', 'src/rubric-files', 'src/formats', 'src/compose.ts', 'src/server.ts'],
  },
  {
    layer: 'src/web',
    why: 'the web layer calls services (built in src/compose.ts); it never opens the store or runs commands',
    packages: ['lowdb', 'lowdb/node'],
    paths: ['src/storage', 'src/cli', 'src/server.ts'],
  },
  {
    layer: 'src/formats',
    why: 'file formats (CSV, workbooks) are shared by the web layer and the command line; they know neither, nor the store',
    packages: [...WEB_PACKAGES, 'lowdb', 'lowdb/node'],
    paths: ['src/web', 'src/cli', 'src/storage', 'src/compose.ts', 'src/server.ts'],
  },
  {
    layer: 'src/cli',
    why: 'the command line calls services and formats, not the web layer',
    packages: WEB_PACKAGES,
    paths: ['src/web', 'src/server.ts'],
  },
];

// `npm run build`: bundles the server (src/server.ts and everything it imports, npm
// packages included) into dist/server.js with esbuild. One file starts faster than
// hundreds of modules each resolved, read and compiled on their own: about a third
// less CPU to the first response (docs/performance.md). Modules loaded with import()
// (PostgreSQL, the XLSX writer, Chromium for PDFs) become chunks of their own, so a
// start on the embedded store never loads them. Type checking is `npm run typecheck`;
// the command line and the tests run the TypeScript sources through tsx.
import { build } from 'esbuild';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join, relative } from 'node:path';

const root = join(import.meta.dirname ?? new URL('.', import.meta.url).pathname, '..');
// `--outdir <folder inside the project>` builds elsewhere (the bundle's start-up test); dist/ by default.
const at = process.argv.indexOf('--outdir');
const outdir = at > 0 ? join(root, process.argv[at + 1]) : join(root, 'dist');

/** Every file under a folder, sorted. */
const filesIn = (dir) => readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? filesIn(join(dir, e.name)) : [join(dir, e.name)])).sort();
// What the bundle is built from: its sources, the exact packages and these settings (src/platform/build-id.ts).
const buildId = createHash('sha256');
for (const file of [...filesIn(join(root, 'src')), join(root, 'package-lock.json'), join(root, 'scripts', 'build.js')]) buildId.update(`${relative(root, file)}\n`).update(readFileSync(file));

await rm(outdir, { recursive: true, force: true });
await build({
  // The background writer's thread (src/storage/background-writer.ts) is an entry of its own, beside the server.
  entryPoints: { server: join(root, 'src', 'server.ts'), 'background-writer-worker': join(root, 'src', 'storage', 'background-writer-worker.ts') },
  outdir,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  // Packages written in CommonJS call require(); an ES module bundle has none of its own.
  banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
  // Packages too large, or too platform-specific, to bundle, and yaml (a CommonJS package whose named
  // exports a bundled import() does not see): loaded from node_modules by Node itself when first used.
  external: ['playwright-core', 'exceljs', 'pg', 'yaml'],
  define: { __SAO_BUILD_ID__: JSON.stringify(buildId.digest('hex')) },
  sourcemap: 'linked',
  logLevel: 'warning',
});

/**
 * The project's root folder (the one holding package.json), where views/,
 * public/, rubrics/ and the SQL migrations are. Found by walking up from this
 * module's own place, because that place differs: src/platform/ under tsx, and
 * the single dist/server.js that `npm run build` bundles everything into.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

function findRoot(from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    if (dirname(dir) === dir) throw new Error(`no package.json above ${from}: the app must run from its project folder`);
  }
}

export const PROJECT_ROOT = findRoot(dirname(fileURLToPath(import.meta.url)));

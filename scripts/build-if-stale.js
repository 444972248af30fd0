// `prestart`: compiles src/ to dist/ (npm run build) unless dist/ is newer than every
// source file and the build settings, so a restart does not wait for the compiler.
import { execFileSync } from 'node:child_process';
import { readdirSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const root = join(import.meta.dirname ?? new URL('.', import.meta.url).pathname, '..');
const mtime = (path) => {
  try {
    return statSync(path).mtimeMs;
  } catch {
    return -1;
  }
};
const newestIn = (dir) =>
  Math.max(...readdirSync(dir, { withFileTypes: true }).map((e) => (e.isDirectory() ? newestIn(join(dir, e.name)) : mtime(join(dir, e.name)))), 0);

// tsc leaves its own files untouched when nothing changed, so the time of the last build is kept here.
const stamp = join(root, 'dist', '.built-at');
const built = mtime(stamp);
const sources = Math.max(newestIn(join(root, 'src')), ...['tsconfig.json', 'tsconfig.build.json', 'package-lock.json'].map((f) => mtime(join(root, f))));
if (built < sources) {
  const started = new Date();
  execFileSync('npm', ['run', '--silent', 'build'], { cwd: root, stdio: 'inherit' });
  writeFileSync(stamp, `${started.toISOString()}\n`);
  // Dated from the build's start: a file saved while it ran is newer, so the next start builds again.
  utimesSync(stamp, started, started);
}

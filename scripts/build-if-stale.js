// `prestart`: bundles src/ into dist/ (npm run build) unless dist/ is newer than every
// source file and the build settings, so a restart does not wait for the build.
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

// The time of the last build is kept here (the build replaces dist/ and this file with it).
const stamp = join(root, 'dist', '.built-at');
const built = mtime(stamp);
const sources = Math.max(newestIn(join(root, 'src')), ...['tsconfig.json', 'scripts/build.js', 'package-lock.json'].map((f) => mtime(join(root, f))));
if (built < sources) {
  const started = new Date();
  execFileSync('npm', ['run', '--silent', 'build'], { cwd: root, stdio: 'inherit' });
  writeFileSync(stamp, `${started.toISOString()}\n`);
  // Dated from the build's start: a file saved while it ran is newer, so the next start builds again.
  utimesSync(stamp, started, started);
}

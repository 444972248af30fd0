import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from './helpers/app.ts';
import { BOUNDARIES } from '../eslint/boundaries.js';

const files = (dir: string): string[] =>
  readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : path.endsWith('.ts') ? [path] : [];
  });

/** Every import of a file, static (`from '…'`, `import '…'`) and dynamic (`import('…')`). */
function importsOf(text: string): Array<{ specifier: string; dynamic: boolean }> {
  const found: Array<{ specifier: string; dynamic: boolean }> = [];
  for (const m of text.matchAll(/(?:from|^import)\s+['"]([^'"]+)['"]/gm)) found.push({ specifier: m[1]!, dynamic: false });
  for (const m of text.matchAll(/\bimport\(\s*([^)]*)\)/g)) found.push({ specifier: m[1]!.trim().replace(/^['"`]|['"`]$/g, ''), dynamic: true });
  return found;
}

describe('the layers keep to their boundaries (eslint/boundaries.js, also enforced by ESLint)', () => {
  it.each(BOUNDARIES.map((b) => [b.layer, b] as const))('when a file in %s is read, then it imports nothing its layer forbids', (layer, boundary) => {
    const forbidden = (target: string) => !(boundary.except ?? []).includes(target) && boundary.paths.some((p) => target === p || target.startsWith(`${p}/`));
    const offences = files(join(ROOT, layer)).flatMap((file) => {
      const from = relative(ROOT, file);
      return importsOf(readFileSync(file, 'utf8')).flatMap(({ specifier, dynamic }) => {
        if (dynamic && boundary.dynamicImports === false) return [`${from}: import(${specifier}): no dynamic import in ${layer}`];
        if (boundary.packages.includes(specifier)) return [`${from}: imports ${specifier}`];
        const target = specifier.startsWith('.') ? relative(ROOT, join(dirname(file), specifier)) : null;
        return target && forbidden(target) ? [`${from}: imports ${target}`] : [];
      });
    });
    expect(offences).toEqual([]);
  });

  it('when a core file is read, then it reads no clock, environment or randomness (they come in as arguments)', () => {
    const offences = files(join(ROOT, 'src/core')).filter((file) => /new Date\(\s*\)|Date\.now\(|process\.env|Math\.random\(/.test(readFileSync(file, 'utf8')));
    expect(offences.map((f) => relative(ROOT, f))).toEqual([]);
  });

  it('when the boundaries are checked, then the check itself sees a forbidden import', () => {
    expect(importsOf("import x from '../../web/app.ts';\nconst y = await import('../storage/a.ts');")).toEqual([
      { specifier: '../../web/app.ts', dynamic: false },
      { specifier: '../storage/a.ts', dynamic: true },
    ]);
  });
});

import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from './helpers/app.ts';

const files = (dir: string): string[] =>
  readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : path.endsWith('.ts') ? [path] : [];
  });

describe('the core stays pure', () => {
  it('when a core file is read, then it imports no web, storage, template or file-system code and reads no clock or environment', () => {
    const offences = files(join(ROOT, 'src/core')).flatMap((file) => {
      const text = readFileSync(file, 'utf8');
      const found: string[] = [];
      for (const m of text.matchAll(/from ['"]([^'"]+)['"]/g)) {
        if (/^(express|lowdb|lowdb\/node|handlebars|cookie-parser|helmet|csrf-csrf|node:fs|fs|fs\/promises|node:fs\/promises|node:http|node:child_process)$/.test(m[1]!)) found.push(`imports ${m[1]}`);
        if (m[1]!.startsWith('.') && /\/(web|storage|rubric-files|platform)\//.test(m[1]!)) found.push(`imports ${m[1]}`);
      }
      if (/new Date\(\s*\)|Date\.now\(|process\.env|Math\.random\(/.test(text)) found.push('reads the clock, the environment or randomness');
      return found.map((f) => `${relative(ROOT, file)} ${f}`);
    });
    expect(offences).toEqual([]);
  });
});

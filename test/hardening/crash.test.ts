import { spawn } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openLowdbStore } from '../../src/storage/lowdb-store.ts';
import { ROOT } from '../helpers/app.ts';
import { scaled } from '../helpers/timing.ts';

const KILLS = 50;

/** Starts the child, waits for its first acknowledged write, kills it a random moment later. */
function runAndKill(dir: string, delayMs: number): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'test/hardening/crash-child.ts'), dir], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    let armed = false;
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (!armed && out.includes('\n')) {
        armed = true;
        setTimeout(() => child.kill('SIGKILL'), delayMs);
      }
    });
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('exit', (code, signal) => {
      if (signal !== 'SIGKILL') return reject(new Error(`child ended by itself (${code}): ${err}`));
      resolve(out.split('\n').filter((line) => /^[\w-]{22}$/.test(line)));
    });
  });
}

describe('crash safety of the lowdb store', () => {
  it(`when the writer is killed with SIGKILL ${KILLS} times at random moments, then every acknowledged submission survives and every file passes the schema`, async () => {
    const dir = await mkdtemp(join(tmpdir(), 'sao-crash-'));
    const acknowledged = new Set<string>();
    let seed = 12345;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    for (let i = 0; i < KILLS; i++) {
      for (const id of await runAndKill(dir, Math.floor(random() * 40))) acknowledged.add(id);
      // Opening reads every file and checks it against the schema; a torn file would throw here.
      const store = await openLowdbStore(dir);
      const stored = new Set((await store.list()).map((a) => a.id));
      const lost = [...acknowledged].filter((id) => !stored.has(id));
      expect(lost, `after kill ${i + 1}`).toEqual([]);
    }
    expect(acknowledged.size).toBeGreaterThan(KILLS);
    console.log(`crash test: ${KILLS} kills, ${acknowledged.size} acknowledged submissions, none lost`);
  }, scaled(KILLS * 15_000)); // a bound against a hang only: each kill starts a Node process, slow on a busy machine

});

/**
 * The README's backup path: `social-audit export --format json`, then
 * `social-audit import` into an empty folder, restores every kind of record.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { scaled } from '../helpers/timing.ts';
import { describe, expect, it } from 'vitest';
import { openLowdbStore } from '../../src/storage/lowdb-store.ts';
import { shippedRubrics } from '../helpers/app.ts';
import { storeEveryKindOfRecord } from '../fixtures/every-record.ts';
import { cli, tempDir } from './cli-helpers.ts';

describe('social-audit export --format json, then import', () => {
  it('when a data folder with every kind of record is exported, imported into an empty folder and exported again, then both exports hold the same records', async () => {
    const source = await tempDir('sao-data-');
    await storeEveryKindOfRecord(await openLowdbStore(source), await shippedRubrics());
    const dir = await tempDir();
    const first = join(dir, 'first.json');
    expect(await cli(['export', '--data', source, '--format', 'json', '--out', first])).toMatchObject({ code: 0 });

    const target = join(dir, 'restored');
    const imported = await cli(['import', first, '--data', target]);
    expect(imported).toMatchObject({ code: 0, stdout: `Imported 6 assessments and 3 new organisations; skipped 0 assessments already in ${target}.\n` });

    const second = join(dir, 'second.json');
    expect(await cli(['export', '--data', target, '--format', 'json', '--out', second])).toMatchObject({ code: 0 });
    const [a, b] = [JSON.parse(await readFile(first, 'utf8')), JSON.parse(await readFile(second, 'utf8'))];
    expect(a.rounds).toHaveLength(2);
    expect(a.shareLinks).toHaveLength(3);
    expect(a.rounds.flatMap((r: { shareLinks?: unknown[] }) => r.shareLinks ?? [])).toHaveLength(1);
    expect({ ...b, exportedAt: undefined }).toEqual({ ...a, exportedAt: undefined });
  }, scaled(120_000)); // three child processes, each fsyncing its writes, on a busy machine
});

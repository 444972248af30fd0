import { describe, expect, it } from 'vitest';
import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DurableJSONFile } from '../../src/storage/durable-json-file.ts';

const folder = () => mkdtemp(join(tmpdir(), 'sao-durable-'));
const json = async (file: string) => JSON.parse(await readFile(file, 'utf8')) as unknown;

describe('DurableJSONFile.write', () => {
  it('when a file is written for the first time, then it holds the data and no backup or staged file is left', async () => {
    const dir = await folder();
    await new DurableJSONFile(join(dir, 'a.json')).write({ v: 1 });
    expect(await json(join(dir, 'a.json'))).toEqual({ v: 1 });
    expect(await readdir(dir)).toEqual(['a.json']);
  });

  it('when a file is written again, then the backup holds the version before', async () => {
    const dir = await folder();
    const file = new DurableJSONFile(join(dir, 'a.json'));
    await file.write({ v: 1 });
    await file.write({ v: 2 });
    expect(await json(join(dir, 'a.json'))).toEqual({ v: 2 });
    expect(await json(join(dir, 'a.json.bak'))).toEqual({ v: 1 });
    expect((await readdir(dir)).sort()).toEqual(['a.json', 'a.json.bak']);
  });

  it('when a staged backup link of an earlier failed write is left, then the next write replaces it with the current version', async () => {
    const dir = await folder();
    const file = new DurableJSONFile(join(dir, 'a.json'));
    await file.write({ v: 1 });
    await writeFile(join(dir, `a.json.bak.${process.pid}.tmp`), '{"stale":true}');
    await file.write({ v: 2 });
    expect(await json(join(dir, 'a.json.bak'))).toEqual({ v: 1 });
    expect((await readdir(dir)).sort()).toEqual(['a.json', 'a.json.bak']);
  });
});

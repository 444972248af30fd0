/**
 * What the store does with a data folder it did not write itself: files that
 * hold no object, files that are folders or links to other files, and the
 * temporary files of writes a killed process left behind.
 */
import { mkdir, mkdtemp, readdir, readFile, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openLowdbStore } from '../../src/storage/lowdb-store.ts';
import { startServer } from '../helpers/start-server.ts';

const tempDir = () => mkdtemp(join(tmpdir(), 'sao-startup-'));
const AT = '2026-11-25T10:00:00.000Z';
const ORG = 'org-aaaaaaaaaaaaaaaaaa';
const orgDocument = { schemaVersion: 2, organisation: { id: ORG, name: 'Acme', createdAt: AT }, assessments: [], shareLinks: [] };

async function folderWith(files: Record<string, string>): Promise<string> {
  const dir = await tempDir();
  await mkdir(join(dir, 'orgs'));
  for (const [name, text] of Object.entries(files)) await writeFile(join(dir, name), text);
  return dir;
}

describe('a data file that holds no object', () => {
  it.each(['null', '[]', '42', '"text"'])('when an organisation file holds %s, then the store refuses to open, naming the file, and leaves it as it was', async (text) => {
    const dir = await folderWith({ 'meta.json': JSON.stringify({ schemaVersion: 2, settings: {} }), [`orgs/${ORG}.json`]: text });
    await expect(openLowdbStore(dir)).rejects.toThrow(new RegExp(`orgs/${ORG}\\.json: expected a JSON object`));
    expect(await readFile(join(dir, 'orgs', `${ORG}.json`), 'utf8')).toBe(text);
  });

  it('when meta.json holds null, then the server does not start, names the file, prints no new consultant key and leaves the file as it was', { tags: ['process'] }, async () => {
    const dir = await folderWith({ 'meta.json': 'null', [`orgs/${ORG}.json`]: JSON.stringify(orgDocument) });
    const run = await startServer(dir);
    run.kill();
    expect(run.ready).toBe(false);
    expect(run.code).toBe(1);
    expect(run.out).toMatch(/Cannot start: .*meta\.json: expected a JSON object; the file holds null/);
    expect(run.out).not.toMatch(/Consultant key/);
    expect(await readFile(join(dir, 'meta.json'), 'utf8')).toBe('null');
  });
});

describe('errors name files without quoting them', () => {
  it('when an organisation file is a link to a file that is not JSON, then the error names the file and quotes none of its text', async () => {
    const dir = await folderWith({ 'meta.json': JSON.stringify({ schemaVersion: 2, settings: {} }), 'secret.txt': 'root:x:0:0:root:/root:/bin/bash\n' });
    await symlink(join(dir, 'secret.txt'), join(dir, 'orgs', `${ORG}.json`));
    const error = await openLowdbStore(dir).then(() => null, (err: Error) => err);
    expect(error?.message).toMatch(new RegExp(`orgs/${ORG}\\.json: the file is not valid JSON`));
    expect(error?.message).not.toMatch(/root/);
  });

  it.each([
    ['breaks off part-way', '{\n  "schemaVersion": 2,\n  "x": [1,', /the file is not valid JSON \(it breaks off before its end/],
    ['has a stray character', '{\n  "schemaVersion": 2,\n  "x" 1}', /the file is not valid JSON \(line 3, column 7\)/],
  ])('when a file %s, then the error says where, and quotes nothing', async (_name, text, message) => {
    const dir = await folderWith({ 'meta.json': JSON.stringify({ schemaVersion: 2, settings: {} }), [`orgs/${ORG}.json`]: text });
    const error = await openLowdbStore(dir).then(() => null, (err: Error) => err);
    expect(error?.message).toMatch(message);
    expect(error?.message).not.toMatch(/schemaVersion/);
  });

  it('when a folder is named like a data file, then the error names that folder', async () => {
    const dir = await folderWith({ 'meta.json': JSON.stringify({ schemaVersion: 2, settings: {} }) });
    await mkdir(join(dir, 'orgs', 'x.json'));
    await expect(openLowdbStore(dir)).rejects.toThrow(/orgs\/x\.json: this is a folder, not a data file/);
  });
});

describe('temporary files of interrupted writes', () => {
  it('when the folder holds temporary files of a process that no longer runs, then opening removes them and keeps every data file', async () => {
    const gone = 999_999_99; // above Linux's largest process id: never running
    const dir = await folderWith({
      'meta.json': JSON.stringify({ schemaVersion: 2, settings: {} }),
      [`orgs/${ORG}.json`]: JSON.stringify(orgDocument),
      [`orgs/.${ORG}.json.${gone}.tmp`]: '{"half',
      [`orgs/${ORG}.json.bak.${gone}.tmp`]: '{}',
      [`.meta.json.${gone}.tmp`]: '{"half',
      'notes.tmp': 'not ours',
    });
    const store = await openLowdbStore(dir);
    expect((await store.getOrganisation(ORG))?.name).toBe('Acme');
    expect((await readdir(join(dir, 'orgs'))).sort()).toEqual([`${ORG}.json`]);
    expect((await readdir(dir)).sort()).toEqual(['index.json', 'meta.json', 'notes.tmp', 'orgs']);
  });

  it('when a temporary file belongs to this running process, then it is left alone', async () => {
    const mine = `.${ORG}.json.${process.pid}.tmp`;
    const dir = await folderWith({ 'meta.json': JSON.stringify({ schemaVersion: 2, settings: {} }), [`orgs/${mine}`]: '{"in flight' });
    await openLowdbStore(dir);
    expect(await readdir(join(dir, 'orgs'))).toEqual([mine]);
  });
});

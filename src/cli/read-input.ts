/** Reading the files a command is given: a missing file is an I/O error (3), a malformed one invalid input (1). */
import { readFile } from 'node:fs/promises';
import { invalidInput, ioError } from './errors.ts';

export async function readText(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw ioError(code === 'ENOENT' ? `no file at ${path}` : `cannot read ${path}: ${(err as Error).message}`);
  }
}

export async function readJson(path: string): Promise<unknown> {
  const text = await readText(path);
  try {
    return JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (err) {
    throw invalidInput(`${path} is not valid JSON: ${(err as Error).message}`);
  }
}

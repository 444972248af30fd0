/** `social-audit validate <file>...`: checks rubric files and lists every problem, as the server would refuse them. */
import { basename } from 'node:path';
import { loadRubricFile } from '../../rubric-files/load-rubrics.ts';
import { parse } from '../args.ts';
import { EXIT, CliError, ioError } from '../errors.ts';
import type { CliIo } from '../io.ts';

export const VALIDATE_HELP = `Usage: social-audit validate <rubric file>...

Checks each rubric file (YAML or JSON) and lists every problem on stderr, with
its path in the file, e.g.
  rubrics/mine-1.0.0.yaml: questions[3].options[0].score: Too big: expected number to be <=4
Prints one line per valid file on stdout. Exit code 1 when any file is invalid.
`;

const RUBRIC_FILE = /\.(ya?ml|json)$/i;

export async function validate(args: string[], io: CliIo): Promise<void> {
  const { positionals, help } = parse(args, {}, { min: 1, max: Infinity, names: 'the rubric file to check' });
  if (help) return void io.stdout.write(VALIDATE_HELP);
  let invalid = 0;
  for (const path of positionals) {
    let loaded;
    try {
      loaded = await loadRubricFile(path);
    } catch (err) {
      throw ioError((err as NodeJS.ErrnoException).code === 'ENOENT' ? `no file at ${path}` : `cannot read ${path}: ${(err as Error).message}`);
    }
    const problems = loaded.report ? loaded.report.split('\n') : [];
    const r = loaded.rubric;
    const name = basename(path);
    if (r && !RUBRIC_FILE.test(name)) problems.push(`${path}: (file name): a rubric file ends in .yaml, .yml or .json`);
    else if (r && name.replace(RUBRIC_FILE, '') !== `${r.id}-${r.version}`) {
      problems.push(`${path}: (file name): a rubric file is named after its id and version; expected ${r.id}-${r.version}${name.match(RUBRIC_FILE)![0]}`);
    }
    if (problems.length) {
      invalid++;
      io.stderr.write(`${problems.join('\n')}\n${path}: ${problems.length} problem${problems.length > 1 ? 's' : ''}\n`);
    } else {
      io.stdout.write(`${path}: valid (${r!.id}@${r!.version}: ${r!.dimensions.length} dimensions, ${r!.questions.length} questions, ${r!.recommendations.length} recommendations)\n`);
    }
  }
  if (invalid) throw new CliError(EXIT.invalid, `${invalid} of ${positionals.length} rubric file${positionals.length > 1 ? 's' : ''} ${invalid > 1 ? 'are' : 'is'} invalid`);
}

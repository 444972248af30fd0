/** `social-audit import file.json --data <folder>`: adds a portfolio export to a data folder. */
import type { FieldError } from '../../core/errors.ts';
import { checkPortfolio } from '../../core/export/import-check.ts';
import { parse, oneOf } from '../args.ts';
import { invalidInput, usageError } from '../errors.ts';
import type { CliIo } from '../io.ts';
import { openDataFolder } from '../data-folder.ts';
import { composeServices } from '../../compose.ts';
import { readJson } from '../read-input.ts';
import { openRubrics, rubricsFolder } from '../rubric-source.ts';
import { progressBar } from '../progress.ts';

export const IMPORT_HELP = `Usage: social-audit import <file.json> --data <folder> [options]

Adds the organisations, assessments, rounds and share links of a portfolio
export (GET /api/export.json or \`social-audit export --format json\`) to a data
folder. Records already there (the same id) are skipped; the rest keep their
ids, results and timestamps. An organisation id that the folder holds for a
different organisation is refused.
The whole file is checked first: if anything is wrong, every problem is listed
on stderr, nothing is stored and the exit code is 1. The folder is created if
needed, and must not be in use by a running server.

Options:
  --data <folder>        the data folder (the server's DATA_DIR)
  --rubrics <folder>     the rubrics folder (default: $RUBRICS_DIR or the shipped one);
                         every rubric version the file uses must be in it
  --format <format>      text (default) or json, for the counts on stdout
`;

export async function importCommand(args: string[], io: CliIo): Promise<void> {
  const { values, positionals, help } = parse(args, { data: { type: 'string' }, rubrics: { type: 'string' }, format: { type: 'string' } }, { min: 1, max: 1, names: 'the file to import' });
  if (help) return void io.stdout.write(IMPORT_HELP);
  if (!values.data) throw usageError('--data is required: the data folder to import into');
  const format = oneOf('format', values.format, ['text', 'json'] as const, 'text');
  const path = positionals[0]!;
  const registry = await openRubrics(rubricsFolder(values.rubrics, io.env));
  const document = await readJson(path);
  const checked = checkPortfolio(document, (id, version) => registry.get(id, version), registry.list().map((r) => `${r.id}@${r.version}`));
  const refused = (details: FieldError[]) => invalidInput(`${path} was not imported: nothing was stored`, details.map((d) => `${path}: ${d.field}: ${d.message}`));
  if (!checked.ok) throw refused(checked.details);

  const folder = await openDataFolder(values.data, { mustExist: false });
  try {
    const { assessments } = composeServices({ store: folder.store, rubrics: registry, now: io.now });
    const conflicts = await assessments.importConflicts(checked.document);
    if (conflicts.length) throw refused(conflicts);
    const progress = progressBar(io.stderr, 'Importing', checked.document.assessments.length);
    const report = await assessments.importPortfolio(checked.document, () => progress.tick());
    progress.done();
    if (format === 'json') io.stdout.write(`${JSON.stringify(report)}\n`);
    else {
      const s = (n: number) => (n === 1 ? '' : 's');
      io.stdout.write(
        `Imported ${report.imported} assessment${s(report.imported)} and ${report.organisations.imported} new organisation${s(report.organisations.imported)}; ` +
          `skipped ${report.skipped} assessment${s(report.skipped)} already in ${folder.store.dir}.\n`,
      );
    }
  } finally {
    folder.close();
  }
}

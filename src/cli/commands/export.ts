/** `social-audit export`: a bulk export from a data folder, the same files the consultant's dashboard gives. */
import { createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { Readable, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { answersTable, portfolioSelection, selectAssessments, summaryTable, workbookTables, type RubricLookup } from '../../core/export/bulk-rows.ts';
import { portfolioJsonChunks } from '../../core/export/portfolio-json.ts';
import { parsePortfolioQuery } from '../../core/portfolio/filters.ts';
import { writeCsv } from '../../formats/csv-stream.ts';
import { parse, oneOf } from '../args.ts';
import { ioError, usageError } from '../errors.ts';
import type { CliIo, Output } from '../io.ts';
import { openDataFolder } from '../data-folder.ts';
import { composeServices } from '../../compose.ts';
import { openRubrics, rubricsFolder } from '../rubric-source.ts';
import { progressBar } from '../progress.ts';

export const EXPORT_HELP = `Usage: social-audit export --data <folder> --format <csv|json|xlsx> [options]

Writes a bulk export of the submitted assessments in a data folder, as the
consultant's dashboard does. The folder must not be in use by a running server.

Options:
  --data <folder>          the data folder (the server's DATA_DIR)
  --format <format>        csv, json or xlsx
  --kind <kind>            for csv: summary (one row per assessment, the default)
                           or answers (one row per answer)
  --out <file>             write here instead of to stdout
  --rubrics <folder>       the rubrics folder (default: $RUBRICS_DIR or the shipped one)
Filters and order, as on the dashboard:
  --recommendation <code>  --band <low|partial|strong>  --sector <sector>
  --rubric <id[@version]>  --from <yyyy-mm-dd>  --to <yyyy-mm-dd>  --q <name contains>
  --sort <date|overall|organisation|reassessBy>  --dir <asc|desc>
A json export holds each organisation's rounds (with their invitations) and
each report's share links (with their views). With no filter it also holds
the drafts: a complete backup for \`social-audit import\` (not the settings:
the consultant key stays with each server).
`;

const FORMATS = ['csv', 'json', 'xlsx'] as const;
const KINDS = ['summary', 'answers'] as const;
const FILTERS = ['recommendation', 'band', 'sector', 'rubric', 'from', 'to', 'q', 'sort', 'dir'] as const;

const isBrokenPipe = (err: unknown) => (err as NodeJS.ErrnoException)?.code === 'EPIPE';

export async function exportCommand(args: string[], io: CliIo): Promise<void> {
  const options = {
    data: { type: 'string' }, format: { type: 'string' }, kind: { type: 'string' }, out: { type: 'string' }, rubrics: { type: 'string' },
    ...Object.fromEntries(FILTERS.map((f) => [f, { type: 'string' }])),
  } as const;
  const { values, help } = parse(args, options as Record<string, { type: 'string' }>, { min: 0, max: 0, names: '' });
  if (help) return void io.stdout.write(EXPORT_HELP);
  const format = oneOf('format', values.format, FORMATS);
  if (!values.data) throw usageError('--data is required: the data folder to export from');
  if (values.kind !== undefined && format !== 'csv') throw usageError('--kind is for --format csv only');
  const kind = oneOf('kind', values.kind, KINDS, 'summary');
  const { query, errors } = parsePortfolioQuery(Object.fromEntries(FILTERS.map((f) => [f, values[f]])));
  if (errors.length) throw usageError(errors.map((e) => `--${e.field} ${e.message}`).join('; '));
  if (format === 'xlsx' && !values.out && io.stdout.isTTY) throw usageError('an xlsx workbook is binary: give --out <file>, or redirect stdout to a file');

  const registry = await openRubrics(rubricsFolder(values.rubrics, io.env));
  const rubricOf: RubricLookup = (id, version) => registry.get(id, version);
  const folder = await openDataFolder(values.data, { mustExist: true });
  try {
    const { assessments } = composeServices({ store: folder.store, rubrics: registry, now: io.now });
    const all = await assessments.list();
    const selected = format === 'json' ? portfolioSelection(all, query) : selectAssessments(all, query);
    const doc = format === 'json' ? await assessments.exportPortfolio(selected, io.now().toISOString()) : null;
    const tables = format === 'csv' ? [kind === 'answers' ? answersTable(selected, rubricOf) : summaryTable(selected, rubricOf)] : workbookTables(selected, rubricOf);
    const total = doc ? doc.organisations.length + doc.assessments.length + (doc.rounds?.length ?? 0) + (doc.shareLinks?.length ?? 0) : tables.reduce((n, t) => n + t.size, 0);
    const progress = progressBar(io.stderr, `Exporting ${format}`, total);

    const write = async (out: Writable) => {
      if (doc) {
        function* counted() {
          for (const chunk of portfolioJsonChunks(doc!, assessments.full)) {
            // Each record is a chunk of its own, starting on a new line.
            if (/^,?\n\{/.test(chunk)) progress.tick();
            yield chunk;
          }
        }
        return pipeline(Readable.from(counted()), out);
      }
      if (format === 'csv') return writeCsv(out, tables[0]!, progress.tick);
      const { writeWorkbook } = await import('../../formats/xlsx.ts');
      return writeWorkbook(out, tables, { created: io.now(), onRow: progress.tick });
    };
    await (values.out ? toFile(values.out, write) : toStdout(io.stdout, write));
    progress.done();
    io.stderr.write(`Exported ${selected.length} assessment${selected.length === 1 ? '' : 's'}${values.out ? ` to ${values.out}` : ''}.\n`);
  } finally {
    folder.close();
  }
}

/** Written beside the target and renamed when complete, so a failed export leaves no half file. */
async function toFile(path: string, write: (out: Writable) => Promise<void>): Promise<void> {
  const partial = `${path}.partial`;
  try {
    await write(createWriteStream(partial));
    await rename(partial, path);
  } catch (err) {
    await rm(partial, { force: true });
    const e = err as NodeJS.ErrnoException;
    if (e.code && /^E[A-Z]+$/.test(e.code)) throw ioError(`cannot write ${path}: ${e.message}`);
    throw err;
  }
}

async function toStdout(stdout: Output, write: (out: Writable) => Promise<void>): Promise<void> {
  try {
    await write(stdout);
  } catch (err) {
    // The reader stopped early (`| head`): what it wanted was written.
    if (!isBrokenPipe(err)) throw err;
  }
}

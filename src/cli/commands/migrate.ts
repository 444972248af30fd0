/** `social-audit migrate --from <folder> --to <postgres url>`: copies a lowdb data folder into PostgreSQL. */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Store } from '../../core/ports.ts';
import { parse } from '../args.ts';
import { CliError, EXIT, ioError, usageError } from '../errors.ts';
import type { CliIo } from '../io.ts';
import { openDataFolder } from '../data-folder.ts';
import { openPostgresStore, type PostgresStore } from '../../storage/postgres/postgres-store.ts';
import { progressBar } from '../progress.ts';

export const MIGRATE_HELP = `Usage: social-audit migrate --from <folder> --to <postgres://…> [options]

Copies a data folder (the server's DATA_DIR) into a PostgreSQL database (the
server's DATABASE_URL): every organisation with its assessments, drafts,
rounds, invitations, share links and their views, and the settings (the
consultant key's hash and the session secrets, so keys and sign-ins keep
working). The database's tables are made first when they are missing.

Each organisation is copied in one transaction, and records already in the
database (the same id) are skipped: run it again after an interruption and it
goes on where it stopped; run it twice and the second run copies nothing. At
the end every record of the folder is looked up in the database; any missing
one is listed and the exit code is 1. Stop the server on the folder first (the
folder is locked while it is read).

Options:
  --from <folder>        the data folder to copy
  --to <url>             the database (default: $DATABASE_URL)
  --schema <name>        the schema to copy into (default: public)
  --format <format>      text (default) or json, for the counts on stdout
`;

interface Counts {
  organisations: number;
  assessments: number;
  rounds: number;
  shareLinks: number;
}

/** Every record id of a store, by kind. */
async function inventory(store: Store): Promise<{ counts: Counts; ids: Record<keyof Counts, string[]> }> {
  const organisations = await store.listOrganisations();
  const ids = { organisations: organisations.map((o) => o.id), assessments: [] as string[], rounds: [] as string[], shareLinks: [] as string[] };
  for (const o of organisations) {
    const assessments = await store.assessmentsOf(o.id);
    ids.assessments.push(...assessments.map((a) => a.id));
    for (const a of assessments) ids.shareLinks.push(...(await store.shareLinksOf(a.id)).map((l) => l.token));
    for (const r of await store.roundsOf(o.id)) {
      ids.rounds.push(r.id);
      ids.shareLinks.push(...(r.shareLinks ?? []).map((l) => l.token));
    }
  }
  return { ids, counts: { organisations: ids.organisations.length, assessments: ids.assessments.length, rounds: ids.rounds.length, shareLinks: ids.shareLinks.length } };
}

/** What of the folder the database lacks, one line per record. */
async function missingFrom(target: PostgresStore, ids: Record<keyof Counts, string[]>): Promise<string[]> {
  const missing: string[] = [];
  for (const id of ids.organisations) if (!(await target.getOrganisation(id))) missing.push(`organisation ${id}`);
  for (const id of ids.assessments) if (!(await target.get(id))) missing.push(`assessment ${id}`);
  for (const id of ids.rounds) if (!(await target.getRound(id))) missing.push(`round ${id}`);
  for (const token of ids.shareLinks) if (!(await target.getShareLink(token)) && !(await target.findRoundShare(token))) missing.push(`share link ${token.slice(0, 6)}…`);
  return missing;
}

export async function migrateCommand(args: string[], io: CliIo): Promise<void> {
  const { values, help } = parse(args, { from: { type: 'string' }, to: { type: 'string' }, schema: { type: 'string' }, format: { type: 'string' } }, { min: 0, max: 0, names: '' });
  if (help) return void io.stdout.write(MIGRATE_HELP);
  if (!values.from) throw usageError('--from is required: the data folder to copy');
  const url = values.to ?? io.env.DATABASE_URL;
  if (!url || !/^postgres(ql)?:\/\//.test(url)) throw usageError('--to is required: a postgres:// URL (or set DATABASE_URL)');
  const format = values.format ?? 'text';
  if (format !== 'text' && format !== 'json') throw usageError(`--format must be one of text, json; got "${format}"`);

  const folder = await openDataFolder(values.from, { mustExist: true });
  let target: PostgresStore | undefined;
  try {
    target = await openPostgresStore({ connectionString: url, ...(values.schema ? { schema: values.schema } : {}) }).catch((err: unknown) => {
      throw ioError(`cannot open the database: ${(err as Error).message}`);
    });
    const source = folder.store;
    const organisations = await source.listOrganisations();
    const progress = progressBar(io.stderr, 'Copying', organisations.length);
    let copied = 0;
    let skipped = 0;
    for (const organisation of organisations) {
      const assessments = await source.assessmentsOf(organisation.id);
      const shareLinks = (await Promise.all(assessments.map((a) => source.shareLinksOf(a.id)))).flat();
      const outcome = await target.importRecords({ organisation, assessments, rounds: await source.roundsOf(organisation.id), shareLinks });
      copied += outcome.imported;
      skipped += outcome.skipped;
      progress.tick();
    }
    progress.done();
    // The settings (key hash, session secret and version): the folder's, unless the database has its own already.
    const meta = JSON.parse(await readFile(join(folder.store.dir, 'meta.json'), 'utf8')) as { settings?: Record<string, string> };
    for (const [key, value] of Object.entries(meta.settings ?? {})) if ((await target.getSetting(key)) === undefined) await target.setSetting(key, value);

    const { counts, ids } = await inventory(source);
    const missing = await missingFrom(target, ids);
    if (missing.length) throw new CliError(EXIT.invalid, `${missing.length} record${missing.length === 1 ? '' : 's'} of the folder are not in the database`, missing.slice(0, 20));
    if (format === 'json') io.stdout.write(`${JSON.stringify({ copied, skipped, checked: counts })}\n`);
    else
      io.stdout.write(
        `Copied ${copied} assessments (${skipped} already there). Checked: the database holds all ${counts.organisations} organisations, ${counts.assessments} assessments, ${counts.rounds} rounds and ${counts.shareLinks} share links of ${folder.store.dir}.\n`,
      );
  } finally {
    await target?.close();
    folder.close();
  }
}

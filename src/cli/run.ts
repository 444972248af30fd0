/** The command line: picks the command, runs it, and turns every outcome into an exit code and a message. */
import { EXIT, CliError } from './errors.ts';
import type { CliIo } from './io.ts';

export const HELP = `Usage: social-audit <command> [options]

Commands:
  score <answers.json>        score a set of answers and print the report (text, json or csv)
  validate <rubric file>...   check rubric files and list every problem
  export --data <folder> --format <csv|json|xlsx>
                              write a bulk export from a data folder
  import <file.json> --data <folder>
                              add a portfolio export to a data folder
  migrate --from <folder> --to <postgres://…>
                              copy a data folder into PostgreSQL

Run \`social-audit <command> --help\` for a command's options.

Exit codes: 0 done; 1 invalid input (a bad rubric, bad answers, an import that
failed its checks); 2 usage error (unknown command or flag); 3 input/output
error (a missing file, a data folder in use or unreadable). Messages go to stderr.
`;

type Command = (args: string[], io: CliIo) => Promise<void>;

/** Loaded on demand: a command pays only for the libraries it uses. */
const COMMANDS: Record<string, () => Promise<Command>> = {
  score: async () => (await import('./commands/score.ts')).score,
  validate: async () => (await import('./commands/validate.ts')).validate,
  export: async () => (await import('./commands/export.ts')).exportCommand,
  import: async () => (await import('./commands/import.ts')).importCommand,
  migrate: async () => (await import('./commands/migrate.ts')).migrateCommand,
};

export async function run(argv: string[], io: CliIo): Promise<number> {
  const [command, ...rest] = argv;
  try {
    if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
      (command === undefined ? io.stderr : io.stdout).write(HELP);
      return command === undefined ? EXIT.usage : EXIT.ok;
    }
    const load = Object.hasOwn(COMMANDS, command) ? COMMANDS[command] : undefined;
    if (!load) throw new CliError(EXIT.usage, `unknown command "${command}"`);
    await (await load())(rest, io);
    return EXIT.ok;
  } catch (err) {
    if (err instanceof CliError) {
      if (err.lines.length) io.stderr.write(`${err.lines.join('\n')}\n`);
      io.stderr.write(`social-audit: ${err.message}\n`);
      if (err.exitCode === EXIT.usage) io.stderr.write(`Run \`social-audit ${command && Object.hasOwn(COMMANDS, command) ? `${command} ` : ''}--help\` for usage.\n`);
      return err.exitCode;
    }
    io.stderr.write(`social-audit: something went wrong inside the tool: ${(err as Error)?.stack ?? String(err)}\n`);
    return EXIT.internal;
  }
}

/**
 * What the command line promises scripts: the exit code says what kind of
 * failure it was, and the message (on stderr) says what and where.
 *
 *   0  done
 *   1  invalid input: a bad rubric, bad answers, an import that failed its checks
 *   2  usage: an unknown command or flag, a missing or malformed argument
 *   3  input/output: a missing file, a data folder that is locked or unreadable
 *  70  a bug in this tool (please report it)
 */
export const EXIT = { ok: 0, invalid: 1, usage: 2, io: 3, internal: 70 } as const;

export class CliError extends Error {
  constructor(
    readonly exitCode: number,
    message: string,
    /** Extra lines for stderr, one problem each. */
    readonly lines: string[] = [],
  ) {
    super(message);
    this.name = 'CliError';
  }
}

export const usageError = (message: string) => new CliError(EXIT.usage, message);
export const invalidInput = (message: string, lines: string[] = []) => new CliError(EXIT.invalid, message, lines);
export const ioError = (message: string) => new CliError(EXIT.io, message);

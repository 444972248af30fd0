/** What a command may touch of the outside world, so tests can hand in their own. */
import type { Writable } from 'node:stream';

export type Output = Writable & { isTTY?: boolean; columns?: number };

export interface CliIo {
  stdout: Output;
  stderr: Output;
  env: Record<string, string | undefined>;
  now: () => Date;
}

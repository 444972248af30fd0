/** Starts the real server on a data folder in a child process, for start-up behaviour. */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { ROOT } from './app.ts';

export interface StartedServer {
  code: number | null;
  /** stdout and stderr together, as printed so far. */
  out: string;
  /** Sends SIGTERM, or the signal given (SIGKILL for a crash). */
  kill: (signal?: NodeJS.Signals) => void;
  /** Sends SIGTERM and resolves with the exit code once the server has exited. */
  stop: () => Promise<number | null>;
  ready: boolean;
  /** Where it listens, once ready. */
  origin?: string;
}

/**
 * Resolves once the server says it is running (ready), or once it has exited (not ready, with its exit code).
 * It runs the TypeScript sources through tsx, or the JavaScript file `entry` (a bundle) when given.
 */
export function startServer(dataDir: string, env: Record<string, string> = {}, entry?: string): Promise<StartedServer> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, entry ? [entry] : ['--import', 'tsx', join(ROOT, 'src/server.ts')], { cwd: ROOT, env: { ...process.env, DATA_DIR: dataDir, PORT: '0', ...env } });
    const exited = new Promise<number | null>((done) => child.on('exit', (code) => done(code)));
    let out = '';
    const onData = (d: Buffer) => {
      out += d.toString();
      const origin = /is running at (http:\/\/[^/]+)\//.exec(out)?.[1];
      if (origin) {
        resolve({ code: null, out, kill: (signal = 'SIGTERM') => child.kill(signal), stop: () => (child.kill('SIGTERM'), exited), ready: true, origin });
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    void exited.then((code) => resolve({ code, out, kill: () => undefined, stop: () => exited, ready: false }));
  });
}

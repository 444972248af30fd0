/** Starts the real server on a data folder in a child process, for start-up behaviour. */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { ROOT } from './app.ts';

export interface StartedServer {
  code: number | null;
  /** stdout and stderr together, as printed so far. */
  out: string;
  kill: () => void;
  ready: boolean;
}

/** Resolves once the server says it is running (ready), or once it has exited (not ready, with its exit code). */
export function startServer(dataDir: string): Promise<StartedServer> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'src/server.ts')], { cwd: ROOT, env: { ...process.env, DATA_DIR: dataDir, PORT: '0' } });
    let out = '';
    const onData = (d: Buffer) => {
      out += d.toString();
      if (out.includes('is running at')) resolve({ code: null, out, kill: () => child.kill('SIGTERM'), ready: true });
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', (code) => resolve({ code, out, kill: () => undefined, ready: false }));
  });
}

/**
 * The real server as a child process, started the way `npm start` starts it
 * (the bundled JavaScript in dist/),
 * in production mode on a port of its choosing. Start-up time runs from the
 * spawn to the first successful GET /healthz. Memory is read from
 * /proc/<pid>/status (Linux); elsewhere the memory figures are null.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, readFileSync, writeFileSync } from 'node:fs';
import { once } from 'node:events';
import { join } from 'node:path';
import { ROOT } from './shipped-rubric.ts';

export interface ServerProcess {
  pid: number;
  origin: string;
  startupMs: number;
  /** True while the process runs. */
  alive(): boolean;
  stop(): Promise<void>;
}

export interface ProcMemory {
  rssKb: number;
  /** Peak RSS since start, or since the last `resetPeak`. */
  hwmKb: number;
}

export function procMemory(pid: number): ProcMemory | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const field = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
    return { rssKb: field('VmRSS'), hwmKb: field('VmHWM') };
  } catch {
    return null;
  }
}

/** The CPU time the process has used, in clock ticks (utime + stime of /proc/<pid>/stat); null off Linux. */
function cpuTicks(pid: number): number | null {
  try {
    // The fields after the command name, which is in parentheses and may hold spaces and parentheses.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(fields[11]) + Number(fields[12]);
  } catch {
    return null;
  }
}

/**
 * Waits until the process has used under a tenth of a core in each of three
 * seconds running (its background work, such as writing the organisation files
 * after a burst of submits, is done: that work starts about a second after the
 * last write), or until `maxMs`. Returns how long the process kept working
 * (the time before those quiet seconds); null where its CPU time cannot be read.
 */
export async function untilQuiet(pid: number, maxMs = 60_000): Promise<number | null> {
  const TICKS_PER_SECOND = 100;
  const QUIET_SECONDS = 3;
  const started = performance.now();
  let before = cpuTicks(pid);
  let quiet = 0;
  while (quiet < QUIET_SECONDS && performance.now() - started < maxMs) {
    await new Promise((r) => setTimeout(r, 1000));
    const now = cpuTicks(pid);
    if (before === null || now === null) return null;
    quiet = now - before < TICKS_PER_SECOND / 10 ? quiet + 1 : 0;
    before = now;
  }
  return Math.max(0, performance.now() - started - quiet * 1000);
}

/** Resets VmHWM to the current RSS (Linux 4.0+); false where that is not allowed. */
export function resetPeak(pid: number): boolean {
  try {
    writeFileSync(`/proc/${pid}/clear_refs`, '5');
    return true;
  } catch {
    return false;
  }
}

const LISTENING = /running at http:\/\/localhost:(\d+)\//;

async function firstHealthy(origin: string, child: ChildProcess, deadline: number): Promise<void> {
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the server exited with code ${child.exitCode} before answering`);
    const ok = await fetch(`${origin}/healthz`).then((r) => r.ok, () => false);
    if (ok) return;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error('the server did not answer /healthz in time');
}

/** The arguments `npm start` gives node (package.json's start script, `node <flags> bin/start.cjs`). */
export function startArguments(): string[] {
  const scripts = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;
  const [command, ...args] = scripts.start!.trim().split(/\s+/);
  if (command !== 'node') throw new Error(`the start script does not run node: ${scripts.start}`);
  return args;
}

export async function startServer(opts: { dataDir: string; env: Record<string, string>; logFile: string; timeoutMs?: number; args?: string[] }): Promise<ServerProcess> {
  const log = createWriteStream(opts.logFile);
  const started = performance.now();
  // As `npm start` runs it: the compiled server (run.ts builds it first), with the start script's Node flags.
  const child = spawn(process.execPath, opts.args ?? startArguments(), {
    cwd: ROOT,
    env: { ...process.env, NODE_ENV: 'production', RATE_LIMIT: 'off', PORT: '0', DATA_DIR: opts.dataDir, ...opts.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stderr!.pipe(log, { end: false });
  const deadline = Date.now() + (opts.timeoutMs ?? 60_000);

  const port = await new Promise<number>((resolve, reject) => {
    let seen = '';
    const timer = setTimeout(() => reject(new Error(`the server did not say where it listens within ${opts.timeoutMs ?? 60_000} ms (see ${opts.logFile})`)), deadline - Date.now());
    child.stdout!.on('data', (chunk: Buffer) => {
      log.write(chunk);
      seen += chunk.toString('utf8');
      const match = LISTENING.exec(seen);
      if (match) {
        clearTimeout(timer);
        resolve(Number(match[1]));
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the server exited with code ${code} while starting (see ${opts.logFile})`));
    });
  });
  const origin = `http://127.0.0.1:${port}`;
  await firstHealthy(origin, child, deadline);
  const startupMs = performance.now() - started;

  return {
    pid: child.pid!,
    origin,
    startupMs,
    alive: () => child.exitCode === null && child.signalCode === null,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = once(child, 'exit');
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
        await exited;
        clearTimeout(timer);
      }
      log.end();
    },
  };
}

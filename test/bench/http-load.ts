/**
 * Driving the server over loopback: autocannon for time-bounded load, and a
 * plain HTTP download for the bulk exports (time, rows, and the server's
 * memory sampled from /proc while the body streams).
 */
import http from 'node:http';
import { createRequire } from 'node:module';
import net from 'node:net';
import autocannon from 'autocannon';
import { procMemory, resetPeak } from './server-process.ts';

/**
 * autocannon 9 turns every response body into a string (`req.body += chunk`,
 * lib/pipelinedRequestsQueue.js, since its PR #301) for `onResponse` and
 * `expectBody`, which the bench never uses. On pages of 8-35 kB that decoding
 * was the load generator's own limit, on the same two cores as the server:
 * 69% of its CPU in Buffer.toString, and a plain Node server answering ten
 * gzipped 8 kB bodies in turn measured 9,300 req/s with it and 64,800 without.
 * The bench counts bytes and latencies only, so the bodies are dropped unread.
 */
const BodyQueue = createRequire(import.meta.url)('autocannon/lib/pipelinedRequestsQueue.js') as { prototype: { addBody(data: Buffer): void } };
BodyQueue.prototype.addBody = () => undefined;

/**
 * Node gives every read of a socket a new buffer of its own (up to 64 kB, then
 * trimmed to what was read), which a busy client collects as garbage: on a
 * 34 kB page that allocation, not the server, was the load generator's limit.
 * With the report page under load, the server sat 40-45% idle (its own CPU
 * profile: 45.6% idle) and the page measured 32-47% of /healthz; with every
 * read of the load's connections going into one buffer kept for the run (net's
 * `onread` option, read and parsed before the next read reuses it), the server
 * was 90-97% busy and the same page measured 82-91%. autocannon opens its
 * connections with `net.connect(port, host)`, so while a load runs that call
 * is given the buffer; every other connection (fetch, the downloads) is left
 * as it is.
 */
function sharedReadBuffer(): () => void {
  const buffer = Buffer.allocUnsafe(256 * 1024);
  const connect = net.connect;
  const withBuffer = (...args: unknown[]): net.Socket => {
    const [port, host] = args;
    if (typeof port !== 'number' || typeof host !== 'string' || args.length !== 2) return Reflect.apply(connect, net, args) as net.Socket;
    // autocannon's parser reads each chunk whole before it returns (bodies are dropped unread, above).
    const onRead = (read: number, buf: Uint8Array): boolean => {
      socket.emit('data', Buffer.from(buf.buffer, buf.byteOffset, read));
      return true; // keep reading
    };
    const socket: net.Socket = connect({ port, host, onread: { buffer, callback: onRead } });
    return socket;
  };
  net.connect = withBuffer as typeof net.connect;
  return () => {
    net.connect = connect;
  };
}

export interface LoadResult {
  /** Mean requests per second over the run. */
  rps: number;
  p50: number;
  p99: number;
  requests: number;
  /** Responses other than 2xx (their latencies are not in the percentiles). */
  non2xx: number;
  errors: number;
  timeouts: number;
  /** For a page measured in turns with /healthz (scenarios.ts, `pairedLoad`): the /healthz of those turns. */
  reference?: LoadResult;
}

export interface LoadOptions {
  /**
   * One server, or several: autocannon then deals the connections out in turn
   * (connection i to origin i mod n) and keeps one latency histogram for all,
   * so the percentiles are of every request, whichever instance served it.
   */
  origin: string | readonly string[];
  method?: 'GET' | 'POST';
  /**
   * A fixed path; a list each connection goes through in turn (the requests are
   * made once, so the load generator's own cost per request stays that of a fixed
   * path); or one made per request (nonces...), which costs the generator more.
   */
  path: string | readonly string[] | (() => string);
  headers?: Record<string, string>;
  body?: () => string;
  connections: number;
  seconds: number;
  /**
   * Keeps the load generator's thread from sleeping between responses (see
   * `keptAwake`). For the page and /healthz loads, whose ratios compare the
   * server's cost per request; not for submits, whose server needs its other
   * threads (fsync, the background file writes) on the second core.
   */
  keepAwake?: boolean;
}

/**
 * On loopback, a response wakes the load generator if it sleeps, and the wake
 * is charged to the server: in this VM, waking a sleeping vCPU costs the sender
 * about 15 us of kernel time per response. Measured with a bare Node server
 * that spins 60 us per request: 18.6 us of system time per request against a
 * sleeping client, 4 us when the client is busy. A fast route such as /healthz
 * keeps the client busy, so it pays almost none of it, while every page pays it
 * in full: the ratios measured the hypervisor's wake-up as much as the pages.
 * A real server's responses leave by a network card and wake no local process.
 * So while a load runs, the generator's event loop polls instead of sleeping
 * (a setImmediate chain makes libuv's poll phase use a zero timeout), as a busy
 * client would. It costs the generator its own core, which it had under
 * /healthz already.
 */
function keptAwake(): () => void {
  let awake = true;
  const poll = () => {
    if (awake) setImmediate(poll);
  };
  poll();
  return () => {
    awake = false;
  };
}

function rotating<T>(items: readonly T[]): () => T {
  let i = 0;
  return () => items[i++ % items.length]!;
}

const perRequest = (pathOf: () => string, body: (() => string) | undefined) => (req: autocannon.Request) => ({ ...req, path: pathOf(), ...(body ? { body: body() } : {}) });

export async function load(o: LoadOptions): Promise<LoadResult> {
  const paths = typeof o.path === 'string' ? [o.path] : o.path;
  // A body or a path made per request needs autocannon's per-request hook; fixed paths are built once.
  const requests =
    typeof paths === 'function' || o.body !== undefined
      ? [{ setupRequest: perRequest(typeof paths === 'function' ? paths : rotating(paths), o.body) }]
      : paths.map((path) => ({ path }));
  const letSleep = o.keepAwake ? keptAwake() : () => undefined;
  const restoreConnect = sharedReadBuffer();
  let result: autocannon.Result;
  try {
    result = await autocannon({
      // autocannon 9 takes a list of URLs (its typings say string only).
      url: (typeof o.origin === 'string' ? o.origin : [...o.origin]) as string,
      connections: o.connections,
      duration: o.seconds,
      method: o.method ?? 'GET',
      headers: o.headers ?? {},
      requests,
    });
  } finally {
    restoreConnect();
    letSleep();
  }
  return {
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    requests: result.requests.total,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
  };
}

/** One request's status, to tell a route that is not built yet (501) from one that works. */
export async function probe(origin: string, path: string, init: RequestInit = {}): Promise<number> {
  const res = await fetch(`${origin}${path}`, { ...init, redirect: 'manual' });
  await res.arrayBuffer();
  return res.status;
}

export interface Download {
  status: number;
  ms: number;
  /** Time to the first byte of the body: a streamed export starts at once. */
  firstByteMs: number;
  bytes: number;
  /** CSV records after the header, counted outside quoted fields; null for other formats. */
  rows: number | null;
  body: Buffer | null;
  rssBeforeKb: number | null;
  peakRssKb: number | null;
  /** True when the peak includes the kernel's VmHWM (reset before the download), not only the 50 ms samples. */
  peakFromHwm: boolean;
}

/** Counts CSV line ends outside quotes, chunk by chunk (RFC 4180: a quote inside a field is doubled, so toggling is exact). */
function csvCounter() {
  let inQuotes = false;
  let records = 0;
  return {
    feed(chunk: Buffer) {
      for (let i = 0; i < chunk.length; i++) {
        const c = chunk[i];
        if (c === 0x22) inQuotes = !inQuotes;
        else if (c === 0x0a && !inQuotes) records++;
      }
    },
    records: () => records,
  };
}

export async function download(o: { origin: string; path: string; headers?: Record<string, string>; pid: number; csv: boolean; keepBody?: boolean; timeoutMs?: number }): Promise<Download> {
  const before = procMemory(o.pid);
  const fromHwm = resetPeak(o.pid);
  let peak = before?.rssKb ?? null;
  const sample = () => {
    const m = procMemory(o.pid);
    if (m && peak !== null) peak = Math.max(peak, m.rssKb);
  };
  const sampler = setInterval(sample, 50);
  const counter = csvCounter();
  const chunks: Buffer[] = [];
  const started = performance.now();
  let firstByteMs = NaN;
  let bytes = 0;
  try {
    const status = await new Promise<number>((resolve, reject) => {
      const req = http.get(`${o.origin}${o.path}`, { headers: o.headers ?? {} }, (res) => {
        res.on('data', (chunk: Buffer) => {
          if (Number.isNaN(firstByteMs)) firstByteMs = performance.now() - started;
          bytes += chunk.length;
          if (o.csv) counter.feed(chunk);
          if (o.keepBody) chunks.push(chunk);
        });
        res.on('end', () => resolve(res.statusCode ?? 0));
        res.on('error', reject);
      });
      req.setTimeout(o.timeoutMs ?? 180_000, () => req.destroy(new Error(`no answer within ${(o.timeoutMs ?? 180_000) / 1000} s`)));
      req.on('error', reject);
    });
    const ms = performance.now() - started;
    sample();
    const after = procMemory(o.pid);
    if (fromHwm && after && peak !== null) peak = Math.max(peak, after.hwmKb);
    return {
      status,
      ms,
      firstByteMs,
      bytes,
      rows: o.csv ? Math.max(0, counter.records() - 1) : null,
      body: o.keepBody ? Buffer.concat(chunks) : null,
      rssBeforeKb: before?.rssKb ?? null,
      peakRssKb: peak,
      peakFromHwm: fromHwm,
    };
  } finally {
    clearInterval(sampler);
  }
}

/**
 * One PostgreSQL database as the stores see it: a connection pool, and a
 * change feed (LISTEN on one channel) that tells every instance when any
 * instance has written, so caches keyed by the store's revision are dropped
 * within moments. Several stores (schemas) may share one handle: the tests
 * give each app its own schema on one pool.
 */
import pg from 'pg';
import { StorageUnavailableError } from '../../core/errors.ts';

export const CHANGE_CHANNEL = 'social_audit_changed';

export interface DatabaseOptions {
  connectionString: string;
  /** Connections per instance (PGPOOL_MAX; default 10). */
  max?: number;
}

export interface Database {
  pool: pg.Pool;
  /** Calls `onChange` whenever a write to `schema` commits anywhere, and when the feed reconnects (changes may have been missed). */
  subscribe(schema: string, onChange: () => void): () => void;
  /** False while the feed is down: caches must not trust the revision then. */
  live(): boolean;
  close(): Promise<void>;
}

/** Errors that mean the database cannot be reached or cannot take the write just now (not a rule of the data). */
const UNAVAILABLE = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN', '57P01', '57P02', '57P03', '53100', '53200', '53300', '25006']);

export function isUnavailable(err: unknown): boolean {
  const e = err as { code?: string; message?: string };
  if (e?.code && (UNAVAILABLE.has(e.code) || e.code.startsWith('08'))) return true;
  return /Connection terminated|connection timeout|timeout exceeded when trying to connect|Client has encountered a connection error/i.test(e?.message ?? '');
}

/** A failure to reach the database becomes the domain's StorageUnavailableError (the caller answers 503, nothing lost); others pass. */
export function mapUnavailable(err: unknown): unknown {
  return isUnavailable(err) ? new StorageUnavailableError(`the database cannot be reached (${(err as Error).message})`) : err;
}

export function openDatabase({ connectionString, max = 10 }: DatabaseOptions): Database {
  // A request waits up to 15 s for a free connection (a burst beyond the pool queues); past that it answers 503, nothing stored.
  // At least two: a start-up step holds one connection for its lock while it writes through another.
  const pool = new pg.Pool({ connectionString, max: Math.max(2, max), connectionTimeoutMillis: 15_000, idleTimeoutMillis: 30_000 });
  // An idle client whose server went away must not crash the process; the next query reconnects.
  pool.on('error', () => undefined);
  const subscribers = new Map<string, Set<() => void>>();
  let client: pg.Client | undefined;
  let connected = false;
  let closed = false;
  let retry: NodeJS.Timeout | undefined;

  const notifyAll = () => subscribers.forEach((set) => set.forEach((f) => f()));
  const reconnectSoon = () => {
    connected = false;
    client = undefined;
    if (closed || retry) return;
    retry = setTimeout(() => {
      retry = undefined;
      void connect();
    }, 500);
    retry.unref();
  };
  async function connect(): Promise<void> {
    if (closed || client) return;
    const c = new pg.Client({ connectionString, connectionTimeoutMillis: 5_000 });
    client = c;
    c.on('error', () => undefined);
    c.on('end', () => {
      if (client === c) reconnectSoon();
    });
    c.on('notification', (msg) => {
      const set = subscribers.get(msg.payload ?? '');
      set?.forEach((f) => f());
    });
    try {
      await c.connect();
      await c.query(`listen ${CHANGE_CHANNEL}`);
      if (closed) return void (await c.end().catch(() => undefined));
      connected = true;
      notifyAll(); // anything written while the feed was down
    } catch {
      await c.end().catch(() => undefined);
      if (client === c) reconnectSoon();
    }
  }

  return {
    pool,
    subscribe(schema, onChange) {
      if (!client && !closed) void connect();
      const set = subscribers.get(schema) ?? new Set();
      set.add(onChange);
      subscribers.set(schema, set);
      return () => {
        set.delete(onChange);
        if (!set.size) subscribers.delete(schema);
      };
    },
    live: () => connected,
    async close() {
      closed = true;
      clearTimeout(retry);
      const c = client;
      client = undefined;
      connected = false;
      await c?.end().catch(() => undefined);
      await pool.end();
    },
  };
}

/**
 * The server's entry: reads the environment, loads and validates the rubrics,
 * opens the store, builds the services (src/compose.ts) and the app, and listens. Anything wrong stops the start
 * with a message that says what and where, and touches no data.
 */
import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import { createApp } from './web/app.ts';
import { composeServices } from './compose.ts';
import { createRubricRegistry } from './core/rubric/registry.ts';
import { loadRubrics, RubricLoadError } from './rubric-files/load-rubrics.ts';
import { openStore } from './storage/open-store.ts';
import { ensureConsultantKey } from './web/consultant-auth.ts';
import { existsSync } from 'node:fs';
import { rateLimitsFromEnv } from './web/rate-limits.ts';
import { publicUrlFromEnv } from './web/public-url.ts';
import { compactHeap, releaseMemoryWhenIdle } from './platform/idle-memory.ts';
import { httpServerFor } from './web/http-server.ts';
import { BUILD_ID } from './platform/build-id.ts';

/** TRUST_PROXY: unset or "false" = off (default); "true"; a hop count like "1"; or addresses/subnets for Express. */
function trustProxyFromEnv(raw: string | undefined): boolean | number | string {
  if (!raw || raw === 'false') return false;
  if (raw === 'true') return true;
  return /^\d+$/.test(raw) ? Number(raw) : raw;
}

async function main(): Promise<void> {
  const port = Number(process.env.PORT ?? 3000);
  const dataDir = resolve(process.env.DATA_DIR ?? 'data');
  const rubricsDir = resolve(process.env.RUBRICS_DIR ?? 'rubrics');
  const publicUrl = publicUrlFromEnv(process.env);
  let listeningPort = port;

  const rubrics = createRubricRegistry(await loadRubrics(rubricsDir, { checkedBy: BUILD_ID }));
  // A clean stop finishes the requests in flight, writes the share-link views kept in memory and closes the store.
  let beforeExit = async (): Promise<void> => undefined;
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => void beforeExit().finally(() => process.exit(0)));

  const opened = await openStore({ databaseUrl: process.env.DATABASE_URL, dataDir, poolSize: Number(process.env.PGPOOL_MAX) || undefined });
  const store = opened.store;
  beforeExit = () => opened.close();
  const services = composeServices({ store, rubrics });
  // Several instances may start at once on one database: one of them makes the key and the secrets, the others read them.
  const { created, csrfSecret } = await opened.exclusive('start-up', async () => ({
    ...(await ensureConsultantKey(services.settings, process.env.CONSULTANT_TOKEN)),
    csrfSecret: process.env.CSRF_SECRET ?? (opened.kind === 'postgres' ? await sharedSecret(services.settings, 'csrfSecret') : randomBytes(32).toString('hex')),
  }));
  if (created) {
    console.log(`Consultant key (shown once, stored only as a hash; set CONSULTANT_TOKEN to choose your own):\n  ${created}`);
  }
  const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  const app = createApp(services, {
    chromiumPath: existsSync(chromium) ? chromium : null,
    rateLimits: rateLimitsFromEnv(process.env),
    trustProxy: trustProxyFromEnv(process.env.TRUST_PROXY),
    publicUrl: publicUrl ?? (() => `http://localhost:${listeningPort}`),
    csrfSecret,
    secureCookies: process.env.COOKIE_SECURE === 'true',
    readiness: () => opened.readiness(),
  });
  // What the start read to build its memory (documents' text and parse: 25 MB of 150 at 10,000
  // assessments when no index could be trusted) is garbage now: returned before the first request.
  // A start from the index leaves too little to be worth the collection (80 ms here).
  if (opened.startLeftGarbage) compactHeap();
  // Requests are made with the app's prototypes from the start (web/http-server.ts).
  const server = httpServerFor(app).listen(port, () => {
    const address = server.address();
    listeningPort = typeof address === 'object' && address ? address.port : port;
    console.log(`Social Ownership Audit is running at http://localhost:${listeningPort}/ (data in ${opened.where})`);
    if (!publicUrl) console.log(`PUBLIC_URL is not set: share and invitation links will start with http://localhost:${listeningPort}. Set it to the address people open.`);
  });
  // After a burst that grew the heap, a moment's quiet gives the memory back (platform/idle-memory.ts).
  const stopReleasing = releaseMemoryWhenIdle(server, { busy: opened.busy });
  server.on('error', (err: NodeJS.ErrnoException) => {
    console.error(err.code === 'EADDRINUSE' ? `Port ${port} is in use; set PORT to another port.` : `Cannot listen: ${err.message}`);
    process.exit(1);
  });
  beforeExit = async () => {
    stopReleasing();
    const drained = new Promise<void>((done) => server.close(() => done()));
    server.closeIdleConnections();
    // Requests still running after 10 s are cut off; what they acknowledged is already stored.
    await Promise.race([drained, new Promise((done) => setTimeout(done, 10_000).unref())]);
    await opened.close();
  };
}

/** A secret every instance on one database shares (made once, kept in the settings). */
async function sharedSecret(settings: { getSetting(key: string): Promise<string | undefined>; setSetting(key: string, value: string): Promise<void> }, key: string): Promise<string> {
  const stored = await settings.getSetting(key);
  if (stored) return stored;
  const made = randomBytes(32).toString('hex');
  await settings.setSetting(key, made);
  return made;
}

main().catch((err: unknown) => {
  if (err instanceof RubricLoadError) {
    console.error(`Cannot start: a rubric file is invalid.\n${err.report}`);
  } else {
    console.error(`Cannot start: ${err instanceof Error ? err.message : String(err)}`);
  }
  process.exit(1);
});

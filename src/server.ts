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
import { openLowdbStore } from './storage/lowdb-store.ts';
import { lockDataDir } from './storage/data-dir-lock.ts';
import { ensureConsultantKey } from './web/consultant-auth.ts';
import { existsSync } from 'node:fs';
import { rateLimitsFromEnv } from './web/rate-limits.ts';
import { publicUrlFromEnv } from './web/public-url.ts';

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

  const rubrics = createRubricRegistry(await loadRubrics(rubricsDir));
  const unlock = lockDataDir(dataDir);
  process.on('exit', unlock);
  // Views of share links are written in batches, and the journal into the organisation files: both before a clean stop.
  let beforeExit = async (): Promise<void> => undefined;
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => void beforeExit().finally(() => process.exit(0)));

  const store = await openLowdbStore(dataDir);
  beforeExit = () => store.close();
  const services = composeServices({ store, rubrics });
  const { created } = await ensureConsultantKey(services.settings, process.env.CONSULTANT_TOKEN);
  if (created) {
    console.log(`Consultant key (shown once, stored only as a hash; set CONSULTANT_TOKEN to choose your own):\n  ${created}`);
  }
  const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  const app = createApp(services, {
    chromiumPath: existsSync(chromium) ? chromium : null,
    rateLimits: rateLimitsFromEnv(process.env),
    trustProxy: trustProxyFromEnv(process.env.TRUST_PROXY),
    publicUrl: publicUrl ?? (() => `http://localhost:${listeningPort}`),
    csrfSecret: process.env.CSRF_SECRET ?? randomBytes(32).toString('hex'),
    secureCookies: process.env.COOKIE_SECURE === 'true',
  });
  const server = app.listen(port, () => {
    const address = server.address();
    listeningPort = typeof address === 'object' && address ? address.port : port;
    console.log(`Social Ownership Audit is running at http://localhost:${listeningPort}/ (data in ${store.dir})`);
    if (!publicUrl) console.log(`PUBLIC_URL is not set: share and invitation links will start with http://localhost:${listeningPort}. Set it to the address people open.`);
  });
  server.on('error', (err: NodeJS.ErrnoException) => {
    console.error(err.code === 'EADDRINUSE' ? `Port ${port} is in use; set PORT to another port.` : `Cannot listen: ${err.message}`);
    process.exit(1);
  });
}

main().catch((err: unknown) => {
  if (err instanceof RubricLoadError) {
    console.error(`Cannot start: a rubric file is invalid.\n${err.report}`);
  } else {
    console.error(`Cannot start: ${err instanceof Error ? err.message : String(err)}`);
  }
  process.exit(1);
});

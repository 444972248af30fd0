/**
 * The site Lighthouse visits: the compiled server on a throwaway DATA_DIR,
 * seeded through the API as a client and a consultant would fill it (a dozen
 * submitted assessments, three of them one organisation's history, and one
 * answered draft). The consultant's pages are visited with the consultant's
 * key (CONSULTANT_TOKEN) as a Bearer header on every request of the run.
 */
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { formSteps } from '../../src/web/form-steps.ts';
import { BENCH_CONSULTANT_KEY, sampleAnswerSets } from './generate-data.ts';
import { startServer } from './server-process.ts';
import { ROOT, shippedRubric } from './shipped-rubric.ts';

export interface SitePage {
  name: string;
  path: string;
  /** Sent with every request of the page's run (the consultant's key). */
  headers?: Record<string, string>;
}

const SECTORS = ['retail', 'nonprofit', 'education', 'public-sector'];

async function createAssessment(origin: string, body: object): Promise<string> {
  const res = await fetch(`${origin}/api/assessments`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  if (res.status !== 201) throw new Error(`seeding: POST /api/assessments answered ${res.status}: ${await res.text()}`);
  return ((await res.json()) as { id: string }).id;
}

/** Seeds the store; returns the newest report of the organisation with a history, and the draft. */
async function seed(origin: string): Promise<{ reportId: string; draftId: string }> {
  const answerSets = sampleAnswerSets(await shippedRubric(), 12, 0x1164);
  let reportId = '';
  for (const [i, answers] of answerSets.entries()) {
    const name = i < 3 ? 'Lighthouse Harbour Trust' : `Lighthouse client ${i}`;
    const id = await createAssessment(origin, { organisation: { name, sector: SECTORS[i % SECTORS.length], size: '10-49' }, respondent: { role: 'leadership' }, answers, status: 'submitted' });
    if (i < 3) reportId = id;
  }
  const draftId = await createAssessment(origin, { organisation: { name: 'Lighthouse draft Ltd', sector: 'retail', size: '10-49' }, answers: answerSets[0], status: 'draft' });
  return { reportId, draftId };
}

export async function startSite(): Promise<{ origin: string; pages: SitePage[]; stop: () => Promise<void> }> {
  const logDir = join(ROOT, 'test-output', 'bench');
  await mkdir(logDir, { recursive: true });
  const dataDir = await mkdtemp(join(tmpdir(), 'social-audit-lighthouse-'));
  const server = await startServer({ dataDir, env: { CONSULTANT_TOKEN: BENCH_CONSULTANT_KEY }, logFile: join(logDir, 'server-lighthouse.log') }).catch(async (err: Error) => {
    await rm(dataDir, { recursive: true, force: true });
    throw err;
  });
  const stop = async () => {
    await server.stop();
    await rm(dataDir, { recursive: true, force: true });
  };
  try {
    const { reportId, draftId } = await seed(server.origin);
    // The key as scripts send it: a session cookie handed over as a header reached the server as 401 in a first try.
    const consultant = { authorization: `Bearer ${BENCH_CONSULTANT_KEY}` };
    const steps = formSteps(await shippedRubric()).map((s) => ({ name: `Form: ${s.title}`, path: `/assessments/${draftId}/edit/${s.id}` }));
    const pages: SitePage[] = [
      { name: 'Home', path: '/' },
      { name: 'Form: blank', path: '/assessments/new' },
      ...steps,
      { name: 'Report', path: `/assessments/${reportId}` },
      { name: 'Report, consultant', path: `/assessments/${reportId}`, headers: consultant },
      { name: 'Dashboard', path: '/consultant', headers: consultant },
    ];
    return { origin: server.origin, pages, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}

/**
 * Run by crash.test.ts: submits assessments in a loop into DATA_DIR and prints
 * each id once its write is acknowledged. The parent kills it with SIGKILL.
 * Checkpoints start 5 ms after a change, so kills also land part-way through
 * one (journal rotation, organisation files, removal of the old journal).
 */
import { openLowdbStore } from '../../src/storage/lowdb-store.ts';
import { composeServices } from '../../src/compose.ts';
import { createRubricRegistry } from '../../src/core/rubric/registry.ts';
import { loadRubrics } from '../../src/rubric-files/load-rubrics.ts';
import { WELL_PREPARED } from '../fixtures/answer-sets.ts';
import { writeSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const RUBRICS_DIR = fileURLToPath(new URL('../../rubrics', import.meta.url));

const store = await openLowdbStore(process.argv[2]!, { delayMs: 5 });
const rubrics = createRubricRegistry(await loadRubrics(RUBRICS_DIR));
const service = composeServices({ store, rubrics }).assessments;
const orgs = (await store.listOrganisations()).map((o) => o.id);
for (let i = 0; ; i++) {
  // Half join an existing organisation (a rewrite of a file that has data), half start a new one.
  const orgId = i % 2 === 1 && orgs.length ? orgs[i % orgs.length] : undefined;
  const a = await service.create({}, { organisation: { name: `Crash ${i}` }, respondent: {}, answers: WELL_PREPARED, notes: {} }, 'submitted', { organisationId: orgId });
  if (!orgId) orgs.push(a.organisationId);
  writeSync(1, `${a.id}\n`);
}

import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { parseRubric } from '../../src/core/rubric/parse-rubric.ts';
import { createRubricRegistry } from '../../src/core/rubric/registry.ts';
import { buildTestApp, RUBRICS_DIR, shippedRubrics } from '../helpers/app.ts';
import { WELL_PREPARED_V1 as WELL_PREPARED } from '../fixtures/answer-sets.ts';
import { answerFields, draftPages, openForm, startDraft, textOf } from './form-agent.ts';

async function twoVersions() {
  const doc = parse(await readFile(join(RUBRICS_DIR, 'social-ownership-1.0.0.yaml'), 'utf8'));
  doc.version = '1.1.0';
  doc.questions[0].prompt = 'Version 1.1.0: how much communication experience does the owner have?';
  const parsed = parseRubric(doc);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
  return createRubricRegistry([(await shippedRubrics()).get('social-ownership', '1.0.0')!, parsed.rubric]);
}

describe('choosing among several rubrics', () => {
  it('when there is more than one rubric, then the form offers the choice, shows the chosen one, and the assessment is pinned to it', async () => {
    const { app, store } = await buildTestApp({ rubrics: await twoVersions() });
    const newest = await openForm(app);
    expect(newest.page.text).toContain('<form method="get" action="/assessments/new" class="rubric-chooser">');
    const newestDraft = await startDraft(app, { organisationName: 'Newest Ltd' });
    expect(textOf(await draftPages(newestDraft.agent, newestDraft.id))).toContain('Version 1.1.0: how much communication experience');

    const older = await openForm(app, '/assessments/new?rubric=social-ownership@1.0.0');
    expect(older.page.text).toContain('name="rubric" value="social-ownership@1.0.0"');
    const olderDraft = await startDraft(app, { rubric: 'social-ownership@1.0.0', organisationName: 'Older Ltd' }, '/assessments/new?rubric=social-ownership@1.0.0');
    expect(textOf(await draftPages(olderDraft.agent, olderDraft.id))).not.toContain('Version 1.1.0:');
    const sent = await older.agent.post('/assessments').type('form').send({ ...older.hidden, rubric: 'social-ownership@1.0.0', organisationName: 'Pinned Ltd', ...answerFields(WELL_PREPARED), intent: 'submit' }).expect(303);
    expect((await store.get(sent.headers.location!.split('/')[2]!))!.rubricVersion).toBe('1.0.0');
  });
});

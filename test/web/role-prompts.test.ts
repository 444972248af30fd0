import { describe, expect, it } from 'vitest';
import request from 'supertest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { buildTestApp, CONSULTANT_KEY, RUBRICS_DIR } from '../helpers/app.ts';
import { parseRubric } from '../../src/core/rubric/parse-rubric.ts';
import { createRubricRegistry } from '../../src/core/rubric/registry.ts';
import { WELL_PREPARED, WELL_PREPARED_V1 } from '../fixtures/answer-sets.ts';
import { draftPages, textOf } from './form-agent.ts';

/** The shipped rubric as a 1.0.1 whose question on how the owner was chosen speaks to the proposed owner as "you". */
function rubricWithRolePrompts(extra: Record<string, string> = {}) {
  const document = parseYaml(readFileSync(join(RUBRICS_DIR, 'social-ownership-1.0.0.yaml'), 'utf8'));
  document.version = '1.0.1';
  document.questions.find((q: { id: string }) => q.id === 'owner-how-chosen').rolePrompts = { 'proposed-owner': 'How were you chosen to run the social media?', ...extra };
  return parseRubric(document);
}

describe('per-role prompts', () => {
  it('when the proposed owner opens their invitation, then the question speaks to them as "you"; a leader and a single assessment read the usual prompt', async () => {
    const parsed = rubricWithRolePrompts();
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
    const { app } = await buildTestApp({ rubrics: createRubricRegistry([parsed.rubric]), rateLimits: 'off' });
    const first = await request(app).post('/api/assessments').send({ organisation: { name: 'Plain Words Ltd' }, answers: WELL_PREPARED_V1 }).expect(201);
    const auth = { Authorization: `Bearer ${CONSULTANT_KEY}` };
    const orgId = (await request(app).get(`/api/assessments/${first.body.id}`).set(auth)).body.organisationId;
    const round = await request(app).post(`/api/organisations/${orgId}/rounds`).set(auth).send({ roles: ['leadership', 'proposed-owner'], invitedBy: 'Alex Morgan' }).expect(201);
    const [leaders, owner] = round.body.invitations as Array<{ token: string }>;

    // The invitation opens on the paged form's first page (the welcome); the questions are on the pages after it.
    expect(textOf((await request(app).get(`/r/${owner!.token}`).expect(200)).text)).toContain('Alex Morgan invited you to give your view of how Plain Words Ltd runs its social media, as the person proposed to run its social media');
    const draftOf = async (invitation?: string) =>
      (await request(app).post('/api/assessments').send({ ...(invitation ? { invitation } : { organisation: { name: 'Plain Words Ltd' } }), answers: { 'owner-how-chosen': 'volunteered' }, status: 'draft' }).expect(201)).body.id as string;
    const ownerForm = textOf(await draftPages(request.agent(app), await draftOf(owner!.token)));
    expect(ownerForm).toContain('How were you chosen to run the social media?');
    expect(ownerForm).not.toContain('How was the proposed owner chosen?');
    expect(textOf(await draftPages(request.agent(app), await draftOf(leaders!.token)))).toContain('How was the proposed owner chosen?');
    expect(textOf(await draftPages(request.agent(app), await draftOf()))).toContain('How was the proposed owner chosen?');
  });

  it('when the proposed owner answers the shipped rubric through an invitation, then every question about the owner speaks to them', async () => {
    const { app, rubrics } = await buildTestApp({ rateLimits: 'off' });
    const first = await request(app).post('/api/assessments').send({ organisation: { name: 'Second Person Ltd' }, answers: WELL_PREPARED }).expect(201);
    const auth = { Authorization: `Bearer ${CONSULTANT_KEY}` };
    const orgId = (await request(app).get(`/api/assessments/${first.body.id}`).set(auth)).body.organisationId;
    const round = await request(app).post(`/api/organisations/${orgId}/rounds`).set(auth).send({ roles: ['proposed-owner'] }).expect(201);
    const draft = await request(app).post('/api/assessments').send({ invitation: round.body.invitations[0].token, answers: {}, status: 'draft' }).expect(201);
    const form = textOf(await draftPages(request.agent(app), draft.body.id));
    const worded = rubrics.defaultRubric().questions.filter((q) => q.rolePrompts?.['proposed-owner']);
    expect(worded.length).toBeGreaterThanOrEqual(8);
    for (const q of worded) {
      expect(form).toContain(q.rolePrompts!['proposed-owner']!);
      expect(form).not.toContain(q.prompt);
    }
  });

  it('when a role prompt names a role that does not exist, then the rubric is refused naming the field', () => {
    const parsed = rubricWithRolePrompts({ ceo: 'How did you choose?' });
    expect(parsed.ok).toBe(false);
    expect(JSON.stringify(!parsed.ok && parsed.problems)).toContain('rolePrompts');
  });
});

/** Drives the HTML form the way a browser does: fetch the page, keep its cookies, send its hidden fields back. */
import request from 'supertest';
import type { Express } from 'express';
import { WELL_PREPARED } from '../fixtures/answer-sets.ts';
import { CONSULTANT_KEY } from '../helpers/app.ts';

export function hiddenField(html: string, name: string): string {
  const m = new RegExp(`name="${name}" value="([^"]*)"`).exec(html);
  if (!m) throw new Error(`no hidden field ${name}`);
  return m[1]!;
}

export async function openForm(app: Express, path = '/assessments/new', agent = request.agent(app)) {
  const page = await agent.get(path).expect(200);
  const hidden = { _csrf: hiddenField(page.text, '_csrf'), nonce: hiddenField(page.text, 'nonce') };
  return { agent, page, hidden };
}

export type Fields = Record<string, string>;

export function answerFields(answers: Record<string, string>): Fields {
  return Object.fromEntries(Object.entries(answers).map(([q, v]) => [`answer-${q}`, v]));
}

export const completeForm = (name = 'Harbour Bakery Ltd'): Fields => ({
  organisationName: name,
  sector: 'retail',
  size: '10-49',
  role: 'leadership',
  ...answerFields(WELL_PREPARED),
});

/** The text of a page with tags removed and entities of the app's escaping decoded, for reading like a person. */
export function textOf(html: string): string {
  return html
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#x27;|&#39;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&#x3D;/g, '=')
    .replace(/&#x60;/g, '`')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ');
}

/** A browser signed in as the consultant (its cookies kept). */
export async function consultantAgent(app: Express) {
  const agent = request.agent(app);
  const page = await agent.get('/consultant/sign-in').expect(200);
  await agent.post('/consultant/sign-in').type('form').send({ _csrf: hiddenField(page.text, '_csrf'), key: CONSULTANT_KEY }).expect(303);
  return agent;
}

type Agent = ReturnType<typeof request.agent>;

/** Fills in the paged form's first page and presses Next: the draft it makes. */
export async function startDraft(app: Express, fields: Fields, path = '/assessments/new', agent = request.agent(app)) {
  const { hidden } = await openForm(app, path, agent);
  const res = await agent.post('/assessments').type('form').send({ ...hidden, step: 'organisation', ...fields, intent: 'next' }).expect(303);
  const id = /^\/assessments\/([\w-]{22})\/edit\//.exec(res.headers.location!)![1]!;
  return { agent, id };
}

/** Every page of a draft's paged form, joined: all that the one-page form used to show. */
export async function draftPages(agent: Agent, id: string): Promise<string> {
  const first = (await agent.get(`/assessments/${id}/edit/organisation`).expect(200)).text;
  const steps = [...first.matchAll(/name="goto" value="([\w-]+)"/g)].map((m) => m[1]!).slice(1);
  const pages = [first];
  for (const step of steps) pages.push((await agent.get(`/assessments/${id}/edit/${step}`).expect(200)).text);
  return pages.join('\n');
}

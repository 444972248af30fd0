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

import { describe, expect, it } from 'vitest';
import request from 'supertest';
import { buildTestApp, CONSULTANT_KEY } from '../helpers/app.ts';
import { SCENARIOS, WELL_PREPARED } from '../fixtures/answer-sets.ts';
import { textOf } from './form-agent.ts';
import { REFERENCES } from '../../src/core/argument/references.ts';

const AUTH = { Authorization: `Bearer ${CONSULTANT_KEY}` };
const answersFor = (code: string) => SCENARIOS.find((s) => s.code === code)!.answers;

async function submitted(answers: Record<string, string>, options: { publicUrl?: string } = {}) {
  const built = await buildTestApp(options);
  const res = await request(built.app).post('/api/assessments').send({ organisation: { name: 'Harbour Bakery Ltd', sector: 'retail', size: '10-49' }, respondent: { role: 'communications' }, answers }).expect(201);
  return { ...built, id: res.body.id as string };
}

/** The markup of the element with this id, up to its closing tag (sections and details do not nest in these pages). */
const section = (html: string, headingId: string): string => {
  const start = html.lastIndexOf('<section', html.indexOf(`id="${headingId}"`));
  return html.slice(start, html.indexOf('</section>', start));
};

describe('the report in plain words', () => {
  it('when a member of the public reads the report, then the headline is the recommendation in words and its code is nowhere on the page', async () => {
    const { app, id } = await submitted(answersFor('educate-leadership-first'));
    const html = (await request(app).get(`/assessments/${id}`).expect(200)).text;
    expect(textOf(/<h2 id="recommendation-title">[^<]*<\/h2>/.exec(html)![0]).trim()).toBe('Educate the leaders first, then decide ownership');
    expect(html).not.toContain('educate-leadership-first');
    const consultant = (await request(app).get(`/assessments/${id}`).set(AUTH).expect(200)).text;
    expect(textOf(consultant)).toMatch(/Code for exports: educate-leadership-first/);
  });

  it('when the report cites claims and sources, then every link inside the page leads to an element on the same page, and each claim id is such a link', async () => {
    const { app, id } = await submitted(answersFor('develop-owner-capability'));
    const html = (await request(app).get(`/assessments/${id}`).expect(200)).text;
    const targets = [...html.matchAll(/href="#([^"]+)"/g)].map((m) => m[1]!);
    expect(targets).toContain('claim-C4');
    expect(targets).toContain('source-the-post');
    for (const target of new Set(targets)) expect(html, `#${target}`).toContain(`id="${target}"`);
    // The rationale's "(C4)" is a link to the claim, not bare text.
    const why = html.slice(html.indexOf('<ul class="rationale">'), html.indexOf('</ul>', html.indexOf('<ul class="rationale">')));
    expect(why).toMatch(/<a href="#claim-C4" class="claim-ref"[^>]*>C4<\/a>/);
    // With the links taken out, no claim id is left as bare text.
    expect(textOf(why.replace(/<a [^>]*>[^<]*<\/a>/g, ''))).not.toMatch(/\b[PC]\d\b/);
    const claims = textOf(section(html, 'claims-title'));
    expect(claims).toContain('C4 Register. Engaging customers on a social platform is not engaging them with the language and attitude used with friends.');
  });

  it('when the report is read, then each source is explained once in a sentence under Sources, and the first mention of the post links there', async () => {
    const { app, id } = await submitted(answersFor('develop-owner-capability'));
    const html = (await request(app).get(`/assessments/${id}`).expect(200)).text;
    const sources = textOf(section(html, 'sources-title'));
    for (const ref of REFERENCES) expect(sources).toContain(`${ref.name} ${ref.sentence.slice(0, 30)}`.replace(/’/g, '’'));
    expect(sources).toContain('Web 2.0 conference in San Francisco');
    // The first "the post" in the report body is the one linked; later mentions stay plain text.
    const body = html.slice(html.indexOf('id="recommendation-title"'), html.indexOf('id="claims-title"'));
    const firstPost = body.search(/the post/i);
    expect(body.slice(firstPost - 60, firstPost)).toContain('href="#source-the-post"');
    expect(body.match(/href="#source-the-post"/g)).toHaveLength(1);
    expect(body).toContain('href="#source-nestle-2010"');
  });

  it('when a flag has two possible reasons and one applied, then the flag says which answer raised it and not the other', async () => {
    // control-mindset: complaints deleted OR social media "for telling people what we want them to hear"; only the first holds here.
    const { app, id } = await submitted({ ...answersFor('educate-leadership-first'), 'leaders-purpose': 'reach' });
    const flags = textOf(section((await request(app).get(`/assessments/${id}`).expect(200)).text, 'flags-title'));
    const control = flags.slice(flags.indexOf('Leaders treat social media'), flags.indexOf('high', flags.indexOf('Leaders treat social media')));
    expect(control).toContain('Raised because you answered “Asked for it to be deleted or hidden” to “What did the leaders do the last time a customer complained about the organisation in public online?”');
    expect(control).not.toContain('Which comes closest to how the leaders describe what social media is for?');
    expect(flags).not.toMatch(/control-mindset|social-as-play/);
  });

  it('when most answers of a facet are "not sure", then its score is shown as mostly not known, apart from low scores, and the questions are listed to find out', async () => {
    const answers = { ...WELL_PREPARED, 'leaders-education': 'unsure', 'leaders-peer-exchange': 'unsure' };
    const { app, id, service } = await submitted(answers);
    const stored = await service.get(id);
    expect(stored.result!.dimensions.leadership!.facets['peer-education']!.band).toBe('low');
    const html = (await request(app).get(`/assessments/${id}`).expect(200)).text;
    const scores = textOf(section(html, 'scores-title'));
    expect(scores).toMatch(/Peer education \d+ Mostly not known 1 of 3 answered; 2 not known/);
    expect(scores).not.toMatch(/Peer education \d+ Low/);
    expect(scores).toMatch(/Digital understanding \d+ Strong all 3 answered/);
    const findOut = textOf(section(html, 'find-out-title'));
    expect(findOut).toContain('2 answers are not known');
    expect(findOut).toMatch(/Ask The leaders .*In the last two years, have the senior leaders learned about social media .* not sure/);
    expect(findOut).toMatch(/talk with their counterparts .* not sure/);
  });

  it('when a signed-in consultant reads a report, then their panel comes first, open, with a way back to the dashboard; a public reader gets neither', async () => {
    const { app, id } = await submitted(answersFor('formalise-mandate'));
    const consultant = (await request(app).get(`/assessments/${id}`).set(AUTH).expect(200)).text;
    const panel = consultant.indexOf('<details class="section consultant-panel no-print" open>');
    expect(panel).toBeGreaterThan(0);
    expect(panel).toBeLessThan(consultant.indexOf('id="recommendation-title"'));
    expect(panel).toBeLessThan(consultant.indexOf('<h1>'));
    expect(consultant).toContain('<a class="header-link" href="/consultant">Back to the dashboard</a>');
    expect((await request(app).get('/consultant').set(AUTH).expect(200)).text, 'no link to the page itself').not.toContain('Back to the dashboard');
    const pub = (await request(app).get(`/assessments/${id}`).expect(200)).text;
    expect(pub).not.toContain('consultant-panel');
    expect(pub).not.toContain('Back to the dashboard');
    expect(textOf(pub)).not.toContain('For the consultant');
  });

  it("when the respondent reads the report, then it shows its own full address with a copy button and says it is the only way back; a share link's reader does not get it", async () => {
    const { app, id, services } = await submitted(answersFor('formalise-mandate'), { publicUrl: 'https://audit.example.org' });
    const html = (await request(app).get(`/assessments/${id}`).expect(200)).text;
    expect(html).toContain(`<code class="share-url" id="report-address">https://audit.example.org/assessments/${id}</code>`);
    expect(html).toMatch(/<button type="button" class="button button-secondary copy-button" data-copy="report-address" hidden>/);
    expect(html).toMatch(/<script src="\/static\/copy-link\.js(\?v=[\w-]+)?" defer><\/script>/);
    expect(textOf(html)).toContain('Keep this address: it is the only way back to this report.');
    const link = await services.sharing.create(id, { days: 7 });
    const shared = (await request(app).get(`/s/${link.token}`).expect(200)).text;
    expect(shared).not.toContain(`/assessments/${id}`);
    expect(shared).not.toContain('report-address');
  });
});

describe('the consultant sign-in page', () => {
  it('when someone opens it, then the hint tells them whom to ask for the key, without naming a setting of the server', async () => {
    const { app } = await buildTestApp();
    const text = textOf((await request(app).get('/consultant/sign-in').expect(200)).text);
    expect(text).toContain('ask whoever runs this server for the consultant key');
    expect(text).not.toContain('CONSULTANT_TOKEN');
  });
});

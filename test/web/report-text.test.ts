import { describe, expect, it } from 'vitest';
import { claimLine, reportLinker } from '../../src/web/presenters/report-text.ts';

const CLAIMS = [
  { id: 'C4', text: 'Register: engaging customers is not talking to friends.' },
  { id: 'P2', text: 'Mandate from the top: set by top management.' },
];

describe('reportLinker', () => {
  it('when a sentence names claims, then each known id becomes a link to its claim and unknown ids stay text', () => {
    const { link } = reportLinker(CLAIMS);
    expect(link('As the post says (C4, P2, C7).')).toBe(
      'As <a href="#source-the-post" class="source-ref">the post</a> says (<a href="#claim-C4" class="claim-ref" title="Register">C4</a>, <a href="#claim-P2" class="claim-ref" title="Mandate from the top">P2</a>, C7).',
    );
  });

  it('when a source is mentioned twice across sentences, then only the first mention is linked', () => {
    const { link } = reportLinker(CLAIMS);
    expect(link("The post's test")).toContain('href="#source-the-post"');
    expect(link('the post again')).toBe('the post again');
    expect(link("Nestlé's Facebook page in 2010 and Nestlé")).toBe('<a href="#source-nestle-2010" class="source-ref">Nestlé&#39;s Facebook page in 2010</a> and Nestlé');
  });

  it('when rubric text carries markup, then it is escaped and only the app\'s own links are markup', () => {
    const { link } = reportLinker(CLAIMS);
    const html = link('<img src=x onerror="alert(1)"> C4 "the posting"');
    expect(html).toBe('&lt;img src&#x3D;x onerror&#x3D;&quot;alert(1)&quot;&gt; <a href="#claim-C4" class="claim-ref" title="Register">C4</a> &quot;the posting&quot;');
  });

  it('when a claim is written as a name, a colon and a sentence, then the line keeps both apart', () => {
    expect(claimLine(CLAIMS[0]!)).toEqual({ id: 'C4', anchor: 'claim-C4', name: 'Register', sentence: 'Engaging customers is not talking to friends.' });
    expect(claimLine({ id: 'C9', text: 'no name here' })).toMatchObject({ name: '', sentence: 'No name here' });
  });
});

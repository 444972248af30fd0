/**
 * The sources the rubric's texts cite, each explained once in a sentence, so a
 * report can list them and link their first mention. `mentions` are the ways
 * the texts name a source, longest first, matched as written (case-insensitive).
 * The wording follows docs/argument.md ("Where this product goes beyond the post").
 */
export interface Reference {
  id: string;
  name: string;
  sentence: string;
  mentions: string[];
}

export const REFERENCES: readonly Reference[] = [
  {
    id: 'the-post',
    name: 'The post',
    sentence:
      'The blog post this audit is built on, written after a talk at a Web 2.0 conference in San Francisco where the speaker was asked who in a business owns social media; it reports the speaker’s answer (P1, P2) and argues against it (C1 to C9).',
    mentions: ["the post's", 'the post’s', 'the post'],
  },
  {
    id: 'nestle-2010',
    name: 'Nestlé’s Facebook page in 2010',
    sentence:
      'The example the post cites: in March 2010 the administrator of Nestlé’s Facebook page, facing public criticism over palm oil, threatened to delete posts and answered sarcastically, and the backlash grew.',
    mentions: ["Nestlé's Facebook page in 2010", 'Nestlé’s Facebook page in 2010', "Nestlé's page in 2010", 'Nestlé’s page in 2010', "Nestlé's", 'Nestlé’s', 'Nestlé'],
  },
  {
    id: 'terpening-li-2014',
    name: 'Terpening and Li (2014)',
    sentence: 'A study of social business governance that found many organisations could not say who owns social media; not part of the post.',
    mentions: ['Terpening and Li (2014)', 'Terpening and Li'],
  },
  {
    id: 'macnamara-2011',
    name: 'Macnamara (2011)',
    sentence: 'A 2011 survey of organisations in Australia: two thirds gave no social media training, and more than 65% had no specific social media policy; not part of the post.',
    mentions: ['Macnamara (2011)', 'Macnamara'],
  },
  {
    id: 'li-solis-2013',
    name: 'Li and Solis (2013)',
    sentence:
      'A 2013 study of executive sponsorship of social media, which found that a central social media team needs authority from executives and that half of executives were "not informed, engaged, or aligned"; not part of the post.',
    mentions: ['Li and Solis (2013)', 'Li and Solis'],
  },
  {
    id: 'altimeter-2011',
    name: 'Altimeter (2011)',
    sentence: 'A 2011 study by the research firm Altimeter of 50 social media crises, which judged 76% of them preventable or reducible with preparation; not part of the post.',
    mentions: ['Altimeter (2011)', "Altimeter's 2011 study", 'Altimeter'],
  },
];

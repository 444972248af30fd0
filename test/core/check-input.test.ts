import { describe, expect, it } from 'vitest';
import { checkInput } from '../../src/core/assessment/check-input.ts';
import { fixtureRubric } from './fixture-rubric.ts';

const rubric = fixtureRubric();
const base = { organisation: { name: 'Acme' }, respondent: {}, answers: {}, notes: {} };

describe('checkInput', () => {
  it.each([
    ['a missing organisation name', { ...base, organisation: { name: '  ' } }, 'draft', [{ field: 'organisation.name', message: 'enter the name of your organisation' }]],
    ['an over-long name', { ...base, organisation: { name: 'x'.repeat(201) } }, 'draft', [{ field: 'organisation.name', message: 'must be at most 200 characters; got 201' }]],
    ['an unknown sector', { ...base, organisation: { name: 'A', sector: 'mining' } }, 'draft', [{ field: 'organisation.sector', message: expect.stringMatching(/must be one of .*; got "mining"/) }]],
    ['an unknown question', { ...base, answers: { nope: 'yes' } }, 'draft', [{ field: 'answers.nope', message: 'unknown question "nope" in rubric fixture@1.0.0' }]],
    ['a value not in the rubric', { ...base, answers: { qa1: '7' } }, 'draft', [{ field: 'answers.qa1', message: 'answer for "qa1" must be one of no, partly, yes, unsure; got "7"' }]],
    ['an over-long note', { ...base, notes: { qa1: 'n'.repeat(2001) } }, 'draft', [{ field: 'notes.qa1', message: 'must be at most 2000 characters; got 2001' }]],
    ['a draft with no answers', base, 'draft', []],
    ['a submission missing required answers', { ...base, answers: { qa1: 'yes' } }, 'submitted', [
      { field: 'answers.qa1b', message: 'choose an answer to this question' },
      { field: 'answers.qa2', message: 'choose an answer to this question' },
    ]],
    ['a submission missing only an optional answer', { ...base, answers: { qa1: 'yes', qa1b: 'no', qa2: 'unsure' } }, 'submitted', []],
  ] as const)('when the input has %s, then the errors name the fields', (_name, input, status, expected) => {
    expect(checkInput(rubric, input as never, status)).toEqual(expected);
  });
});

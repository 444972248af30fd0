/**
 * The roles of the people who answer an audit: the ids once, stored in
 * assessments, invitations, rubrics (role prompts) and exports, so they never change.
 * Each role is labelled in two places, worded for each:
 */
export const ROLES = ['leadership', 'communications', 'proposed-owner', 'other'] as const;
export type Role = (typeof ROLES)[number];

export const isRole = (x: unknown): x is Role => typeof x === 'string' && (ROLES as readonly string[]).includes(x);

/** A respondent's own role, as they pick it on the form and see it on their report. */
export const RESPONDENT_ROLE_LABELS: Record<Role, string> = {
  leadership: 'Leadership or management',
  communications: 'Communications, marketing or PR',
  'proposed-owner': 'The proposed social media owner',
  other: 'Other staff',
};

/** A role group of a round: its invitations and the group's line in the round's results. */
export const ROLE_GROUP_LABELS: Record<Role, string> = {
  leadership: 'Leaders',
  communications: 'Communications, marketing or PR',
  'proposed-owner': 'The proposed owner',
  other: 'Other staff',
};

const optionsOf = (labels: Record<Role, string>) => ROLES.map((value) => ({ value, label: labels[value] }));

/** The form's choices for a respondent's own role, in order. */
export const RESPONDENT_ROLE_OPTIONS = optionsOf(RESPONDENT_ROLE_LABELS);
/** The choices of role group when inviting people to a round, in order. */
export const ROLE_GROUP_OPTIONS = optionsOf(ROLE_GROUP_LABELS);

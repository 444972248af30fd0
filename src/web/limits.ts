/** Request limits, documented in docs/operations.md. */
export const BODY_LIMIT = '100kb';
/** Form fields: 4 profile fields, an answer and a note per question, with room for a rubric of 150 questions. */
export const MAX_FORM_FIELDS = 320;
/** POST /api/import takes a whole portfolio (about 10 kB per assessment); larger ones: `social-audit import`. */
export const IMPORT_BODY_LIMIT = '20mb';

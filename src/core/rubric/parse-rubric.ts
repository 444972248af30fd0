import { rubricSchema, type Rubric } from './schema.ts';
import { checkReferences, type RubricProblem } from './check-references.ts';

export type ParseResult = { ok: true; rubric: Rubric } | { ok: false; problems: RubricProblem[] };

/** Validates a parsed rubric document (from YAML or JSON): shape first, then references. */
export function parseRubric(document: unknown): ParseResult {
  const shape = rubricSchema.safeParse(document);
  if (!shape.success) {
    return {
      ok: false,
      problems: shape.error.issues.map((issue) => ({
        path: issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p)),
        message: describeIssue(issue),
      })),
    };
  }
  const problems = checkReferences(shape.data);
  return problems.length ? { ok: false, problems } : { ok: true, rubric: shape.data };
}

function describeIssue(issue: { code: string; message: string; keys?: string[] }): string {
  if (issue.code === 'unrecognized_keys' && issue.keys) return `unknown key${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')}`;
  return issue.message;
}

/** `questions[3].options[0].score` */
export function formatPath(path: Array<string | number>): string {
  return path.reduce<string>((out, p) => (typeof p === 'number' ? `${out}[${p}]` : out ? `${out}.${p}` : p), '') || '(top level)';
}

export function formatProblems(source: string, problems: RubricProblem[]): string {
  return problems.map((p) => `${source}: ${formatPath(p.path)}: ${p.message}`).join('\n');
}

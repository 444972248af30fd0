/** The rubrics the app knows, by id and version; the latest version of an id wins by default. */
import type { Rubric } from './schema.ts';

/** One version of one rubric. Where either part may be left out (`Partial<RubricRef>`), the registry's default fills it. */
export interface RubricRef {
  id: string;
  version: string;
}

export interface RubricSummary {
  id: string;
  version: string;
  title: string;
  default: boolean;
}

export interface RubricRegistry {
  list(): RubricSummary[];
  get(id: string, version?: string): Rubric | undefined;
  defaultRubric(): Rubric;
}

export function compareVersions(a: string, b: string): number {
  const [coreA = '', preA] = a.split('-', 2);
  const [coreB = '', preB] = b.split('-', 2);
  const pa = coreA.split('.').map(Number);
  const pb = coreB.split('.').map(Number);
  for (let i = 0; i < 3; i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  if (preA === preB) return 0;
  if (preA === undefined) return 1; // a release is newer than its pre-release
  if (preB === undefined) return -1;
  return preA < preB ? -1 : 1;
}

export function createRubricRegistry(rubrics: Rubric[]): RubricRegistry {
  if (rubrics.length === 0) throw new Error('no rubric loaded');
  const sorted = [...rubrics].sort((a, b) => a.id.localeCompare(b.id) || compareVersions(b.version, a.version));
  const latest = (id: string) => sorted.find((r) => r.id === id);
  const fallback = sorted.find((r) => r.default) ?? sorted[0]!;
  const defaultRubric = latest(fallback.id)!;
  return {
    list: () => sorted.map((r) => ({ id: r.id, version: r.version, title: r.title, default: r === defaultRubric })),
    get: (id, version) => (version ? sorted.find((r) => r.id === id && r.version === version) : latest(id)),
    defaultRubric: () => defaultRubric,
  };
}

/** The shapes of scores, apart from how they are computed, so the condition language can read them without an import cycle. */
import type { Band } from '../rubric/schema.ts';
import type { SCALE_MAX } from './scale.ts';

export type Answers = Readonly<Record<string, string>>;

export interface Contribution {
  questionId: string;
  value: string | null;
  score: number;
  maxScore: typeof SCALE_MAX;
  weight: number;
  unsure: boolean;
  /** Set when the question did not apply to these answers. */
  notApplicable?: true;
}

export interface FacetScore {
  id: string;
  title: string;
  weight: number;
  score: number;
  band: Band;
  contributions: Contribution[];
}

export interface DimensionScore {
  id: string;
  title: string;
  weight: number;
  score: number;
  band: Band;
  /** Share of this dimension's question weight answered with certainty; absent in results stored before 2.0.0. */
  confidence?: number;
  facets: Record<string, FacetScore>;
}

export interface Scores {
  overall: number;
  band: Band;
  confidence: number;
  dimensions: Record<string, DimensionScore>;
}

/**
 * Writes a realistic data folder for the benchmark, in the store's own format
 * (DATA_DIR/meta.json and DATA_DIR/orgs/<id>.json, schema version 2), without
 * going through the store: each store write fsyncs, which would make 10,000
 * assessments take minutes. The server checks every file at start-up, so a
 * folder that does not fit the schema stops the bench there.
 *
 * Organisations hold 1-5 submitted assessments each (a few also a draft), with
 * answers from `answer-mix.ts`, results from the real `evaluate()` (stored
 * compact, as the app stores them), and
 * submission dates over the two years before `now`. Everything comes from a
 * seeded PRNG and the given clock, so a size always gives the same folder.
 *
 * Run alone: node --import tsx test/bench/generate-data.ts <assessments> <folder>
 */
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { evaluate } from '../../src/core/evaluate.ts';
import { compactResult } from '../../src/core/assessment/compact-result.ts';
import { SECTORS, SIZES } from '../../src/core/assessment/profile-options.ts';
import { RESPONDENT_ROLE_OPTIONS } from '../../src/core/roles.ts';
import type { Rubric } from '../../src/core/rubric/schema.ts';
import { SCHEMA_VERSION, type Meta, type OrgDocument, type StoredAssessment } from '../../src/storage/org-document.ts';
import type { ShareLink } from '../../src/core/sharing/share-link.ts';
import { createAnswerMix } from './answer-mix.ts';
import { seededRandom, type Random } from './prng.ts';
import { shippedRubric } from './shipped-rubric.ts';

/** Bump when the generated data changes shape or content: cached folders of another version are not reused. */
export const GENERATOR_VERSION = 2;
export const BENCH_CONSULTANT_KEY = 'bench-consultant-key-not-a-secret-0123456789';

const DAY = 86_400_000;
const MINUTE = 60_000;
const WORDS_A = ['North', 'Green', 'Harbour', 'Bright', 'Oak', 'River', 'Summit', 'Blue', 'Kestrel', 'Meadow', 'Iron', 'Silver', 'Westfield', 'Granite', 'Lantern'];
const WORDS_B = ['Bakery', 'Clinic', 'Logistics', 'Partners', 'Foundation', 'Studio', 'Hotels', 'Academy', 'Brewing', 'Engineering', 'Trust', 'Media', 'Dental', 'Farms', 'Software'];
const LEGAL = ['Ltd', 'GmbH', 'LLP', '& Co.', 'Cooperative', ''];

export interface GenerateOptions {
  /** Submitted assessments to write (drafts come on top). */
  submitted: number;
  rubric: Rubric;
  seed: number;
  /** The clock: submissions fall in the two years before it. */
  now: Date;
}

export interface GeneratedStats {
  organisations: number;
  submitted: number;
  drafts: number;
  shareLinks: number;
  bytes: number;
  recommendations: Record<string, number>;
  bands: Record<string, number>;
  /** Up to 500 submitted assessment ids, spread over the folder, for the report-page load. */
  sampleIds: string[];
}

const iso = (ms: number) => new Date(ms).toISOString();
const tally = (counts: Record<string, number>, key: string) => void (counts[key] = (counts[key] ?? 0) + 1);

function organisationName(random: Random, n: number): string {
  return `${random.pick(WORDS_A)} ${random.pick(WORDS_B)} ${random.pick(LEGAL)}`.trim() + (n % 7 === 0 ? ` ${n}` : '');
}

function shareLinkFor(random: Random, a: StoredAssessment, nowMs: number): ShareLink {
  const created = Math.min(Date.parse(a.submittedAt!) + random.int(1, 20) * DAY, nowMs - MINUTE);
  const views = Array.from({ length: random.int(0, 4) }, () => ({ at: iso(Math.min(created + random.int(1, 600) * MINUTE, nowMs)) }));
  return {
    token: random.token(),
    assessmentId: a.id,
    ...(random.chance(0.5) ? { label: 'For the board' } : {}),
    createdAt: iso(created),
    expiresAt: iso(created + 30 * DAY),
    ...(random.chance(0.2) ? { revokedAt: iso(Math.min(created + DAY, nowMs)) } : {}),
    views,
  };
}

/** Writes the folder; returns what it holds. The folder should be empty or new. */
export function generateDataDir(dir: string, options: GenerateOptions): GeneratedStats {
  const { rubric, now } = options;
  const random = seededRandom(options.seed);
  const mix = createAnswerMix(rubric, random);
  const nowMs = now.getTime();
  const stats: GeneratedStats = { organisations: 0, submitted: 0, drafts: 0, shareLinks: 0, bytes: 0, recommendations: {}, bands: {}, sampleIds: [] };
  const every = Math.max(1, Math.floor(options.submitted / 500));
  mkdirSync(join(dir, 'orgs'), { recursive: true });

  const meta: Meta = { schemaVersion: SCHEMA_VERSION, settings: { consultantTokenHash: createHash('sha256').update(BENCH_CONSULTANT_KEY).digest('hex') } };
  writeFileSync(join(dir, 'meta.json'), JSON.stringify(meta));

  while (stats.submitted < options.submitted) {
    const count = Math.min(random.int(1, 5), options.submitted - stats.submitted);
    const name = organisationName(random, stats.organisations);
    const sector = random.chance(0.9) ? random.pick(SECTORS).value : undefined;
    const size = random.chance(0.85) ? random.pick(SIZES).value : undefined;
    const profile = { name, ...(sector ? { sector } : {}), ...(size ? { size } : {}) };
    const times = Array.from({ length: count }, () => nowMs - random.int(1, 730 * 24) * 3_600_000).sort((a, b) => a - b);
    const orgId = random.id();
    const assessments: StoredAssessment[] = [];
    let answers: Record<string, string> | undefined;
    for (const t of times) {
      answers = answers ? mix.followUp(answers) : mix.first();
      const submittedAt = iso(t);
      // Stored as the service stores it: compact.
      const result = compactResult(evaluate(rubric, answers, submittedAt.slice(0, 10)));
      tally(stats.recommendations, result.recommendation.code);
      tally(stats.bands, result.band);
      const id = random.id();
      if ((stats.submitted + assessments.length) % every === 0 && stats.sampleIds.length < 500) stats.sampleIds.push(id);
      const role = random.chance(0.8) ? random.pick(RESPONDENT_ROLE_OPTIONS).value : undefined;
      assessments.push({
        id,
        rubricId: rubric.id,
        rubricVersion: rubric.version,
        organisationId: orgId,
        organisation: profile,
        respondent: role ? { role } : {},
        answers,
        notes: mix.notes(answers),
        status: 'submitted',
        createdAt: iso(t - random.int(10, 180) * MINUTE),
        updatedAt: submittedAt,
        submittedAt,
        result,
        ...(random.chance(0.8) ? { nonce: random.id() } : {}),
      });
    }
    if (random.chance(0.05)) {
      const at = iso(Math.min(times[times.length - 1]! + random.int(1, 60) * DAY, nowMs - MINUTE));
      assessments.push({ id: random.id(), rubricId: rubric.id, rubricVersion: rubric.version, organisationId: orgId, organisation: profile, respondent: {}, answers: mix.draft(), notes: {}, status: 'draft', createdAt: at, updatedAt: at });
      stats.drafts++;
    }
    const shareLinks = assessments.filter((a) => a.status === 'submitted' && random.chance(0.03)).map((a) => shareLinkFor(random, a, nowMs));
    const doc: OrgDocument = {
      schemaVersion: SCHEMA_VERSION,
      organisation: { id: orgId, ...profile, createdAt: assessments[0]!.createdAt },
      assessments,
      shareLinks,
    };
    const text = JSON.stringify(doc);
    writeFileSync(join(dir, 'orgs', `${orgId}.json`), text);
    stats.bytes += text.length;
    stats.organisations++;
    stats.submitted += count;
    stats.shareLinks += shareLinks.length;
  }
  return stats;
}

/** Answer sets as the generator draws them, for scoring alone and for the submit bodies. */
export function sampleAnswerSets(rubric: Rubric, count: number, seed: number): Array<Record<string, string>> {
  const mix = createAnswerMix(rubric, seededRandom(seed));
  const out: Array<Record<string, string>> = [];
  while (out.length < count) {
    let answers = mix.first();
    out.push(answers);
    if (out.length < count && out.length % 3 === 0) out.push((answers = mix.followUp(answers)));
  }
  return out;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const [count, dir] = process.argv.slice(2);
  if (!count || !dir || !/^\d+$/.test(count)) {
    console.error('usage: node --import tsx test/bench/generate-data.ts <assessments> <folder>');
    process.exit(2);
  }
  const started = performance.now();
  const stats = generateDataDir(resolve(dir), { submitted: Number(count), rubric: await shippedRubric(), seed: 1, now: new Date() });
  console.log(JSON.stringify({ ...stats, ms: Math.round(performance.now() - started) }, null, 2));
}

/**
 * The store on PostgreSQL, for several app instances on one database
 * (DATABASE_URL). Every write is one transaction, committed before its promise
 * resolves; the rules a write depends on are checked inside it:
 *
 * - a form's nonce: a transaction-scoped advisory lock on the nonce, then the
 *   look-up, so a double click sent to two instances is one record;
 * - an answer through an invitation: the round row is locked (FOR SHARE) while
 *   it is checked as open and the invitation as not withdrawn; closing the
 *   round or withdrawing takes FOR UPDATE; a one-person invitation's single
 *   answer is a unique index;
 * - draft → submitted (`updateIf`): optimistic, a conditional UPDATE on the row's
 *   `version` and status, tried again when another write came between.
 *
 * Each write also NOTIFYs the change feed: `revision()` changes on every
 * instance within moments, so caches keyed by it are dropped everywhere.
 */
import type pg from 'pg';
import type { Store, StoredSummary } from '../../core/ports.ts';
import type { Assessment } from '../../core/assessment/assessment.ts';
import { ALREADY_SUBMITTED } from '../../core/assessment/assessment.ts';
import type { Invitation, Round, RoundShareLink } from '../../core/rounds/round.ts';
import { invitationIdOf } from '../../core/rounds/round.ts';
import { ConflictError, GoneError } from '../../core/errors.ts';
import { CHANGE_CHANNEL, mapUnavailable, openDatabase, type Database } from './database.ts';
import { ident, migrate, pendingMigrations } from './migrate.ts';
import { createShareViewBatch } from '../share-views.ts';
import { deepFreeze } from '../frozen-records.ts';
import { storedSummary } from '../org-heads.ts';
import {
  ASSESSMENT_CASTS,
  ASSESSMENT_COLUMNS,
  assessmentValues,
  toAssessment,
  toInvitation,
  toOrganisation,
  toRound,
  toRoundShareLink,
  toShareLink,
  type AssessmentRow,
  type InvitationRow,
  type OrganisationRow,
  type RoundRow,
  type ShareLinkRow,
  storable,
} from './rows.ts';

export interface PostgresStore extends Store {
  /** Where the data is, for the start-up line (the password left out). */
  dir: string;
  schema: string;
  /** Database reachable and every migration applied. */
  readiness(): Promise<{ ready: true } | { ready: false; reason: string }>;
  /** Runs `task` while holding a database-wide lock named `name`: one instance at a time (e.g. making the consultant key at start). */
  exclusive<T>(name: string, task: () => Promise<T>): Promise<T>;
  /** Ends the change feed and, when the store opened it, the pool. */
  close(): Promise<void>;
}

export interface PostgresStoreOptions {
  /** A database handle shared by several stores (tests); otherwise one is opened from `connectionString`. */
  database?: Database;
  connectionString?: string;
  /** Connections in the pool (PGPOOL_MAX). */
  poolSize?: number;
  schema?: string;
}

type Q = pg.Pool | pg.PoolClient;

/** Advisory lock classes (first int4 of the two-key form). */
const LOCK = { nonce: 0x5a0_01, organisation: 0x5a0_02, named: 0x5a0_03 } as const;
/** How often `updateIf` tries again when other writes keep coming between its read and its write. */
const MAX_TRIES = 20;

const VIEWS = `coalesce((select json_agg(json_build_object('at', v.at) order by v.id) from %s v where v.token = s.token), '[]'::json) as views`;

/** `($1,$2),($3,$4)` for rows of values, with casts per column. */
function valuesList(rows: readonly unknown[][], casts: ReadonlyArray<string | undefined>): { sql: string; params: unknown[] } {
  const params: unknown[] = [];
  const sql = rows.map((row) => `(${row.map((v, i) => `$${params.push(storable(v))}${casts[i] ? `::${casts[i]}` : ''}`).join(', ')})`).join(', ');
  return { sql, params };
}

const redact = (url: string) => url.replace(/\/\/([^:@/]*):[^@/]*@/, '//$1:***@');

// Over 60 lines because it is a factory: the port's methods close over one pool and schema.
export async function openPostgresStore(options: PostgresStoreOptions): Promise<PostgresStore> {
  const schema = options.schema ?? 'public';
  const owned = !options.database;
  const db = options.database ?? openDatabase({ connectionString: options.connectionString!, ...(options.poolSize ? { max: options.poolSize } : {}) });
  const pool = db.pool;
  const s = ident(schema);
  const table = (name: string) => `${s}.${name}`;
  const views = VIEWS.replace('%s', table('share_views'));
  try {
    await migrate(pool, schema);
  } catch (err) {
    if (owned) await db.close();
    throw mapUnavailable(err);
  }

  let revision = 0;
  const unsubscribe = db.subscribe(schema, () => revision++);

  async function query<R extends pg.QueryResultRow>(q: Q, sql: string, params: unknown[] = []): Promise<R[]> {
    try {
      return (await q.query<R>(sql, params)).rows;
    } catch (err) {
      throw mapUnavailable(err);
    }
  }

  /** One write: BEGIN … COMMIT with the change announced to every instance; rolled back on any error. */
  async function write<T>(work: (c: pg.PoolClient) => Promise<T>): Promise<T> {
    let c: pg.PoolClient;
    try {
      c = await pool.connect();
    } catch (err) {
      throw mapUnavailable(err);
    }
    let broken = false;
    try {
      await c.query('begin');
      const result = await work(c);
      await c.query('select pg_notify($1, $2)', [CHANGE_CHANNEL, schema]);
      await c.query('commit');
      revision++;
      return result;
    } catch (err) {
      await c.query('rollback').catch(() => (broken = true));
      throw mapUnavailable(err);
    } finally {
      c.release(broken);
    }
  }

  const insert = async (c: Q, name: string, columns: readonly string[], rows: readonly unknown[][], casts: ReadonlyArray<string | undefined> = []) => {
    for (let i = 0; i < rows.length; i += 500) {
      const { sql, params } = valuesList(rows.slice(i, i + 500), casts);
      await c.query(`insert into ${table(name)} (${columns.join(', ')}) values ${sql}`, params);
    }
  };
  const assessmentCasts = ASSESSMENT_COLUMNS.map((c) => ASSESSMENT_CASTS[c]);

  async function insertAssessments(c: Q, list: readonly Assessment[], nonce?: string): Promise<void> {
    if (!list.length) return;
    const invitationIds = list.flatMap((a) => (a.invitationId ? [a.invitationId] : []));
    const kinds = new Map((await query<{ id: string; kind: string }>(c, `select id, kind from ${table('invitations')} where id = any($1)`, [invitationIds])).map((r) => [r.id, r.kind]));
    await insert(
      c,
      'assessments',
      [...ASSESSMENT_COLUMNS, 'invitation_kind', 'nonce'],
      list.map((a) => [...assessmentValues(a), a.invitationId ? (kinds.get(a.invitationId) ?? null) : null, nonce ?? null]),
      assessmentCasts,
    );
  }

  async function insertShareLinks(c: Q, links: ReadonlyArray<RoundShareLink & { assessmentId?: string }>, roundId?: string): Promise<void> {
    if (!links.length) return;
    await insert(
      c,
      'share_links',
      ['token', 'assessment_id', 'round_id', 'label', 'created_at', 'expires_at', 'revoked_at'],
      links.map((l) => [l.token, roundId ? null : l.assessmentId, roundId ?? null, l.label ?? null, l.createdAt, l.expiresAt, l.revokedAt ?? null]),
    );
    await insert(c, 'share_views', ['token', 'at'], links.flatMap((l) => l.views.map((v) => [l.token, v.at])));
  }

  async function insertInvitations(c: Q, roundId: string, invitations: readonly Invitation[], from = 0): Promise<void> {
    await insert(
      c,
      'invitations',
      ['id', 'token', 'round_id', 'role', 'kind', 'label', 'created_at', 'revoked_at', 'position'],
      invitations.map((i, n) => [invitationIdOf(i.token), i.token, roundId, i.role, i.kind, i.label ?? null, i.createdAt, i.revokedAt ?? null, from + n]),
    );
  }

  async function insertRound(c: Q, round: Round): Promise<void> {
    await insert(
      c,
      'rounds',
      ['id', 'organisation_id', 'rubric_id', 'rubric_version', 'title', 'invited_by', 'created_at', 'closes_on', 'closed_at'],
      [[round.id, round.organisationId, round.rubricId, round.rubricVersion, round.title ?? null, round.invitedBy ?? null, round.createdAt, round.closesOn ?? null, round.closedAt ?? null]],
    );
    await insertInvitations(c, round.id, round.invitations);
    await insertShareLinks(c, round.shareLinks ?? [], round.id);
  }

  /** Rounds with their invitations and share links (and their views), in the order they were added. */
  async function roundsWhere(q: Q, where: string, params: unknown[], lock = ''): Promise<Round[]> {
    const rows = await query<RoundRow>(q, `select * from ${table('rounds')} r where ${where} order by seq ${lock}`, params);
    if (!rows.length) return [];
    const ids = rows.map((r) => r.id);
    const invitations = await query<InvitationRow>(q, `select * from ${table('invitations')} where round_id = any($1) order by position`, [ids]);
    const links = await query<ShareLinkRow>(q, `select s.*, ${views} from ${table('share_links')} s where round_id = any($1) order by seq`, [ids]);
    return rows.map((r) =>
      toRound(
        r,
        invitations.filter((i) => i.round_id === r.id).map(toInvitation),
        links.filter((l) => l.round_id === r.id).map(toRoundShareLink),
      ),
    );
  }

  /** Writes a round's new version over its old one: changed columns, invitations and share links upserted, views appended. */
  async function replaceRound(c: Q, before: Round, next: Round): Promise<void> {
    if (next.id !== before.id) throw new Error('a round change may not change its id');
    await c.query(`update ${table('rounds')} set rubric_id = $2, rubric_version = $3, title = $4, invited_by = $5, created_at = $6, closes_on = $7, closed_at = $8 where id = $1`, ([
      next.id,
      next.rubricId,
      next.rubricVersion,
      next.title ?? null,
      next.invitedBy ?? null,
      next.createdAt,
      next.closesOn ?? null,
      next.closedAt ?? null,
    ]).map(storable));
    const tokens = next.invitations.map((i) => i.token);
    await c.query(`delete from ${table('invitations')} where round_id = $1 and token <> all($2)`, [next.id, tokens]);
    for (const [position, i] of next.invitations.entries()) {
      await c.query(
        `insert into ${table('invitations')} (id, token, round_id, role, kind, label, created_at, revoked_at, position) values ($1, $2, $3, $4, $5, $6, $7, $8, $9)
         on conflict (token) do update set role = excluded.role, kind = excluded.kind, label = excluded.label, created_at = excluded.created_at, revoked_at = excluded.revoked_at, position = excluded.position
         where ${table('invitations')}.round_id = excluded.round_id`,
        [invitationIdOf(i.token), i.token, next.id, i.role, i.kind, storable(i.label ?? null), i.createdAt, i.revokedAt ?? null, position],
      );
    }
    const old = new Map((before.shareLinks ?? []).map((l) => [l.token, l]));
    const keep = (next.shareLinks ?? []).map((l) => l.token);
    const dropped = [...old.keys()].filter((t) => !keep.includes(t));
    if (dropped.length) {
      await c.query(`delete from ${table('share_views')} where token = any($1)`, [dropped]);
      await c.query(`delete from ${table('share_links')} where token = any($1)`, [dropped]);
    }
    for (const link of next.shareLinks ?? []) {
      const was = old.get(link.token);
      if (!was) {
        await insertShareLinks(c, [link], next.id);
        continue;
      }
      await c.query(`update ${table('share_links')} set label = $2, created_at = $3, expires_at = $4, revoked_at = $5 where token = $1`, [link.token, storable(link.label ?? null), link.createdAt, link.expiresAt, link.revokedAt ?? null]);
      const appended = was.views.length <= link.views.length && was.views.every((v, n) => v.at === link.views[n]!.at);
      if (!appended) await c.query(`delete from ${table('share_views')} where token = $1`, [link.token]);
      await insert(c, 'share_views', ['token', 'at'], link.views.slice(appended ? was.views.length : 0).map((v) => [link.token, v.at]));
    }
  }

  /** Inside a write: the round taking an answer through an invitation is open and the invitation stands (the round row locked FOR SHARE). */
  async function checkInvitation(c: Q, a: Assessment): Promise<void> {
    if (!a.roundId || !a.invitationId) return;
    const [found] = await query<{ organisation_id: string; closed_at: string | null; kind: string | null; revoked_at: string | null }>(
      c,
      `select r.organisation_id, r.closed_at, i.kind, i.revoked_at from ${table('rounds')} r left join ${table('invitations')} i on i.round_id = r.id and i.id = $2 where r.id = $1 for share of r`,
      [a.roundId, a.invitationId],
    );
    if (!found || found.organisation_id !== a.organisationId || !found.kind) throw new GoneError('this invitation no longer exists');
    if (found.closed_at) throw new GoneError('this round has closed; answers are no longer taken');
    if (found.revoked_at) throw new GoneError('this invitation was withdrawn; ask the person who sent it');
    if (found.kind === 'respondent' && (await query(c, `select 1 from ${table('assessments')} where invitation_id = $1 limit 1`, [a.invitationId])).length) {
      throw new ConflictError(ONE_ANSWER);
    }
  }
  const ONE_ANSWER = 'this invitation has already been answered; it takes one answer only';
  /** Two answers through one one-person invitation at once: the unique index refuses the second. */
  const asConflict = (err: unknown) => ((err as { constraint?: string }).constraint === 'assessments_one_per_respondent_invitation' ? new ConflictError(ONE_ANSWER) : err);

  const shareViews = createShareViewBatch(5_000, () => schema, async (_schema, pending) => {
    await insert(pool, 'share_views', ['token', 'at'], [...pending].flatMap(([token, list]) => list.map((v) => [token, v.at])));
  });

  const selectAssessment = `select * from ${table('assessments')}`;

  /**
   * Every round, by organisation, read in one query and kept while the revision
   * stands: listings walk every organisation's rounds (the dashboard), which
   * would otherwise be one query per organisation. Writes inside transactions
   * never read it; while the change feed is down it is not used.
   */
  let roundsCache: { revision: number; byOrganisation: Map<string, Round[]> } | undefined;
  async function cachedRoundsOf(organisationId: string): Promise<Round[]> {
    if (!db.live()) return roundsWhere(pool, 'organisation_id = $1', [organisationId]);
    const at = revision;
    if (roundsCache?.revision === at) return roundsCache.byOrganisation.get(organisationId) ?? [];
    const byOrganisation = new Map<string, Round[]>();
    for (const round of deepFreeze(await roundsWhere(pool, 'true', []))) byOrganisation.set(round.organisationId, [...(byOrganisation.get(round.organisationId) ?? []), round]);
    // Kept only if nothing was written meanwhile (a change announced during the read may be missing from it).
    if (revision === at) roundsCache = { revision: at, byOrganisation };
    return byOrganisation.get(organisationId) ?? [];
  }

  async function listAll(): Promise<Assessment[]> {
    const rows = await query<AssessmentRow>(pool, `select a.* from ${table('assessments')} a join ${table('organisations')} o on o.id = a.organisation_id order by o.seq, a.created_at::timestamptz, a.seq`);
    return rows.map(toAssessment);
  }

  /** The listings' summaries, made from every row once per revision (kept, like the rounds, only while the change feed runs). */
  let summariesCache: { revision: number; summaries: StoredSummary[] } | undefined;
  async function summaries(): Promise<StoredSummary[]> {
    const at = revision;
    if (db.live() && summariesCache?.revision === at) return summariesCache.summaries;
    const made = (await listAll()).flatMap((a) => storedSummary(a) ?? []);
    if (db.live() && revision === at) summariesCache = { revision: at, summaries: made };
    return made;
  }

  return {
    dir: `${redact(options.connectionString ?? 'PostgreSQL')} (schema ${schema})`,
    schema,

    async create(assessment, organisation, nonce) {
      return write(async (c) => {
        if (nonce) {
          // Same nonce, same organisation: the first write's record, never a second one.
          await c.query('select pg_advisory_xact_lock($1, hashtext($2))', [LOCK.nonce, nonce]);
          const [existing] = organisation
            ? await query<AssessmentRow>(c, `select a.* from ${table('assessments')} a join ${table('organisations')} o on o.id = a.organisation_id where a.nonce = $1 and o.name = $2 order by a.seq limit 1`, [nonce, storable(organisation.name)])
            : await query<AssessmentRow>(c, `${selectAssessment} where nonce = $1 and organisation_id = $2`, [nonce, assessment.organisationId]);
          if (existing) return toAssessment(existing);
        }
        if (organisation) {
          await insert(c, 'organisations', ['id', 'name', 'sector', 'size', 'created_at'], [[organisation.id, organisation.name, organisation.sector ?? null, organisation.size ?? null, organisation.createdAt]]);
        } else {
          await checkInvitation(c, assessment);
        }
        await insertAssessments(c, [assessment], nonce).catch((err: unknown) => Promise.reject(asConflict(err)));
        return structuredClone(assessment);
      });
    },

    async update(assessment) {
      await write(async (c) => {
        const cols = ASSESSMENT_COLUMNS.slice(1).map((col, n) => `${col} = $${n + 2}${ASSESSMENT_CASTS[col] ? `::${ASSESSMENT_CASTS[col]}` : ''}`);
        const { rowCount } = await c.query(`update ${table('assessments')} set ${cols.join(', ')}, version = version + 1 where id = $1`, assessmentValues(assessment));
        if (!rowCount) throw new Error(`no assessment ${assessment.id} to update`);
      });
    },

    async updateIf(id, expected, change) {
      for (let attempt = 0; attempt < MAX_TRIES; attempt++) {
        const [row] = await query<AssessmentRow>(pool, `${selectAssessment} where id = $1`, [id]);
        if (!row) throw new Error(`no assessment ${id} to update`);
        if (row.status !== expected) throw new ConflictError(row.status === 'submitted' ? ALREADY_SUBMITTED : `this assessment is ${row.status}, not ${expected}`);
        const organisation = (await query<AssessmentRow>(pool, `${selectAssessment} where organisation_id = $1 order by seq`, [row.organisation_id])).map(toAssessment);
        const next = change(toAssessment(row), organisation);
        if (next.id !== id) throw new Error('updateIf may not change an assessment id');
        const written = await write(async (c) => {
          const cols = ASSESSMENT_COLUMNS.slice(1).map((col, n) => `${col} = $${n + 2}${ASSESSMENT_CASTS[col] ? `::${ASSESSMENT_CASTS[col]}` : ''}`);
          const params = [...assessmentValues(next), row.version, expected];
          const { rowCount } = await c.query(`update ${table('assessments')} set ${cols.join(', ')}, version = version + 1 where id = $1 and version = $${params.length - 1} and status = $${params.length}`, params);
          return rowCount === 1;
        });
        if (written) return structuredClone(next);
      }
      throw new ConflictError('this assessment kept changing while it was being saved; nothing was saved, try again');
    },

    async get(id) {
      const [row] = await query<AssessmentRow>(pool, `${selectAssessment} where id = $1`, [id]);
      return row && toAssessment(row);
    },
    async getOrganisation(id) {
      const [row] = await query<OrganisationRow>(pool, `select * from ${table('organisations')} where id = $1`, [id]);
      return row && toOrganisation(row);
    },
    async listOrganisations() {
      return (await query<OrganisationRow>(pool, `select * from ${table('organisations')} order by seq`)).map(toOrganisation);
    },
    async assessmentsOf(organisationId) {
      return (await query<AssessmentRow>(pool, `${selectAssessment} where organisation_id = $1 order by created_at::timestamptz, seq`, [organisationId])).map(toAssessment);
    },
    list: listAll,
    summaries,
    // While the change feed is down, every call is a new revision: no cache trusts a stale one.
    revision: () => (db.live() ? revision : ++revision),

    async addShareLink(link) {
      await write((c) => insertShareLinks(c, [link]));
    },
    async getShareLink(token) {
      const [row] = await query<ShareLinkRow>(pool, `select s.*, ${views} from ${table('share_links')} s where token = $1 and assessment_id is not null`, [token]);
      return row && shareViews.withPendingViews(toShareLink(row));
    },
    async shareLinksOf(assessmentId) {
      const rows = await query<ShareLinkRow>(pool, `select s.*, ${views} from ${table('share_links')} s where assessment_id = $1 order by seq`, [assessmentId]);
      return rows.map((r) => shareViews.withPendingViews(toShareLink(r)));
    },
    async revokeShareLink(token, at) {
      await write((c) => c.query(`update ${table('share_links')} set revoked_at = $2 where token = $1 and assessment_id is not null and revoked_at is null`, [token, at]));
    },
    async recordShareView(token, at) {
      try {
        await pool.query(`insert into ${table('share_views')} (token, at) select token, $2 from ${table('share_links')} where token = $1 and assessment_id is not null`, [token, at]);
      } catch {
        // Kept in memory and written with the next batch: opening a shared report never fails for this.
        shareViews.record(token, at);
      }
    },
    flushShareViews: () => shareViews.flush(),

    async addRound(round) {
      await write((c) => insertRound(c, round));
    },
    async updateRound(round) {
      await write(async (c) => {
        const [before] = await roundsWhere(c, 'id = $1', [round.id], 'for update');
        if (!before) throw new Error(`no round ${round.id}`);
        await replaceRound(c, before, round);
      });
    },
    async getRound(id) {
      return (await roundsWhere(pool, 'id = $1', [id]))[0];
    },
    roundsOf: cachedRoundsOf,
    async changeRound(id, change) {
      return write(async (c) => {
        const [before] = await roundsWhere(c, 'id = $1', [id], 'for update');
        if (!before) throw new Error(`no round ${id}`);
        const next = structuredClone(change(before));
        await replaceRound(c, before, next);
        return next;
      });
    },
    async findRoundShare(token) {
      return (await roundsWhere(pool, `id = (select round_id from ${table('share_links')} where token = $1)`, [token]))[0];
    },
    async findInvitation(token) {
      const [round] = await roundsWhere(pool, `id = (select round_id from ${table('invitations')} where token = $1)`, [token]);
      const invitation = round?.invitations.find((i) => i.token === token);
      return round && invitation ? { round, invitation } : undefined;
    },

    importRecords({ organisation, assessments, rounds, shareLinks }) {
      return write(async (c) => {
        await c.query('select pg_advisory_xact_lock($1, hashtext($2))', [LOCK.organisation, organisation.id]);
        const current = (await query(c, `select 1 from ${table('organisations')} where id = $1`, [organisation.id])).length > 0;
        const have = async (sql: string, keys: string[]) => new Set((await query<{ k: string }>(c, sql, [keys])).map((r) => r.k));
        const storedAssessments = await have(`select id as k from ${table('assessments')} where id = any($1)`, assessments.map((a) => a.id));
        const storedRounds = await have(`select id as k from ${table('rounds')} where id = any($1)`, rounds.map((r) => r.id));
        const storedLinks = await have(`select token as k from ${table('share_links')} where token = any($1)`, shareLinks.map((l) => l.token));
        const fresh = {
          assessments: assessments.filter((a) => !storedAssessments.has(a.id)),
          rounds: rounds.filter((r) => !storedRounds.has(r.id)),
          shareLinks: shareLinks.filter((l) => !storedLinks.has(l.token)),
        };
        const outcome = { created: false, imported: fresh.assessments.length, skipped: assessments.length - fresh.assessments.length };
        if (!current && !fresh.assessments.length) return outcome; // an organisation is kept only with an assessment
        if (current && !fresh.assessments.length && !fresh.rounds.length && !fresh.shareLinks.length) return outcome;
        if (!current) {
          await insert(c, 'organisations', ['id', 'name', 'sector', 'size', 'created_at'], [[organisation.id, organisation.name, organisation.sector ?? null, organisation.size ?? null, organisation.createdAt]]);
        }
        for (const round of fresh.rounds) await insertRound(c, round);
        await insertAssessments(c, fresh.assessments);
        await insertShareLinks(c, fresh.shareLinks);
        return { ...outcome, created: !current };
      });
    },

    async getSetting(key) {
      const [row] = await query<{ value: string }>(pool, `select value from ${table('settings')} where key = $1`, [key]);
      return row?.value;
    },
    async setSetting(key, value) {
      await write((c) => c.query(`insert into ${table('settings')} (key, value) values ($1, $2) on conflict (key) do update set value = excluded.value`, [key, value]));
    },

    async readiness() {
      try {
        const pending = await pendingMigrations(pool, schema);
        return pending.length ? { ready: false, reason: `migrations not applied: ${pending.join(', ')}` } : { ready: true };
      } catch {
        return { ready: false, reason: 'the database cannot be reached' };
      }
    },

    async exclusive(name, task) {
      const c = await pool.connect().catch((err: unknown) => Promise.reject(mapUnavailable(err)));
      try {
        await c.query('select pg_advisory_lock($1, hashtext($2))', [LOCK.named, `${schema}:${name}`]);
        try {
          return await task();
        } finally {
          await c.query('select pg_advisory_unlock($1, hashtext($2))', [LOCK.named, `${schema}:${name}`]);
        }
      } finally {
        c.release();
      }
    },

    async close() {
      await shareViews.flush();
      unsubscribe();
      if (owned) await db.close();
    },
  };
}

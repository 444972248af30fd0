-- The first schema: one table per record kind, with the rules that keep the data
-- right in the database itself. Timestamps are kept as the ISO 8601 UTC text the
-- app writes and exports (an import keeps them exactly as they were), checked by
-- the domain below. `seq` keeps insertion order, which the ports' listings follow.
-- Answers, notes and results are `json`, not `jsonb`: json keeps the text as written,
-- so the order of a result's dimensions (which the reports follow) and any character
-- a note may hold (escaped) come back exactly; nothing queries inside them.

create domain iso_timestamp as text check (value ~ '^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$');
create domain stored_id as text check (value ~ '^[A-Za-z0-9_-]{16,64}$');
create domain token as text check (value ~ '^[A-Za-z0-9_-]{32,64}$');

create table organisations (
  id stored_id primary key,
  name text not null check (length(name) > 0),
  sector text,
  size text,
  created_at iso_timestamp not null,
  seq bigint generated always as identity unique
);

create table rounds (
  id stored_id primary key,
  organisation_id stored_id not null references organisations (id),
  rubric_id text not null,
  rubric_version text not null,
  title text,
  invited_by text,
  created_at iso_timestamp not null,
  closes_on text check (closes_on ~ '^\d{4}-\d{2}-\d{2}$'),
  closed_at iso_timestamp,
  seq bigint generated always as identity unique
);
create index rounds_by_organisation on rounds (organisation_id, seq);

-- `id` is invitationIdOf(token): what a response records, never the token itself.
create table invitations (
  id text primary key,
  token token not null unique,
  round_id stored_id not null references rounds (id),
  role text not null check (role in ('leadership', 'communications', 'proposed-owner', 'other')),
  kind text not null check (kind in ('group', 'respondent')),
  label text,
  created_at iso_timestamp not null,
  revoked_at iso_timestamp,
  position integer not null,
  unique (id, kind)
);
create index invitations_by_round on invitations (round_id, position);

create table assessments (
  id stored_id primary key,
  organisation_id stored_id not null references organisations (id),
  rubric_id text not null,
  rubric_version text not null,
  -- The organisation as the respondent described it (name, sector, size).
  profile json not null,
  respondent json not null,
  answers json not null,
  notes json not null,
  status text not null check (status in ('draft', 'submitted')),
  created_at iso_timestamp not null,
  updated_at iso_timestamp not null,
  submitted_at iso_timestamp,
  result json,
  -- The form's nonce: the same form sent twice for one organisation is one record.
  nonce text,
  round_id stored_id references rounds (id),
  invitation_id text,
  invitation_kind text,
  -- Raised by every write: a write made from an older version is refused (optimistic concurrency).
  version integer not null default 1,
  seq bigint generated always as identity unique,
  unique (organisation_id, nonce),
  foreign key (invitation_id, invitation_kind) references invitations (id, kind),
  check ((invitation_id is null) = (invitation_kind is null)),
  check (invitation_id is null or round_id is not null),
  check (submitted_at is null or status = 'submitted')
);
create index assessments_by_organisation on assessments (organisation_id, seq);
create index assessments_by_nonce on assessments (nonce) where nonce is not null;
-- A one-person invitation takes one answer.
create unique index assessments_one_per_respondent_invitation on assessments (invitation_id) where invitation_kind = 'respondent';

-- A report's share link (assessment_id) or a round report's (round_id).
create table share_links (
  token token primary key,
  assessment_id stored_id references assessments (id),
  round_id stored_id references rounds (id),
  label text,
  created_at iso_timestamp not null,
  expires_at iso_timestamp not null,
  revoked_at iso_timestamp,
  seq bigint generated always as identity unique,
  check ((assessment_id is null) <> (round_id is null))
);
create index share_links_by_assessment on share_links (assessment_id) where assessment_id is not null;
create index share_links_by_round on share_links (round_id) where round_id is not null;

create table share_views (
  id bigint generated always as identity primary key,
  token token not null references share_links (token),
  at iso_timestamp not null
);
create index share_views_by_token on share_views (token, id);

create table settings (
  key text primary key,
  value text not null
);

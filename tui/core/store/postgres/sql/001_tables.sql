-- timedialog's PostgreSQL schema, version 1: every department's inbox in one set of tables.
-- Applied by tui/core/store/postgres/schema.py in one transaction with the version row.

CREATE TABLE timedialog_schema (
    version integer NOT NULL,
    applied_at timestamptz NOT NULL DEFAULT now()
);

-- One row per department: its revision counter (each committed change takes the next
-- number, under this row's lock, so revisions commit in order) and the duty roster.
CREATE TABLE departments (
    name text PRIMARY KEY,
    revision bigint NOT NULL DEFAULT 0,
    roster jsonb NOT NULL DEFAULT '{}'::jsonb,
    roster_revision bigint NOT NULL DEFAULT 0
);

-- A message is one row: the document (Message.to_dict, history included), its revision, the
-- department revision that last changed it (the change feed), and the year of the archive
-- it was moved to (NULL while it is in the hot inbox).
CREATE TABLE messages (
    department text NOT NULL REFERENCES departments (name),
    id text NOT NULL,
    position bigserial NOT NULL,
    revision integer NOT NULL,
    changed_at bigint NOT NULL,
    archived_year integer,
    document jsonb NOT NULL,
    PRIMARY KEY (department, id)
);
CREATE INDEX messages_hot ON messages (department, position) WHERE archived_year IS NULL;
CREATE INDEX messages_changed ON messages (department, changed_at);
CREATE INDEX messages_archived ON messages (department, archived_year)
    WHERE archived_year IS NOT NULL;

-- The logs beside the messages: exports of patient data, suggestion feedback.
CREATE TABLE records (
    number bigserial PRIMARY KEY,
    department text NOT NULL REFERENCES departments (name),
    kind text NOT NULL,
    document jsonb NOT NULL
);
CREATE INDEX records_kind ON records (department, kind, number);

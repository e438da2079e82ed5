-- The history: append-only, hash-chained. `body` is exactly the bytes the hash covers; the
-- other columns are derived from it for querying, and `homesafe verify` checks they agree.
CREATE TABLE events (
    seq BIGINT PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    type TEXT NOT NULL,
    subject TEXT NOT NULL,
    recorded TEXT NOT NULL,
    body TEXT NOT NULL,
    hash TEXT NOT NULL
);
CREATE INDEX events_by_subject ON events (subject, seq);

-- History is never updated or deleted. (A superuser can drop these triggers; the hash chain
-- is what makes such tampering evident.)
CREATE FUNCTION events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'history is append-only: events cannot be %', lower(TG_OP) || 'd';
END $$;
CREATE TRIGGER events_no_update BEFORE UPDATE ON events
    FOR EACH ROW EXECUTE FUNCTION events_append_only();
CREATE TRIGGER events_no_delete BEFORE DELETE ON events
    FOR EACH ROW EXECUTE FUNCTION events_append_only();

-- Current state, derived from history in the same transaction; `homesafe rebuild` re-derives it.
CREATE TABLE records (
    id TEXT PRIMARY KEY,
    kind TEXT NOT NULL,
    status TEXT NOT NULL,
    property TEXT,
    opened TEXT NOT NULL,
    updated TEXT NOT NULL,
    created_seq BIGINT NOT NULL,
    updated_seq BIGINT NOT NULL,
    state TEXT NOT NULL
);
CREATE INDEX records_by_kind ON records (kind, id);
CREATE INDEX records_by_property ON records (property, kind);

-- API bearer tokens, stored as SHA-256 of the secret (the secret is shown once).
CREATE TABLE api_tokens (
    name TEXT PRIMARY KEY,
    role TEXT NOT NULL,
    secret_sha256 TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL,
    created_by TEXT NOT NULL,
    revoked_at TEXT
);

-- Where imported history came from (provenance; not part of the chain, so that import then
-- export reproduces a file byte for byte).
CREATE TABLE imports (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    file_sha256 TEXT NOT NULL,
    first_seq BIGINT NOT NULL,
    last_seq BIGINT NOT NULL,
    operator TEXT NOT NULL,
    imported_at TEXT NOT NULL
);

-- Reads of special category data (vulnerabilities, adjustments): who read what, when (R19).
CREATE TABLE access_log (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at TEXT NOT NULL,
    actor_id TEXT NOT NULL,
    actor_role TEXT NOT NULL,
    record_id TEXT NOT NULL,
    kind TEXT NOT NULL,
    purpose TEXT NOT NULL
);

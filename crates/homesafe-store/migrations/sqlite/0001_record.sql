-- The history: append-only, hash-chained. `body` is exactly the bytes the hash covers; the
-- other columns are derived from it for querying, and `homesafe verify` checks they agree.
CREATE TABLE events (
    seq INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    type TEXT NOT NULL,
    subject TEXT NOT NULL,
    recorded TEXT NOT NULL,
    body TEXT NOT NULL,
    hash TEXT NOT NULL
);
CREATE INDEX events_by_subject ON events (subject, seq);

-- History is never updated or deleted. (Anyone with file access can drop these triggers;
-- the hash chain is what makes such tampering evident.)
CREATE TRIGGER events_no_update BEFORE UPDATE ON events
BEGIN SELECT RAISE(ABORT, 'history is append-only: events cannot be updated'); END;
CREATE TRIGGER events_no_delete BEFORE DELETE ON events
BEGIN SELECT RAISE(ABORT, 'history is append-only: events cannot be deleted'); END;

-- Current state, derived from history in the same transaction; `homesafe rebuild` re-derives it.
CREATE TABLE records (
    id TEXT PRIMARY KEY,
    kind TEXT NOT NULL,
    status TEXT NOT NULL,
    property TEXT,
    opened TEXT NOT NULL,
    updated TEXT NOT NULL,
    created_seq INTEGER NOT NULL,
    updated_seq INTEGER NOT NULL,
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
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    file_sha256 TEXT NOT NULL,
    first_seq INTEGER NOT NULL,
    last_seq INTEGER NOT NULL,
    operator TEXT NOT NULL,
    imported_at TEXT NOT NULL
);

-- Reads of special category data (vulnerabilities, adjustments): who read what, when (R19).
CREATE TABLE access_log (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    at TEXT NOT NULL,
    actor_id TEXT NOT NULL,
    actor_role TEXT NOT NULL,
    record_id TEXT NOT NULL,
    kind TEXT NOT NULL,
    purpose TEXT NOT NULL
);

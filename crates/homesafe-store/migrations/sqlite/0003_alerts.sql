-- Alerts kept in tables (rules/alerts): derived from history and the rules, never a source of
-- truth. The store brings them up to date before any alert is read, re-evaluating only the
-- household groups new events touch (rules/alerts/households.rs), and rebuilds them whole when
-- the rules' calendar changes. Times are microseconds since 1970 (UTC); a span that never
-- cleared has clears = 9223372036854775807.

-- The household group of every record (an invoice is in each group it bills).
CREATE TABLE alert_households (
    record TEXT NOT NULL,
    household TEXT NOT NULL,
    PRIMARY KEY (record, household)
);
CREATE INDEX alert_households_by_household ON alert_households (household);

-- Which events make up each household group's history (shared records' events are not here).
CREATE TABLE alert_household_events (
    household TEXT NOT NULL,
    seq BIGINT NOT NULL,
    PRIMARY KEY (household, seq)
) WITHOUT ROWID;

-- Events of records shared by many homes: the landlord, estates, blocks, contractors, operatives.
CREATE TABLE alert_shared_events (
    seq BIGINT PRIMARY KEY,
    subject TEXT NOT NULL
);
CREATE INDEX alert_shared_events_by_subject ON alert_shared_events (subject);

-- Every alert over its life (rules::AlertSpan).
CREATE TABLE alert_spans (
    household TEXT NOT NULL,
    code TEXT NOT NULL,
    severity TEXT NOT NULL,
    stage TEXT NOT NULL,
    rule TEXT NOT NULL,
    source TEXT NOT NULL,
    property TEXT,
    records TEXT NOT NULL,
    started BIGINT NOT NULL,
    due BIGINT NOT NULL,
    appears BIGINT NOT NULL,
    clears BIGINT NOT NULL,
    detail TEXT NOT NULL
);
-- Covers the dashboard counts (alert_counts_as_of) without reading the rows.
CREATE INDEX alert_spans_by_clears ON alert_spans (clears, appears, code, severity, stage);
CREATE INDEX alert_spans_by_property ON alert_spans (property, clears);
CREATE INDEX alert_spans_by_household ON alert_spans (household);

-- Each home's recorded vulnerabilities over time (rules::VulnerabilitySpan); codes comma-separated.
CREATE TABLE alert_vulnerabilities (
    household TEXT NOT NULL,
    property TEXT NOT NULL,
    codes TEXT NOT NULL,
    appears BIGINT NOT NULL,
    clears BIGINT NOT NULL
);
CREATE INDEX alert_vulnerabilities_by_property ON alert_vulnerabilities (property, clears);
CREATE INDEX alert_vulnerabilities_by_household ON alert_vulnerabilities (household);

-- How far the tables are up to date: the last event evaluated and the calendar they used.
CREATE TABLE alert_state (
    id INTEGER PRIMARY KEY,
    covered_seq BIGINT NOT NULL,
    calendar TEXT NOT NULL
);

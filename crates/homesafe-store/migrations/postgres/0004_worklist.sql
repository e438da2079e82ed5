-- The worklist in pages. Each row of alert_spans is now one stretch of an alert's life in which
-- its place in the worklist's order is fixed (rules::alerts::worklist::shown_stretches: only the
-- household's vulnerability moves it while it is shown), with that place as whole numbers — so a
-- page of the worklist at any moment is read from an index in worklist order, without building
-- the whole list. Counting and "present at" use the stretch (shown_from, shown_until): at any
-- moment exactly one stretch of a present alert is present. appears and clears stay the alert's.
-- The alert tables are derived from history: emptied here, rebuilt on the next read.
DROP TABLE alert_spans;
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
    detail TEXT NOT NULL,
    shown_from BIGINT NOT NULL,
    shown_until BIGINT NOT NULL,
    -- rules::alerts::worklist::{worklist_band, code_rank, stage_rank}
    band BIGINT NOT NULL,
    code_rank BIGINT NOT NULL,
    stage_rank BIGINT NOT NULL
);
-- Covers the dashboard counts (alert_counts_as_of) without reading the rows.
CREATE INDEX alert_spans_by_shown ON alert_spans (shown_until, shown_from, code, severity, stage);
CREATE INDEX alert_spans_by_property ON alert_spans (property, shown_until);
CREATE INDEX alert_spans_by_household ON alert_spans (household);
-- A page of the worklist: read in exactly this order (no sort), skipping the stretches not shown
-- at the moment. Records compare byte by byte, as the worklist compares them.
CREATE INDEX alert_spans_in_worklist_order
    ON alert_spans (band, due, code_rank, records COLLATE "C", stage_rank, shown_until, shown_from);
DELETE FROM alert_state;

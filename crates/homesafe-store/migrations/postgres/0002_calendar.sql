-- The working-day calendar beyond the England-and-Wales bank holidays HomeSafe ships with.
-- GOV.UK's feed is a rolling window, so every feed imported is kept and replayed in order over
-- the shipped data: the calendar never forgets a year it once knew.
CREATE TABLE calendar_feeds (
    seq BIGINT PRIMARY KEY,
    imported_at TEXT NOT NULL,
    operator TEXT NOT NULL,
    feed_sha256 TEXT NOT NULL,
    feed TEXT NOT NULL
);

-- Days the landlord's offices are closed. They extend the landlord's own policy targets only,
-- never statutory deadlines (Complaint Handling Code, Awaab's Law).
CREATE TABLE closure_days (
    day TEXT PRIMARY KEY,
    reason TEXT NOT NULL,
    added_by TEXT NOT NULL,
    added_at TEXT NOT NULL
);

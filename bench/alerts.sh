#!/usr/bin/env bash
# Alerts benchmark (issue: statutory clocks and alerts). On the demo landlord's record:
#   refresh    — bringing the alert tables up to date after the import (timed once);
#   all-alerts — every alert present at one instant, as a worklist (decoded, vulnerabilities
#                joined, sorted), beside the raw SQL scan of the same rows by the same statement;
#   counts     — the dashboard's counts by code, severity and stage, beside the raw scan of the
#                rows they count;
#   one-home   — one home's alerts, for a sample of homes, beside the raw scan of its rows.
# Raw and HomeSafe runs alternate, so drift in the machine is shared; medians are reported.
# Usage: bench/alerts.sh [HOMES=125000] [SEED=1]
# DATABASE_URL=… uses an existing record instead (e.g. the one bench/import.sh keeps,
# sqlite://$PWD/bench-out/imported.db).
set -euo pipefail
cd "$(dirname "$0")/.."
HOMES="${1:-125000}"
SEED="${2:-1}"
WORK="${BENCH_DIR:-$PWD/bench-out}"
mkdir -p "$WORK"
cargo build --release -q -p homesafe
BIN="$PWD/target/release/homesafe"
if [ -z "${DATABASE_URL:-}" ]; then
  DB="$WORK/alerts-$HOMES-$SEED.db"
  if [ ! -s "$DB" ]; then
    /usr/bin/time -f "demo import: %e s, max RSS %M KiB" \
      "$BIN" --database-url "sqlite://$DB" demo --homes "$HOMES" --seed "$SEED"
  fi
  export DATABASE_URL="sqlite://$DB"
fi
echo "Date: $(date -u +%Y-%m-%d), machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, $(uname -m), record: $DATABASE_URL"
/usr/bin/time -f "bench-alerts: %e s, max RSS %M KiB" "$BIN" bench-alerts --runs 5 --homes 200

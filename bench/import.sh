#!/usr/bin/env bash
# Import benchmark (issue: the record store). Generates the demo landlord's history once, then
# for SQLite and for PostgreSQL measures, in the same run:
#   raw    — the engine's bulk-insert rate for the same lines (bare table, same multi-row
#            statements, one transaction): measured before AND after the import, averaged;
#   import — `homesafe import`: parse, validate every reference, hash-chain, insert, project.
# Reports events/s, the ratio import/raw, and the import's peak memory (max RSS).
# Usage: bench/import.sh [HOMES=125000] [SEED=1]
set -euo pipefail
cd "$(dirname "$0")/.."
HOMES="${1:-125000}"
SEED="${2:-1}"
WORK="${BENCH_DIR:-$PWD/bench-out}"
PG_SERVER="${PG_SERVER:-postgres://postgres@127.0.0.1:5432}"
mkdir -p "$WORK"
cargo build --release -q -p homesafe
BIN="$PWD/target/release/homesafe"
FILE="$WORK/demo-$HOMES-$SEED.jsonl"
if [ ! -s "$FILE" ]; then
  /usr/bin/time -f "generate: %e s, max RSS %M KiB" "$BIN" demo --homes "$HOMES" --seed "$SEED" --out "$FILE"
fi
EVENTS=$(wc -l < "$FILE")
echo "history: $FILE, $EVENTS events, $(du -h "$FILE" | cut -f1)"

rate_of() { sed -n 's/.*rate=\([0-9]*\).*/\1/p' "$1" | tail -1; }
rss_of() { sed -n 's/.*maxrss=\([0-9]*\).*/\1/p' "$1" | tail -1; }

run() { # backend url-for-a-fresh-db
  local backend="$1"
  fresh() {
    if [ "$backend" = sqlite ]; then
      rm -f "$WORK"/bench.db*; echo "sqlite://$WORK/bench.db"
    else
      psql "$PG_SERVER/postgres" -qc "DROP DATABASE IF EXISTS homesafe_bench WITH (FORCE)" >/dev/null
      psql "$PG_SERVER/postgres" -qc "CREATE DATABASE homesafe_bench" >/dev/null
      echo "$PG_SERVER/homesafe_bench"
    fi
  }
  DATABASE_URL=$(fresh) /usr/bin/time -f "maxrss=%M" "$BIN" bench-raw-insert "$FILE" > "$WORK/raw1.txt" 2>&1
  DATABASE_URL=$(fresh) /usr/bin/time -f "maxrss=%M" "$BIN" import "$FILE" > "$WORK/import.txt" 2>&1
  DATABASE_URL=$(fresh) /usr/bin/time -f "maxrss=%M" "$BIN" bench-raw-insert "$FILE" > "$WORK/raw2.txt" 2>&1
  local r1 r2 imp rss
  r1=$(rate_of "$WORK/raw1.txt"); r2=$(rate_of "$WORK/raw2.txt"); imp=$(rate_of "$WORK/import.txt"); rss=$(rss_of "$WORK/import.txt")
  python3 - "$backend" "$r1" "$r2" "$imp" "$rss" "$EVENTS" <<'PY'
import sys
backend, r1, r2, imp, rss, events = sys.argv[1], *map(float, sys.argv[2:])
raw = (r1 + r2) / 2
print(f"| {backend} | {int(events):,} | {raw:,.0f} (runs {r1:,.0f} / {r2:,.0f}) | {imp:,.0f} | {imp/raw:.2f} | {rss/1024:,.0f} MiB |")
PY
}

echo
echo "Date: $(date -u +%Y-%m-%d), machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, $(uname -m), homes=$HOMES seed=$SEED"
echo "| backend | events | raw bulk insert (events/s) | homesafe import (events/s) | ratio | import peak RSS |"
echo "|---|---|---|---|---|---|"
run sqlite
run postgres

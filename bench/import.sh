#!/usr/bin/env bash
# Import benchmark (issue: the record store). Generates the demo landlord's history once, then
# for SQLite and for PostgreSQL measures, in the same run:
#   raw    — the engine's bulk-insert rate for the same lines (bare table, same multi-row
#            statements, one transaction): measured before AND after the import, averaged;
#   import — `homesafe import`: parse, validate every reference, hash-chain, insert, project.
# Reports events/s, the ratio import/raw, and the import's peak memory (max RSS).
# Usage: bench/import.sh [HOMES=125000] [SEED=1]  (COMPRESS=0|1: see below)
# BACKENDS="sqlite postgres" (default both) picks the backends. The imported database is kept
# (bench-out/imported.db, or the PostgreSQL database homesafe_bench) for the alerts benchmark.
set -euo pipefail
cd "$(dirname "$0")/.."
HOMES="${1:-125000}"
SEED="${2:-1}"
WORK="${BENCH_DIR:-$PWD/bench-out}"
PG_SERVER="${PG_SERVER:-postgres://postgres@127.0.0.1:5432}"
mkdir -p "$WORK"
cargo build --release -q -p homesafe
BIN="$PWD/target/release/homesafe"
# At full size the history (24 GB for 125,000 homes) beside a PostgreSQL record (≈53 GB) does
# not fit a disk with ~75 GB free, so large histories are kept gzipped (≈1/8 the size) and fed to
# both the baseline and the import through `gzip -dc` — the same for both sides of the ratio.
# COMPRESS=0 or 1 overrides (default: compressed from 50,000 homes).
COMPRESS="${COMPRESS:-$([ "$HOMES" -ge 50000 ] && echo 1 || echo 0)}"
if [ "$COMPRESS" = 1 ]; then
  FILE="$WORK/demo-$HOMES-$SEED.jsonl.gz"
  if [ ! -s "$FILE" ]; then
    "$BIN" demo --homes "$HOMES" --seed "$SEED" --out /dev/stdout | gzip -1 > "$FILE.part"
    mv "$FILE.part" "$FILE"
  fi
  [ -s "$FILE.lines" ] || gzip -dc "$FILE" | wc -l > "$FILE.lines"
  EVENTS=$(cat "$FILE.lines")
else
  FILE="$WORK/demo-$HOMES-$SEED.jsonl"
  if [ ! -s "$FILE" ]; then
    /usr/bin/time -f "generate: %e s, max RSS %M KiB" "$BIN" demo --homes "$HOMES" --seed "$SEED" --out "$FILE"
  fi
  EVENTS=$(wc -l < "$FILE")
fi
echo "history: $FILE, $EVENTS events, $(du -h "$FILE" | cut -f1)"
# The command's history argument: the file, or a pipe decompressing it.
history() { if [ "$COMPRESS" = 1 ]; then echo "<(gzip -dc '$FILE')"; else echo "'$FILE'"; fi; }
homesafe_on_history() { # output-file command
  local out="$1" cmd="$2"
  eval "/usr/bin/time -f 'maxrss=%M' '$BIN' $cmd $(history)" > "$out" 2>&1
}

rate_of() { sed -n 's/.*rate=\([0-9]*\).*/\1/p' "$1" | tail -1; }
rss_of() { sed -n 's/.*maxrss=\([0-9]*\).*/\1/p' "$1" | tail -1; }

run() { # backend url-for-a-fresh-db
  local backend="$1"
  fresh() { # name
    if [ "$backend" = sqlite ]; then
      rm -f "$WORK/$1".db*; echo "sqlite://$WORK/$1.db"
    else
      psql "$PG_SERVER/postgres" -qc "DROP DATABASE IF EXISTS homesafe_$1 WITH (FORCE)" >/dev/null
      psql "$PG_SERVER/postgres" -qc "CREATE DATABASE homesafe_$1" >/dev/null
      echo "$PG_SERVER/homesafe_$1"
    fi
  }
  drop_raw() { # the disk holds the history, one imported database and one raw table at most
    if [ "$backend" = sqlite ]; then rm -f "$WORK"/raw.db*
    else psql "$PG_SERVER/postgres" -qc "DROP DATABASE IF EXISTS homesafe_raw WITH (FORCE)" >/dev/null; fi
  }
  DATABASE_URL=$(fresh raw) homesafe_on_history "$WORK/raw1-$backend.txt" bench-raw-insert
  if [ "$backend" = sqlite ]; then echo "bytes=$(stat -c %s "$WORK/raw.db")" >> "$WORK/raw1-$backend.txt"
  else echo "bytes=$(psql "$PG_SERVER/postgres" -Atc "SELECT pg_database_size('homesafe_raw')")" >> "$WORK/raw1-$backend.txt"; fi
  drop_raw
  DATABASE_URL=$(fresh imported) homesafe_on_history "$WORK/import-$backend.txt" import
  # The second baseline needs room for another copy of the rows beside the kept import; on a
  # full-size run the disk may not have it, and then the first baseline stands alone (said so).
  local need_kib free_kib
  need_kib=$(sed -n 's/.*bytes=\([0-9]*\).*/\1/p' "$WORK/raw1-$backend.txt" | tail -1); need_kib=$(( ${need_kib:-0} / 1024 + 5*1024*1024 ))
  free_kib=$(df -Pk "$WORK" | awk 'NR==2{print $4}')
  if [ "$backend" = postgres ]; then # PostgreSQL's files are not under $WORK
    free_kib=$(df -Pk "$(psql "$PG_SERVER/postgres" -Atc 'SHOW data_directory')" | awk 'NR==2{print $4}')
  fi
  if [ "$free_kib" -gt "$need_kib" ]; then
    DATABASE_URL=$(fresh raw) homesafe_on_history "$WORK/raw2-$backend.txt" bench-raw-insert
    drop_raw
  else
    echo "second baseline skipped: $((free_kib/1024/1024)) GiB free, it needs $((need_kib/1024/1024)) GiB" > "$WORK/raw2-$backend.txt"
  fi
  local r1 r2 imp rss
  r1=$(rate_of "$WORK/raw1-$backend.txt"); r2=$(rate_of "$WORK/raw2-$backend.txt")
  imp=$(rate_of "$WORK/import-$backend.txt"); rss=$(rss_of "$WORK/import-$backend.txt")
  python3 - "$backend" "$r1" "$r2" "$imp" "$rss" "$EVENTS" <<'PY'
import sys
backend = sys.argv[1]
r1, r2, imp, rss, events = (float(a) if a else None for a in sys.argv[2:])
raw = (r1 + r2) / 2 if r2 else r1
runs = f"runs {r1:,.0f} / {r2:,.0f}" if r2 else "one run, before"
print(f"| {backend} | {int(events):,} | {raw:,.0f} ({runs}) | {imp:,.0f} | {imp/raw:.2f} | {rss/1024:,.0f} MiB |")
PY
}

echo
echo "Date: $(date -u +%Y-%m-%d), machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, $(uname -m), homes=$HOMES seed=$SEED"
echo "| backend | events | raw bulk insert (events/s) | homesafe import (events/s) | ratio | import peak RSS |"
echo "|---|---|---|---|---|---|"
for backend in ${BACKENDS:-sqlite postgres}; do run "$backend"; done

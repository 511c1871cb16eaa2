#!/usr/bin/env bash
# Mixed load check on SQLite, then on PostgreSQL: benchmarks/load_mixed.py once per database.
#
# Usage (from anywhere): benchmarks/load_mixed.sh [load_mixed.py options, e.g. --clients 50 --duration 600]
# Each run's table is also written to var/load_mixed/<db>-latest.txt. Exits 1 if either run failed.
set -uo pipefail
cd "$(dirname "$0")/.."
mkdir -p var/load_mixed
status=0
for db in sqlite postgres; do
    .venv/bin/python benchmarks/load_mixed.py --db "$db" "$@" 2>&1 | tee "var/load_mixed/$db-latest.txt"
    [ "${PIPESTATUS[0]}" = 0 ] || status=1
done
exit "$status"

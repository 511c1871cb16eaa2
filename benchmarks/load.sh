#!/usr/bin/env bash
# Load test: gunicorn (2 workers, production settings) on a free loopback port, wrk against four pages.
#
# Uses the same seeded database as benchmarks/pages.py (var/bench.sqlite3, or DATABASE_URL; REDIS_URL
# is honoured). Each address gets DURATION seconds (default 15) with CONNECTIONS connections (default
# 4) on THREADS wrk threads (default 1). gunicorn is stopped on exit, however the script ends.
# SKIP_SETUP=1 skips the migrate/seed step (make bench sets it, as benchmarks/pages.py just did it).
# Loopback only; installs wrk from Debian's packages if it is missing and we are root.
set -euo pipefail
cd "$(dirname "$0")/.."

DURATION="${DURATION:-15}"
CONNECTIONS="${CONNECTIONS:-4}"
THREADS="${THREADS:-1}"
WORKERS="${WORKERS:-2}"
PY=.venv/bin/python

if ! command -v wrk >/dev/null 2>&1; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
        echo "==> Installing wrk from Debian's packages" >&2
        apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null
    else
        echo "error: wrk is not installed (as root: apt-get install -y wrk)" >&2
        exit 1
    fi
fi

export DATABASE_URL="${DATABASE_URL:-sqlite:///$PWD/var/bench.sqlite3}"
if [ -z "${SKIP_SETUP:-}" ]; then
    "$PY" benchmarks/pages.py --setup-only
fi
mapfile -t pages < <("$PY" benchmarks/pages.py --print-urls)
guidance=$(printf '%s\n' "${pages[@]}" | awk -F'\t' '$1 == "guidance" { print $2 }')
[ -n "$guidance" ] || { echo "error: no guidance page found in the seeded database" >&2; exit 1; }

gunicorn_pid=""
cleanup() {
    if [ -n "$gunicorn_pid" ] && kill -0 "$gunicorn_pid" 2>/dev/null; then
        kill -TERM "$gunicorn_pid"
        wait "$gunicorn_pid" 2>/dev/null || true
    fi
}
trap cleanup EXIT

# Production settings, made to run on plain HTTP on loopback. collectstatic fills staticfiles/ (as a
# deployment's build step does) so the hashed-name static storage works.
export DJANGO_SETTINGS_MODULE=portal.settings.production
export SECRET_KEY
SECRET_KEY=$("$PY" -c 'import secrets; print(secrets.token_urlsafe(50))')
export ALLOWED_HOSTS=127.0.0.1
export SECURE_SSL_REDIRECT=false
export LOG_LEVEL=WARNING
echo "==> collectstatic" >&2
"$PY" manage.py collectstatic --noinput --verbosity 0

port=$("$PY" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
base="http://127.0.0.1:$port"
echo "==> gunicorn portal.wsgi, $WORKERS workers, on $base" >&2
.venv/bin/gunicorn portal.wsgi --bind "127.0.0.1:$port" --workers "$WORKERS" \
    --log-level warning &
gunicorn_pid=$!

for _ in $(seq 60); do
    if "$PY" -c "import urllib.request, sys; urllib.request.urlopen('$base/health/', timeout=1)" 2>/dev/null; then
        break
    fi
    kill -0 "$gunicorn_pid" 2>/dev/null || { echo "error: gunicorn exited" >&2; exit 1; }
    sleep 0.5
done

targets=("/" "$guidance" "/case-studies/?pathway=international-recruitment" "/search/?q=HCPC")
for path in "${targets[@]}"; do
    status=$("$PY" -c "import urllib.request; print(urllib.request.urlopen('$base$path', timeout=10).status)")
    [ "$status" = 200 ] || { echo "error: $path answered $status" >&2; exit 1; }
done

cache="local-memory cache"
[ -z "${REDIS_URL:-}" ] || cache="Redis cache"
echo "Load test: gunicorn $WORKERS sync workers, production settings, ${DATABASE_URL%%:*} database, $cache;" \
    "wrk -t$THREADS -c$CONNECTIONS -d${DURATION}s;" \
    "$(nproc) CPU cores shared by server and client"
printf '%-52s %10s %10s %10s %10s %8s\n' "address" "req/s" "lat avg" "lat p50" "lat p99" "errors"
for path in "${targets[@]}"; do
    out=$(wrk -t"$THREADS" -c"$CONNECTIONS" -d"${DURATION}s" --latency "$base$path")
    rps=$(awk '/^Requests\/sec:/ { print $2 }' <<<"$out")
    avg=$(awk '$1 == "Latency" { print $2; exit }' <<<"$out")
    p50=$(awk '$1 == "50%" { print $2 }' <<<"$out")
    p99=$(awk '$1 == "99%" { print $2 }' <<<"$out")
    errors=$(awk '/Non-2xx or 3xx responses:/ { print $5 } /Socket errors:/ { print "socket" }' <<<"$out" | paste -sd, -)
    printf '%-52s %10s %10s %10s %10s %8s\n' "$path" "$rps" "$avg" "$p50" "$p99" "${errors:-0}"
done

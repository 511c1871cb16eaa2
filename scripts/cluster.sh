#!/usr/bin/env bash
# Prove the production topology on one machine, on loopback: two gunicorn nodes behind nginx (round
# robin), one PostgreSQL database, Redis, an S3 API (moto's server), the task worker and the clock.
# Then a journey across both nodes (scripts/cluster_journey.py), a short load through nginx with wrk,
# and everything is stopped however the script ends. Exits non-zero on any failure.
#
# Usage (from anywhere; needs PostgreSQL on 127.0.0.1:5432 and Redis on 127.0.0.1:6379 running, as CI
# starts them, and Debian's nginx and wrk):
#     scripts/cluster.sh                   # journey + 20 s of 50 clients (well under 5 minutes in all)
#     DURATION=600 scripts/cluster.sh      # the 10-minute load variant
#     KEEP=1 scripts/cluster.sh            # keep the run's folder (logs) under var/cluster/
#
# Ports (loopback only): nginx CLUSTER_PORT (8660), nodes +1 and +2, moto +3. Database portal_cluster
# (dropped and created again: never point this at a database you want), Redis database 15 (flushed).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD

PORT=${CLUSTER_PORT:-8660}
NODE_A=$((PORT + 1))
NODE_B=$((PORT + 2))
S3_PORT=$((PORT + 3))
DB_NAME=${CLUSTER_DB:-portal_cluster}
PG=${CLUSTER_PG:-postgres://postgres@127.0.0.1:5432}
REDIS_DB=${CLUSTER_REDIS_DB:-15}
DURATION=${DURATION:-20}
CLIENTS=${CLIENTS:-50}
PY=$ROOT/.venv/bin/python
RUN=$ROOT/var/cluster/run-$(date -u +%Y%m%dT%H%M%S)
mkdir -p "$RUN/mail" "$RUN/nginx"
started=$SECONDS
step() { printf '\n==> [cluster %4ds] %s\n' "$((SECONDS - started))" "$*"; }
fail() { echo "CLUSTER FAILED: $*" >&2; exit 1; }

# --- Every process we start is the leader of its own group; on exit each group gets SIGTERM, then KILL.
pids=()
start() {  # start NAME COMMAND...: in the background, own process group, output to $RUN/NAME.log
    local name=$1
    shift
    setsid "$@" >"$RUN/$name.log" 2>&1 &
    pids+=("$!")
    echo "$name: pid $!"
}
cleanup() {
    local status=$?
    trap - EXIT INT TERM
    step "Stopping everything"
    for pid in "${pids[@]}"; do kill -TERM -- "-$pid" 2>/dev/null || true; done
    for _ in $(seq 40); do
        alive=0
        for pid in "${pids[@]}"; do kill -0 "$pid" 2>/dev/null && alive=1; done
        [ "$alive" = 0 ] && break
        sleep 0.5
    done
    for pid in "${pids[@]}"; do kill -KILL -- "-$pid" 2>/dev/null || true; done
    if [ "$status" != 0 ]; then
        for log in "$RUN"/*.log; do
            echo "----- last lines of $log" >&2
            tail -n 25 "$log" >&2 || true
        done
    fi
    if [ -z "${KEEP:-}" ] && [ "$status" = 0 ]; then rm -rf "$RUN"; else echo "logs kept in $RUN" >&2; fi
    exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

wait_http() {  # wait_http URL SECONDS
    for _ in $(seq $(($2 * 2))); do
        curl -fsS -o /dev/null "$1" 2>/dev/null && return 0
        sleep 0.5
    done
    fail "$1 did not answer within $2 s"
}

for tool in nginx wrk psql redis-cli curl; do
    command -v "$tool" >/dev/null 2>&1 || [ -x "/usr/sbin/$tool" ] || fail "$tool is not installed"
done
NGINX=$(command -v nginx || echo /usr/sbin/nginx)
[ -x "$PY" ] || scripts/bootstrap.sh

# --- The environment every process shares: production settings, on plain HTTP on loopback.
export DJANGO_SETTINGS_MODULE=portal.settings.production
export SECRET_KEY="cluster-$(head -c 64 /dev/urandom | base64 | tr -dc 'A-Za-z0-9')"
export ALLOWED_HOSTS=127.0.0.1,localhost
export DATABASE_URL=$PG/$DB_NAME
export CONN_MAX_AGE=60
export REDIS_URL=redis://127.0.0.1:6379/$REDIS_DB
export SECURE_SSL_REDIRECT=false
export TRUSTED_PROXY_COUNT=1
export WAGTAILADMIN_BASE_URL=http://127.0.0.1:$PORT
export EMAIL_BACKEND=django.core.mail.backends.filebased.EmailBackend
export EMAIL_FILE_PATH=$RUN/mail
export MEDIA_ROOT=$RUN/media
export PRIVATE_MEDIA_ROOT=$RUN/private
export S3_ENDPOINT_URL=http://127.0.0.1:$S3_PORT
export S3_REGION=eu-west-2
export S3_ACCESS_KEY_ID=cluster
export S3_SECRET_ACCESS_KEY=cluster-secret
export S3_PUBLIC_BUCKET=portal-cluster-public
export S3_PRIVATE_BUCKET=portal-cluster-private
export DEMO_PASSWORD=${DEMO_PASSWORD:-sor-demo-2026!}
export CLUSTER_TOTP_SECRET=$($PY -c 'import base64,os; print(base64.b32encode(os.urandom(20)).decode())')
export PYTHONUNBUFFERED=1

step "S3 API: moto's server on 127.0.0.1:$S3_PORT, buckets $S3_PUBLIC_BUCKET and $S3_PRIVATE_BUCKET"
start s3 "$PY" -m moto.server -H 127.0.0.1 -p "$S3_PORT"
wait_http "http://127.0.0.1:$S3_PORT/moto-api/" 60
for bucket in "$S3_PUBLIC_BUCKET" "$S3_PRIVATE_BUCKET"; do
    curl -fsS -X PUT -o /dev/null "http://127.0.0.1:$S3_PORT/$bucket" \
        -H "Content-Type: application/xml" \
        --data "<CreateBucketConfiguration><LocationConstraint>$S3_REGION</LocationConstraint></CreateBucketConfiguration>"
done

step "PostgreSQL: $DB_NAME afresh; Redis database $REDIS_DB emptied"
psql "$PG/postgres" -qAt -c "DROP DATABASE IF EXISTS $DB_NAME WITH (FORCE)" -c "CREATE DATABASE $DB_NAME"
redis-cli -n "$REDIS_DB" FLUSHDB >/dev/null

step "Migrate; then seed the demo (development settings: seed_demo refuses production) while static files are collected"
"$PY" manage.py migrate --noinput -v 0
"$PY" manage.py collectstatic --noinput -v 0 >"$RUN/collectstatic.log" 2>&1 &
collect_pid=$!
# seed_demo saves each page through Wagtail, which indexes it for search (no update_index needed).
DJANGO_SETTINGS_MODULE=portal.settings.dev DEBUG=true "$PY" manage.py seed_demo >"$RUN/seed.log" 2>&1 \
    || fail "seed_demo failed (see $RUN/seed.log)"
wait "$collect_pid" || fail "collectstatic failed (see $RUN/collectstatic.log)"
# The adviser and the superuser sign in through allauth with a second factor, as staff must: give them
# an authenticator app whose secret the journey knows (the demo users have none).
"$PY" manage.py shell -c "
import os
from allauth.mfa.totp.internal.auth import TOTP
from portal.models import User
for email in ('adviser@demo.sor.example', 'admin@demo.sor.example'):
    TOTP.activate(User.objects.get(email=email), os.environ['CLUSTER_TOTP_SECRET'])
" >"$RUN/totp.log"

step "Two gunicorn nodes (2 sync workers each) on :$NODE_A and :$NODE_B, the task worker, the clock"
node_pids=()
for node in "$NODE_A" "$NODE_B"; do
    GUNICORN_BIND=127.0.0.1:$node WEB_CONCURRENCY=2 start "node-$node" .venv/bin/gunicorn --config gunicorn.conf.py
    node_pids+=("${pids[-1]}")
done
start worker "$PY" manage.py db_worker
start clock "$PY" manage.py run_scheduler --interval 10
start clock-standby "$PY" manage.py run_scheduler --interval 10
wait_http "http://127.0.0.1:$NODE_A/health/" 90
wait_http "http://127.0.0.1:$NODE_B/health/" 90

step "nginx on 127.0.0.1:$PORT, round robin over both nodes"
cat >"$RUN/nginx/nginx.conf" <<EOF
daemon off;
worker_processes 2;
pid $RUN/nginx/nginx.pid;
error_log $RUN/nginx/error.log warn;
events { worker_connections 1024; }
http {
    access_log $RUN/nginx/access.log;
    client_body_temp_path $RUN/nginx/body;
    proxy_temp_path $RUN/nginx/proxy;
    fastcgi_temp_path $RUN/nginx/fastcgi;
    uwsgi_temp_path $RUN/nginx/uwsgi;
    scgi_temp_path $RUN/nginx/scgi;
    client_max_body_size 35m;
    upstream portal {
        server 127.0.0.1:$NODE_A max_fails=3 fail_timeout=10s;
        server 127.0.0.1:$NODE_B max_fails=3 fail_timeout=10s;
        keepalive 32;
    }
    server {
        listen 127.0.0.1:$PORT;
        server_name 127.0.0.1 localhost;
        location / {
            include $ROOT/deploy/nginx/proxy_params.conf;
            proxy_pass http://portal;
        }
    }
}
EOF
"$NGINX" -t -q -p "$RUN/nginx" -c "$RUN/nginx/nginx.conf" -e "$RUN/nginx/error.log"
start nginx "$NGINX" -p "$RUN/nginx" -c "$RUN/nginx/nginx.conf" -e "$RUN/nginx/error.log"
wait_http "http://127.0.0.1:$PORT/health/" 30

step "Journey across both nodes (scripts/cluster_journey.py)"
journey=(scripts/cluster_journey.py --balancer "http://127.0.0.1:$PORT"
    --node-a "http://127.0.0.1:$NODE_A" --node-b "http://127.0.0.1:$NODE_B")
if [ -n "${HOLD:-}" ]; then  # for working on the journey: leave the cluster up, run it again by hand
    "$PY" "${journey[@]}" || true
    env | grep -E '^(DJANGO_SETTINGS_MODULE|SECRET_KEY|ALLOWED_HOSTS|DATABASE_URL|REDIS_URL|EMAIL_FILE_PATH|CLUSTER_TOTP_SECRET|DEMO_PASSWORD|S3_[A-Z_]+)=' \
        | sed 's/^/export /; s/=/="/; s/$/"/' >"$RUN/env.sh"
    echo "HOLD: cluster up; . $RUN/env.sh && .venv/bin/python ${journey[*]}; kill $$ to stop"
    sleep infinity &
    wait $! || true
fi
"$PY" "${journey[@]}"

step "Load: $CLIENTS clients for $DURATION s through nginx (wrk), worker memory before and after"
worker_rss() {  # RSS in MB of each gunicorn worker (the children of each node's master)
    for master in "${node_pids[@]}"; do ps -o rss= --ppid "$master"; done | awk '{ printf "%d ", $1 / 1024 }'
}
before=$(worker_rss)
wrk -t2 -c"$CLIENTS" -d"${DURATION}s" --timeout 10s --latency -s scripts/cluster_wrk.lua "http://127.0.0.1:$PORT" \
    | tee "$RUN/wrk.txt"
after=$(worker_rss)
echo "gunicorn worker RSS (MB) before: $before"
echo "gunicorn worker RSS (MB) after:  $after"
if grep -Eq "Non-2xx or 3xx responses|Socket errors" "$RUN/wrk.txt"; then
    fail "errors under load (see the wrk output above)"
fi
curl -fsS "http://127.0.0.1:$NODE_A/health/all/" && echo
curl -fsS "http://127.0.0.1:$NODE_B/health/all/" && echo

step "Cluster check passed in $((SECONDS - started)) s"

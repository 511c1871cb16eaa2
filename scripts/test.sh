#!/usr/bin/env bash
# `make test`: install what the tests need, then run the whole suite.
#
# Installs the locked Python dependencies, axe-core (npm ci, when node_modules lacks it) and, when
# /usr/bin/chromium is missing and we are root, Debian's Chromium. DATABASE_URL and REDIS_URL are
# taken from the environment (SQLite and the local-memory cache when unset).
#
# Without PYTEST_ARGS the suite runs in two passes on a fresh test database each:
#   1. everything but the browser journeys, in parallel (PYTEST_WORKERS, default 2; 0 = serial);
#   2. the browser journeys, serially (one live server, one Chromium).
# With PYTEST_ARGS (e.g. PYTEST_ARGS='-m "not browser" -n 2') pytest runs once with those arguments.
# pytest's exit code 5 (no tests collected) counts as a failure.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/bootstrap.sh

# axe-core for the accessibility checks in the browser journeys.
if [ ! -f node_modules/axe-core/axe.min.js ]; then
    if command -v npm >/dev/null 2>&1; then
        echo "==> npm ci (axe-core for the browser tests)"
        npm ci --no-audit --no-fund
    else
        echo "warning: npm is not installed, so axe-core cannot be installed: browser tests will skip" \
            "(or fail when PORTAL_REQUIRE_BROWSER=1)." >&2
    fi
fi

# Debian's Chromium for the browser journeys (never Playwright's own download).
if [ ! -x /usr/bin/chromium ]; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
        echo "==> Installing Chromium from Debian's packages"
        apt-get update -qq
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium
    else
        echo "warning: /usr/bin/chromium is missing and this is not root: browser tests will skip" \
            "(or fail when PORTAL_REQUIRE_BROWSER=1). As root: apt-get install -y chromium" >&2
    fi
fi

mkdir -p test-results
echo "==> Database: ${DATABASE_URL:-SQLite (test database in var/)}; cache: ${REDIS_URL:-local memory}"

run_pytest() {
    local rc=0
    echo "==> pytest $*"
    .venv/bin/pytest "$@" || rc=$?
    if [ "$rc" = 5 ]; then
        echo "error: pytest collected no tests for: $*" >&2
        return 1
    fi
    return "$rc"
}

if [ -n "${PYTEST_ARGS:-}" ]; then
    # Let the shell split PYTEST_ARGS the way it was quoted on the command line.
    eval "set -- $PYTEST_ARGS"
    run_pytest --create-db "$@"
    exit
fi

# Each parallel worker has its own test database and (portal/settings/test.py) its own Redis database.
workers="${PYTEST_WORKERS:-2}"
parallel=()
if [ "$workers" != 0 ]; then
    parallel=(-n "$workers")
fi

status=0
run_pytest --create-db -m "not browser" "${parallel[@]}" || status=1
run_pytest --create-db -m browser || status=1
if [ "$status" != 0 ]; then
    echo "==> FAILED (see above)" >&2
fi
exit "$status"

#!/usr/bin/env bash
# `make run`: set up, migrate (SQLite by default), load the demo content and serve the portal.
#
# Needs only Python 3.11: the compiled CSS is committed, so Node is not used. HOST and PORT choose
# where to listen (default 127.0.0.1:8000); DATABASE_URL, if set, is honoured.
# Each step runs only when it has work: bootstrap.sh when requirements.lock changed, and
# `manage.py prepare_demo` migrates, seeds and indexes only what is missing (it says what it skipped).
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/bootstrap.sh
echo "==> Python packages: .venv matches requirements.lock"

export DJANGO_SETTINGS_MODULE="${DJANGO_SETTINGS_MODULE:-portal.settings.dev}"
PY=.venv/bin/python
address="${HOST:-127.0.0.1}:${PORT:-8000}"

echo "==> Database: ${DATABASE_URL:-SQLite db.sqlite3}"
# prepare_demo then runs runserver in the same process, so Django starts once fewer.
exec "$PY" manage.py prepare_demo --serve "$address"

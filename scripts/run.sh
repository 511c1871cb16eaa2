#!/usr/bin/env bash
# `make run`: set up, migrate (SQLite by default), load the demo content and serve the portal.
#
# Needs only Python 3.11: the compiled CSS is committed, so Node is not used. HOST and PORT choose
# where to listen (default 127.0.0.1:8000); DATABASE_URL, if set, is honoured.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/bootstrap.sh

export DJANGO_SETTINGS_MODULE="${DJANGO_SETTINGS_MODULE:-portal.settings.dev}"
PY=.venv/bin/python
address="${HOST:-127.0.0.1}:${PORT:-8000}"

echo "==> Migrating (${DATABASE_URL:-SQLite db.sqlite3})"
"$PY" manage.py migrate --noinput
echo "==> Loading demo content"
"$PY" manage.py seed_demo
echo "==> Building the search index"
"$PY" manage.py update_index
echo "==> Serving http://$address/ (Ctrl-C to stop)"
exec "$PY" manage.py runserver "$address"

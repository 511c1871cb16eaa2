#!/usr/bin/env bash
# Make .venv hold exactly the versions pinned in requirements.lock.
#
# Creates .venv with Python 3.11 when it is missing, installs uv into it, and installs the lock with uv.
# A stamp (the lock's checksum) makes a second call a no-op until requirements.lock changes.
set -euo pipefail
cd "$(dirname "$0")/.."

VENV=.venv
LOCK=requirements.lock

find_python() {
    local candidate
    for candidate in "${PYTHON:-}" python3.11 python3; do
        [ -n "$candidate" ] || continue
        command -v "$candidate" >/dev/null 2>&1 || continue
        if "$candidate" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))' 2>/dev/null; then
            echo "$candidate"
            return 0
        fi
    done
    return 1
}

if [ ! -x "$VENV/bin/python" ]; then
    if ! python=$(find_python); then
        echo "error: Python 3.11 is needed (python3.11, or python3 being 3.11, or PYTHON=/path/to/python3.11)." >&2
        exit 1
    fi
    echo "==> Creating $VENV with $python"
    "$python" -m venv "$VENV"
fi

want=$(sha256sum "$LOCK" | cut -d' ' -f1)
stamp="$VENV/.requirements-lock.sha256"
if [ "$(cat "$stamp" 2>/dev/null || true)" = "$want" ]; then
    exit 0
fi

if [ ! -x "$VENV/bin/uv" ]; then
    echo "==> Installing uv into $VENV"
    "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check uv
fi
echo "==> Installing $LOCK into $VENV"
# `uv pip install -r` rather than `sync`: sync would also remove uv and pip from the venv they run from.
"$VENV/bin/uv" pip install --python "$VENV/bin/python" --quiet -r "$LOCK"
echo "$want" >"$stamp"

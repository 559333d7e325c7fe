#!/usr/bin/env bash
# The main job: set up, ingest the real lists of ../shared/data into the embedded archive
# (SQLite, var/unpersoned.sqlite3 unless UNPERSONED_DB or UNPERSONED_DATABASE_URL says
# otherwise), verify it against its ledger and print its summary. Running it again adds nothing
# twice.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
DATA=${UNPERSONED_DATA:-../shared/data}
mkdir -p var
export UNPERSONED_DB=${UNPERSONED_DB:-var/unpersoned.sqlite3}
run() { .venv/bin/unpersoned "$@"; }
run ingest moscow "$DATA/mos-memo-moscow/pages"
run ingest memo "$DATA/memo-lists-anon/texts.zip"
run ingest stalin "$DATA/stalin-lists/persons.jsonl"
run verify
run stats

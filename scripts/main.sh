#!/usr/bin/env bash
# The main job: set up, ingest the real lists of ../shared/data into the embedded archive
# (SQLite, var/unpersoned.sqlite3 unless UNPERSONED_DB or UNPERSONED_DATABASE_URL says
# otherwise), verify it against its ledger, print its summary and find a person by a foreign
# spelling. Running it again adds nothing twice.
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
# the name search: a German spelling finds the Russian list's entry, with the reason
run search "Tschernyschew Ilja" --limit 3

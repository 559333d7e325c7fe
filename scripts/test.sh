#!/usr/bin/env bash
# Set up and run every test: lint, then the suite on SQLite, then the same suite on PostgreSQL.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --postgres
PG_URL=${UNPERSONED_TEST_POSTGRES:-postgres://postgres@127.0.0.1:5432/unpersoned}

.venv/bin/ruff check src tests bench
# the repository holds facts and locators, never the published records themselves
if [ -x ../shared/tools/published-text-check ]; then
    ../shared/tools/published-text-check .
fi

pytest_run() {
    # pytest exits 5 when it collected no test: that is a failure here, not a pass
    set +e
    .venv/bin/python -m pytest "$@"
    code=$?
    set -e
    [ "$code" -eq 5 ] && echo "pytest collected no tests" && return 1
    return "$code"
}

echo "== tests on SQLite"
( unset UNPERSONED_DATABASE_URL; pytest_run -q "$@" )
echo "== tests on PostgreSQL ($PG_URL)"
# the modules that never open a database ran above; the backend changes nothing in them
db_free=()
if [ $# -eq 0 ]; then
    for module in corpus csv dates docs given_names names parse readers sample; do
        db_free+=(--ignore "tests/test_$module.py")
    done
fi
UNPERSONED_DATABASE_URL=$PG_URL pytest_run -q "${db_free[@]}" "$@"

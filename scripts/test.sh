#!/usr/bin/env bash
# Builds and runs the whole test suite: unit and integration tests against real PostgreSQL
# 14..18 clusters, in the `dev` build (warnings as errors) and again under ASan+UBSan.
# PGIMPORT_REQUIRE_POSTGRES=1 turns a missing server version into a failure, not a skip.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
export PGIMPORT_REQUIRE_POSTGRES=${PGIMPORT_REQUIRE_POSTGRES:-1}
presets=${PGIMPORT_TEST_PRESETS:-"dev asan"}
for preset in $presets; do
  echo "== $preset: build"
  cmake --preset "$preset" >/dev/null
  cmake --build --preset "$preset"
  echo "== $preset: test"
  ctest --preset "$preset" -j2 --timeout 900
done

#!/usr/bin/env bash
# Builds and runs the whole test suite: unit and integration tests against real PostgreSQL
# 14..18 clusters, in the `dev` build (warnings as errors) and again under ASan+UBSan; then
# the import tests (the concurrent copy engine: workers, index builds, cancellation) with a
# ThreadSanitizer build of pgimport, where any data race fails the test.
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
if [[ " $presets " == *" asan "* || -n ${PGIMPORT_TSAN:-} ]]; then
  echo "== tsan: build the engine and its import tests"
  cmake --preset tsan >/dev/null
  cmake --build --preset tsan --target pgimport import_integration_tests
  echo "== tsan: test"
  TSAN_OPTIONS="halt_on_error=1 second_deadlock_stack=1" \
    ctest --preset tsan -j2 --timeout 900 -R "^(Import\.|WalFlusher|DataFiles/ImportEdgeCase|WholeAndSplit/ImportVerification)"
fi

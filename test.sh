#!/usr/bin/env bash
# Installs what is missing, builds everything and runs every test through ctest; then (what CI
# runs, .ci/run) the whole test suite again under ASan+UBSan in build-asan/ (scripts/sanitize.sh)
# and each libFuzzer target for a bounded time in build-fuzz/ (scripts/fuzz.sh).
#   BEACON_SANITIZE_TESTS=0   skip the sanitizer stage
#   BEACON_FUZZ_SECONDS=N     seconds per fuzz target (default 60; 0 skips fuzzing)
set -euo pipefail
cd "$(dirname "$0")"
# ccache (when present) keys on paths relative to the checkout, so another clone of the same
# sources (a CI workspace) reuses the objects compiled here.
export CCACHE_BASEDIR="$PWD" CCACHE_NOHASHDIR=true
stage() { echo "test.sh: $1 ($(date -u +%H:%M:%S), ${SECONDS}s so far)"; }

scripts/install-deps.sh
stage "build"
scripts/build.sh
stage "ctest"
(cd build && ctest --output-on-failure --timeout 300 -j"${BEACON_TEST_JOBS:-1}")
if [ "${BEACON_SANITIZE_TESTS:-1}" != 0 ]; then
  stage "ASan+UBSan build and ctest"
  scripts/sanitize.sh
fi
if [ "${BEACON_FUZZ_SECONDS:-60}" != 0 ]; then
  stage "fuzzing"
  scripts/fuzz.sh "${BEACON_FUZZ_SECONDS:-60}"
fi
stage "done"

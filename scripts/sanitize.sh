#!/usr/bin/env bash
# Builds everything with AddressSanitizer + UndefinedBehaviorSanitizer (gcc) in build-asan/ and
# runs the whole test suite there; extra arguments go to ctest (e.g. -R edge).
# Every finding fails the run: ASan and UBSan stop the process at the first report (a test whose
# process dies fails), and because the process tests start beacon-core and beacon-edge as child
# processes, whose death a test may not notice, every report is also written to
# build-asan/sanitizer-reports/ and any file there fails the run. Leak reports go through
# lsan.supp, which names only third-party globals.
set -euo pipefail
cd "$(dirname "$0")/.."
root="$PWD"
reports="$root/build-asan/sanitizer-reports"
# Set before the build too: it runs the instrumented test binaries to list their tests.
export ASAN_OPTIONS="halt_on_error=1:detect_leaks=1:check_initialization_order=1:strict_init_order=1:log_path=$reports/asan"
export UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1:log_path=$reports/ubsan"
export LSAN_OPTIONS="suppressions=$root/lsan.supp:print_suppressions=0"
rm -rf "$reports"
mkdir -p "$reports"

if [ ! -f build-asan/CMakeCache.txt ]; then
  cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DBEACON_SANITIZE=address,undefined >/dev/null
fi
cmake --build build-asan -j"${BEACON_BUILD_JOBS:-2}"

# Left out: tests that measure the resident memory of a process, which means nothing under ASan
# (freed memory sits in its quarantine, 256 MiB by default, and shadow memory adds to it).
exclude='TrackingServiceTest.SubscriberThatStopsReadingIsEndedWithBoundedMemory'

status=0
(cd build-asan &&
  ctest --output-on-failure --timeout 600 -j"${BEACON_TEST_JOBS:-1}" -E "$exclude" "$@") || status=1
if [ -n "$(ls -A "$reports")" ]; then
  status=1
  for report in "$reports"/*; do
    echo "=== sanitizer report $report" >&2
    head -n 80 "$report" >&2
  done
fi
[ $status -eq 0 ] && echo "sanitize: every test passed under ASan+UBSan, no reports"
exit $status

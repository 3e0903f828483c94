#!/usr/bin/env bash
# Installs the build into a scratch DESTDIR and builds the .deb, then checks both: the files are
# where an operator expects them, the units point at the installed binaries, and the installed
# daemons start from the installed (commented example) flag files.
# Usage: check_install.sh BUILD_DIR INSTALL_PREFIX SYSCONFDIR
set -euo pipefail
build=$1 prefix=$2 sysconf=$3
work=$(mktemp -d)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill -9 "$pid" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT
fail() {
  echo "check_install: $*" >&2
  for log in "$work"/*.err; do [ -s "$log" ] && { echo "--- $log" >&2; cat "$log" >&2; }; done
  exit 1
}

# Starts BINARY ARGS... and waits for its "NAME listening on" line (printed after its admin
# line); fails with its stderr otherwise.
starts() {
  local name=$1; shift
  "$@" >"$work/$name.out" 2>"$work/$name.err" &
  pids+=($!)
  for _ in $(seq 300); do
    grep -q "^beacon-$name listening on" "$work/$name.out" && return 0
    kill -0 "${pids[-1]}" 2>/dev/null || break
    sleep 0.1
  done
  fail "$name did not start: $(cat "$work/$name.err")"
}

check_tree() {  # ROOT: an installed tree
  local root=$1
  for b in beacon-core beacon-edge beacon-admin beacon-client; do
    [ -x "$root$prefix/bin/$b" ] || fail "missing executable $prefix/bin/$b"
  done
  for f in "$sysconf/beacon/beacon-core.flags" "$sysconf/beacon/beacon-edge.flags" \
           "$prefix/lib/systemd/system/beacon-core.service" \
           "$prefix/lib/systemd/system/beacon-edge.service" "$prefix/share/doc/beacon/README.md" \
           "$prefix/share/doc/beacon/docs/operating.md"; do
    [ -f "$root$f" ] || fail "missing $f"
  done
  grep -qx -- "--data_dir=/var/lib/beacon/core" "$root$sysconf/beacon/beacon-core.flags" ||
    fail "installed core flags do not keep data in /var/lib/beacon"
  grep -qx "ExecStart=$prefix/bin/beacon-core --flagfile=$sysconf/beacon/beacon-core.flags" \
    "$root$prefix/lib/systemd/system/beacon-core.service" || fail "beacon-core.service ExecStart"
  grep -qx "ExecStart=$prefix/bin/beacon-edge --flagfile=$sysconf/beacon/beacon-edge.flags" \
    "$root$prefix/lib/systemd/system/beacon-edge.service" || fail "beacon-edge.service ExecStart"
  # The installed daemons start from the installed flag files (so every flag in them is valid);
  # only the addresses and the data folder are overridden for the test.
  starts core "$root$prefix/bin/beacon-core" --flagfile="$root$sysconf/beacon/beacon-core.flags" \
    --listen=127.0.0.1:0 --admin_listen=127.0.0.1:0 --data_dir="$work/data"
  local core_address core_admin
  core_address=$(awk '/^beacon-core listening on/ {print $4}' "$work/core.out")
  core_admin=$(awk '/^beacon-core admin listening on/ {print $5}' "$work/core.out")
  starts edge "$root$prefix/bin/beacon-edge" --flagfile="$root$sysconf/beacon/beacon-edge.flags" \
    --listen=127.0.0.1:0 --admin_listen=127.0.0.1:0 --core="$core_address"
  local metrics
  metrics=$(curl -fsS "http://$core_admin/metrics") || fail "installed core's /metrics"
  grep -q "^beacon_core_events_tracked_total " <<<"$metrics" ||
    fail "installed core's /metrics lacks beacon_core_events_tracked_total"
  local account
  account=$("$root$prefix/bin/beacon-admin" --core="$core_address" \
    --token_file="$work/data/admin_token" get celtra) || fail "installed beacon-admin failed"
  grep -q '"id":"celtra"' <<<"$account" || fail "installed beacon-admin printed $account"
  "$root$prefix/bin/beacon-client" --help >/dev/null || fail "installed beacon-client --help"
  local status
  for pid in "${pids[@]}"; do
    kill -TERM "$pid"
    status=0
    wait "$pid" || status=$?
    [ "$status" -eq 0 ] || fail "daemon $pid exited with $status after SIGTERM"
  done
  pids=()
  rm -rf "$work/data"
}

DESTDIR="$work/tree" cmake --install "$build" >/dev/null
check_tree "$work/tree"

(cd "$work" && cpack --config "$build/CPackConfig.cmake" -B "$work/pkg" >/dev/null)
deb=$(ls "$work"/pkg/*.deb)
# Captured first: `grep -q` stops reading early, and with pipefail the writer's SIGPIPE would
# fail the check.
info=$(dpkg-deb --info "$deb")
grep -q "Package: beacon" <<<"$info" || fail "package name"
grep -q "Depends:.*adduser" <<<"$info" || fail "package dependencies"
dpkg-deb --ctrl-tarfile "$deb" | tar -t | sort > "$work/control.txt"
for f in ./postinst ./prerm ./postrm ./conffiles; do
  grep -qx "$f" "$work/control.txt" || fail "package lacks $f"
done
dpkg-deb -x "$deb" "$work/unpacked"
check_tree "$work/unpacked"
echo "check_install: install tree and $(basename "$deb") are complete and start"

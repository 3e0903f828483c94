#!/usr/bin/env bash
# Installs what is missing, builds, creates the database (data/, git-ignored) and runs
# beacon-core and beacon-edge under supervision (scripts/supervise.sh): a process that dies is
# restarted alone after a short backoff, as systemd would, so the other keeps serving. Ctrl-C
# stops both.
#
# Environment (all optional):
#   BEACON_CORE_ADDRESS (127.0.0.1:50051)  BEACON_EDGE_ADDRESS (0.0.0.0:8082)
#   BEACON_CORE_ADMIN_ADDRESS (127.0.0.1:9090)  BEACON_EDGE_ADMIN_ADDRESS (127.0.0.1:9091)
#   BEACON_DATA_DIR (data)  BEACON_CORE_FLAGS, BEACON_EDGE_FLAGS (extra flags)
#   BEACON_SKIP_BUILD=1 with BEACON_CORE_BIN / BEACON_EDGE_BIN: run those binaries, build nothing
set -euo pipefail
cd "$(dirname "$0")"
if [ "${BEACON_SKIP_BUILD:-0}" != 1 ]; then
  scripts/install-deps.sh
  scripts/build.sh --target beacon-core beacon-edge beacon-admin
fi

core_bin="${BEACON_CORE_BIN:-build/core/beacon-core}"
edge_bin="${BEACON_EDGE_BIN:-build/edge/beacon-edge}"
core_address="${BEACON_CORE_ADDRESS:-127.0.0.1:50051}"
edge_address="${BEACON_EDGE_ADDRESS:-0.0.0.0:8082}"
core_admin="${BEACON_CORE_ADMIN_ADDRESS:-127.0.0.1:9090}"
edge_admin="${BEACON_EDGE_ADMIN_ADDRESS:-127.0.0.1:9091}"
data_dir="${BEACON_DATA_DIR:-data}"
mkdir -p "$data_dir"

# shellcheck disable=SC2086
start_core() {
  exec "$core_bin" --listen="$core_address" --admin_listen="$core_admin" \
    --data_dir="$data_dir/core" ${BEACON_CORE_FLAGS:-}
}
# shellcheck disable=SC2086
start_edge() {
  exec "$edge_bin" --listen="$edge_address" --core="$core_address" --admin_listen="$edge_admin" \
    ${BEACON_EDGE_FLAGS:-}
}

# shellcheck source=scripts/supervise.sh
source scripts/supervise.sh
supervise_add beacon-core start_core
supervise_add beacon-edge start_edge

echo "Beacon is running: REST and WebSocket on $edge_address, gRPC on $core_address. Ctrl-C stops it."
echo "Admin token (Accounts service, build/clients/admin/beacon-admin): $data_dir/core/admin_token"
echo "Live event page: http://127.0.0.1:${edge_address##*:}/   Metrics: http://$core_admin/metrics (core), http://$edge_admin/metrics (edge)"
supervise_run

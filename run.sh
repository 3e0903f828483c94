#!/usr/bin/env bash
# Installs what is missing, builds, creates the database (data/, git-ignored) and starts
# beacon-core and beacon-edge. Ctrl-C stops both. Extra flags: BEACON_CORE_FLAGS, BEACON_EDGE_FLAGS.
set -euo pipefail
cd "$(dirname "$0")"
scripts/install-deps.sh
scripts/build.sh --target beacon-core beacon-edge beacon-admin

core_address="${BEACON_CORE_ADDRESS:-127.0.0.1:50051}"
edge_address="${BEACON_EDGE_ADDRESS:-0.0.0.0:8082}"
mkdir -p data

pids=()
stop() {
  trap - INT TERM EXIT
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  wait
}
trap stop INT TERM EXIT

# shellcheck disable=SC2086
build/core/beacon-core --listen="$core_address" --data_dir=data/core ${BEACON_CORE_FLAGS:-} &
pids+=($!)
# shellcheck disable=SC2086
build/edge/beacon-edge --listen="$edge_address" --core="$core_address" ${BEACON_EDGE_FLAGS:-} &
pids+=($!)

echo "Beacon is running: REST and WebSocket on $edge_address, gRPC on $core_address. Ctrl-C stops it."
echo "Admin token (Accounts service, build/clients/admin/beacon-admin): data/core/admin_token"
echo "Live event page: http://127.0.0.1:${edge_address##*:}/   Metrics: http://127.0.0.1:9090/metrics (core), http://127.0.0.1:9091/metrics (edge)"
# Stop everything as soon as either process exits.
wait -n

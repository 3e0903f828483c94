#!/usr/bin/env bash
# Installs the Debian 12 packages Beacon builds and runs with, skipping those already present.
set -euo pipefail

packages=(
  cmake g++ make ccache pkg-config
  libgrpc++-dev protobuf-compiler-grpc libprotobuf-dev protobuf-compiler libabsl-dev
  librocksdb-dev libwebsocketpp-dev libboost-dev libcpp-httplib-dev nlohmann-json3-dev
  libssl-dev openssl libgtest-dev python3 python3-websockets curl
  nats-server libnats-dev  # jetstream/: the NATS JetStream backend and its tests
  chromium  # tests/edge/live_page_test: the live page in headless Chromium
  clang libclang-rt-14-dev  # scripts/fuzz.sh: libFuzzer with ASan/UBSan
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

sudo=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null || { echo "install-deps: need root or sudo to install: ${missing[*]}" >&2; exit 1; }
  sudo="sudo"
fi
echo "install-deps: installing ${missing[*]}"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null

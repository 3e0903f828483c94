#!/usr/bin/env bash
# Runs beacon-bench's standard matrix against Beacon and writes the results to an output folder:
# results.jsonl (one JSON object per run, tagged with "name" and "repeat") and results.md
# (a Markdown table of the medians over the repeats). The fanout rows publish as real producers
# do, by POST /tracking on beacon-edge (fanout's default --via=rest); one gRPC-producer row
# (Track on beacon-core) is kept for comparison.
#
# By default it starts beacon-core and beacon-edge from the build tree on free loopback ports
# with a temporary data directory, and stops them at the end. Give --edge and --core to use a
# running Beacon instead (plus --pids "CORE_PID EDGE_PID" for the idle memory runs).
#
#   clients/bench/matrix.sh [--build DIR] [--out DIR] [--duration 10s] [--repeat 3]
#                           [--edge HOST:PORT --core HOST:PORT [--pids "P1 P2"]] [--only REGEX]
set -euo pipefail

repo=$(cd "$(dirname "$0")/../.." && pwd)
build="$repo/build"
out=""
duration="10s"
repeat=3
edge=""
core=""
pids=""
only="."
started_pids=()
workdir=""

usage() { sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//'; exit "${1:-0}"; }
while [[ $# -gt 0 ]]; do
  case "$1" in
    --build) build="$2"; shift 2 ;;
    --out) out="$2"; shift 2 ;;
    --duration) duration="$2"; shift 2 ;;
    --repeat) repeat="$2"; shift 2 ;;
    --edge) edge="$2"; shift 2 ;;
    --core) core="$2"; shift 2 ;;
    --pids) pids="$2"; shift 2 ;;
    --only) only="$2"; shift 2 ;;
    -h|--help) usage 0 ;;
    *) echo "matrix.sh: unknown argument $1" >&2; usage 2 ;;
  esac
done
out="${out:-$build/bench-results}"
bench="$build/clients/bench/beacon-bench"
[[ -x "$bench" ]] || { echo "matrix.sh: $bench not built (cmake --build $build -j2)" >&2; exit 2; }
if [[ -n "$edge" && -z "$core" || -z "$edge" && -n "$core" ]]; then
  echo "matrix.sh: give both --edge and --core, or neither" >&2; exit 2
fi
mkdir -p "$out"
results="$out/results.jsonl"
: > "$results"

# Both Beacon and the bench hold one descriptor per connection.
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true

# Stops what we started, newest (edge) first, SIGTERM then SIGKILL after 10 s.
cleanup() {
  local i pid
  for ((i = ${#started_pids[@]} - 1; i >= 0; i--)); do
    pid=${started_pids[i]}
    kill "$pid" 2>/dev/null || continue
    for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    if kill -0 "$pid" 2>/dev/null; then
      echo "matrix.sh: pid $pid ignored SIGTERM for 10 s; killing it" >&2
      kill -9 "$pid" 2>/dev/null || true
    fi
    wait "$pid" 2>/dev/null || true
  done
  if [[ -n "$workdir" ]]; then rm -rf "$workdir"; fi
}
trap cleanup EXIT

# start BINARY LOG ARGS...: starts a Beacon binary, sets $listening to the HOST:PORT it
# printed and $started to its pid.
start() {
  local binary="$1" log="$2"; shift 2
  "$binary" "$@" > "$log" 2>&1 &
  started=$!
  started_pids+=("$started")
  for _ in $(seq 200); do
    # The daemons print their admin address first; the line wanted is the service's.
    if grep -v " admin listening on " "$log" | grep -q " listening on "; then
      listening=$(grep -v " admin listening on " "$log" |
        sed -n 's/.* listening on \([^ ]*\).*/\1/p' | head -1)
      return 0
    fi
    sleep 0.05
  done
  echo "matrix.sh: $binary did not start; log:" >&2; cat "$log" >&2; return 1
}

owned=false
[[ -z "$edge" ]] && owned=true

# Starts beacon-core and beacon-edge on free ports with a fresh data directory.
start_beacon() {
  workdir=$(mktemp -d)
  start "$build/core/beacon-core" "$workdir/core.log" --listen=127.0.0.1:0 \
    --admin_listen=127.0.0.1:0 --data_dir="$workdir/data"
  core=$listening core_pid=$started
  start "$build/edge/beacon-edge" "$workdir/edge.log" --listen=127.0.0.1:0 \
    --admin_listen=127.0.0.1:0 --core="$core"
  edge=$listening edge_pid=$started
  pids="$core_pid $edge_pid"
  echo "matrix.sh: started beacon-core on $core (pid $core_pid), beacon-edge on $edge (pid $edge_pid)" >&2
}

if $owned; then start_beacon; fi
pid_flags=()

# name | beacon-bench arguments
matrix=(
  "fanout rest S=1 R=1000|fanout --via=rest --subscribers=1 --rate=1000 --payload=100 --duration=$duration"
  "fanout rest S=100 R=100|fanout --via=rest --subscribers=100 --rate=100 --payload=100 --duration=$duration"
  "fanout rest S=1000 R=10|fanout --via=rest --subscribers=1000 --rate=10 --payload=100 --duration=$duration"
  "fanout rest S=10000 R=1|fanout --via=rest --subscribers=10000 --rate=1 --payload=100 --duration=$duration"
  "fanout rest S=1 R=max|fanout --via=rest --subscribers=1 --rate=max --payload=100 --duration=$duration"
  "fanout rest S=100 R=max|fanout --via=rest --subscribers=100 --rate=max --payload=100 --duration=$duration"
  "fanout rest S=1000 R=max|fanout --via=rest --subscribers=1000 --rate=max --payload=100 --duration=$duration"
  "fanout grpc S=100 R=max|fanout --via=grpc --subscribers=100 --rate=max --payload=100 --duration=$duration"
  "ingest grpc C=64|ingest --via=grpc --concurrency=64 --payload=100 --duration=$duration --target=$core"
  "ingest rest C=32|ingest --via=rest --concurrency=32 --payload=100 --duration=$duration --target=$edge"
  "idle C=1000|idle --connections=1000"
  "idle C=10000|idle --connections=10000"
)

for entry in "${matrix[@]}"; do
  name="${entry%%|*}"
  read -r -a args <<< "${entry#*|}"
  [[ "$name" =~ $only ]] || continue
  if [[ "${args[0]}" == idle && -z "$pids" ]]; then
    echo "matrix.sh: skipping $name (no --pids)" >&2; continue
  fi
  for r in $(seq "$repeat"); do
    # Memory freed by earlier runs stays in the servers' heaps and would hide the growth, so
    # idle runs get freshly started servers when this script owns them.
    if [[ "${args[0]}" == idle ]] && $owned; then
      cleanup
      started_pids=()
      start_beacon
    fi
    pid_flags=()
    for pid in $pids; do pid_flags+=("--pid=$pid"); done
    extra=(--edge="$edge" --core="$core")
    [[ "${args[0]}" == idle ]] && extra+=("${pid_flags[@]}")
    echo "matrix.sh: $name (run $r/$repeat)" >&2
    set +e
    line=$("$bench" "${args[@]}" "${extra[@]}" --json 2> "$out/last-stderr.txt")
    code=$?
    set -e
    err=$(tr '\n' ' ' < "$out/last-stderr.txt")
    if [[ -z "$line" ]]; then line='{}'; fi
    jq -c --arg name "$name" --argjson repeat "$r" --argjson exit "$code" --arg stderr "$err" \
      '{name: $name, repeat: $repeat, exit_code: $exit} + . +
       (if $stderr != "" then {stderr: $stderr} else {} end)' <<< "$line" >> "$results"
  done
done
rm -f "$out/last-stderr.txt"

python3 - "$results" "$out/results.md" "$duration" "$repeat" <<'PY'
import json, statistics, sys
results, table, duration, repeat = sys.argv[1:5]
runs = {}
for line in open(results):
    r = json.loads(line)
    runs.setdefault(r["name"], []).append(r)

def med(rs, *path):
    values = []
    for r in rs:
        v = r
        for p in path:
            v = v.get(p) if isinstance(v, dict) else None
        if isinstance(v, (int, float)):
            values.append(v)
    return statistics.median(values) if values else None

def num(v, digits=0):
    return "–" if v is None else f"{v:,.{digits}f}"

def ms(v):
    return "–" if v is None else f"{v / 1000:.2f}"

rows = ["| run | accepted/s | deliveries/s | p50 ms | p90 ms | p99 ms | p99.9 ms | max ms | lost / dup / ooo | errors | notes |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---|---|---|"]
for name, rs in runs.items():
    notes = []
    bad = [r for r in rs if r.get("exit_code") not in (0, None)]
    if bad:
        notes.append(f"exit {sorted({r['exit_code'] for r in bad})}: " + (bad[0].get("stderr") or "").strip()[:160])
    command = next((r.get("command") for r in rs if r.get("command")), "")
    lat_key = {"fanout": "e2e_latency_us", "ingest": "track_latency_us"}.get(command, "")
    if command == "ingest" and rs[0].get("post_latency_us"):
        lat_key = "post_latency_us"
    lat = [med(rs, lat_key, k) if lat_key else None for k in ("p50", "p90", "p99", "p99.9", "max")]
    if command == "fanout":
        lost_dup_ooo = " / ".join(num(med(rs, k)) for k in ("lost", "duplicated", "out_of_order"))
        errors = sum(sum(r.get("track_errors", {}).values()) + r.get("connect_failures", 0) for r in rs)
        notes.append(f"{num(med(rs, 'subscribers_connected'))} subscribers; bench {num(med(rs, 'bench_cpu_cores'), 2)} cores")
        closed = {k: v for r in rs for k, v in r.get("closed_by_server", {}).items()}
        if closed:
            notes.append("closed by server: " + ", ".join(closed))
    elif command == "ingest":
        lost_dup_ooo = ""
        errors = sum(r.get("errors_total", 0) for r in rs)
        kinds = sorted({k for r in rs for k in r.get("errors", {})})
        if kinds:
            notes.append("errors: " + ", ".join(kinds))
        notes.append(f"bench {num(med(rs, 'bench_cpu_cores'), 2)} cores")
    elif command == "idle":
        lost_dup_ooo = ""
        errors = sum(r.get("connect_failures", 0) for r in rs)
        mem = {}
        for r in rs:
            for proc, m in r.get("memory", {}).items():
                mem.setdefault(proc.split(" ")[0], []).append(m["kib_per_connection"])
        notes.append(f"{num(med(rs, 'connected'))} connected; " + ", ".join(
            f"{p} {statistics.median(v):.2f} KiB/conn" for p, v in mem.items()))
    else:
        lost_dup_ooo, errors = "", ""
    rows.append(f"| {name} | {num(med(rs, 'accepted_per_s'))} | {num(med(rs, 'deliveries_per_s'))} | "
                + " | ".join(ms(v) for v in lat)
                + f" | {lost_dup_ooo} | {errors} | {'; '.join(notes)} |")
header = (f"# beacon-bench matrix\n\nMedians of {repeat} run(s) of {duration} each; latencies are "
          "end-to-end (fanout: send to WebSocket frame) or per request (ingest). "
          "Raw results: results.jsonl.\n\n")
open(table, "w").write(header + "\n".join(rows) + "\n")
print(header + "\n".join(rows))
PY
echo "matrix.sh: wrote $out/results.md and $results" >&2

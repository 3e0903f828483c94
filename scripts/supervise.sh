# Process supervision for run.sh (sourced, not run): starts each process, and when one exits on
# its own prints one line saying which and how (exit code or signal), then restarts that one
# alone after a backoff of 1 s doubling to 10 s (back to 1 s once it has run for a minute), while
# the others keep running. A process that exits within 5 s of its start 3 times in a row (a taken
# port, a bad flag) is given up on: everything is stopped and the script exits 1. SIGINT and
# SIGTERM stop every process (SIGTERM, SIGKILL after 20 s) and exit 0.
#
#   start_core() { exec build/core/beacon-core --listen=...; }   # must exec the process
#   supervise_add beacon-core start_core
#   supervise_run                                                 # returns only by exiting

sv_names=()
sv_starters=()
sv_pids=()
sv_started_at=()
sv_delay=()
sv_quick_exits=()
sv_sleep_pid=""

readonly SV_QUICK_SECONDS=5 SV_QUICK_EXITS_TO_GIVE_UP=3 SV_STABLE_SECONDS=60 SV_MAX_DELAY=10

supervise_add() {
  sv_names+=("$1")
  sv_starters+=("$2")
  sv_pids+=("")
  sv_started_at+=(0)
  sv_delay+=(1)
  sv_quick_exits+=(0)
}

sv_start() {
  local i=$1
  "${sv_starters[$i]}" &
  sv_pids[$i]=$!
  sv_started_at[$i]=$SECONDS
  echo "run.sh: started ${sv_names[$i]} (pid ${sv_pids[$i]})"
}

sv_describe_exit() {
  if (($1 > 128)); then
    echo "was killed by SIG$(kill -l $(($1 - 128)))"
  else
    echo "exited with code $1"
  fi
}

# Stops every process, prints `message` (if any) on stderr as the last line, exits `exit_code`.
sv_stop_all() {
  local exit_code=$1 message=${2:-}
  trap - INT TERM
  [ -z "$sv_sleep_pid" ] || kill "$sv_sleep_pid" 2>/dev/null || true
  local pids=()
  for pid in "${sv_pids[@]}"; do
    [ -n "$pid" ] && kill -TERM "$pid" 2>/dev/null && pids+=("$pid")
  done
  if [ ${#pids[@]} -gt 0 ]; then
    # Not holding this script's stdout and stderr, which callers may read until they close.
    (sleep 20 && kill -KILL "${pids[@]}") >/dev/null 2>&1 &
    local killer=$!
    wait "${pids[@]}" 2>/dev/null || true
    kill "$killer" 2>/dev/null || true
  fi
  [ -z "$message" ] || echo "$message" >&2
  exit "$exit_code"
}

supervise_run() {
  trap 'sv_stop_all 0' INT TERM
  local i
  for i in "${!sv_names[@]}"; do sv_start "$i"; done
  while :; do
    local ended="" status=0
    # (stderr: bash's own "Killed ..." job report; the line below says it better)
    wait -n -p ended "${sv_pids[@]}" 2>/dev/null || status=$?
    [ -n "$ended" ] || continue
    for i in "${!sv_pids[@]}"; do [ "${sv_pids[$i]}" = "$ended" ] && break; done
    local name=${sv_names[$i]} uptime=$((SECONDS - sv_started_at[i])) how
    how=$(sv_describe_exit "$status")
    sv_pids[$i]=""
    if ((uptime < SV_QUICK_SECONDS)); then
      sv_quick_exits[$i]=$((sv_quick_exits[i] + 1))
    else
      sv_quick_exits[$i]=0
    fi
    ((uptime >= SV_STABLE_SECONDS)) && sv_delay[$i]=1
    if ((sv_quick_exits[i] >= SV_QUICK_EXITS_TO_GIVE_UP)); then
      sv_stop_all 1 "run.sh: $name keeps exiting right after it starts (it $how, ${sv_quick_exits[$i]} times in a row); gave up and stopped everything"
    fi
    echo "run.sh: $name $how after ${uptime} s; restarting it in ${sv_delay[$i]} s" >&2
    sleep "${sv_delay[$i]}" &
    sv_sleep_pid=$!
    wait "$sv_sleep_pid" || true
    sv_sleep_pid=""
    sv_start "$i"
    sv_delay[$i]=$((sv_delay[i] * 2 > SV_MAX_DELAY ? SV_MAX_DELAY : sv_delay[i] * 2))
  done
}

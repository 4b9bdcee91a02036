#!/usr/bin/env bash
# Start-up: seconds from `mvn -Prun` to "chatstream ready", a first start each time (no data/
# folder, so the schema is migrated and the sample knowledge loaded), nothing left to compile.
#   bench/startup.sh [rounds] [other checkout]
# With another checkout (e.g. `git worktree add /tmp/prev <commit>`, built once with
# `mvn -q package -DskipTests`), the two alternate round by round, so that both see the same host;
# this host's starts differ by up to 4 s from one to the next, so compare medians of one run.
# Also prints Payara's own count ("ready in") and the server's CPU seconds at ready.
set -euo pipefail
rounds=${1:-5}
trees=("$(cd "$(dirname "$0")/.." && pwd)")
[ -n "${2:-}" ] && trees+=("$(cd "$2" && pwd)")
port=18090
for tree in "${trees[@]}"; do (cd "$tree" && mvn -B -q -ntp -DskipTests process-classes >/dev/null); done

start_once() {   # tree → prints "seconds payara_ms cpu_s"
  local tree=$1 log started mvn_pid pid elapsed cpu
  log=$(mktemp)
  (cd "$tree" && rm -rf data)
  started=$(date +%s%N)
  (cd "$tree" && exec mvn -B -ntp -Prun -Drun.port=$port >"$log" 2>&1) &
  mvn_pid=$!
  until grep -q "chatstream ready" "$log"; do
    if ! kill -0 "$mvn_pid" 2>/dev/null || [ $(( ($(date +%s%N) - started) / 1000000000 )) -ge 300 ]; then
      echo "mvn -Prun did not get ready in $tree:" >&2; tail -20 "$log" >&2
      pkill -f "payara-micro.jar .*--port $port" || true
      exit 1
    fi
    sleep 0.05
  done
  elapsed=$(( ($(date +%s%N) - started) / 1000000 ))
  pid=$(pgrep -f "payara-micro.jar .*--port $port" | head -1)
  cpu=$(awk -v hz="$(getconf CLK_TCK)" '{printf "%.1f", ($14 + $15) / hz}' "/proc/$pid/stat")
  printf "%d.%03d %s %s\n" $((elapsed / 1000)) $((elapsed % 1000)) \
    "$(grep -o 'ready in [0-9,]*' "$log" | tr -dc '0-9')" "$cpu"
  pkill -f "payara-micro.jar .*--port $port"
  wait
  (cd "$tree" && rm -rf data)
  rm -f "$log"
}

declare -A results
for round in $(seq 1 "$rounds"); do
  for tree in "${trees[@]}"; do
    line=$(start_once "$tree")
    echo "round $round  $tree  mvn -Prun to ready ${line%% *} s  (Payara's count $(echo "$line" | cut -d' ' -f2) ms, server CPU $(echo "$line" | cut -d' ' -f3) s)"
    results[$tree]+="${line%% *} "
  done
done
for tree in "${trees[@]}"; do
  median=$(echo "${results[$tree]}" | tr ' ' '\n' | grep . | sort -n | awk '{a[NR]=$1} END {print a[int((NR + 1) / 2)]}')
  echo "median of $rounds: $median s  $tree"
done
echo "host: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), java: $(java -version 2>&1 | head -1)"

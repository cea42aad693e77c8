#!/usr/bin/env bash
# What the whole shop of ./shop up costs the machine: how long it takes to be ready and how much memory it then
# holds (startup), and how much CPU it uses doing nothing (idle). Every process of the stack counts: the services,
# PostgreSQL, Kafka, Redis, Keycloak and the local stack's own JVM (provider simulator, mail server).
#
#   local-stack/bench/stack-bench.sh startup   # stops nothing: needs the shop stopped, starts it, reports, stops it
#   local-stack/bench/stack-bench.sh idle      # needs the shop running; IDLE_SECONDS (60) of nothing, after a quiet
#                                              # minute (SETTLE_SECONDS, 60)
#
# Startup: the time from ./shop up to "ready" (every service healthy), and the memory of the stack's processes
# once ready: proportional set size (PSS: shared pages split between the processes that share them, so the sum is
# what the machine gives the shop) and resident set size (RSS), per process group. SHOP_SETTINGS is passed on.
# Idle: each process group's CPU over the window, in cores (1.0 = one core busy all the time), from /proc.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
PID_FILE="$ROOT/.local/run/shop.pid"
TICKS="$(getconf CLK_TCK)"

die() { echo "stack-bench: $*" >&2; exit 1; }

# every process of the stack: the ./shop launcher's descendants, and PostgreSQL's server with its backends (started
# through pg_ctl, the server is not the launcher's child)
stack_pids() {
  local pids=("$1") i=0 child
  pids+=($(pgrep -f "^$ROOT/.local/bin/.*/postgres -D" || true))
  while (( i < ${#pids[@]} )); do
    for child in $(cat "/proc/${pids[$i]}/task/"*/children 2>/dev/null); do pids+=("$child"); done
    i=$((i + 1))
  done
  echo "${pids[@]}"
}

# which part of the shop a process is, from its command line
group_of() {
  local cmd
  cmd="$(tr '\0' ' ' < "/proc/$1/cmdline" 2>/dev/null || true)"
  case "$cmd" in
    *gateway.jar*) echo gateway ;;
    *auth-service.jar*) echo auth-service ;;
    *catalog-service.jar*) echo catalog-service ;;
    *cart-service.jar*) echo cart-service ;;
    *payment-service.jar*) echo payment-service ;;
    # the Java processes by their main class first: their class paths name postgres, redis and kafka jars
    *KafkaBrokerMain*|*kafka.Kafka*) echo kafka ;;
    *LocalStackMain*) echo "local-stack (simulator, mail)" ;;
    *keycloak*|*quarkus*) echo keycloak ;;
    *postgres*) echo postgresql ;;
    *redis*) echo redis ;;
    *) echo other ;;
  esac
}

cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat" 2>/dev/null || echo 0; }

memory() {
  local pid="$1" pss rss
  pss="$(awk '/^Pss:/ { print $2 }' "/proc/$pid/smaps_rollup" 2>/dev/null || echo 0)"
  rss="$(awk '/^VmRSS:/ { print $2 }' "/proc/$pid/status" 2>/dev/null || echo 0)"
  echo "${pss:-0} ${rss:-0}"
}

running_pid() {
  [[ -f "$PID_FILE" ]] && kill -0 "$(cat "$PID_FILE")" 2>/dev/null && cat "$PID_FILE"
}

startup() {
  running_pid > /dev/null && die "the shop runs: stop it first (./shop down)"
  local log started ready_at pid
  log="$(mktemp)"
  started="$(date +%s%N)"
  (cd "$ROOT" && exec ./shop up > "$log" 2>&1) &
  local launcher=$!
  # ready: ./shop writes .local/run/ready once every service is healthy
  local deadline=$(( $(date +%s) + 300 ))
  until [[ -f "$ROOT/.local/run/ready" ]]; do
    kill -0 "$launcher" 2>/dev/null || { cat "$log" >&2; die "./shop up exited before the shop was ready"; }
    (( $(date +%s) < deadline )) || { kill -TERM "$launcher"; die "not ready within 300 s"; }
    sleep 0.2
  done
  ready_at="$(date +%s%N)"
  pid="$(running_pid)"
  declare -A pss rss
  local p group m
  for p in $(stack_pids "$pid"); do
    group="$(group_of "$p")"
    m="$(memory "$p")"
    pss[$group]=$(( ${pss[$group]:-0} + ${m% *} ))
    rss[$group]=$(( ${rss[$group]:-0} + ${m#* } ))
  done
  printf 'STARTUP (SHOP_SETTINGS=%s): ready in %.1f s\n' "${SHOP_SETTINGS:-local}" \
    "$(echo "($ready_at - $started) / 1000000000" | bc -l)"
  local total_pss=0 total_rss=0
  printf '  %-32s %8s %8s\n' "memory once ready (MB)" PSS RSS
  for group in "${!pss[@]}"; do
    printf '  %-32s %8d %8d\n' "$group" $(( pss[$group] / 1024 )) $(( rss[$group] / 1024 ))
  done | sort
  for group in "${!pss[@]}"; do total_pss=$(( total_pss + pss[$group] )); total_rss=$(( total_rss + rss[$group] )); done
  printf '  %-32s %8d %8d\n' total $(( total_pss / 1024 )) $(( total_rss / 1024 ))
  (cd "$ROOT" && ./shop down > /dev/null)
  wait "$launcher" 2>/dev/null || true
  rm -f "$log"
}

idle() {
  local pid settle="${SETTLE_SECONDS:-60}" window="${IDLE_SECONDS:-60}"
  pid="$(running_pid)" || die "the shop is not running: ./shop up first"
  [[ -f "$ROOT/.local/run/ready" ]] || die "the shop is still starting"
  echo "letting the shop settle for $settle s, then measuring $window s of idle ..."
  sleep "$settle"
  declare -A before after
  local p group
  for p in $(stack_pids "$pid"); do before[$p]="$(cpu_ticks "$p") $(group_of "$p")"; done
  sleep "$window"
  declare -A used
  for p in $(stack_pids "$pid"); do
    group="$(group_of "$p")"
    local now start
    now="$(cpu_ticks "$p")"
    start="${before[$p]:-0 $group}"
    used[$group]=$(( ${used[$group]:-0} + now - ${start%% *} ))
  done
  local total=0
  printf 'IDLE (SHOP_SETTINGS as the shop was started): %d s\n' "$window"
  for group in "${!used[@]}"; do
    printf '  %-32s %6.3f cores\n' "$group" "$(echo "${used[$group]} / $TICKS / $window" | bc -l)"
  done | sort
  for group in "${!used[@]}"; do total=$(( total + used[$group] )); done
  printf '  %-32s %6.3f cores\n' total "$(echo "$total / $TICKS / $window" | bc -l)"
}

case "${1:-}" in
  startup) startup ;;
  idle) idle ;;
  *) echo "usage: $0 startup|idle" >&2; exit 2 ;;
esac

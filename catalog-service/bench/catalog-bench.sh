#!/usr/bin/env bash
# Load test of a running catalog-service (e.g. started by ./shop up), from this machine, with wrk.
#
#   catalog-service/bench/catalog-bench.sh [base-url]       default http://127.0.0.1:8082
#
# Three runs after a warm-up each, 64 connections, bounded in time:
#   1. cached get-by-id   GET /api/catalog/products/{id}, ids drawn from the first 100 products (all in Redis)
#   2. uncached get-by-id the same against a second instance the script starts with catalog.cache.enabled=false
#                         (same jar, same JVM options as the running one, port UNCACHED_PORT), stopped afterwards
#   3. search             GET /api/catalog/products?q=..&sort=..., a few queries, from PostgreSQL (never cached)
# For each: requests/s, p50, p99, non-2xx responses, and the service's RSS (highest sampled during the run).
#
# Environment: DURATION (20s), WARMUP (10s), CONNECTIONS (64), THREADS (2), UNCACHED_PORT (18082), JAR (the built
# catalog-service jar). Loopback only: the script refuses any other host.
set -euo pipefail

BASE="${1:-http://127.0.0.1:8082}"
DURATION="${DURATION:-20s}"
WARMUP="${WARMUP:-10s}"
CONNECTIONS="${CONNECTIONS:-64}"
THREADS="${THREADS:-2}"
UNCACHED_PORT="${UNCACHED_PORT:-18082}"
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
JAR="${JAR:-$(ls "$HERE"/../target/catalog-service-*.jar 2>/dev/null | grep -v -e '-plain.jar$' | head -n 1 || true)}"
WORK="$(mktemp -d)"
UNCACHED_PID=""

die() { echo "catalog-bench: $*" >&2; exit 1; }
cleanup() {
  if [[ -n "$UNCACHED_PID" ]] && kill -0 "$UNCACHED_PID" 2>/dev/null; then
    kill "$UNCACHED_PID" 2>/dev/null || true
    wait "$UNCACHED_PID" 2>/dev/null || true
  fi
  rm -rf "$WORK"
}
trap cleanup EXIT

case "$BASE" in
  http://127.0.0.1:*|http://localhost:*|"http://[::1]:"*) ;;
  *) die "loopback addresses only (http://127.0.0.1:PORT), not $BASE" ;;
esac
command -v wrk >/dev/null || die "wrk is missing: apt-get install -y wrk"
command -v curl >/dev/null || die "curl is missing: apt-get install -y curl"

port_of() { local rest="${1##*:}"; echo "${rest%%/*}"; }
pid_on_port() {
  ss -Hltnp "sport = :$1" 2>/dev/null | sed -n 's/.*pid=\([0-9]*\).*/\1/p' | head -n 1
}
rss_mb() { echo $(( $(ps -o rss= -p "$1" 2>/dev/null || echo 0) / 1024 )); }

# Highest RSS of $1 while the command after it runs.
with_rss_sampling() {
  local pid="$1"; shift
  local peak_file="$WORK/peak"
  echo 0 > "$peak_file"
  ( while kill -0 "$pid" 2>/dev/null; do
      local now; now=$(rss_mb "$pid")
      (( now > $(cat "$peak_file") )) && echo "$now" > "$peak_file"
      sleep 1
    done ) &
  local sampler=$!
  "$@"
  kill "$sampler" 2>/dev/null || true
  wait "$sampler" 2>/dev/null || true
  cat "$peak_file"
}

ids_of() {
  curl -sf "$1/api/catalog/products?size=100&sort=createdAt,asc" | grep -o '"id":"[0-9a-f-]*"' | cut -d'"' -f4
}

lua_for_ids() {   # a wrk script that requests a random id of the list each time
  {
    echo "local ids = {"
    sed 's/.*/  "&",/' "$1"
    echo "}"
    echo 'math.randomseed(os.time())'
    echo 'request = function() return wrk.format("GET", "/api/catalog/products/" .. ids[math.random(#ids)]) end'
  } > "$2"
}

lua_for_search() {
  cat > "$1" <<'LUA'
local queries = {
  "/api/catalog/products?q=wireless",
  "/api/catalog/products?q=book&sort=price,asc",
  "/api/catalog/products?category=electronics&sort=price,desc&size=10",
  "/api/catalog/products?minPrice=1000&maxPrice=5000&sort=name,asc",
  "/api/catalog/products?q=set&page=0&size=20",
  "/api/catalog/products?sort=createdAt,desc&page=1&size=20",
}
math.randomseed(os.time())
request = function() return wrk.format("GET", queries[math.random(#queries)]) end
LUA
}

# Runs wrk against $1 with script $2; prints one result line named $3, with RSS of pid $4.
measure() {
  local url="$1" script="$2" name="$3" pid="$4"
  wrk -t"$THREADS" -c"$CONNECTIONS" -d"$WARMUP" -s "$script" "$url" > /dev/null
  local out="$WORK/$name.txt" peak
  peak=$(with_rss_sampling "$pid" wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency -s "$script" "$url" \
    > "$out" 2>&1; cat "$WORK/peak")
  local rps p50 p99 errors
  rps=$(awk '/^Requests\/sec:/ {print $2}' "$out")
  p50=$(awk '$1 == "50%" {print $2}' "$out")
  p99=$(awk '$1 == "99%" {print $2}' "$out")
  errors=$(awk '/Non-2xx or 3xx responses:/ {print $5}' "$out")
  printf '%-20s %10s req/s   p50 %9s   p99 %9s   non-2xx %6s   RSS %4s MB (peak; %s MB after)\n' \
    "$name" "$rps" "$p50" "$p99" "${errors:-0}" "$peak" "$(rss_mb "$pid")"
}

PORT="$(port_of "$BASE")"
PID="$(pid_on_port "$PORT")"
[[ -n "$PID" ]] || die "nothing listens on port $PORT: start catalog-service first (./shop up)"
for _ in $(seq 1 30); do curl -sf "$BASE/api/catalog/categories" > /dev/null && break; sleep 1; done
curl -sf "$BASE/api/catalog/categories" > /dev/null || die "$BASE/api/catalog/categories does not answer 200"
ids_of "$BASE" > "$WORK/ids"
[[ -s "$WORK/ids" ]] || die "no products at $BASE/api/catalog/products (the demo catalog comes with ./shop up)"
lua_for_ids "$WORK/ids" "$WORK/ids.lua"
lua_for_search "$WORK/search.lua"

echo "catalog-service pid $PID on $BASE, $(wc -l < "$WORK/ids") products; wrk: $THREADS threads, $CONNECTIONS connections,"
echo "warm-up $WARMUP, measured $DURATION; $(nproc) cores, load generator on the same machine"
echo "RSS before: $(rss_mb "$PID") MB"

measure "$BASE" "$WORK/ids.lua" "cached get-by-id" "$PID"

if [[ -n "$JAR" && -f "$JAR" ]]; then
  # the same JVM options as the running instance (what ./shop up uses), the cache switched off
  mapfile -d '' -t cmdline < "/proc/$PID/cmdline"
  jvm=("${cmdline[0]}")
  for arg in "${cmdline[@]:1}"; do [[ "$arg" == "-jar" ]] && break; jvm+=("$arg"); done
  "${jvm[@]}" -jar "$JAR" --spring.profiles.active=local --server.port="$UNCACHED_PORT" \
    --management.server.port="$((UNCACHED_PORT + 1000))" --catalog.cache.enabled=false > "$WORK/uncached.log" 2>&1 &
  UNCACHED_PID=$!
  for _ in $(seq 1 120); do
    curl -sf "http://127.0.0.1:$((UNCACHED_PORT + 1000))/actuator/health" > /dev/null 2>&1 && break
    kill -0 "$UNCACHED_PID" 2>/dev/null || die "the uncached instance did not start: $(tail -5 "$WORK/uncached.log")"
    sleep 1
  done
  measure "http://127.0.0.1:$UNCACHED_PORT" "$WORK/ids.lua" "uncached get-by-id" "$UNCACHED_PID"
  kill "$UNCACHED_PID"; wait "$UNCACHED_PID" 2>/dev/null || true; UNCACHED_PID=""
else
  echo "uncached get-by-id    skipped: no catalog-service jar (mvn -pl catalog-service package, or set JAR)"
fi

measure "$BASE" "$WORK/search.lua" "search" "$PID"

#!/usr/bin/env bash
# Load test of the gateway against the direct call, from this machine, with wrk: what the front door costs.
#
#   gateway/bench/gateway-bench.sh [catalog-url]      default http://127.0.0.1:${SHOP_CATALOG_SERVICE_PORT:-8082}
#
# Needs a running stack with catalog-service and auth-service (./shop up, or the same moved to other ports with the
# SHOP_*_PORT variables). The script starts its own gateway from the built jar with the `local,bench` profiles (the
# rate limiter on, with a bucket that one address does not empty) on BENCH_GATEWAY_PORT, pointed at the same stack
# through the same SHOP_*_PORT variables, and stops it at the end. Three runs, each after a warm-up, 64 connections:
#   1. direct         GET /api/catalog/products/{id} on catalog-service (cached in Redis), ids of the first 100
#   2. anonymous      the same through the gateway, no token: edge checks, rate-limit check in Redis, routing
#   3. authenticated  the same with a real access token from POST /api/auth/token (through the gateway): plus the
#                     token check (from the cache of validated tokens after the first call)
#   4. plain SCG      the anonymous read through Spring Cloud Gateway with one route and nothing else
#                     (bench/plain-gateway, packaged by this script with Maven on its first run): the yardstick of
#                     what the proxy alone costs here; PLAIN=0 leaves it out
# For each: requests/s, p50, p99, non-2xx answers, and the ratio to the direct run. The fresh gateway JVM is warmed up
# longer first (GATEWAY_WARMUP, anonymous and authenticated calls): its JIT needs about a minute of this load to settle
# (measured: req/s still rising 20-60 s into the load).
#
# Environment: DURATION (20s), WARMUP (10s), GATEWAY_WARMUP (60s), CONNECTIONS (64), THREADS (2), BENCH_GATEWAY_PORT
# (18080), PLAIN (1), PLAIN_GATEWAY_PORT (18090), JAR (the built gateway jar), BENCH_USER / BENCH_PASSWORD (the demo
# user alice). Loopback only.
set -euo pipefail

CATALOG="${1:-http://127.0.0.1:${SHOP_CATALOG_SERVICE_PORT:-8082}}"
DURATION="${DURATION:-20s}"
WARMUP="${WARMUP:-10s}"
GATEWAY_WARMUP="${GATEWAY_WARMUP:-60s}"
CONNECTIONS="${CONNECTIONS:-64}"
THREADS="${THREADS:-2}"
GATEWAY_PORT="${BENCH_GATEWAY_PORT:-18080}"
GATEWAY="http://127.0.0.1:$GATEWAY_PORT"
PLAIN="${PLAIN:-1}"
PLAIN_PORT="${PLAIN_GATEWAY_PORT:-18090}"
PLAIN_PID=""
BENCH_USER="${BENCH_USER:-alice@example.com}"
BENCH_PASSWORD="${BENCH_PASSWORD:-alice-shops-2026}"
BENCH_WORK="$(mktemp -d)"
WORK="$BENCH_WORK"

die() { echo "gateway-bench: $*" >&2; exit 1; }
# shellcheck source=bench-gateway.sh
source "$(dirname "${BASH_SOURCE[0]}")/bench-gateway.sh"
cleanup() {
  bench_stop_gateway
  if [[ -n "$PLAIN_PID" ]]; then kill "$PLAIN_PID" 2>/dev/null || true; wait "$PLAIN_PID" 2>/dev/null || true; fi
  rm -rf "$WORK"
}
trap cleanup EXIT

case "$CATALOG" in
  http://127.0.0.1:*|http://localhost:*) ;;
  *) die "loopback addresses only (http://127.0.0.1:PORT), not $CATALOG" ;;
esac
command -v wrk >/dev/null || die "wrk is missing: apt-get install -y wrk"
command -v curl >/dev/null || die "curl is missing: apt-get install -y curl"
curl -sf "$CATALOG/api/catalog/categories" > /dev/null || die "catalog-service does not answer at $CATALOG (start the stack first)"

bench_start_gateway "$GATEWAY_PORT"

curl -sf "$CATALOG/api/catalog/products?size=100&sort=createdAt,asc" | grep -o '"id":"[0-9a-f-]*"' | cut -d'"' -f4 \
  > "$WORK/ids"
[[ -s "$WORK/ids" ]] || die "no products at $CATALOG/api/catalog/products (the demo catalog comes with ./shop up)"
TOKEN="$(curl -sf -X POST "$GATEWAY/api/auth/token" -H 'Content-Type: application/json' \
  -d "{\"username\":\"$BENCH_USER\",\"password\":\"$BENCH_PASSWORD\"}" \
  | sed -n 's/.*"access_token":"\([^"]*\)".*/\1/p')"
[[ -n "$TOKEN" ]] || die "no token for $BENCH_USER from $GATEWAY/api/auth/token (is auth-service running?)"

lua_for_ids() {   # $1: output; $2: an Authorization header value or empty
  {
    echo "local ids = {"
    sed 's/.*/  "&",/' "$WORK/ids"
    echo "}"
    echo 'math.randomseed(os.time())'
    if [[ -n "$2" ]]; then echo "wrk.headers[\"Authorization\"] = \"$2\""; fi
    echo 'request = function() return wrk.format("GET", "/api/catalog/products/" .. ids[math.random(#ids)]) end'
  } > "$1"
}
lua_for_ids "$WORK/anonymous.lua" ""
lua_for_ids "$WORK/authenticated.lua" "Bearer $TOKEN"

rss_mb() { echo $(( $(ps -o rss= -p "$1" 2>/dev/null || echo 0) / 1024 )); }
DIRECT_RPS=""
measure() {   # $1 url, $2 script, $3 name
  wrk -t"$THREADS" -c"$CONNECTIONS" -d"$WARMUP" -s "$2" "$1" > /dev/null
  local out="$WORK/$3.txt"
  wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency -s "$2" "$1" > "$out" 2>&1
  local rps p50 p99 errors ratio="-"
  rps=$(awk '/^Requests\/sec:/ {print $2}' "$out")
  p50=$(awk '$1 == "50%" {print $2}' "$out")
  p99=$(awk '$1 == "99%" {print $2}' "$out")
  errors=$(awk '/Non-2xx or 3xx responses:/ {print $5}' "$out")
  if [[ -z "$DIRECT_RPS" ]]; then DIRECT_RPS="$rps"; else ratio=$(awk -v a="$rps" -v b="$DIRECT_RPS" 'BEGIN {printf "%.0f %%", 100 * a / b}'); fi
  printf '%-15s %10s req/s   p50 %9s   p99 %9s   non-2xx %6s   of direct %6s\n' \
    "$3" "$rps" "$p50" "$p99" "${errors:-0}" "$ratio"
}

echo "catalog-service on $CATALOG, gateway (pid $GATEWAY_PID, profiles local,bench) on $GATEWAY;"
echo "wrk: $THREADS threads, $CONNECTIONS connections, warm-up $WARMUP (gateway first $GATEWAY_WARMUP), measured $DURATION;"
echo "$(nproc) cores, load generator, services and gateway on the same machine"
measure "$CATALOG" "$WORK/anonymous.lua" "direct"
# half the gateway's warm-up anonymous, half with the token, so that both paths are compiled
half=$(( ${GATEWAY_WARMUP%s} / 2 ))
wrk -t"$THREADS" -c"$CONNECTIONS" -d"${half}s" -s "$WORK/anonymous.lua" "$GATEWAY" > /dev/null
wrk -t"$THREADS" -c"$CONNECTIONS" -d"${half}s" -s "$WORK/authenticated.lua" "$GATEWAY" > /dev/null
measure "$GATEWAY" "$WORK/anonymous.lua" "anonymous"
measure "$GATEWAY" "$WORK/authenticated.lua" "authenticated"
echo "gateway RSS after the runs: $(rss_mb "$GATEWAY_PID") MB"
[[ "$PLAIN" == 1 ]] || exit 0

# the yardstick: the shop's gateway stopped first, so that both never share the cores
bench_stop_gateway
java="$(bench_find_java)"
plain_dir="$(dirname "${BASH_SOURCE[0]}")/plain-gateway"
plain_jar="$plain_dir/target/plain-gateway-0.1.0-SNAPSHOT.jar"
if [[ ! -f "$plain_jar" ]]; then
  command -v mvn >/dev/null || die "mvn is missing: it packages bench/plain-gateway (or PLAIN=0)"
  JAVA_HOME="$(dirname "$(dirname "$java")")" mvn -q -f "$plain_dir/pom.xml" package -DskipTests > "$WORK/plain-build.log" 2>&1 \
    || die "could not package bench/plain-gateway: $(tail -5 "$WORK/plain-build.log")"
fi
"$java" -Xms64m -Xmx384m -Xmn128m -XX:+UseSerialGC -jar "$plain_jar" --server.port="$PLAIN_PORT" --catalog="$CATALOG" \
  > "$WORK/plain.log" 2>&1 &
PLAIN_PID=$!
for _ in $(seq 1 60); do
  curl -sf -o /dev/null "http://127.0.0.1:$PLAIN_PORT/api/catalog/products/$(head -n 1 "$WORK/ids")" && break
  kill -0 "$PLAIN_PID" 2>/dev/null || die "the plain gateway did not start: $(tail -5 "$WORK/plain.log")"
  sleep 1
done
wrk -t"$THREADS" -c"$CONNECTIONS" -d"$GATEWAY_WARMUP" -s "$WORK/anonymous.lua" "http://127.0.0.1:$PLAIN_PORT" > /dev/null
measure "http://127.0.0.1:$PLAIN_PORT" "$WORK/anonymous.lua" "plain SCG"

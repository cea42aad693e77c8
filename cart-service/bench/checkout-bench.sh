#!/usr/bin/env bash
# Add-to-cart + checkout through the gateway at a constant arrival rate, with real customers and their tokens, on
# Gatling (load-tests' CheckoutSimulation, an open workload model): what the shop accepts per second, how long the
# checkout call takes, how soon the saga confirms an order, and what each order costs (CPU per process, database
# transactions, Kafka records, HTTP requests, provider calls).
#
#   cart-service/bench/checkout-bench.sh
#
# Needs a running stack (./shop up, or the same moved to other ports with the SHOP_*_PORT variables). The script
# starts its own gateway from the built jar with the `local,bench` profiles on BENCH_GATEWAY_PORT (rate limits on,
# with buckets its customers do not empty; see gateway/bench/bench-gateway.sh) and runs the simulation against it
# with Maven (mvn -pl load-tests test-compile gatling:test). Gatling's HTML report lands in load-tests/target/gatling.
#
# Environment: RATE (40), DURATION (60), WARMUP (60), CUSTOMERS (12 per checkout a second, at least 300: each checks
# out at most 5 times a minute, under cart-service's limit of 10), PRODUCTS (50), SAMPLE (10: every 10th accepted
# order's saga is read afterwards), BENCH_GATEWAY_PORT (18080), JAR (the built gateway jar), JAVA. Loopback only.
# Every run leaves its customers, products and orders in the local databases (./shop reset wipes them).
set -euo pipefail

GATEWAY_PORT="${BENCH_GATEWAY_PORT:-18080}"
BENCH_WORK="$(mktemp -d)"
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"

die() { echo "checkout-bench: $*" >&2; exit 1; }
# shellcheck source=../../gateway/bench/bench-gateway.sh
source "$HERE/../../gateway/bench/bench-gateway.sh"
cleanup() {
  bench_stop_gateway
  rm -rf "$BENCH_WORK"
}
trap cleanup EXIT

command -v curl >/dev/null || die "curl is missing: apt-get install -y curl"
command -v mvn >/dev/null || die "Maven is missing"
for port in "${SHOP_AUTH_SERVICE_PORT:-8081}" "${SHOP_CATALOG_SERVICE_PORT:-8082}" "${SHOP_CART_SERVICE_PORT:-8083}" "${SHOP_PAYMENT_SERVICE_PORT:-8084}"; do
  curl -sf "http://127.0.0.1:$((port + 1000))/actuator/health" > /dev/null || die "no service answers on 127.0.0.1:$((port + 1000))/actuator/health (start the stack first)"
done

bench_start_gateway "$GATEWAY_PORT"
echo "gateway (pid $GATEWAY_PID, profiles local,bench) on http://127.0.0.1:$GATEWAY_PORT; $(nproc) cores, load generator, services and gateway on the same machine"
cd "$ROOT"
GATEWAY="http://127.0.0.1:$GATEWAY_PORT" mvn -q -pl load-tests test-compile gatling:test

#!/usr/bin/env bash
# Add-to-cart + checkout through the gateway at a constant arrival rate, with real customers and their tokens: what
# the shop accepts per second, how long the checkout call takes, and how soon the saga asks for the payment.
#
#   cart-service/bench/checkout-bench.sh
#
# Needs a running stack (./shop up, or the same moved to other ports with the SHOP_*_PORT variables). The script
# starts its own gateway from the built jar with the `local,bench` profiles on BENCH_GATEWAY_PORT (rate limits on,
# with buckets its customers do not empty; see gateway/bench/bench-gateway.sh) and runs CheckoutLoad.java against it:
# an admin creates PRODUCTS products with plenty of stock, CUSTOMERS customers register and log in, then RATE
# arrivals a second, each by an idle customer: PUT one unit of a random product into the cart, POST
# /api/cart/checkout with a new Idempotency-Key. WARMUP seconds first (not counted: the fresh gateway JVM's JIT needs
# about a minute of load), then DURATION seconds measured. Prints accepted checkouts/s, arrivals that found
# no idle customer (the shop is behind), failures by kind, p50/p99 of add-to-cart and of the checkout call, and the
# time from placed to AWAITING_PAYMENT of every SAMPLE-th order, from the order's history (read after the run), and
# the machine's CPU (/proc/stat, the load generator's own left out): idle for 5 s before the warm-up and while measured,
# the CPU per accepted checkout above idle and how many checkouts/s the cores could carry at that cost.
#
# Environment: RATE (300), DURATION (30), WARMUP (60), CUSTOMERS (12 per checkout a second, at least 300: each one
# checks out at most 5 times a minute, under cart-service's limit of 10), PRODUCTS (50), SAMPLE (10),
# BENCH_GATEWAY_PORT (18080), JAR (the built gateway jar), JAVA. Loopback only. Every run leaves its customers, the
# product and the orders in the local databases (./shop reset wipes them).
set -euo pipefail

GATEWAY_PORT="${BENCH_GATEWAY_PORT:-18080}"
BENCH_WORK="$(mktemp -d)"
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

die() { echo "checkout-bench: $*" >&2; exit 1; }
# shellcheck source=../../gateway/bench/bench-gateway.sh
source "$HERE/../../gateway/bench/bench-gateway.sh"
cleanup() {
  bench_stop_gateway
  rm -rf "$BENCH_WORK"
}
trap cleanup EXIT

command -v curl >/dev/null || die "curl is missing: apt-get install -y curl"
for port in "${SHOP_AUTH_SERVICE_PORT:-8081}" "${SHOP_CATALOG_SERVICE_PORT:-8082}" "${SHOP_CART_SERVICE_PORT:-8083}"; do
  curl -sf "http://127.0.0.1:$((port + 1000))/actuator/health" > /dev/null || die "no service answers on 127.0.0.1:$((port + 1000))/actuator/health (start the stack first)"
done

bench_start_gateway "$GATEWAY_PORT"
echo "gateway (pid $GATEWAY_PID, profiles local,bench) on http://127.0.0.1:$GATEWAY_PORT; $(nproc) cores, load generator, services and gateway on the same machine"
"$(bench_find_java)" "$HERE/CheckoutLoad.java" "http://127.0.0.1:$GATEWAY_PORT"

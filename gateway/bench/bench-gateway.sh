# Sourced by the benchmarks (gateway-bench.sh, cart-service/bench/checkout-bench.sh): finds a JDK 21+ and starts a
# gateway of its own from the built jar with the `local,bench` profiles (rate limits on, with buckets one address does
# not empty), pointed at the running stack through the same SHOP_*_PORT variables as ./shop up; stops it on exit.
# Callers define die() and set BENCH_WORK (a scratch folder); JAR and JAVA may be set to override what is found.
# SHOP_SETTINGS (local or chart) picks the JVM options and tracing of ./shop up's services (local-stack's Settings);
# BENCH_JVM_OPTIONS adds options (a profiler's, say).

BENCH_HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
GATEWAY_PID=""

bench_find_java() {
  [[ -n "${JAVA:-}" ]] && { echo "$JAVA"; return 0; }
  local candidate major
  for candidate in "${JAVA_HOME:-/nonexistent}/bin/java" /usr/lib/jvm/*/bin/java "$(command -v java || true)"; do
    [[ -x "$candidate" ]] || continue
    major="$("$candidate" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.specification\.version = //p')"
    if [[ "$major" =~ ^[0-9]+$ ]] && (( major >= 21 )); then echo "$candidate"; return 0; fi
  done
  die "no JDK 21 or newer found (set JAVA)"
}

bench_stop_gateway() {
  if [[ -n "$GATEWAY_PID" ]] && kill -0 "$GATEWAY_PID" 2>/dev/null; then
    kill "$GATEWAY_PID" 2>/dev/null || true
    wait "$GATEWAY_PID" 2>/dev/null || true
  fi
}

# $1: the port (its actuator 1000 above); sets GATEWAY_PID and waits until it is healthy
bench_start_gateway() {
  local port="$1" java jar
  jar="${JAR:-$(ls "$BENCH_HERE"/../target/gateway-*.jar 2>/dev/null | grep -v -e '-plain.jar$' | head -n 1 || true)}"
  [[ -n "$jar" && -f "$jar" ]] || die "no gateway jar: mvn -pl gateway -am package -DskipTests (or set JAR)"
  java="$(bench_find_java)"
  # the JVM options and settings ./shop up gives every service, by SHOP_SETTINGS (local-stack's Settings)
  local flags=(-Xms64m -Xmx384m -Xmn128m -XX:+UseSerialGC) sampling=""
  case "${SHOP_SETTINGS:-local}" in
    local) ;;
    chart) flags=(-XX:MaxRAM=768m -XX:MaxRAMPercentage=75 -XX:+UseSerialGC -XX:+ExitOnOutOfMemoryError)
           sampling=0.1 ;;
    *) die "SHOP_SETTINGS is ${SHOP_SETTINGS}: it is local (the default) or chart" ;;
  esac
  MANAGEMENT_TRACING_SAMPLING_PROBABILITY="${sampling:-${MANAGEMENT_TRACING_SAMPLING_PROBABILITY:-1.0}}" \
    "$java" "${flags[@]}" ${BENCH_JVM_OPTIONS:-} -jar "$jar" --spring.profiles.active=local,bench \
    --server.port="$port" --management.server.port="$((port + 1000))" > "$BENCH_WORK/gateway.log" 2>&1 &
  GATEWAY_PID=$!
  for _ in $(seq 1 120); do
    curl -sf "http://127.0.0.1:$((port + 1000))/actuator/health" > /dev/null 2>&1 && return 0
    kill -0 "$GATEWAY_PID" 2>/dev/null || die "the gateway did not start: $(tail -5 "$BENCH_WORK/gateway.log")"
    sleep 1
  done
  die "the gateway was not healthy within 120 s"
}

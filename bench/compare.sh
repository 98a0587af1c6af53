#!/usr/bin/env bash
# Measures the gateway side by side with a reference echo server under the same load, in
# alternating rounds (absolute figures drift between runs on a shared machine; ratios hold),
# then the gateway's memory while it holds many idle connections.
#
#   bench/compare.sh                          the gateway alone, loaded by its own `bench`
#   ECHOLOAD=/path/echoload REFERENCE=/path/epollecho bench/compare.sh
#                                             with a C load generator and a reference server
#                                             that take the flags described in docs/BENCHMARKS.md
# Options (environment): ROUNDS (3), SECONDS_PER_RUN (4), CONNECTIONS ("100 1000"), IDLE (5000),
# GATEWAY_OPTS (extra gateway flags), JAVA (java binary).
set -euo pipefail
cd "$(dirname "$0")/.."

# shellcheck source=lib.sh
. bench/lib.sh
ROUNDS=${ROUNDS:-3}
SECONDS_PER_RUN=${SECONDS_PER_RUN:-4}
CONNECTIONS=${CONNECTIONS:-100 1000}
IDLE=${IDLE:-5000}
GW_PORT=${GW_PORT:-23451}
REF_PORT=${REF_PORT:-23452}
# One run: msgs/s of the server on port $1 with $2 connections.
load() {
    local line
    line=$(echo_run "$1" "$2" "$SECONDS_PER_RUN")
    echo "    $line" >&2
    field msgs_per_s "$line"
}

# shellcheck disable=SC2086
"$JAVA" -jar "$JAR" --port "$GW_PORT" --bind 127.0.0.1 --idle-timeout 0 --max-connections 20000 ${GATEWAY_OPTS:-} \
    2>/tmp/iotgw-bench-gateway.log &
gw_pid=$!; pids+=("$gw_pid")
wait_port "$GW_PORT"
if [ -n "${REFERENCE:-}" ]; then
    "$REFERENCE" -p "$REF_PORT" & pids+=("$!")
    wait_port "$REF_PORT"
fi

echo "warm-up (JIT) ..."
load "$GW_PORT" 100 >/dev/null 2>&1

for c in $CONNECTIONS; do
    gw=() ref=()
    for r in $(seq "$ROUNDS"); do
        echo "connections=$c round $r" >&2
        if [ -n "${REFERENCE:-}" ]; then ref+=("$(load "$REF_PORT" "$c")"); fi
        gw+=("$(load "$GW_PORT" "$c")")
    done
    gw_median=$(printf '%s\n' "${gw[@]}" | median)
    if [ -n "${REFERENCE:-}" ]; then
        ref_median=$(printf '%s\n' "${ref[@]}" | median)
        printf 'RESULT connections=%s gateway_msgs_per_s=%.0f reference_msgs_per_s=%.0f ratio=%.2f (medians of %s)\n' \
            "$c" "$gw_median" "$ref_median" "$(awk "BEGIN {print $gw_median / $ref_median}")" "$ROUNDS"
    else
        printf 'RESULT connections=%s gateway_msgs_per_s=%.0f (median of %s)\n' "$c" "$gw_median" "$ROUNDS"
    fi
done

rss() { awk '/VmRSS/ {print int($2 / 1024)}' "/proc/$gw_pid/status"; }
before=$(rss)
"$JAVA" -jar "$JAR" bench --idle --port "$GW_PORT" -c "$IDLE" -d 6 --connect-rate 5000 >/tmp/iotgw-bench-idle.out 2>/dev/null &
idle_pid=$!
for _ in $(seq 200); do
    open=$(grep -c "connected from" /tmp/iotgw-bench-gateway.log || true)
    left=$(grep -c " left after " /tmp/iotgw-bench-gateway.log || true)
    [ $((open - left)) -ge "$IDLE" ] && break
    sleep 0.1
done
during=$(rss)
wait "$idle_pid" || true
printf 'RESULT idle_connections=%s %s gateway_rss_mb_before=%s gateway_rss_mb_holding=%s\n' \
    "$IDLE" "$(cat /tmp/iotgw-bench-idle.out)" "$before" "$during"

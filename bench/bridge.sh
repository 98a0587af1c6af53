#!/usr/bin/env bash
# The MQTT bridge under load: a private Mosquitto on a free port, a subscriber counting every
# device line that arrives, and the gateway bridging into it at QoS 1.
#   1. sustained: 100 devices offering RATE lines/s in total for DURATION s; every line must reach
#      the subscriber, and the backlog must not grow;
#   2. echo cost: the same 100 devices sending as fast as their echoes return (64-byte lines, one
#      in flight each) to a gateway without the bridge and to one with it, in alternating rounds,
#      after a JIT warm-up of both; before each round the bridged gateway's backlog has drained.
# Needs mosquitto and mosquitto-clients. Options (environment): RATE (10000), DURATION (20),
# ROUNDS (5), SECONDS_PER_RUN (5), WARMUP (20), ECHOLOAD (a C load generator for the echo cost,
# see docs/BENCHMARKS.md; default: the gateway's own bench), BENCH_OPTS (extra flags of that bench,
# e.g. --readings), GATEWAY_OPTS (extra flags of the bridged gateway), REFERENCE_OPTS (when set, the
# reference gateway of the echo cost is bridged too, with these extra flags: REFERENCE_OPTS='--readings
# off' measures what parsing readings costs), SUSTAINED (1; 0 skips part 1), JAVA (java).
set -euo pipefail
cd "$(dirname "$0")/.."

# shellcheck source=lib.sh
. bench/lib.sh
RATE=${RATE:-10000}
SECONDS_SUSTAINED=${DURATION:-20}
ROUNDS=${ROUNDS:-5}
SECONDS_PER_RUN=${SECONDS_PER_RUN:-5}
WARMUP=${WARMUP:-20}
need_broker_tools

work=$(mktemp -d)
trap 'cleanup; rm -rf "$work"' EXIT
start_broker "$work"
mosquitto_sub -h 127.0.0.1 -p "$broker_port" -q 1 -t 'iotgw/bench/+/up' >"$work/up.txt" & pids+=("$!")

start_gateway() { # $1 port, $2.. extra flags
    local port=$1; shift
    "$JAVA" -jar "$JAR" --bind 127.0.0.1 --port "$port" --idle-timeout 0 "$@" 2>>"$work/gateway.log" &
    gw_pid=$!; pids+=("$gw_pid")
    wait_port "$port"
}
stop_gateway() { kill "$gw_pid"; wait "$gw_pid" 2>/dev/null || true; }

if [ "${SUSTAINED:-1}" = 1 ]; then
    bridge_port=$(free_port)
    # shellcheck disable=SC2086
    start_gateway "$bridge_port" --mqtt "tcp://127.0.0.1:$broker_port" --gateway-id bench --spool-dir "$work/spool" ${GATEWAY_OPTS:-}
    # JIT warm-up at the same rate, then wait until the subscriber has everything so far
    "$JAVA" -jar "$JAR" bench --port "$bridge_port" -c 100 -d 3 --warmup-s 0 --rate "$RATE" >/dev/null 2>&1
    until settled "$work/up.txt"; do :; done

    echo "sustained: 100 devices offering $RATE lines/s for $SECONDS_SUSTAINED s ..." >&2
    before=$(wc -l <"$work/up.txt")
    line=$("$JAVA" -jar "$JAR" bench --port "$bridge_port" -c 100 -w 1 -s 64 -d "$SECONDS_SUSTAINED" --warmup-s 0 --rate "$RATE" 2>/dev/null)
    echo "    $line" >&2
    sent=$(field sent_total "$line")
    arrived=0
    for _ in $(seq 300); do
        arrived=$(( $(wc -l <"$work/up.txt") - before ))
        [ "$arrived" -ge "$sent" ] && break
        sleep 0.1
    done
    printf 'RESULT sustained offered_lines_per_s=%s lines_sent=%s lines_at_subscriber=%s delivered_lines_per_s=%.0f p99_us=%s\n' \
        "$RATE" "$sent" "$arrived" "$(awk "BEGIN {print $arrived / $SECONDS_SUSTAINED}")" "$(field p99_us "$line")"
    stop_gateway
fi

plain_port=$(free_port)
bridged_port=$(free_port)
if [ -n "${REFERENCE_OPTS:-}" ]; then
    # shellcheck disable=SC2086
    start_gateway "$plain_port" --mqtt "tcp://127.0.0.1:$broker_port" --gateway-id bench --spool-dir "$work/spool-reference" \
        --mqtt-drain-rate 1000000 $REFERENCE_OPTS
else
    start_gateway "$plain_port"
fi
# Each run starts with an empty backlog and live lines outrun the bridge, so the drain rate does not
# limit the runs; set high, it only shortens the waits between them.
# shellcheck disable=SC2086
start_gateway "$bridged_port" --mqtt "tcp://127.0.0.1:$broker_port" --gateway-id bench --spool-dir "$work/spool-echo" \
    --mqtt-drain-rate 1000000 ${GATEWAY_OPTS:-}
echo "echo cost: JIT warm-up, $WARMUP s each ..." >&2
echo_run "$plain_port" 100 "$WARMUP" >/dev/null
echo_run "$bridged_port" 100 "$WARMUP" >/dev/null
until settled "$work/up.txt"; do :; done
on=() off=() published=()
for r in $(seq "$ROUNDS"); do
    echo "echo cost round $r ..." >&2
    line=$(echo_run "$plain_port" 100 "$SECONDS_PER_RUN"); echo "    off: $line" >&2
    off+=("$(field msgs_per_s "$line")")
    until settled "$work/up.txt"; do :; done # a bridged reference's backlog too
    before=$(wc -l <"$work/up.txt")
    line=$(echo_run "$bridged_port" 100 "$SECONDS_PER_RUN"); echo "    on:  $line" >&2
    on+=("$(field msgs_per_s "$line")")
    published+=("$(( ($(wc -l <"$work/up.txt") - before) / SECONDS_PER_RUN ))")
    until settled "$work/up.txt"; do :; done # the backlog of that run has reached the subscriber
done
off_m=$(printf '%s\n' "${off[@]}" | median)
on_m=$(printf '%s\n' "${on[@]}" | median)
reference=bridge_off
[ -n "${REFERENCE_OPTS:-}" ] && reference="reference($REFERENCE_OPTS)"
printf 'RESULT echo_cost %s_msgs_per_s=%.0f bridge_on_msgs_per_s=%.0f ratio=%.2f (medians of %s; runs off: %s; on: %s; lines/s published during the runs on: %s)\n' \
    "${reference// /_}" "$off_m" "$on_m" "$(awk "BEGIN {print $on_m / $off_m}")" "$ROUNDS" "${off[*]}" "${on[*]}" "${published[*]}"

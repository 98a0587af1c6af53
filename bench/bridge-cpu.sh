#!/usr/bin/env bash
# CPU per bridged line: the gateway with its MQTT bridge, side by side with Node-RED 4 doing the
# same job (`tcp in` → `tcp out` reply + `mqtt out` QoS 1), under the same open-loop load and into
# the same private Mosquitto, in alternating rounds. Each round offers RATE lines/s from DEVICES
# devices for SECONDS_PER_RUN s and reads the server's CPU time (utime + stime from /proc/<pid>/stat)
# before and after; a counting subscriber checks that every line reached the broker.
#
# Needs mosquitto, mosquitto-clients, node and npm (Node-RED is installed on first use into
# NODE_RED_DIR), and a C load generator with the flags in docs/BENCHMARKS.md (ECHOLOAD).
# Options (environment): RATE (5000), DEVICES (100), WINDOW (1), ROUNDS (5), SECONDS_PER_RUN (10),
# WARMUP (20), NODE_RED_DIR (~/.cache/iot-gateway-bench/node-red), GATEWAY_OPTS, JAVA.
set -euo pipefail
cd "$(dirname "$0")/.."

# shellcheck source=lib.sh
. bench/lib.sh
RATE=${RATE:-5000}
DEVICES=${DEVICES:-100}
WINDOW=${WINDOW:-1}
ROUNDS=${ROUNDS:-5}
SECONDS_PER_RUN=${SECONDS_PER_RUN:-10}
WARMUP=${WARMUP:-20}
NODE_RED_DIR=${NODE_RED_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/iot-gateway-bench/node-red}
[ -n "${ECHOLOAD:-}" ] || { echo "set ECHOLOAD to a C load generator (see docs/BENCHMARKS.md)" >&2; exit 2; }
need_broker_tools
command -v npm >/dev/null || { echo "needs node and npm (apt-get install nodejs npm)" >&2; exit 2; }
if [ ! -x "$NODE_RED_DIR/node_modules/.bin/node-red" ]; then
    echo "installing node-red@4 into $NODE_RED_DIR ..." >&2
    mkdir -p "$NODE_RED_DIR"
    (cd "$NODE_RED_DIR" && npm install --no-audit --no-fund node-red@4 >/dev/null)
fi

work=$(mktemp -d)
trap 'cleanup; rm -rf "$work"' EXIT
start_broker "$work"
mosquitto_sub -h 127.0.0.1 -p "$broker_port" -q 1 -F %t -t 'iotgw/bench/+/up' -t 'nodered/up' >"$work/up.txt" & pids+=("$!")

gw_port=$(free_port)
# shellcheck disable=SC2086
"$JAVA" -jar "$JAR" --bind 127.0.0.1 --port "$gw_port" --idle-timeout 0 --mqtt "tcp://127.0.0.1:$broker_port" \
    --gateway-id bench --spool-dir "$work/spool" ${GATEWAY_OPTS:-} 2>"$work/gateway.log" &
gw_pid=$!; pids+=("$gw_pid")

nr_port=$(free_port)
mkdir -p "$work/nr"
sed -e "s/__PORT__/$nr_port/" -e "s/__MQTT_PORT__/$broker_port/" bench/nodered-flows.json >"$work/nr/flows.json"
"$NODE_RED_DIR/node_modules/.bin/node-red" -u "$work/nr" "$work/nr/flows.json" >"$work/nodered.log" 2>&1 &
nr_pid=$!; pids+=("$nr_pid")
wait_port "$gw_port"
wait_port "$nr_port" || { echo "Node-RED did not start: $(tail -5 "$work/nodered.log")" >&2; exit 1; }

# One run against port $1 (server pid $2): prints "<cpu µs per line> <lines offered> <lines at the broker>".
run() {
    local before_cpu after_cpu before_up line sent arrived
    before_cpu=$(cpu_ticks "$2")
    before_up=$(wc -l <"$work/up.txt")
    line=$("$ECHOLOAD" -p "$1" -c "$DEVICES" -s 64 -w "$WINDOW" -d "$SECONDS_PER_RUN" -r "$RATE" -R 5000 | tr '\n' ' ')
    after_cpu=$(cpu_ticks "$2")
    sent=$(field msgs "$line")
    until settled "$work/up.txt"; do :; done
    arrived=$(( $(wc -l <"$work/up.txt") - before_up ))
    echo "    $line" >&2
    awk -v t=$((after_cpu - before_cpu)) -v hz="$(getconf CLK_TCK)" -v n="$sent" -v a="$arrived" \
        'BEGIN {printf "%.1f %d %d\n", t * 1e6 / hz / n, n, a}'
}

echo "warm-up: $WARMUP s each at $RATE lines/s ..." >&2
"$ECHOLOAD" -p "$gw_port" -c "$DEVICES" -s 64 -w "$WINDOW" -d "$WARMUP" -r "$RATE" -R 5000 >/dev/null
"$ECHOLOAD" -p "$nr_port" -c "$DEVICES" -s 64 -w "$WINDOW" -d "$WARMUP" -r "$RATE" -R 5000 >/dev/null
until settled "$work/up.txt"; do :; done
gw=() nr=() ratios=()
for r in $(seq "$ROUNDS"); do
    echo "round $r ..." >&2
    read -r g_us g_sent g_arrived < <(run "$gw_port" "$gw_pid")
    read -r n_us n_sent n_arrived < <(run "$nr_port" "$nr_pid")
    echo "    gateway $g_us µs/line ($g_sent sent, $g_arrived at the broker); node-red $n_us µs/line ($n_sent sent, $n_arrived at the broker)" >&2
    gw+=("$g_us") nr+=("$n_us") ratios+=("$(awk "BEGIN {printf \"%.2f\", $g_us / $n_us}")")
done
printf 'RESULT bridge_cpu rate=%s devices=%s gateway_us_per_line=%s nodered_us_per_line=%s ratio=%s (medians of %s rounds; gateway: %s; node-red: %s; ratios: %s)\n' \
    "$RATE" "$DEVICES" "$(printf '%s\n' "${gw[@]}" | median)" "$(printf '%s\n' "${nr[@]}" | median)" \
    "$(printf '%s\n' "${ratios[@]}" | median)" "$ROUNDS" "${gw[*]}" "${nr[*]}" "${ratios[*]}"

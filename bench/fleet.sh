#!/usr/bin/env bash
# A fleet of simulated devices (the gateway's own `fleet`: one process, Netty event loops) against
# gateways started here with the Pi's small-heap settings (deploy/config/gateway.env), optionally
# bridged into a private Mosquitto:
#   1. DEVICES devices ramp up over RAMP s and send a reading every INTERVAL_MS;
#   2. SETTLE s after all are online, the gateways' resident memory and CPU are measured over
#      MEASURE s, then the first gateway is killed with SIGKILL and started again at once (same
#      port, same spool);
#   3. the fleet runs until every device is online again, and AFTER s more.
# Prints the fleet's own key=value lines as they come (stderr) and RESULT lines (stdout).
# Options (environment): DEVICES (10000), GATEWAYS (1; more: the fleet spreads its preference over
# them, --spread), INTERVAL_MS (10000), RAMP (10), SETTLE (20), MEASURE (10), AFTER (10),
# BACKOFF_CAP_MS (30000), MQTT (0; 1: bridge into a private Mosquitto and count presence messages),
# GATEWAY_JAVA_OPTS (the JAVA_OPTS of deploy/config/gateway.env), GATEWAY_OPTS, FLEET_OPTS, JAVA.
set -euo pipefail
cd "$(dirname "$0")/.."

# shellcheck source=lib.sh
. bench/lib.sh
DEVICES=${DEVICES:-10000}
GATEWAYS=${GATEWAYS:-1}
INTERVAL_MS=${INTERVAL_MS:-10000}
RAMP=${RAMP:-10}
SETTLE=${SETTLE:-20}
MEASURE=${MEASURE:-10}
AFTER=${AFTER:-10}
BACKOFF_CAP_MS=${BACKOFF_CAP_MS:-30000}
MQTT=${MQTT:-0}
GATEWAY_JAVA_OPTS=${GATEWAY_JAVA_OPTS:-$(sed -n 's/^JAVA_OPTS=//p' deploy/config/gateway.env)}

# Every device is a socket in the fleet's process and one in a gateway's: raise the open-file
# limit as far as this shell may (each process inherits it).
ulimit -n "$(ulimit -Hn)"
fd_limit=$(ulimit -n)
[ "$fd_limit" = unlimited ] || [ "$fd_limit" -gt $((DEVICES + 1000)) ] ||
    echo "warning: open-file limit $fd_limit is below $DEVICES devices plus room; raise the hard limit (ulimit -Hn, LimitNOFILE)" >&2

work=$(mktemp -d)
trap 'cleanup; rm -rf "$work"' EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

mqtt_flags=()
if [ "$MQTT" = 1 ]; then
    PATH=$PATH:/usr/sbin
    command -v mosquitto >/dev/null || { echo "MQTT=1 needs mosquitto (apt-get install mosquitto)" >&2; exit 2; }
    command -v mosquitto_sub >/dev/null || { echo "MQTT=1 needs mosquitto_sub (apt-get install mosquitto-clients)" >&2; exit 2; }
    broker_port=$(free_port)
    printf 'listener %s 127.0.0.1\nallow_anonymous true\npersistence false\nmax_queued_messages 1000000\n' \
        "$broker_port" >"$work/m.conf"
    mosquitto -c "$work/m.conf" >"$work/mosquitto.log" 2>&1 & pids+=("$!")
    wait_port "$broker_port"
    mosquitto_sub -h 127.0.0.1 -p "$broker_port" -q 1 -t 'iotgw/+/+/status' >"$work/presence.txt" & pids+=("$!")
    mqtt_flags=(--mqtt "tcp://127.0.0.1:$broker_port")
fi

ports=() gw_pids=()
start_gateway() { # $1: which (0-based); the same port and spool on a restart
    local i=$1
    # shellcheck disable=SC2086
    "$JAVA" $GATEWAY_JAVA_OPTS -jar "$JAR" --bind 127.0.0.1 --port "${ports[$i]}" --idle-timeout 0 \
        --max-connections $((DEVICES * 2 + 100)) --gateway-id "fleet-gw$i" --spool-dir "$work/spool-$i" \
        "${mqtt_flags[@]}" ${GATEWAY_OPTS:-} 2>>"$work/gateway-$i.log" &
    gw_pids[i]=$!; pids+=("$!")
    wait_port "${ports[$i]}" || { echo "gateway $i did not start: $(tail -n 3 "$work/gateway-$i.log")" >&2; exit 1; }
}
list=""
for i in $(seq 0 $((GATEWAYS - 1))); do
    ports[i]=$(free_port)
    start_gateway "$i"
    list="$list${list:+,}127.0.0.1:${ports[$i]}"
done

# Entry $2 (0-based) of the online_per_gateway list in the fleet's line $1.
online_at() { sed -n 's/.*online_per_gateway=\([0-9,]*\).*/\1/p' <<<"$1" | cut -d, -f$(($2 + 1)); }
# Resident memory (kB) of a process, and its CPU time (clock ticks) so far.
rss_kb() { sed -n 's/^VmRSS:[[:space:]]*\([0-9]*\).*/\1/p' "/proc/$1/status"; }
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
ticks_per_s=$(getconf CLK_TCK)
# The fleet's last line of a report ($1), or nothing yet.
last_report() { grep "^report=$1 " "$work/fleet.out" | tail -n 1 || true; }
await_report() { # $1 report, $2 seconds at most
    for _ in $(seq $(($2 * 10))); do [ -n "$(last_report "$1")" ] && return 0; sleep 0.1; done
    echo "no report=$1 within $2 s" >&2; return 1
}

spread=()
[ "$GATEWAYS" -gt 1 ] && spread=(--spread)
# shellcheck disable=SC2086
"$JAVA" -jar "$JAR" fleet --gateway "$list" -n "$DEVICES" --interval-ms "$INTERVAL_MS" -d 0 --report-s 5 \
    --ramp-s "$RAMP" --backoff-cap-ms "$BACKOFF_CAP_MS" "${spread[@]}" ${FLEET_OPTS:-} \
    > >(tee "$work/fleet.out" >&2) 2>&1 &
fleet_pid=$!; pids+=("$fleet_pid")

await_report all_online $((RAMP + 120))
sleep "$SETTLE"
before=() rss=()
for i in $(seq 0 $((GATEWAYS - 1))); do before[i]=$(cpu_ticks "${gw_pids[$i]}"); done
sleep "$MEASURE"
for i in $(seq 0 $((GATEWAYS - 1))); do
    rss[i]=$(rss_kb "${gw_pids[$i]}")
    cpu=$(awk "BEGIN {printf \"%.1f\", 100 * ($(cpu_ticks "${gw_pids[$i]}") - ${before[$i]}) / $ticks_per_s / $MEASURE}")
    printf 'RESULT steady gateway=%s devices_online=%s rss_mb=%.1f cpu_percent=%s interval_ms=%s fd_limit=%s\n' \
        "$i" "$(online_at "$(last_report progress)" "$i")" "$(awk "BEGIN {print ${rss[$i]} / 1024}")" \
        "$cpu" "$INTERVAL_MS" "$fd_limit"
done
fleet_rss=$(rss_kb "$fleet_pid")
presence_before=0
[ "$MQTT" = 1 ] && presence_before=$(wc -l <"$work/presence.txt")

echo "killing gateway 0 with SIGKILL, starting it again ..." >&2
kill -9 "${gw_pids[0]}"
wait "${gw_pids[0]}" 2>/dev/null || true
start_gateway 0
await_report recovered $((BACKOFF_CAP_MS / 1000 + 300))
sleep "$AFTER"
kill -TERM "$fleet_pid"
wait "$fleet_pid" 2>/dev/null || true
recovered=$(last_report recovered)
final=$(last_report final)
presence=-1
[ "$MQTT" = 1 ] && presence=$(( $(wc -l <"$work/presence.txt") - presence_before ))
lost_links=$(cat "$work"/gateway-*.log | grep -c 'broker connection lost' || true)
printf 'RESULT restart devices=%s outage_ms=%s after_first_back_ms=%s lost=%s resent=%s connect_failures=%s presence_messages=%s broker_connections_lost=%s fleet_rss_mb=%.1f\n' \
    "$DEVICES" "$(field outage_ms "$recovered")" "$(field after_first_back_ms "$recovered")" "$(field lost "$final")" \
    "$(field resent "$final")" "$(field connect_failures "$final")" "$presence" "$lost_links" \
    "$(awk "BEGIN {print $fleet_rss / 1024}")"

#!/usr/bin/env bash
# TLS on the device port: the gateway terminating TLS itself, side by side with stunnel terminating
# it in front of the plain gateway, and the plain gateway as the floor, all in one gateway process
# (its plain and TLS ports) and in alternating rounds after a JIT warm-up. Certificates are made here
# with openssl (EC P-256, as the README's). Load: the gateway's own bench, over TLS with --tls.
#   1. echo: CONNECTIONS devices (100), 64-byte lines, one in flight each, SECONDS_PER_RUN s per run;
#      msgs/s end to end, and the server side's CPU per message (the gateway's; with stunnel,
#      stunnel's and the gateway's), read from /proc while the run is measured;
#   2. reconnection: RECONNECT devices (1000) reconnecting at once, RECONNECT_ROUNDS times per run:
#      TLS handshake, one line and its echo, close; handshakes per second and server CPU per handshake;
#   3. tokens: RECONNECT devices' tokens verified at once (PBKDF2) on the gateway's verification threads.
# The load generator speaks TLS too and shares the machine's cores: msgs/s end to end include its
# cost; the CPU per message is what a gateway whose devices are other machines pays.
# Needs openssl and stunnel4 (Debian: apt-get install openssl stunnel4). Options (environment):
# ROUNDS (5), SECONDS_PER_RUN (8, at least 5), WARMUP (10), CONNECTIONS (100), RECONNECT (1000),
# RECONNECT_ROUNDS (3), STUNNEL (stunnel4), GATEWAY_OPTS (extra gateway flags), JAVA (java).
set -euo pipefail
cd "$(dirname "$0")/.."

# shellcheck source=lib.sh
. bench/lib.sh
ROUNDS=${ROUNDS:-5}
SECONDS_PER_RUN=${SECONDS_PER_RUN:-8}
WARMUP=${WARMUP:-10}
CONNECTIONS=${CONNECTIONS:-100}
RECONNECT=${RECONNECT:-1000}
RECONNECT_ROUNDS=${RECONNECT_ROUNDS:-3}
STUNNEL=${STUNNEL:-stunnel4}
command -v openssl >/dev/null || { echo "needs openssl (apt-get install openssl)" >&2; exit 2; }
command -v "$STUNNEL" >/dev/null || { echo "needs $STUNNEL (apt-get install stunnel4)" >&2; exit 2; }

work=$(mktemp -d)
trap 'cleanup; rm -rf "$work"' EXIT

ec=(-newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes)
openssl req -x509 "${ec[@]}" -keyout "$work/ca.key" -out "$work/ca.pem" -days 2 -subj "/CN=bench CA" 2>/dev/null
openssl req "${ec[@]}" -keyout "$work/gw.key" -out "$work/gw.csr" -subj "/CN=gateway" 2>/dev/null
printf 'subjectAltName=IP:127.0.0.1,DNS:localhost\n' >"$work/ext.cnf"
openssl x509 -req -in "$work/gw.csr" -CA "$work/ca.pem" -CAkey "$work/ca.key" -CAcreateserial -days 2 \
    -extfile "$work/ext.cnf" -out "$work/gw.pem" 2>/dev/null

plain=$(free_port) tls=$(free_port) stunnel=$(free_port)
# shellcheck disable=SC2086
"$JAVA" -jar "$JAR" --bind 127.0.0.1 --port "$plain" --tls-port "$tls" --tls-cert "$work/gw.pem" \
    --tls-key "$work/gw.key" --idle-timeout 0 --max-connections 20000 ${GATEWAY_OPTS:-} \
    2>"$work/gateway.log" &
gw_pid=$!; pids+=("$gw_pid")
cat >"$work/stunnel.conf" <<EOF
foreground = yes
pid =
[gateway]
accept = 127.0.0.1:$stunnel
connect = 127.0.0.1:$plain
cert = $work/gw.pem
key = $work/gw.key
sslVersionMin = TLSv1.2
EOF
"$STUNNEL" "$work/stunnel.conf" 2>"$work/stunnel.log" &
stunnel_pid=$!; pids+=("$stunnel_pid")
wait_port "$plain"
wait_port "$tls"
wait_port "$stunnel"

tls_flags=(--tls --ca "$work/ca.pem")
hz=$(getconf CLK_TCK)
# CPU time (clock ticks) the processes $@ have used so far.
ticks() { local t=0 p; for p in "$@"; do t=$((t + $(awk '{print $14 + $15}' "/proc/$p/stat"))); done; echo "$t"; }

# One echo run through port $1, served by the processes in $2 (a quoted list); bench flags after.
# Prints "msgs_per_s us_per_msg": the server side's CPU is read over the middle of the measured part.
echo_load() {
    local port=$1 servers=$2 line b t0 t1 window; shift 2
    "$JAVA" -jar "$JAR" bench --port "$port" -c "$CONNECTIONS" -s 64 -w 1 -d "$SECONDS_PER_RUN" --warmup-s 2 "$@" \
        >"$work/run.out" 2>/dev/null &
    b=$!
    window=$((SECONDS_PER_RUN - 3))
    sleep 4 # the JVM's start, the connections, the bench's own warm-up
    # shellcheck disable=SC2086
    t0=$(ticks $servers)
    sleep "$window"
    # shellcheck disable=SC2086
    t1=$(ticks $servers)
    wait "$b" || true
    line=$(cat "$work/run.out")
    echo "    $line" >&2
    awk -v m="$(field msgs_per_s "$line")" -v t=$((t1 - t0)) -v hz="$hz" -v w="$window" \
        'BEGIN {printf "%.0f %.1f\n", m, t / hz * 1e6 / (m * w)}'
}
# One reconnection run through port $1, served by $2: prints "handshakes_per_s cpu_ms_per_handshake".
reconnect_load() {
    local line t0 t1
    # shellcheck disable=SC2086
    t0=$(ticks $2)
    line=$("$JAVA" -jar "$JAR" bench --port "$1" -c "$RECONNECT" --connect-rate 1000000 \
        --reconnect-rounds "$RECONNECT_ROUNDS" "${tls_flags[@]}" 2>/dev/null || true)
    # shellcheck disable=SC2086
    t1=$(ticks $2)
    echo "    $line" >&2
    awk -v h="$(field handshakes_per_s "$line")" -v n="$(field handshakes "$line")" -v t=$((t1 - t0)) -v hz="$hz" \
        'BEGIN {printf "%.0f %.2f\n", h, (n > 0 ? t / hz * 1e3 / n : 0)}'
}
# The median of column $1 of lines on standard input.
column_median() { awk -v c="$1" '{print $c}' | median; }

echo "warm-up (JIT), $WARMUP s each ..." >&2
"$JAVA" -jar "$JAR" bench --port "$plain" -c "$CONNECTIONS" -d "$WARMUP" --warmup-s 0 >/dev/null 2>&1
"$JAVA" -jar "$JAR" bench --port "$tls" -c "$CONNECTIONS" -d "$WARMUP" --warmup-s 0 "${tls_flags[@]}" >/dev/null 2>&1
"$JAVA" -jar "$JAR" bench --port "$tls" -c "$RECONNECT" --connect-rate 1000000 --reconnect-rounds 1 "${tls_flags[@]}" \
    >/dev/null 2>&1 || true

p=() t=() s=()
for r in $(seq "$ROUNDS"); do
    echo "echo, round $r: plain, gateway TLS, stunnel" >&2
    p+=("$(echo_load "$plain" "$gw_pid")")
    t+=("$(echo_load "$tls" "$gw_pid" "${tls_flags[@]}")")
    s+=("$(echo_load "$stunnel" "$gw_pid $stunnel_pid" "${tls_flags[@]}")")
done
pm=$(printf '%s\n' "${p[@]}" | column_median 1) tm=$(printf '%s\n' "${t[@]}" | column_median 1)
sm=$(printf '%s\n' "${s[@]}" | column_median 1)
pc=$(printf '%s\n' "${p[@]}" | column_median 2) tc=$(printf '%s\n' "${t[@]}" | column_median 2)
sc=$(printf '%s\n' "${s[@]}" | column_median 2)
printf 'RESULT echo connections=%s msgs_per_s: plain=%.0f tls=%.0f stunnel=%.0f tls/plain=%.2f tls/stunnel=%.2f; server_us_per_msg: plain=%s tls=%s stunnel=%s plain/tls=%.2f (medians of %s)\n' \
    "$CONNECTIONS" "$pm" "$tm" "$sm" "$(awk "BEGIN {print $tm / $pm}")" "$(awk "BEGIN {print $tm / $sm}")" \
    "$pc" "$tc" "$sc" "$(awk "BEGIN {print $pc / $tc}")" "$ROUNDS"

t=() s=()
for r in $(seq "$ROUNDS"); do
    echo "reconnection, round $r: gateway TLS, stunnel" >&2
    t+=("$(reconnect_load "$tls" "$gw_pid")")
    s+=("$(reconnect_load "$stunnel" "$gw_pid $stunnel_pid")")
done
printf 'RESULT reconnect devices=%s handshakes_per_s: tls=%.0f stunnel=%.0f; server_cpu_ms_per_handshake: tls=%s stunnel=%s (medians of %s, %s at once %s times each)\n' \
    "$RECONNECT" "$(printf '%s\n' "${t[@]}" | column_median 1)" "$(printf '%s\n' "${s[@]}" | column_median 1)" \
    "$(printf '%s\n' "${t[@]}" | column_median 2)" "$(printf '%s\n' "${s[@]}" | column_median 2)" "$ROUNDS" \
    "$RECONNECT" "$RECONNECT_ROUNDS"

echo "token verification: $RECONNECT devices saying HELLO <id> <token> at once ..." >&2
line=$("$JAVA" -jar "$JAR" bench --token-verifications "$RECONNECT" 2>/dev/null)
echo "RESULT tokens $line"

#!/usr/bin/env bash
# What the HTTP side (status page, /metrics, /health) costs:
#   1. echo throughput: a gateway with --http-port, its /metrics scraped every second, against one
#      without, in alternating rounds on live processes after a JIT warm-up of both; CONNECTIONS
#      devices, 64-byte lines, one in flight each (closed loop). Also the gateway's own CPU time per
#      echoed message (from /proc), which other load on the machine disturbs far less. The warm-up
#      also scrapes SCRAPE_WARMUP times back to back: a gateway scraped once a second compiles its
#      scrape code over its first hours, and until then the compiler's work (and the deoptimisations
#      it brings to the echo path) weighs on the rounds; SCRAPE_WARMUP=0 measures that early state;
#   2. idle memory: fresh gateways with and without the HTTP side, side by side, with the packaged
#      service's JVM options, resident set after start and a few scrapes; PAIRS pairs, medians.
# Options (environment): ROUNDS (21), SECONDS_PER_RUN (4), WARMUP (20), CONNECTIONS (100),
# PAGE (1: also fetch /api/status every 2 s, as an open status page does), SCRAPE_WARMUP (3000), PAIRS (3),
# RSS_JAVA_OPTS (the package's), ECHOLOAD (a C load generator, see docs/BENCHMARKS.md),
# GATEWAY_OPTS (extra flags of both gateways), JAVA (java).
set -euo pipefail
cd "$(dirname "$0")/.."

# shellcheck source=lib.sh
. bench/lib.sh
ROUNDS=${ROUNDS:-21}
SECONDS_PER_RUN=${SECONDS_PER_RUN:-4}
WARMUP=${WARMUP:-20}
CONNECTIONS=${CONNECTIONS:-100}
PAGE=${PAGE:-0}
SCRAPE_WARMUP=${SCRAPE_WARMUP:-3000}
PAIRS=${PAIRS:-3}
RSS_JAVA_OPTS=${RSS_JAVA_OPTS:--Xmx64m -Xss512k -XX:+UseSerialGC -XX:MaxMetaspaceSize=64m -XX:ReservedCodeCacheSize=32m}

work=$(mktemp -d)
trap 'cleanup; rm -rf "$work"' EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
rss_mb() { awk '/VmRSS/ {printf "%.1f", $2 / 1024}' "/proc/$1/status"; }
# CPU time of process $1 so far (user + system), in clock ticks.
cpu_ticks() { awk '{sub(/.*\) /, ""); print $12 + $13}' "/proc/$1/stat"; }
HZ=$(getconf CLK_TCK)

# One measured run against gateway process $1 on port $2: prints "msgs_per_s cpu_us_per_msg", the
# load generator's line on standard error.
measured_run() {
    local before after line
    before=$(cpu_ticks "$1")
    line=$(echo_run "$2" "$CONNECTIONS" "$SECONDS_PER_RUN")
    after=$(cpu_ticks "$1")
    echo "    $line" >&2
    awk -v r="$(field msgs_per_s "$line")" -v m="$(field msgs "$line")" -v t=$((after - before)) -v hz="$HZ" \
        'BEGIN {printf "%s %.2f\n", r, (m > 0 ? t * 1e6 / hz / m : 0)}'
}

# One GET of $2 on 127.0.0.1:$1, the answer read and thrown away (bash only: no curl needed).
get() {
    exec 3<>"/dev/tcp/127.0.0.1/$1" || return 1
    printf 'GET %s HTTP/1.0\r\n\r\n' "$2" >&3
    cat <&3 >/dev/null
    exec 3<&-
}

# Scrapes /metrics on port $1 (and /api/status every second time with PAGE=1): $2 times (unset: until
# killed), $3 seconds apart (1; 0: back to back).
scraper() {
    local n=0 count=${2:-} pause=${3:-1}
    while [ -z "$count" ] || [ "$n" -lt "$count" ]; do
        get "$1" /metrics
        if [ "$PAGE" = 1 ] && [ $((n % 2)) -eq 0 ]; then get "$1" /api/status; fi
        n=$((n + 1))
        if [ "$pause" != 0 ]; then sleep "$pause"; fi
    done
}

start_gateway() { # $1 device port, $2 java options, $3.. gateway flags; sets gw_pid
    local port=$1 opts=$2; shift 2
    # shellcheck disable=SC2086
    "$JAVA" $opts -jar "$JAR" --bind 127.0.0.1 --port "$port" --idle-timeout 0 ${GATEWAY_OPTS:-} "$@" \
        2>>"$work/gateway.log" &
    gw_pid=$!; pids+=("$gw_pid")
    wait_port "$port"
}

# ---- 1. echo throughput, /metrics off and on ----
off_port=$(free_port); on_port=$(free_port); http_port=$(free_port)
start_gateway "$off_port" ""; off_pid=$gw_pid
start_gateway "$on_port" "" --http-port "$http_port"; on_pid=$gw_pid
wait_port "$http_port"
echo "JIT warm-up, $WARMUP s each ..." >&2
echo_run "$off_port" "$CONNECTIONS" "$WARMUP" >/dev/null
echo "scrape warm-up, $SCRAPE_WARMUP scrapes under load ..." >&2
scraper "$http_port" "$SCRAPE_WARMUP" 0 & warm_pid=$!
echo_run "$on_port" "$CONNECTIONS" "$WARMUP" >/dev/null
wait "$warm_pid"
scraper "$http_port" & scraper_pid=$!
echo_run "$on_port" "$CONNECTIONS" "$WARMUP" >/dev/null
kill "$scraper_pid"; wait "$scraper_pid" 2>/dev/null || true
on=() off=() on_cpu=() off_cpu=() pair=() pair_cpu=()
run_off() {
    read -r rate cpu < <(measured_run "$off_pid" "$off_port")
    off+=("$rate"); off_cpu+=("$cpu")
}
run_on() {
    scraper "$http_port" & scraper_pid=$!
    read -r rate cpu < <(measured_run "$on_pid" "$on_port")
    on+=("$rate"); on_cpu+=("$cpu")
    kill "$scraper_pid"; wait "$scraper_pid" 2>/dev/null || true
}
# Rounds alternate which gateway goes first (off-on, on-off, ...), so a drift of the machine's speed
# during a round weighs on both alike; each round's on/off ratio is one sample, and their median is
# the figure (the machine's speed changes between rounds far more than within one).
for r in $(seq "$ROUNDS"); do
    if [ $((r % 2)) -eq 1 ]; then
        echo "round $r (off, then on) ..." >&2
        run_off; run_on
    else
        echo "round $r (on, then off) ..." >&2
        run_on; run_off
    fi
    pair+=("$(awk "BEGIN {print ${on[-1]} / ${off[-1]}}")")
    pair_cpu+=("$(awk "BEGIN {print ${off_cpu[-1]} / ${on_cpu[-1]}}")")
done
scrape_bytes=$(exec 3<>"/dev/tcp/127.0.0.1/$http_port"; printf 'GET /metrics HTTP/1.0\r\n\r\n' >&3; wc -c <&3)
off_m=$(printf '%s\n' "${off[@]}" | median)
on_m=$(printf '%s\n' "${on[@]}" | median)
off_c=$(printf '%s\n' "${off_cpu[@]}" | median)
on_c=$(printf '%s\n' "${on_cpu[@]}" | median)
printf 'RESULT echo connections=%s metrics_off_msgs_per_s=%.0f metrics_on_scraped_1s_msgs_per_s=%.0f ratio=%.3f off_cpu_us_per_msg=%s on_cpu_us_per_msg=%s cpu_ratio_off_on=%.3f page=%s scrape_warmup=%s scrape_bytes=%s (ratio and cpu_ratio: medians of %s rounds'"'"' own ratios; runs off: %s; on: %s; ratios: %s)\n' \
    "$CONNECTIONS" "$off_m" "$on_m" "$(printf '%s\n' "${pair[@]}" | median)" "$off_c" "$on_c" \
    "$(printf '%s\n' "${pair_cpu[@]}" | median)" "$PAGE" "$SCRAPE_WARMUP" "$scrape_bytes" "$ROUNDS" "${off[*]}" "${on[*]}" "${pair[*]}"
cleanup; pids=()

# ---- 2. idle memory, fresh pairs ----
rss_off=() rss_on=()
for p in $(seq "$PAIRS"); do
    echo "idle memory, pair $p ..." >&2
    off_port=$(free_port); on_port=$(free_port); http_port=$(free_port)
    start_gateway "$off_port" "$RSS_JAVA_OPTS"; off_pid=$gw_pid
    start_gateway "$on_port" "$RSS_JAVA_OPTS" --http-port "$http_port"; on_pid=$gw_pid
    wait_port "$http_port"
    for _ in 1 2 3 4 5; do get "$http_port" /metrics; get "$http_port" /api/status; get "$http_port" /; sleep 1; done
    rss_off+=("$(rss_mb "$off_pid")")
    rss_on+=("$(rss_mb "$on_pid")")
    cleanup; pids=()
    wait 2>/dev/null || true
done
roff=$(printf '%s\n' "${rss_off[@]}" | median)
ron=$(printf '%s\n' "${rss_on[@]}" | median)
printf 'RESULT idle_rss http_off_mb=%s http_on_mb=%s cost_mb=%.1f java_opts="%s" (medians of %s pairs; off: %s; on: %s)\n' \
    "$roff" "$ron" "$(awk "BEGIN {print $ron - $roff}")" "$RSS_JAVA_OPTS" "$PAIRS" "${rss_off[*]}" "${rss_on[*]}"

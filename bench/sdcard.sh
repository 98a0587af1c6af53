#!/usr/bin/env bash
# The spool on a disk as slow as a Raspberry Pi's SD card: the gateway with its bridge into a
# private Mosquitto, under an LD_PRELOAD library that makes every fsync/fdatasync take
# SLOWDISK_MS, while DEVICES devices offer RATE lines/s in all (open loop); a QoS 1 subscriber
# counts every line that reaches the broker. Three runs, each after a warm-up at the same load:
#   plain    this machine's disk, default --spool-fsync (1s)          one line in flight per device
#   slow     fsync = SLOW_MS (200) ms, default --spool-fsync (1s)     one line in flight per device
#   safe     fsync = SAFE_MS (50) ms, --spool-fsync 0 (every line forced before its echo), WINDOW_SAFE (4) in flight
# For each: lines offered, echoed per second, echo latency (p50/p99/p999), lines at the broker,
# and bytes the gateway wrote to the disk per line (write_bytes of /proc/<pid>/io).
#
# Needs mosquitto, mosquitto-clients, gcc (the slow-disk library is built from
# gateway/src/test/c/slowdisk.c unless SLOWDISK names one) and a C load generator with the flags in
# docs/BENCHMARKS.md (ECHOLOAD). Options (environment): RATE (2000), DEVICES (100), DURATION (30),
# WARMUP (15), SLOW_MS (200), SAFE_MS (50), WINDOW_SAFE (4), JAVA.
set -euo pipefail
cd "$(dirname "$0")/.."

# shellcheck source=lib.sh
. bench/lib.sh
RATE=${RATE:-2000}
DEVICES=${DEVICES:-100}
DURATION=${DURATION:-30}
WARMUP=${WARMUP:-15}
SLOW_MS=${SLOW_MS:-200}
SAFE_MS=${SAFE_MS:-50}
WINDOW_SAFE=${WINDOW_SAFE:-4}
[ -n "${ECHOLOAD:-}" ] || { echo "set ECHOLOAD to a C load generator (see docs/BENCHMARKS.md)" >&2; exit 2; }
need_broker_tools

work=$(mktemp -d)
trap 'cleanup; rm -rf "$work"' EXIT
if [ -z "${SLOWDISK:-}" ]; then
    SLOWDISK=$work/slowdisk.so
    gcc -O2 -shared -fPIC -o "$SLOWDISK" gateway/src/test/c/slowdisk.c -ldl
fi
start_broker "$work"
mosquitto_sub -h 127.0.0.1 -p "$broker_port" -q 1 -F %t -t 'iotgw/+/+/up' >"$work/up.txt" & pids+=("$!")

written_bytes() { awk '/^write_bytes/ {print $2}' "/proc/$1/io"; }

# One run: $1 name, $2 fsync delay in ms (0: this disk), $3 --spool-fsync, $4 lines in flight per device.
run() {
    local name=$1 slow_ms=$2 fsync=$3 window=$4 port pid env=() line before_up before_io after_io arrived sent
    port=$(free_port)
    [ "$slow_ms" -gt 0 ] && env=(LD_PRELOAD="$SLOWDISK" SLOWDISK_MS="$slow_ms")
    env "${env[@]}" "$JAVA" -jar "$JAR" --bind 127.0.0.1 --port "$port" --idle-timeout 0 \
        --mqtt "tcp://127.0.0.1:$broker_port" --gateway-id "$name" --spool-dir "$work/spool-$name" \
        --spool-fsync "$fsync" 2>"$work/gateway-$name.log" &
    pid=$!; pids+=("$pid")
    wait_port "$port"
    echo "$name: warm-up $WARMUP s ..." >&2
    "$ECHOLOAD" -p "$port" -c "$DEVICES" -s 64 -w "$window" -d "$WARMUP" -r "$RATE" -R 5000 >/dev/null
    until settled "$work/up.txt"; do :; done
    before_up=$(wc -l <"$work/up.txt")
    before_io=$(written_bytes "$pid")
    echo "$name: $DURATION s at $RATE lines/s ..." >&2
    line=$("$ECHOLOAD" -p "$port" -c "$DEVICES" -s 64 -w "$window" -d "$DURATION" -r "$RATE" -R 5000 | tr '\n' ' ')
    echo "    $line" >&2
    until settled "$work/up.txt"; do :; done
    after_io=$(written_bytes "$pid")
    arrived=$(( $(wc -l <"$work/up.txt") - before_up ))
    sent=$(field sent "$line")
    kill "$pid"; wait "$pid" 2>/dev/null || true
    printf 'RESULT sdcard run=%s fsync_ms=%s spool_fsync=%s in_flight_per_device=%s offered_per_s=%s echoed_per_s=%s p50_us=%s p99_us=%s p999_us=%s lines_sent=%s lines_at_broker=%s bytes_written_per_line=%.0f\n' \
        "$name" "$slow_ms" "$fsync" "$window" "$(field sent_per_s "$line")" "$(field msgs_per_s "$line")" \
        "$(field p50_us "$line")" "$(field p99_us "$line")" "$(field p999_us "$line")" "$sent" "$arrived" \
        "$(awk -v b=$((after_io - before_io)) -v n="$sent" 'BEGIN {print b / n}')"
}

run plain 0 1s 1
run slow "$SLOW_MS" 1s 1
run safe "$SAFE_MS" 0 "$WINDOW_SAFE"

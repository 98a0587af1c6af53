# Shared by the bench scripts: sourced, not run.

JAR=gateway/target/iot-gateway.jar
JAVA=${JAVA:-java}
[ -f "$JAR" ] || { echo "no $JAR: build first (./dev.sh mvn -DskipTests package)" >&2; exit 2; }

pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; }
trap cleanup EXIT

# A TCP port free on 127.0.0.1 now.
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

# Waits until something listens on 127.0.0.1:$1 (10 s at most).
wait_port() { for _ in $(seq 100); do (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0; sleep 0.1; done; return 1; }

# The median of the numbers on standard input, one per line.
median() { sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }

# The value of key $1 in a line of key=value pairs $2.
field() { sed -n "s/.*\b$1=\([0-9.]*\).*/\1/p" <<<"$2"; }

# CPU time of process $1 so far, in clock ticks (user + system, fields 14 and 15 of /proc/<pid>/stat).
cpu_ticks() { awk '{sub(/.*\) /, ""); print $12 + $13}' "/proc/$1/stat"; }

# True once file $1 has stopped growing for 2 s (a subscriber has everything published so far).
settled() { local a b; a=$(wc -l <"$1"); sleep 2; b=$(wc -l <"$1"); [ "$a" -eq "$b" ]; }

need_broker_tools() {
    command -v mosquitto >/dev/null || [ -x /usr/sbin/mosquitto ] || { echo "needs mosquitto (apt-get install mosquitto)" >&2; exit 2; }
    command -v mosquitto_sub >/dev/null || { echo "needs mosquitto_sub (apt-get install mosquitto-clients)" >&2; exit 2; }
    PATH=$PATH:/usr/sbin
}

# A private Mosquitto on a free port, its files in directory $1; sets broker_port.
start_broker() {
    broker_port=$(free_port)
    printf 'listener %s 127.0.0.1\nallow_anonymous true\npersistence false\nmax_queued_messages 1000000\n' \
        "$broker_port" >"$1/mosquitto.conf"
    mosquitto -c "$1/mosquitto.conf" >"$1/mosquitto.log" 2>&1 & pids+=("$!")
    wait_port "$broker_port"
}

# One closed-loop run against 127.0.0.1:$1: $2 connections, 64-byte messages, one in flight each,
# for $3 seconds; prints the load generator's key=value line. ECHOLOAD names a C load generator
# (flags in docs/BENCHMARKS.md); without it the gateway's own bench loads the server.
echo_run() {
    if [ -n "${ECHOLOAD:-}" ]; then
        "$ECHOLOAD" -p "$1" -c "$2" -s 64 -w 1 -d "$3" -R 5000
    else
        # shellcheck disable=SC2086
        "$JAVA" -jar "$JAR" bench --port "$1" -c "$2" -s 64 -w 1 -d "$3" --warmup-s 1 ${BENCH_OPTS:-} 2>/dev/null
    fi
}

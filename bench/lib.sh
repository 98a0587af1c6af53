# Shared by the bench scripts: sourced, not run.

JAR=gateway/target/iot-gateway.jar
JAVA=${JAVA:-java}
[ -f "$JAR" ] || { echo "no $JAR: build first (./dev.sh mvn -DskipTests package)" >&2; exit 2; }

pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; }
trap cleanup EXIT

# Waits until something listens on 127.0.0.1:$1 (10 s at most).
wait_port() { for _ in $(seq 100); do (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0; sleep 0.1; done; return 1; }

# The median of the numbers on standard input, one per line.
median() { sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }

# The value of key $1 in a line of key=value pairs $2.
field() { sed -n "s/.*$1=\([0-9.]*\).*/\1/p" <<<"$2"; }

# One closed-loop run against 127.0.0.1:$1: $2 connections, 64-byte messages, one in flight each,
# for $3 seconds; prints the load generator's key=value line. ECHOLOAD names a C load generator
# (flags in docs/BENCHMARKS.md); without it the gateway's own bench loads the server.
echo_run() {
    if [ -n "${ECHOLOAD:-}" ]; then
        "$ECHOLOAD" -p "$1" -c "$2" -s 64 -w 1 -d "$3" -R 5000
    else
        "$JAVA" -jar "$JAR" bench --port "$1" -c "$2" -s 64 -w 1 -d "$3" --warmup-s 1 2>/dev/null
    fi
}

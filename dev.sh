#!/bin/sh
# Builds, runs and tests iot-gateway with a JDK 21 or newer, found even where the default java is 17.
# ./dev.sh --help says how.
set -eu
cd "$(dirname "$0")"

usage() {
    cat <<'EOF'
Usage: ./dev.sh COMMAND [ARGUMENTS]
Builds, runs and tests iot-gateway with a JDK 21 or newer, found even where the default java is 17.

Commands:
  run [GATEWAY OPTIONS]    start the gateway (port 12345 unless told otherwise), building it
                           first when its sources changed; ./dev.sh run --help lists the options
  test [MAVEN ARGUMENTS]   run every test: mvn verify
  mvn [MAVEN ARGUMENTS]    any Maven command with that JDK
  -h, --help               show this help

Examples:
  ./dev.sh run --port 4000 --mqtt tcp://localhost:1883
  ./dev.sh test -pl gateway
  ./dev.sh mvn -DskipTests package       # every jar and the Debian packages
EOF
}

command=${1:-}
[ $# -gt 0 ] && shift
case "$command" in
    -h|--help)
        usage
        exit 0
        ;;
    run|test|mvn) ;;
    *)
        [ -n "$command" ] && echo "dev.sh: unknown command '$command'" >&2
        usage >&2
        exit 2
        ;;
esac

# The Java feature version of a JDK home, from its release file or by asking it.
major_of() {
    version=$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$1/release" 2>/dev/null || true)
    if [ -z "$version" ] && [ -x "$1/bin/java" ]; then
        version=$("$1/bin/java" -version 2>&1 | sed -n 's/.*version "\([0-9]*\).*/\1/p' | head -n 1)
    fi
    echo "${version:-0}"
}

find_jdk() {
    if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/javac" ] && [ "$(major_of "$JAVA_HOME")" -ge 21 ]; then
        echo "$JAVA_HOME"
        return
    fi
    best="" best_major=0
    if command -v javac >/dev/null 2>&1; then
        set -- "$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")" /usr/lib/jvm/*
    else
        set -- /usr/lib/jvm/*
    fi
    for home in "$@"; do
        [ -x "$home/bin/javac" ] || continue
        major=$(major_of "$home")
        if [ "$major" -ge 21 ] && [ "$major" -gt "$best_major" ]; then
            best=$home best_major=$major
        fi
    done
    echo "$best"
}

JAVA_HOME=$(find_jdk)
if [ -z "$JAVA_HOME" ]; then
    echo "dev.sh: building needs a JDK 21 or newer (the gateway itself runs on 17): install one" \
        "(e.g. apt-get install openjdk-21-jdk-headless) or set JAVA_HOME" >&2
    exit 2
fi
export JAVA_HOME
# Maven 3.8 (Debian 12's) ends its output with a colour reset even in batch mode; keep logs free of it.
MAVEN_OPTS="${MAVEN_OPTS:-} -Djansi.noreset=true"
if [ "$(major_of "$JAVA_HOME")" -ge 24 ]; then
    # Maven's own libraries still touch sun.misc.Unsafe; keep newer JDKs from warning about it.
    MAVEN_OPTS="$MAVEN_OPTS --sun-misc-unsafe-memory-access=allow"
fi
export MAVEN_OPTS
if ! command -v mvn >/dev/null 2>&1; then
    echo "dev.sh: Maven not found: install it (apt-get install maven)" >&2
    exit 2
fi

# True when the gateway's jar is missing or older than anything it is built from.
gateway_stale() {
    [ ! -f gateway/target/iot-gateway.jar ] \
        || [ -n "$(find pom.xml gateway/pom.xml gateway/src/main -newer gateway/target/iot-gateway.jar | head -n 1)" ]
}

case "$command" in
    run)
        if gateway_stale; then
            echo "dev.sh: building the gateway" >&2
            # Only the gateway module, without its tests: running needs nothing else.
            mvn -q -B -Dstyle.color=never -Dmaven.test.skip=true -pl gateway package
        fi
        exec "$JAVA_HOME/bin/java" -jar gateway/target/iot-gateway.jar "$@"
        ;;
    test)
        exec mvn -B verify "$@"
        ;;
    mvn)
        exec mvn "$@"
        ;;
esac

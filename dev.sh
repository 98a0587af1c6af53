#!/bin/sh
# Builds, runs and tests iot-gateway with a JDK 21 or newer, found even where the default java is 17.
#
#   ./dev.sh run [gateway options]   build, then start the gateway (port 12345 unless told otherwise)
#   ./dev.sh test                    run every test: mvn verify
#   ./dev.sh mvn [maven arguments]   any Maven command with that JDK
set -eu
cd "$(dirname "$0")"

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
if [ "$(major_of "$JAVA_HOME")" -ge 24 ]; then
    # Maven's own libraries still touch sun.misc.Unsafe; keep newer JDKs from warning about it.
    export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow"
fi
if ! command -v mvn >/dev/null 2>&1; then
    echo "dev.sh: Maven not found: install it (apt-get install maven)" >&2
    exit 2
fi

command=${1:-}
[ $# -gt 0 ] && shift
case "$command" in
    run)
        mvn -q -B -Dstyle.color=never -DskipTests package
        exec "$JAVA_HOME/bin/java" -jar gateway/target/iot-gateway.jar "$@"
        ;;
    test)
        exec mvn -B verify "$@"
        ;;
    mvn)
        exec mvn "$@"
        ;;
    *)
        echo "usage: ./dev.sh run [gateway options] | ./dev.sh test | ./dev.sh mvn [maven arguments]" >&2
        exit 2
        ;;
esac

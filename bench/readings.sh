#!/usr/bin/env bash
# What parsing readings into the envelope's fields costs the publishing thread per line, in its
# CPU time: the envelope encoded with and without the reading parser, in alternating rounds, for a
# firmware line, a Pi client line, a JSON object and a line of plain text. In-process, no network.
# Options (environment): ROUNDS (7), MS_PER_ROUND (500), JAVA (java).
set -euo pipefail
cd "$(dirname "$0")/.."
JAVA=${JAVA:-java}

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
./dev.sh mvn -q -B -pl gateway -am test-compile
./dev.sh mvn -q -B -pl gateway dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$work/cp"
"$JAVA" -cp "gateway/target/classes:gateway/target/test-classes:$(cat "$work/cp")" \
    io.iotgw.gateway.bridge.EnvelopeBench "${ROUNDS:-7}" "${MS_PER_ROUND:-500}"

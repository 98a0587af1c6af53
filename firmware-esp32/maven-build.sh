#!/bin/sh
# Called by `mvn` (the firmware-esp32 module) with make targets: "host" to build the host firmware,
# "test" to run its unit tests.
# Without g++ or make this is skipped with a message, unless IOTGW_REQUIRE_ALL_TESTS=1 (CI).
set -eu
cd "$(dirname "$0")"
missing=""
command -v "${CXX:-g++}" >/dev/null 2>&1 || missing="g++"
command -v make >/dev/null 2>&1 || missing="$missing make"
if [ -n "$missing" ]; then
    message="firmware host build and tests skipped: not found:$missing (install with: apt-get install g++ make)"
    if [ "${IOTGW_REQUIRE_ALL_TESTS:-}" = "1" ]; then
        echo "$message; IOTGW_REQUIRE_ALL_TESTS=1 makes this a failure" >&2
        exit 1
    fi
    echo "$message"
    exit 0
fi
make "$@"

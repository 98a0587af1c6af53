#!/bin/sh
# Called by `mvn` (the firmware-esp32 module) with make targets: "host" to build the host firmware,
# "test" to run its unit tests.
# Without g++, make or OpenSSL's headers (the host build's TLS) this is skipped with a message,
# unless IOTGW_REQUIRE_ALL_TESTS=1 (CI).
set -eu
cd "$(dirname "$0")"
missing=""
command -v "${CXX:-g++}" >/dev/null 2>&1 || missing="g++"
command -v make >/dev/null 2>&1 || missing="$missing make"
if [ -z "$missing" ] && ! printf '#include <openssl/ssl.h>\n' | "${CXX:-g++}" -E -x c++ - >/dev/null 2>&1; then
    missing="OpenSSL headers"
fi
if [ -n "$missing" ]; then
    message="firmware host build and tests skipped: not found:$missing (install with: apt-get install g++ make libssl-dev)"
    if [ "${IOTGW_REQUIRE_ALL_TESTS:-}" = "1" ]; then
        echo "$message; IOTGW_REQUIRE_ALL_TESTS=1 makes this a failure" >&2
        exit 1
    fi
    echo "$message"
    exit 0
fi
make "$@"

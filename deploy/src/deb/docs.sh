#!/bin/sh
# Makes what the packages ship besides plain files: the changelog, compressed as Debian wants it
# (gzip -9n), and a manual page for each command, made from its own --help.
# Called by Maven (the deploy module's prepare-package): docs.sh JAVA VERSION OUTPUT-DIR
set -eu
java=$1 version=$2 out=$3
deploy=$(cd "$(dirname "$0")/../.." && pwd)
top=$(dirname "$deploy")
mkdir -p "$out"

latest=$(sed -n '1s/^[^ ]* (\([^)]*\)).*/\1/p' "$deploy/debian/changelog")
if [ "$latest" != "$version" ]; then
    echo "docs.sh: the latest entry of deploy/debian/changelog is $latest, the project is $version: add one" >&2
    exit 1
fi
gzip -9n < "$deploy/debian/changelog" > "$out/changelog.gz"

# Help text as troff in a no-fill block: backslashes and hyphens (minus signs in options) escaped,
# and lines that would start with a control character guarded.
help_of() {
    "$java" -Dpicocli.ansi=false -jar "$@" --help \
        | sed -e 's/\\/\\e/g' -e 's/-/\\-/g' -e "s/^\([.']\)/\\\\\&\1/"
}

# manpage COMMAND SUMMARY JAR DOC-DIR [SUBCOMMAND]
manpage() {
    command=$1 summary=$2 jar=$3 docs=$4 sub=${5:-}
    {
        printf '.TH %s 1 "" "%s %s" "User Commands"\n' "$(echo "$command" | tr 'a-z' 'A-Z')" "$command" "$version"
        printf '.SH NAME\n%s \\- %s\n' "$command" "$summary"
        printf '.SH SYNOPSIS\n.B %s\n.RI [ OPTIONS ]\n' "$command"
        printf '.SH DESCRIPTION\nWhat\n.B %s \\-\\-help\nsays:\n.PP\n.nf\n' "$command"
        help_of "$jar"
        printf '.fi\n'
        if [ -n "$sub" ]; then
            printf '.SH %s\n.nf\n' "$(echo "$sub" | tr 'a-z' 'A-Z')"
            help_of "$jar" "$sub"
            printf '.fi\n'
        fi
        printf '.SH "SEE ALSO"\n/usr/share/doc/%s/README.md\n' "$docs"
    } | gzip -9n > "$out/$command.1.gz"
}

manpage iot-gateway "TCP echo gateway for IoT devices, with an MQTT bridge" \
    "$top/gateway/target/iot-gateway.jar" iot-gateway bench
manpage iot-pi-client "Raspberry Pi client of iot-gateway: telemetry, a button and an LED" \
    "$top/pi-client/target/pi-client.jar" iot-pi-client

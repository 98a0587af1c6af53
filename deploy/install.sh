#!/bin/sh
# Installs iot-gateway without dpkg: the jars, their commands, the systemd units and the default
# configuration. install.sh --help says how.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
top=$(dirname "$here")
root=${DESTDIR:-}
share=/usr/local/share/iot-gateway
bin=/usr/local/bin
units=/etc/systemd/system
conf=/etc/iot-gateway

usage() {
    cat <<EOF
Usage: sudo deploy/install.sh [--uninstall | --purge | --help]
Installs the gateway and the Pi client without dpkg (where dpkg is, the .debs that
mvn package builds serve better). It puts
  the jars                                 in $share
  the commands iot-gateway, iot-pi-client  in $bin
  the units of both services               in $units (neither enabled)
  the default configuration                in $conf (one already there is kept)

  (no option)   install; build first with ./dev.sh mvn -DskipTests package
  --uninstall   remove the program, its commands and units (configuration and spool kept)
  --purge       remove everything, configuration and spool included
  -h, --help    show this help

DESTDIR=/some/root installs below another root (for packaging or a test).
EOF
}

systemd_running() { [ -z "$root" ] && [ -d /run/systemd/system ]; }

uninstall() {
    if systemd_running; then
        systemctl disable --now iot-gateway.service pi-client.service >/dev/null 2>&1 || true
    fi
    rm -f "$root$units/iot-gateway.service" "$root$units/pi-client.service" "$root$bin/iot-gateway" "$root$bin/iot-pi-client"
    rm -rf "$root$share"
    if systemd_running; then systemctl daemon-reload; fi
}

# The packages' paths, moved to where this script installs.
relocate() {
    sed -e "s#/usr/share/iot-gateway/#$share/#g" -e "s#/usr/share/iot-pi-client/#$share/#g" "$1"
}

case "${1:-install}" in
    -h|--help)
        usage
        exit 0
        ;;
    --uninstall)
        uninstall
        echo "iot-gateway removed; kept $conf and /var/lib/iot-gateway (--purge removes them)"
        exit 0
        ;;
    --purge)
        uninstall
        rm -rf "$root$conf" "$root/var/lib/iot-gateway" "$root/var/lib/private/iot-gateway"
        echo "iot-gateway and its configuration and spool removed"
        exit 0
        ;;
    install) ;;
    *)
        echo "install.sh: unknown option '$1' (see install.sh --help)" >&2
        exit 2
        ;;
esac

for jar in "$top/gateway/target/iot-gateway.jar" "$top/pi-client/target/pi-client.jar"; do
    [ -f "$jar" ] || { echo "install.sh: $jar is missing: build first (./dev.sh mvn -DskipTests package)" >&2; exit 2; }
done
install -d -m 0755 "$root$share" "$root$bin" "$root$units" "$root$conf"
install -m 0644 "$top/gateway/target/iot-gateway.jar" "$top/pi-client/target/pi-client.jar" "$root$share/"
for command in iot-gateway iot-pi-client; do
    relocate "$here/bin/$command" > "$root$bin/$command"
    chmod 0755 "$root$bin/$command"
done
for unit in iot-gateway.service pi-client.service; do
    relocate "$here/systemd/$unit" > "$root$units/$unit"
    chmod 0644 "$root$units/$unit"
done
# A configuration already there is the administrator's, its mode included; gateway.env is for secrets.
for file in gateway.yaml:0644 pi-client.env:0644 gateway.env:0600; do
    if [ ! -e "$root$conf/${file%:*}" ]; then
        install -m "${file#*:}" "$here/config/${file%:*}" "$root$conf/${file%:*}"
    fi
done
if systemd_running; then systemctl daemon-reload; fi
echo "iot-gateway installed in $share; configure $conf, then: systemctl enable --now iot-gateway"

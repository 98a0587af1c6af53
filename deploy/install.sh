#!/bin/sh
# Installs iot-gateway without dpkg: the jars, the systemd units and the default configuration.
#   sudo deploy/install.sh              install (an existing configuration is kept)
#   sudo deploy/install.sh --uninstall  remove the program and units (configuration and spool kept)
#   sudo deploy/install.sh --purge      remove everything, configuration and spool included
# DESTDIR=/some/root installs below another root (for packaging or a test). Build first with
# ./dev.sh mvn -DskipTests package.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
top=$(dirname "$here")
root=${DESTDIR:-}
share=/usr/local/share/iot-gateway
units=/etc/systemd/system
conf=/etc/iot-gateway

systemd_running() { [ -z "$root" ] && [ -d /run/systemd/system ]; }

uninstall() {
    if systemd_running; then
        systemctl disable --now iot-gateway.service pi-client.service >/dev/null 2>&1 || true
    fi
    rm -f "$root$units/iot-gateway.service" "$root$units/pi-client.service"
    rm -rf "$root$share"
    if systemd_running; then systemctl daemon-reload; fi
}

case "${1:-install}" in
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
        echo "install.sh: unknown option '$1' (use --uninstall or --purge)" >&2
        exit 2
        ;;
esac

for jar in "$top/gateway/target/iot-gateway.jar" "$top/pi-client/target/pi-client.jar"; do
    [ -f "$jar" ] || { echo "install.sh: $jar is missing: build first (./dev.sh mvn -DskipTests package)" >&2; exit 2; }
done
install -d -m 0755 "$root$share" "$root$units" "$root$conf"
install -m 0644 "$top/gateway/target/iot-gateway.jar" "$top/pi-client/target/pi-client.jar" "$root$share/"
for unit in iot-gateway.service pi-client.service; do
    sed "s#/usr/share/iot-gateway/#$share/#g" "$here/systemd/$unit" > "$root$units/$unit"
    chmod 0644 "$root$units/$unit"
done
for file in gateway.yaml pi-client.env gateway.env; do
    if [ ! -e "$root$conf/$file" ]; then
        install -m 0644 "$here/config/$file" "$root$conf/$file"
    fi
done
chmod 0600 "$root$conf/gateway.env"
if systemd_running; then systemctl daemon-reload; fi
echo "iot-gateway installed in $share; configure $conf, then: systemctl enable --now iot-gateway"

#!/usr/bin/env bash
# Installs both .debs into a throwaway copy of this machine's root (an overlay over /, in a private
# mount namespace, with no systemd running in it), runs each service's ExecStart by hand from the
# installed configuration (the gateway's until it echoes, the Pi client's in its one-shot mode
# against that gateway; the gateway's /health must answer), reinstalls the gateway to see that its configuration is left as the
# administrator set it, purges both packages and lists what is left of them. Needs root.
# Usage: roundtrip.sh GATEWAY.deb PI-CLIENT.deb PORT JDK21-HOME HTTP_PORT
set -euo pipefail
gateway_deb=$(readlink -f "$1")
pi_client_deb=$(readlink -f "$2")
port=$3
jdk21=$(readlink -f "$4")
http_port=$5
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/upper" "$work/work" "$work/root"

unshare --mount --propagation private bash -s "$gateway_deb" "$pi_client_deb" "$port" "$jdk21" "$work" "$http_port" <<'INSIDE'
set -euo pipefail
gateway_deb=$1; pi_client_deb=$2; port=$3; jdk21=$4; work=$5; http_port=$6; root=$work/root
mount -t overlay overlay -o "lowerdir=/,upperdir=$work/upper,workdir=$work/work" "$root"
mount -t proc proc "$root/proc"
mount --rbind /dev "$root/dev"
mount -t tmpfs tmpfs "$root/run"     # an empty /run: systemd is not running here
mount -t tmpfs tmpfs "$root/tmp"
cp "$gateway_deb" "$root/tmp/iot-gateway.deb"
cp "$pi_client_deb" "$root/tmp/iot-pi-client.deb"
in_root() { chroot "$root" env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin "$@"; }

# Runs a unit's ExecStart as systemd would: the environment file's lines taken literally, then
# $VARS in ExecStart expanded and split into words. Extra NAME=VALUE arguments win over the file.
# It becomes the service's process (exec), so it runs in the background or in a pipeline.
exec_start() { # UNIT ENV-FILE [NAME=VALUE…]
    local unit=$1 env_file=$2 line
    shift 2
    line=$(sed -n 's/^ExecStart=//p' "$root/usr/lib/systemd/system/$unit")
    echo "$unit: ExecStart=$line" >&2
    exec chroot "$root" env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin bash -c '
        env_file=$1 line=$2
        shift 2
        while IFS= read -r entry; do
            case "$entry" in ""|\#*) continue ;; esac
            export "${entry%%=*}=${entry#*=}"
        done < "$env_file"
        for entry in "$@"; do export "$entry"; done
        cd /
        eval "exec $line"' _ "$env_file" "$line" "$@"
}

echo "== dpkg -i iot-gateway"
in_root dpkg -i /tmp/iot-gateway.deb
in_root iot-gateway --version

echo "== the gateway's ExecStart, by hand"
exec_start iot-gateway.service /etc/iot-gateway/gateway.env IOTGW_PORT="$port" IOTGW_HTTP_PORT="$http_port" >"$work/gateway.log" 2>&1 &
gateway=$!
for _ in $(seq 150); do (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break; sleep 0.1; done
exec 3<>"/dev/tcp/127.0.0.1/$port"
printf 'HELLO deb-test\nfrom the package\n' >&3
read -r -t 10 hello <&3
read -r -t 10 line <&3
exec 3>&-
echo "echoed: $hello / $line"

echo "== dpkg -i iot-pi-client"
# Debian 12 has no Java 21 package: in this throwaway root, a package stands in for one and
# /usr/bin/java is the test's own JDK 21+, as on a system whose Java is 21 (Raspberry Pi OS trixie).
if ! in_root dpkg-query -W -f='${db:Status-Abbrev} ${Provides}\n' | grep -q '^ii .*java21-runtime-headless'; then
    mkdir -p "$work/stand-in/DEBIAN"
    printf '%s\n' 'Package: java21-runtime-stand-in' 'Version: 1' 'Architecture: all' \
        'Maintainer: iot-gateway tests <tests@localhost>' 'Provides: java21-runtime-headless' \
        'Description: stands in for a Java 21 runtime in a throwaway root' > "$work/stand-in/DEBIAN/control"
    dpkg-deb --build "$work/stand-in" "$root/tmp/stand-in.deb" >/dev/null
    in_root dpkg -i /tmp/stand-in.deb >/dev/null
    echo "(a stand-in provides java21-runtime-headless)"
fi
if ! in_root java -version 2>&1 | grep -qE 'version "(2[1-9]|[3-9][0-9])'; then
    ln -sfn "$jdk21/bin/java" "$root/usr/bin/java"
    echo "(/usr/bin/java is $jdk21/bin/java)"
fi
in_root dpkg -i /tmp/iot-pi-client.deb
in_root iot-pi-client --help >/dev/null && echo "iot-pi-client --help: exit 0"

echo "== the Pi client's ExecStart, by hand, in its one-shot mode"
exec_start pi-client.service /etc/iot-gateway/pi-client.env \
    PI_CLIENT_ARGS="--host 127.0.0.1 --port $port --message from-the-pi-client-package" 2>&1 \
    | sed 's/^/pi-client: /'

health=""
for _ in $(seq 100); do
    health=$( (exec 3<>"/dev/tcp/127.0.0.1/$http_port" && printf 'GET /health HTTP/1.0\r\n\r\n' >&3 \
        && head -n 1 <&3 | tr -d '\r') 2>/dev/null) && [ -n "$health" ] && break
    sleep 0.1
done
echo "health: $health"
kill "$gateway"
wait "$gateway" && echo "gateway exit: 0" || echo "gateway exit: $?"
sed 's/^/gateway log: /' "$work/gateway.log"

echo "== the administrator's configuration across a reinstall"
chmod 0640 "$root/etc/iot-gateway/gateway.env"
in_root dpkg -i /tmp/iot-gateway.deb >/dev/null
echo "gateway.env mode after a reinstall: $(stat -c %a "$root/etc/iot-gateway/gateway.env")"

echo "== dpkg --purge"
in_root dpkg --purge iot-pi-client iot-gateway
in_root dpkg --purge java21-runtime-stand-in >/dev/null 2>&1 || true

echo "== left behind"
for path in /usr/share/iot-gateway /usr/share/iot-pi-client /usr/share/doc/iot-gateway /usr/share/doc/iot-pi-client \
            /etc/iot-gateway /var/lib/iot-gateway /usr/bin/iot-gateway /usr/bin/iot-pi-client \
            /usr/lib/systemd/system/iot-gateway.service /usr/lib/systemd/system/pi-client.service \
            /usr/share/man/man1/iot-gateway.1.gz /usr/share/man/man1/iot-pi-client.1.gz \
            /usr/share/lintian/overrides/iot-gateway /usr/share/lintian/overrides/iot-pi-client; do
    if [ -e "$root$path" ]; then echo "LEFT: $path"; fi
done
# Whatever else the packages or their services wrote, apart from dpkg's own records
(cd "$work/upper" && find . -type f ! -path './var/lib/dpkg/*' ! -path './var/log/*' ! -path './var/cache/*' \
    | sed 's/^\./LEFT: /') || true
echo "== done"
INSIDE

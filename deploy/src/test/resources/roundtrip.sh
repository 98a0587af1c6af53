#!/usr/bin/env bash
# Installs the .deb into a throwaway copy of this machine's root (an overlay over /, in a private
# mount namespace, with no systemd running in it), runs the gateway service's ExecStart by hand
# from the installed configuration, checks that it echoes, purges the package and lists what is
# left of it. Needs root. Usage: roundtrip.sh PACKAGE.deb PORT
set -euo pipefail
deb=$(readlink -f "$1")
port=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/upper" "$work/work" "$work/root"

unshare --mount --propagation private bash -s "$deb" "$port" "$work" <<'INSIDE'
set -euo pipefail
deb=$1; port=$2; work=$3; root=$work/root
mount -t overlay overlay -o "lowerdir=/,upperdir=$work/upper,workdir=$work/work" "$root"
mount -t proc proc "$root/proc"
mount --rbind /dev "$root/dev"
mount -t tmpfs tmpfs "$root/run"     # an empty /run: systemd is not running here
mount -t tmpfs tmpfs "$root/tmp"
cp "$deb" "$root/tmp/package.deb"

echo "== dpkg -i"
chroot "$root" dpkg -i /tmp/package.deb

echo "== ExecStart, by hand"
exec_start=$(sed -n 's/^ExecStart=//p' "$root/lib/systemd/system/iot-gateway.service")
echo "ExecStart=$exec_start"
# As systemd does: the environment file's lines are taken literally, then $VARS in ExecStart
# are expanded and split into words.
chroot "$root" env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin IOTGW_PORT="$port" bash -c '
    while IFS= read -r line; do
        case "$line" in ""|\#*) continue ;; esac
        export "${line%%=*}=${line#*=}"
    done < /etc/iot-gateway/gateway.env
    cd /
    eval "exec $1"' _ "$exec_start" >"$work/gateway.log" 2>&1 &
pid=$!
for _ in $(seq 150); do (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break; sleep 0.1; done
exec 3<>"/dev/tcp/127.0.0.1/$port"
printf 'HELLO deb-test\nfrom the package\n' >&3
read -r -t 10 hello <&3
read -r -t 10 line <&3
exec 3>&-
echo "echoed: $hello / $line"
kill "$pid"
wait "$pid" && echo "gateway exit: 0" || echo "gateway exit: $?"
sed 's/^/gateway log: /' "$work/gateway.log"

echo "== dpkg --purge"
chroot "$root" dpkg --purge iot-gateway

echo "== left behind"
for path in /usr/share/iot-gateway /usr/share/doc/iot-gateway /etc/iot-gateway /var/lib/iot-gateway \
            /lib/systemd/system/iot-gateway.service /lib/systemd/system/pi-client.service; do
    if [ -e "$root$path" ]; then echo "LEFT: $path"; fi
done
# Whatever else the package or its service wrote, apart from dpkg's own records
(cd "$work/upper" && find . -type f ! -path './var/lib/dpkg/*' ! -path './var/log/*' ! -path './var/cache/*' \
    | sed 's/^\./LEFT: /') || true
echo "== done"
INSIDE

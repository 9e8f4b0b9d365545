#!/usr/bin/env bash
# Prepare this machine for the strongSwan oracle (tests/oracle/oracle.py).
# Idempotent; runs as root with no stdin (CI).  Installs the Debian packages that
# are missing (apt-get update only when apt cannot find them) and creates
# /dev/net/tun (kernel-libipsec's userspace ESP needs a TUN device).
# The oracle starts its own zebra/bgpd per namespace; the frr service the package
# may start in the root namespace is not used.
set -euo pipefail

PACKAGES=(
    strongswan-charon               # charon (/usr/lib/ipsec/charon)
    strongswan-swanctl              # swanctl and the vici plugin
    libstrongswan-standard-plugins  # gcm, openssl (ECP groups), ...
    libcharon-extra-plugins         # kernel-libipsec (userspace ESP)
    iproute2                        # ip netns, veth
    iputils-ping                    # traffic through route-based tunnels
    frr                             # zebra, bgpd, vtysh: BGP over the tunnel
)

if [ "$(id -u)" -ne 0 ]; then
    echo "oracle setup: must run as root" >&2
    exit 1
fi

missing=()
for pkg in "${PACKAGES[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed'; then
        missing+=("$pkg")
    fi
done

if [ ${#missing[@]} -gt 0 ]; then
    command -v apt-get >/dev/null || { echo "oracle setup: need ${missing[*]} and there is no apt-get" >&2; exit 1; }
    export DEBIAN_FRONTEND=noninteractive
    log=$(mktemp /tmp/oracle-setup.XXXXXX.log)
    apt_install() {
        apt-get install -y -qq --no-install-recommends \
            -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold \
            "${missing[@]}" </dev/null >>"$log" 2>&1
    }
    need_update=0
    for pkg in "${missing[@]}"; do
        candidate=$(apt-cache policy "$pkg" 2>/dev/null | awk '/Candidate:/ {print $2}')
        if [ -z "$candidate" ] || [ "$candidate" = "(none)" ]; then
            need_update=1
        fi
    done
    echo "oracle setup: installing ${missing[*]}"
    if [ $need_update -eq 1 ] || ! apt_install; then
        apt-get update -qq </dev/null >>"$log" 2>&1 || { cat "$log" >&2; exit 1; }
        apt_install || { cat "$log" >&2; exit 1; }
    fi
    rm -f "$log"
fi

if [ ! -c /dev/net/tun ]; then
    echo "oracle setup: creating /dev/net/tun"
    mkdir -p /dev/net
    mknod /dev/net/tun c 10 200
    chmod 0666 /dev/net/tun
fi

for tool in swanctl ip unshare mount ping vtysh; do
    command -v "$tool" >/dev/null || { echo "oracle setup: $tool still missing" >&2; exit 1; }
done
echo "oracle setup: ok (strongSwan $(dpkg-query -W -f='${Version}' strongswan-charon 2>/dev/null)," \
     "FRR $(dpkg-query -W -f='${Version}' frr 2>/dev/null))"

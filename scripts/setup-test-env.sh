#!/usr/bin/env bash
# Installs, starts and initialises the real daemons the test tiers use. Idempotent: a second run
# on a prepared machine only checks and returns in a few seconds.
#
#   - Debian packages: lxd, iptables (LXD needs it to create a bridge), busybox-static (the test
#     image), chromium (Playwright drives it), tor, age.
#   - LXD started without systemd, initialised by preseed: a dir pool, a NAT bridge, HTTPS on
#     127.0.0.1:8443 with a trust password for the remote tests.
#   - A small busybox image built once into ~/.cache/bcm/images and imported as bcm-test-busybox.
set -euo pipefail

LXD_HTTPS_ADDRESS="${BCM_TEST_LXD_HTTPS:-127.0.0.1:8443}"
LXD_TRUST_PASSWORD="${BCM_TEST_TRUST_PASSWORD:-bcm-test-trust}"
# LXD 5.0 cannot pick a free subnet on a machine without a default route; name one.
LXD_BRIDGE_CIDR="${BCM_TEST_BRIDGE_CIDR:-10.171.93.1/24}"
CACHE_DIR="${XDG_CACHE_HOME:-$HOME/.cache}/bcm"
IMAGE_ALIAS="bcm-test-busybox"
LOG_DIR="${BCM_TEST_LOG_DIR:-/var/log/bcm-test}"

say() { printf '[setup] %s\n' "$*"; }

need_root() {
  if [ "$(id -u)" != 0 ]; then
    say "the test daemons are installed and started as root; run npm test as root (or with sudo)"
    exit 1
  fi
}

install_packages() {
  local missing=()
  # apt runs with --no-install-recommends, so every Recommends a daemon needs at run time is named
  # here (audited with `apt-cache depends --recommends`): lxd -> dnsmasq-base (the bridge's DHCP
  # and DNS; without it `lxd init` cannot create lxdbr0); debootstrap -> debian-archive-keyring and
  # gpgv (it checks the Release signature). Not needed here: lxd's apparmor and lxd-agent (VMs),
  # tor's tor-geoipdb/torsocks/logrotate, cloud-init's cloud-guest-utils/eatmydata/sudo (only its
  # schema checker runs on the host). nftables (a Recommends of iptables) is needed: without `nft`
  # LXD falls back to its xtables driver over Debian's iptables-nft shim, which never removes a
  # deleted bridge's rules and cannot drop a network ACL's chain (the internal bridge's isolation).
  command -v lxd >/dev/null || missing+=(lxd)
  command -v dnsmasq >/dev/null || missing+=(dnsmasq-base)
  command -v iptables >/dev/null || missing+=(iptables)
  command -v nft >/dev/null || missing+=(nftables)
  [ -x /bin/busybox ] && /bin/busybox --list 2>/dev/null | grep -qx udhcpc || missing+=(busybox-static)
  command -v chromium >/dev/null || missing+=(chromium)
  # chromium depends only on fontconfig: without a font, screenshots show empty boxes
  [ -d /usr/share/fonts/truetype/dejavu ] || missing+=(fonts-dejavu-core)
  # tor: BCM's Tor and the private test network (tor-gencert, in the same package, makes its authority keys)
  { command -v tor >/dev/null && command -v tor-gencert >/dev/null; } || missing+=(tor)
  command -v age >/dev/null || missing+=(age)
  # datacenter tests (issue 3): the local Debian image, xz for .tar.xz artifacts, and cloud-init's
  # schema checker (disabled on this host first, so it never configures the machine at boot)
  command -v debootstrap >/dev/null || missing+=(debootstrap)
  [ -s /usr/share/keyrings/debian-archive-keyring.gpg ] || missing+=(debian-archive-keyring)
  command -v gpgv >/dev/null || missing+=(gpgv)
  command -v xz >/dev/null || missing+=(xz-utils)
  # issue 14: protoc, which the Nostr relay app's build (nostr-rs-relay from crates.io) compiles a .proto with
  command -v protoc >/dev/null || missing+=(protobuf-compiler)
  if ! command -v cloud-init >/dev/null; then
    need_root
    mkdir -p /etc/cloud && touch /etc/cloud/cloud-init.disabled
    missing+=(cloud-init)
  fi
  if [ "${#missing[@]}" -gt 0 ]; then
    need_root
    say "installing Debian packages: ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
}

start_lxd() {
  if lxc query /1.0 >/dev/null 2>&1; then
    # a daemon started before nftables was installed keeps its xtables driver until it restarts
    if command -v nft >/dev/null && lxc info 2>/dev/null | grep -q 'firewall: xtables'; then
      say "warning: lxd runs its xtables firewall driver; stop it (lxd shutdown), remove its iptables rules and run this again to use nftables"
    fi
    return
  fi
  need_root
  mkdir -p "$LOG_DIR"
  say "starting lxd (log: $LOG_DIR/lxd.log)"
  # from / : the daemon outlives this clone, and a deleted working directory breaks the rsync LXD
  # runs for snapshots and copies ("getcwd(): No such file or directory", seen when a clone was removed)
  # the redirections are on the subshell, not only on lxd: the forked shell that waits on the
  # background job would otherwise hold the caller's stdout/stderr open (a caller reading them, as
  # Node's execFileSync does, then waits for as long as the daemon lives)
  (cd / && setsid nohup lxd --group root --logfile "$LOG_DIR/lxd.log" &) >"$LOG_DIR/lxd.stdout" 2>&1 </dev/null
  lxd waitready --timeout 60
}

init_lxd() {
  if lxc storage show default >/dev/null 2>&1 && lxc network show lxdbr0 >/dev/null 2>&1; then
    # Re-assert the HTTPS listener and the trust password (cheap; keeps older setups in step).
    lxc config set core.https_address "$LXD_HTTPS_ADDRESS"
    lxc config set core.trust_password "$LXD_TRUST_PASSWORD"
    return
  fi
  say "initialising lxd by preseed"
  lxd init --preseed <<EOF
config:
  core.https_address: "$LXD_HTTPS_ADDRESS"
  core.trust_password: "$LXD_TRUST_PASSWORD"
networks:
- name: lxdbr0
  type: bridge
  config:
    ipv4.address: "$LXD_BRIDGE_CIDR"
    ipv4.nat: "true"
    ipv6.address: none
storage_pools:
- name: default
  driver: dir
profiles:
- name: default
  devices:
    root:
      path: /
      pool: default
      type: disk
    eth0:
      name: eth0
      network: lxdbr0
      type: nic
EOF
}

build_busybox_image() {
  local out="$CACHE_DIR/images/busybox.tar.gz"
  if [ -s "$out" ]; then
    echo "$out"
    return
  fi
  mkdir -p "$CACHE_DIR/images"
  local work
  work="$(mktemp -d)"
  local root="$work/rootfs"
  mkdir -p "$root"/{bin,sbin,usr/bin,usr/sbin,usr/share/udhcpc,etc/init.d,proc,sys,dev,tmp,root,run,var/log}
  cp /bin/busybox "$root/bin/busybox"
  for applet in $(/bin/busybox --list-full); do
    [ -e "$root/$applet" ] || ln -s /bin/busybox "$root/$applet"
  done
  cat >"$root/etc/inittab" <<'EOF'
::sysinit:/etc/init.d/rcS
::respawn:/sbin/syslogd -n -O /var/log/messages
::shutdown:/bin/umount -a -r
EOF
  cat >"$root/etc/init.d/rcS" <<'EOF'
#!/bin/sh
hostname -F /etc/hostname 2>/dev/null
ip link set lo up
udhcpc -b -i eth0 -s /usr/share/udhcpc/default.script -q -x hostname:"$(hostname)" >/dev/null 2>&1 &
EOF
  cat >"$root/usr/share/udhcpc/default.script" <<'EOF'
#!/bin/sh
case "$1" in
  deconfig) ip addr flush dev "$interface"; ip link set "$interface" up ;;
  bound|renew)
    ip addr flush dev "$interface"
    ip addr add "$ip/${mask:-24}" dev "$interface"
    [ -n "$router" ] && ip route add default via "${router%% *}" dev "$interface"
    : > /etc/resolv.conf
    for d in $dns; do echo "nameserver $d" >> /etc/resolv.conf; done ;;
esac
EOF
  chmod 755 "$root/etc/init.d/rcS" "$root/usr/share/udhcpc/default.script"
  printf 'root:x:0:0:root:/root:/bin/sh\n' >"$root/etc/passwd"
  printf 'root:x:0:\n' >"$root/etc/group"
  echo busybox >"$root/etc/hostname"
  cat >"$work/metadata.yaml" <<EOF
architecture: $(uname -m)
creation_date: $(date +%s)
properties:
  description: BCM test image (busybox $(/bin/busybox | head -1 | awk '{print $2}'))
  os: busybox
  release: static
templates:
  /etc/hostname:
    when: [create, copy]
    template: hostname.tpl
EOF
  mkdir -p "$work/templates"
  printf '{{ container.name }}\n' >"$work/templates/hostname.tpl"
  tar -C "$work" --numeric-owner -czf "$out.tmp" metadata.yaml templates rootfs
  mv "$out.tmp" "$out"
  rm -rf "$work"
  echo "$out"
}

import_image() {
  if lxc image info "$IMAGE_ALIAS" >/dev/null 2>&1; then
    return
  fi
  local tarball
  tarball="$(build_busybox_image)"
  say "importing $tarball as $IMAGE_ALIAS"
  lxc image import "$tarball" --alias "$IMAGE_ALIAS" >/dev/null
}

# Every systemd container holds inotify instances (systemd, journald, udevd, networkd, the log
# shipper's journal reader) against one per-user limit on the host, 128 by default: with a dozen
# containers udevd fails ("Too many open files") and networkd never configures eth0. LXD's
# production setup raises it; so do the tests (issue 4: datacenters with Kafka and logging).
raise_inotify_limits() {
  local key value
  for pair in fs.inotify.max_user_instances=1024 fs.inotify.max_user_watches=1048576; do
    key="${pair%%=*}" value="${pair#*=}"
    if [ "$(sysctl -n "$key" 2>/dev/null || echo 0)" -lt "$value" ]; then
      need_root
      sysctl -q -w "$pair" || say "could not raise $key (containers may fail to start their network)"
    fi
  done
}

main() {
  install_packages
  raise_inotify_limits
  start_lxd
  init_lxd
  import_image
  bash "$(dirname "$0")/build-debian-image.sh"     # bcm-debian-bookworm (cached; seconds when built)
  bash "$(dirname "$0")/build-test-artifacts.sh"   # btcd/lnd from the Go module proxy, preseed folder
  bash "$(dirname "$0")/build-jvm-image.sh"        # issue 4: bcm-debian-bookworm-jvm for Kafka (cached)
  bash "$(dirname "$0")/build-kafka-artifact.sh"   # issue 4: Kafka's jars from Maven Central (after the above: merges overrides.json)
  bash "$(dirname "$0")/build-app-artifacts.sh"    # issue 14: nostr-rs-relay from crates.io (cached; merges overrides.json)
  say "ready: lxd $(lxd --version) on $(lxc query /1.0 | grep -o '"server_version": *"[^"]*"' | head -1 | cut -d'"' -f4) https=$LXD_HTTPS_ADDRESS image=$IMAGE_ALIAS"
}

main "$@"

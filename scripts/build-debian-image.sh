#!/usr/bin/env bash
# Builds the Debian bookworm LXD image BCM's datacenter containers run on when there is no image
# server (offline installs, and the tests), and imports it as `bcm-debian-bookworm`.
#
#   debootstrap (minbase) + systemd + cloud-init (nocloud seed templates, the way LXD images
#   carry them) + what the catalog's containers need natively: tor and tinyproxy for the gateway
#   (installed but disabled: the gateway's cloud-init enables them), ca-certificates, curl, and
#   rsyslog with its Kafka output (disabled: the logging pipeline runs its own unit).
#   No docs, man pages or locales; apt lists and caches removed.
#
# The tarball is cached in ~/.cache/bcm/images/ under a key derived from this script, so editing
# the package list rebuilds it. Idempotent: with the image imported, a second run takes seconds.
#
# Usage: build-debian-image.sh [--force]     env: BCM_DEBIAN_MIRROR, BCM_IMAGE_ALIAS
set -euo pipefail

ALIAS="${BCM_IMAGE_ALIAS:-bcm-debian-bookworm}"
MIRROR="${BCM_DEBIAN_MIRROR:-http://deb.debian.org/debian}"
SUITE=bookworm
CACHE_DIR="${XDG_CACHE_HOME:-$HOME/.cache}/bcm/images"
BASE_PACKAGES="systemd-sysv,iproute2,ca-certificates,python3-cffi-backend,netbase"
# udev: systemd-networkd leaves a link "pending" until udev has seen it when /sys is writable, as it
# is in LXD containers. Its hardware database is removed below (containers have no hardware).
# rsyslog + rsyslog-kafka: the logging pipeline's shipper (journal -> Kafka), run by BCM's own unit.
EXTRA_PACKAGES="cloud-init udev systemd-resolved tor tinyproxy curl rsyslog rsyslog-kafka"
KEY="$(sha256sum "$0" | cut -c1-12)"
TARBALL="$CACHE_DIR/debian-$SUITE-$KEY.tar.gz"
LOG="$CACHE_DIR/debian-$SUITE-build.log"

say() { printf '[image] %s\n' "$*" >&2; }

imported_key() {
  lxc query "/1.0/images/aliases/$ALIAS" >/dev/null 2>&1 || return 0
  lxc image get-property "$ALIAS" bcm.build 2>/dev/null || true
}

build_rootfs() {
  local root="$1"
  say "debootstrap $SUITE (minbase) from $MIRROR"
  debootstrap --variant=minbase --include="$BASE_PACKAGES" "$SUITE" "$root" "$MIRROR" >"$LOG" 2>&1 \
    || { tail -20 "$LOG" >&2; say "debootstrap failed (log: $LOG)"; return 1; }

  # Keep documentation, man pages and locales out of everything installed from here on.
  cat >"$root/etc/dpkg/dpkg.cfg.d/01-bcm-nodoc" <<'EOF'
path-exclude=/usr/share/doc/*
path-include=/usr/share/doc/*/copyright
path-exclude=/usr/share/man/*
path-exclude=/usr/share/info/*
path-exclude=/usr/share/locale/*
path-include=/usr/share/locale/locale.alias
path-exclude=/usr/share/lintian/*
EOF
  printf '#!/bin/sh\nexit 101\n' >"$root/usr/sbin/policy-rc.d"
  chmod 755 "$root/usr/sbin/policy-rc.d"
  mount --bind /proc "$root/proc"
  say "installing $EXTRA_PACKAGES"
  # cloud-init cannot go in --include (a virtual dependency debootstrap does not resolve).
  if ! chroot "$root" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $EXTRA_PACKAGES >>"$LOG" 2>&1; then
    umount "$root/proc"
    tail -20 "$LOG" >&2
    say "apt-get install failed (log: $LOG)"
    return 1
  fi

  # The gateway's cloud-init enables these; every other container leaves them off.
  chroot "$root" systemctl disable tor.service tinyproxy.service >/dev/null 2>&1 || true
  # Debian's rsyslog would copy the journal into /var/log; BCM's log shipper is a unit of its own.
  chroot "$root" systemctl disable rsyslog.service >/dev/null 2>&1 || true
  chroot "$root" systemctl enable systemd-networkd.service systemd-resolved.service >/dev/null 2>&1
  ln -sf ../run/systemd/resolve/stub-resolv.conf "$root/etc/resolv.conf"

  # cloud-init: only the LXD seed (NoCloud), networking rendered for systemd-networkd.
  cat >"$root/etc/cloud/cloud.cfg.d/90-bcm.cfg" <<'EOF'
datasource_list: [NoCloud, None]
system_info:
  network:
    renderers: [networkd]
# No locales are installed and no SSH server runs: C.UTF-8 is built into libc, and no host keys.
locale: C.UTF-8
ssh_genkeytypes: []
ssh_deletekeys: false
EOF
  # Binary formats cannot be registered from an unprivileged container.
  ln -sf /dev/null "$root/etc/systemd/system/systemd-binfmt.service"

  echo "$SUITE" >"$root/etc/hostname"
  rm -f "$root/usr/sbin/policy-rc.d" "$root/etc/machine-id" "$root/var/lib/dbus/machine-id"
  : >"$root/etc/machine-id"
  chroot "$root" apt-get clean
  umount "$root/proc"
  rm -rf "$root"/var/lib/apt/lists/* "$root"/var/cache/apt/*.bin "$root"/var/cache/debconf/*-old \
    "$root"/var/log/*.log "$root"/var/log/apt/* "$root"/tmp/* "$root"/root/.bash_history
  # Documentation debootstrap itself installed before the exclusions were in place.
  find "$root/usr/share/doc" -mindepth 1 ! -name copyright ! -type d -delete 2>/dev/null || true
  find "$root/usr/share/doc" -mindepth 1 -type d -empty -delete 2>/dev/null || true
  rm -rf "$root"/usr/share/man/* "$root"/usr/share/info/* "$root"/usr/share/lintian/*
  rm -rf "$root"/usr/lib/udev/hwdb.d "$root"/usr/lib/udev/hwdb.bin "$root"/etc/udev/hwdb.bin
  find "$root/usr/share/locale" -mindepth 1 -maxdepth 1 ! -name locale.alias -exec rm -rf {} + 2>/dev/null || true
  find "$root" -xdev -name '__pycache__' -type d -prune -exec rm -rf {} +
}

write_metadata() {
  local work="$1"
  cat >"$work/metadata.yaml" <<EOF
architecture: $(uname -m)
creation_date: $(date +%s)
properties:
  description: Debian $SUITE (BCM local build $KEY)
  os: debian
  release: $SUITE
  variant: cloud
  bcm.build: "$KEY"
templates:
  /etc/hostname:
    when: [create, copy]
    template: hostname.tpl
  /etc/hosts:
    when: [create, copy]
    template: hosts.tpl
  /var/lib/cloud/seed/nocloud-net/meta-data:
    when: [create, copy]
    template: cloud-init-meta.tpl
  /var/lib/cloud/seed/nocloud-net/network-config:
    when: [create, copy]
    template: cloud-init-network.tpl
  /var/lib/cloud/seed/nocloud-net/user-data:
    when: [create, copy]
    template: cloud-init-user.tpl
    properties:
      default: |
        #cloud-config
        {}
  /var/lib/cloud/seed/nocloud-net/vendor-data:
    when: [create, copy]
    template: cloud-init-vendor.tpl
    properties:
      default: |
        #cloud-config
        {}
EOF
  mkdir -p "$work/templates"
  printf '{{ container.name }}\n' >"$work/templates/hostname.tpl"
  cat >"$work/templates/hosts.tpl" <<'EOF'
127.0.0.1   localhost
127.0.1.1   {{ container.name }}
::1         localhost ip6-localhost ip6-loopback
EOF
  cat >"$work/templates/cloud-init-meta.tpl" <<'EOF'
instance-id: {{ container.name }}
local-hostname: {{ container.name }}
{{ config_get("user.meta-data", "") }}
EOF
  # The same templates LXD's own images carry: cloud-init.* keys first, then the older user.* keys.
  cat >"$work/templates/cloud-init-user.tpl" <<'EOF'
{% if config_get("cloud-init.user-data", properties.default) == properties.default %}{{ config_get("user.user-data", properties.default) }}{% else %}{{ config_get("cloud-init.user-data", properties.default) }}{% endif %}
EOF
  cat >"$work/templates/cloud-init-vendor.tpl" <<'EOF'
{% if config_get("cloud-init.vendor-data", properties.default) == properties.default %}{{ config_get("user.vendor-data", properties.default) }}{% else %}{{ config_get("cloud-init.vendor-data", properties.default) }}{% endif %}
EOF
  cat >"$work/templates/cloud-init-network.tpl" <<'EOF'
{% if config_get("cloud-init.network-config", "") == "" %}{% if config_get("user.network-config", "") == "" %}version: 1
config:
  - type: physical
    name: eth0
    subnets:
      - type: dhcp
        control: auto
{% else %}{{ config_get("user.network-config", "") }}{% endif %}{% else %}{{ config_get("cloud-init.network-config", "") }}{% endif %}
EOF
}

# Unmounts whatever debootstrap or a failed step left mounted under the build folder, then removes it
# without ever crossing into a mounted file system.
cleanup() {
  [ -n "${BUILD_DIR:-}" ] && [ -d "$BUILD_DIR" ] || return 0
  local m
  for m in $(findmnt -rn -o TARGET | grep -F "$BUILD_DIR/" | sort -r); do umount -l "$m" 2>/dev/null || true; done
  rm -rf --one-file-system "$BUILD_DIR"
}

build_tarball() {
  mkdir -p "$CACHE_DIR"
  local work
  work="$(mktemp -d "$CACHE_DIR/build.XXXXXX")"
  BUILD_DIR="$work"
  trap cleanup EXIT
  local t0=$SECONDS
  build_rootfs "$work/rootfs"
  write_metadata "$work"
  say "rootfs $(du -sh "$work/rootfs" | cut -f1); packing"
  tar -C "$work" --numeric-owner --xattrs -cf - metadata.yaml templates rootfs | gzip -6 >"$TARBALL.tmp"
  mv "$TARBALL.tmp" "$TARBALL"
  # Older builds of this script are of no further use.
  find "$CACHE_DIR" -maxdepth 1 -name "debian-$SUITE-*.tar.gz" ! -name "$(basename "$TARBALL")" -delete
  say "built $TARBALL ($(du -h "$TARBALL" | cut -f1)) in $((SECONDS - t0)) s"
}

main() {
  [ "${1:-}" = "--force" ] && rm -f "$TARBALL"
  if [ "$(imported_key)" = "$KEY" ] && [ "${1:-}" != "--force" ]; then
    say "$ALIAS is up to date ($KEY)"
    return
  fi
  if [ ! -s "$TARBALL" ]; then
    command -v debootstrap >/dev/null || { say "debootstrap is needed: apt-get install debootstrap"; exit 1; }
    [ "$(id -u)" = 0 ] || { say "debootstrap needs root: run as root"; exit 1; }
    build_tarball
  fi
  local fp t0=$SECONDS
  fp="$(sha256sum "$TARBALL" | cut -d' ' -f1)"
  if ! lxc image info "$fp" >/dev/null 2>&1; then
    say "importing $TARBALL"
    lxc image import "$TARBALL" >/dev/null
  fi
  # Point the alias at this build; the build it pointed at before is of no further use.
  local old
  old="$(lxc query "/1.0/images/aliases/$ALIAS" 2>/dev/null | sed -n 's/.*"target": *"\([0-9a-f]*\)".*/\1/p' || true)"
  if [ -z "$old" ]; then
    lxc image alias create "$ALIAS" "$fp"
  elif [ "$old" != "$fp" ]; then
    lxc image alias delete "$ALIAS"
    lxc image alias create "$ALIAS" "$fp"
    lxc image delete "$old" 2>/dev/null || true
  fi
  say "$ALIAS -> ${fp:0:12} ($((SECONDS - t0)) s)"
}

main "$@"

#!/usr/bin/env bash
# Builds the JVM variant of BCM's local Debian image — `bcm-debian-bookworm` plus Debian's
# openjdk-17-jre-headless — and imports it as `bcm-debian-bookworm-jvm`. The Kafka containers of a
# datacenter on the local image start from it (src/main/datacenter/components/kafka.ts); every
# other container stays on the lean base (the JRE doubles the image: 186 -> 392 MB unpacked).
#
# Layered on the base: the base build's tarball (~/.cache/bcm/images, or exported from LXD) is
# unpacked, the JRE installed in a chroot, the same clean-up applied, and the result packed and
# cached under a key of the base build and this script. Idempotent: seconds when up to date.
#
# Usage: build-jvm-image.sh [--force]    env: BCM_IMAGE_ALIAS (the base), BCM_DEBIAN_MIRROR
set -euo pipefail

BASE_ALIAS="${BCM_IMAGE_ALIAS:-bcm-debian-bookworm}"
ALIAS="$BASE_ALIAS-jvm"
SUITE=bookworm
CACHE_DIR="${XDG_CACHE_HOME:-$HOME/.cache}/bcm/images"
PACKAGES="openjdk-17-jre-headless"
LOG="$CACHE_DIR/debian-$SUITE-jvm-build.log"

say() { printf '[jvm-image] %s\n' "$*" >&2; }

prop() { lxc image get-property "$1" "$2" 2>/dev/null || true; }

BASE_KEY="$(prop "$BASE_ALIAS" bcm.build)"
[ -n "$BASE_KEY" ] || { say "the base image $BASE_ALIAS is not imported: run scripts/build-debian-image.sh first"; exit 1; }
KEY="$BASE_KEY-$(sha256sum "$0" | cut -c1-8)"
TARBALL="$CACHE_DIR/debian-$SUITE-jvm-$KEY.tar.gz"

cleanup() {
  [ -n "${BUILD_DIR:-}" ] && [ -d "$BUILD_DIR" ] || return 0
  local m
  for m in $(findmnt -rn -o TARGET | grep -F "$BUILD_DIR/" | sort -r); do umount -l "$m" 2>/dev/null || true; done
  rm -rf --one-file-system "$BUILD_DIR"
}

base_tarball() {
  local cached="$CACHE_DIR/debian-$SUITE-$BASE_KEY.tar.gz"
  if [ -s "$cached" ]; then
    echo "$cached"
    return
  fi
  say "exporting $BASE_ALIAS from LXD (its build tarball is not cached)"
  lxc image export "$BASE_ALIAS" "$BUILD_DIR/base" >/dev/null
  ls "$BUILD_DIR"/base*
}

build_tarball() {
  mkdir -p "$CACHE_DIR"
  BUILD_DIR="$(mktemp -d "$CACHE_DIR/build-jvm.XXXXXX")"
  trap cleanup EXIT
  local t0=$SECONDS work="$BUILD_DIR" root
  root="$work/rootfs"
  say "unpacking the base build $BASE_KEY"
  tar -C "$work" --numeric-owner --xattrs -xzf "$(base_tarball)"
  printf '#!/bin/sh\nexit 101\n' >"$root/usr/sbin/policy-rc.d"
  chmod 755 "$root/usr/sbin/policy-rc.d"
  cp /etc/resolv.conf "$work/resolv.conf.host"
  mv "$root/etc/resolv.conf" "$work/resolv.conf.image"
  cp /etc/resolv.conf "$root/etc/resolv.conf"
  # the base dropped man pages; update-alternatives still links the JRE's into man1/
  mkdir -p "$root/usr/share/man/man1"
  mount --bind /proc "$root/proc"
  say "installing $PACKAGES"
  if ! { chroot "$root" apt-get update -qq && chroot "$root" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $PACKAGES; } >"$LOG" 2>&1; then
    tail -20 "$LOG" >&2
    say "apt-get failed (log: $LOG)"
    exit 1
  fi
  umount "$root/proc"
  mv "$work/resolv.conf.image" "$root/etc/resolv.conf"
  rm -f "$root/usr/sbin/policy-rc.d"
  chroot "$root" apt-get clean
  rm -rf "$root"/var/lib/apt/lists/* "$root"/var/cache/apt/*.bin "$root"/var/log/apt/* "$root"/var/log/*.log "$root"/tmp/*
  find "$root/usr/share/doc" -mindepth 1 ! -name copyright ! -type d -delete 2>/dev/null || true
  find "$root/usr/share/doc" -mindepth 1 -type d -empty -delete 2>/dev/null || true
  rm -rf "$root"/usr/share/man/*
  sed -i -e "s/^  description: .*/  description: Debian $SUITE with OpenJDK 17 JRE (BCM local build $KEY)/" \
    -e "s/^  bcm.build: .*/  bcm.build: \"$KEY\"/" -e "s/^creation_date: .*/creation_date: $(date +%s)/" "$work/metadata.yaml"
  say "rootfs $(du -sh "$root" | cut -f1); packing"
  tar -C "$work" --numeric-owner --xattrs -cf - metadata.yaml templates rootfs | gzip -6 >"$TARBALL.tmp"
  mv "$TARBALL.tmp" "$TARBALL"
  find "$CACHE_DIR" -maxdepth 1 -name "debian-$SUITE-jvm-*.tar.gz" ! -name "$(basename "$TARBALL")" -delete
  say "built $TARBALL ($(du -h "$TARBALL" | cut -f1)) in $((SECONDS - t0)) s"
}

main() {
  [ "${1:-}" = "--force" ] && rm -f "$TARBALL"
  if [ "$(prop "$ALIAS" bcm.build)" = "$KEY" ] && [ "${1:-}" != "--force" ]; then
    say "$ALIAS is up to date ($KEY)"
    return
  fi
  if [ ! -s "$TARBALL" ]; then
    [ "$(id -u)" = 0 ] || { say "building the image needs root (chroot): run as root"; exit 1; }
    build_tarball
  fi
  local fp old
  fp="$(sha256sum "$TARBALL" | cut -d' ' -f1)"
  lxc image info "$fp" >/dev/null 2>&1 || { say "importing $TARBALL"; lxc image import "$TARBALL" >/dev/null; }
  old="$(lxc query "/1.0/images/aliases/$ALIAS" 2>/dev/null | sed -n 's/.*"target": *"\([0-9a-f]*\)".*/\1/p' || true)"
  if [ -z "$old" ]; then
    lxc image alias create "$ALIAS" "$fp"
  elif [ "$old" != "$fp" ]; then
    lxc image alias delete "$ALIAS"
    lxc image alias create "$ALIAS" "$fp"
    lxc image delete "$old" 2>/dev/null || true
  fi
  say "$ALIAS -> ${fp:0:12}"
}

main "$@"

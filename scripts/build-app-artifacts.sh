#!/usr/bin/env bash
# Builds the artifacts of the apps BCM ships as manifests (issue 14) that have no downloadable
# release: nostr-rs-relay, built from crates.io with cargo, packed reproducibly into the preseed
# folder and added to overrides.json (kept beside the other scripts' entries), as the other local
# builds are. (The Relay API explorer's artifact is the npm registry's tarball, downloaded and
# verified by BCM itself.)
#
#   ~/.cache/bcm/cargo-build/nostr-rs-relay-<version>/bin/nostr-rs-relay   built once (cached)
#   ~/.cache/bcm/artifacts-preseed/nostr-rs-relay-<version>-localbuild.tar.gz
#
# Needs cargo (rustup) and protoc (Debian's protobuf-compiler, which setup-test-env.sh installs: the
# relay's build script compiles a .proto). The first build took 27 minutes here (2 shared cores);
# a second run only checks and returns in about a second.
# Without `--locked`: the crate's own lock file pins `time` 0.3.25, which newer compilers refuse
# (E0282); cargo picks the newest compatible versions instead.
set -euo pipefail

CACHE_DIR="${XDG_CACHE_HOME:-$HOME/.cache}/bcm"
PRESEED="${BCM_ARTIFACTS_PRESEED:-$CACHE_DIR/artifacts-preseed}"
RELAY_VERSION="0.8.12"
ROOT="$CACHE_DIR/cargo-build/nostr-rs-relay-$RELAY_VERSION"
FIXED_MTIME="@1767225600"

say() { printf '[app-artifacts] %s\n' "$*" >&2; }

build_relay() {
  [ -x "$ROOT/bin/nostr-rs-relay" ] && return
  command -v cargo >/dev/null || [ -x "$HOME/.cargo/bin/cargo" ] || { say "cargo is needed to build nostr-rs-relay: install Rust (rustup)"; exit 1; }
  export PATH="$HOME/.cargo/bin:$PATH"
  command -v protoc >/dev/null || { say "protoc is needed to build nostr-rs-relay: apt-get install protobuf-compiler (setup-test-env.sh does)"; exit 1; }
  say "building nostr-rs-relay $RELAY_VERSION from crates.io (about 25 minutes on 2 cores, once)"
  CARGO_TERM_PROGRESS_WHEN=never cargo install nostr-rs-relay --version "$RELAY_VERSION" \
    --root "$ROOT" --target-dir "$CACHE_DIR/cargo-build/target" --quiet
  rm -rf "$CACHE_DIR/cargo-build/target"   # 2.5 GB of intermediate files; the binary is kept in $ROOT
}

pack_relay() {
  local out="$PRESEED/nostr-rs-relay-$RELAY_VERSION-localbuild.tar.gz"
  if [ ! -s "$out" ] || [ "$ROOT/bin/nostr-rs-relay" -nt "$out" ]; then
    local stage top="nostr-rs-relay-$RELAY_VERSION"
    stage="$(mktemp -d)"
    mkdir -p "$stage/$top"
    install -m 0755 "$ROOT/bin/nostr-rs-relay" "$stage/$top/nostr-rs-relay"
    tar -C "$stage" --sort=name --mtime="$FIXED_MTIME" --owner=0 --group=0 --numeric-owner \
      --format=gnu -cf - "$top" | gzip -9n >"$out.tmp"
    mv "$out.tmp" "$out"
    rm -rf "$stage"
  fi
  printf '%s' "$out"
}

main() {
  build_relay
  mkdir -p "$PRESEED"
  local tgz sha
  tgz="$(pack_relay)"
  sha="$(sha256sum "$tgz" | cut -d' ' -f1)"
  node -e '
    const fs = require("fs");
    const [dir, name, version, sha256] = process.argv.slice(1);
    let all = {};
    try { all = JSON.parse(fs.readFileSync(`${dir}/overrides.json`, "utf8")); } catch {}
    all[name] = { version, sha256 };
    fs.writeFileSync(`${dir}/overrides.json.tmp`, JSON.stringify(all, null, 2) + "\n");
    fs.renameSync(`${dir}/overrides.json.tmp`, `${dir}/overrides.json`);
  ' "$PRESEED" nostr-rs-relay "$RELAY_VERSION-localbuild" "$sha"
  say "ready: nostr-rs-relay $RELAY_VERSION ($sha)"
}

main "$@"
